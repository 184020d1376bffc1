// The region's wall clock. Forms ask for a date and a time as people in Northern Kosovo read them
// (Europe/Belgrade, CET/CEST); the database keeps epoch ms UTC. The offset is worked out with Intl for
// the very moment, so the summer-time change needs no table of its own.

const ZONE = 'Europe/Belgrade';
const parts = new Intl.DateTimeFormat('en-GB', {
	timeZone: ZONE,
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit'
});

/** The wall-clock reading in Belgrade at `ms`, as its fields. */
function wallClock(ms: number): { y: number; mo: number; d: number; h: number; mi: number } {
	const p = Object.fromEntries(parts.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
	return { y: +p.year, mo: +p.month, d: +p.day, h: +p.hour, mi: +p.minute };
}

function offsetAt(ms: number): number {
	const w = wallClock(ms);
	return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi) - Math.floor(ms / 60_000) * 60_000;
}

/**
 * Epoch ms of a Belgrade date ('YYYY-MM-DD') and time ('HH:MM'), or null when either is not a real
 * date or time. A time skipped by the spring change reads as the same reading an hour later.
 */
export function belgradeToEpoch(date: string, time: string): number | null {
	const dm = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
	const tm = /^(\d{2}):(\d{2})$/.exec(time);
	if (!dm || !tm) return null;
	const [y, mo, d, h, mi] = [+dm[1], +dm[2], +dm[3], +tm[1], +tm[2]];
	if (y < 2000 || y > 2100 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59) return null;
	const naive = Date.UTC(y, mo - 1, d, h, mi);
	if (new Date(naive).getUTCDate() !== d) return null;
	// Two rounds: the offset at the first guess may differ from the offset at the answer near a change.
	let ms = naive - offsetAt(naive);
	ms = naive - offsetAt(ms);
	return ms;
}

/** The Belgrade date ('YYYY-MM-DD') and time ('HH:MM') of an instant, for filling a form again. */
export function epochToBelgrade(ms: number): { date: string; time: string } {
	const w = wallClock(ms);
	const two = (n: number) => String(n).padStart(2, '0');
	return { date: `${w.y}-${two(w.mo)}-${two(w.d)}`, time: `${two(w.h)}:${two(w.mi)}` };
}

/** 'YYYY-MM' of an instant in Belgrade: the month a calendar entry is listed under. */
export function belgradeMonth(ms: number): string {
	return epochToBelgrade(ms).date.slice(0, 7);
}
