// The region's wall clock: Europe/Belgrade (CET/CEST), whatever the server's own time zone. Forms ask
// for dates and times as people in Northern Kosovo read them; the database keeps epoch ms (UTC). The
// one module for that conversion (calls, calendar entries, hours, the network view). No imports: the
// demo data, run by the start-up CLI, uses it too.
export const REGION_TIME_ZONE = 'Europe/Belgrade';
const TIME_ZONE = REGION_TIME_ZONE;
const parts = new Intl.DateTimeFormat('en-GB', {
	timeZone: TIME_ZONE,
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit'
});

/** The wall clock of Europe/Belgrade at an instant, as 'YYYY-MM-DD' and 'HH:MM'. */
export function belgradeWallClock(ms: number): { date: string; time: string } {
	const p = Object.fromEntries(parts.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
	return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** How far Belgrade's clock is ahead of UTC at an instant, in ms (CET 1 h, CEST 2 h), to the minute. */
export function belgradeOffset(ms: number): number {
	const { date, time } = belgradeWallClock(ms);
	const [y, mo, d] = date.split('-').map(Number);
	const [h, mi] = time.split(':').map(Number);
	return Date.UTC(y, mo - 1, d, h, mi) - Math.floor(ms / 60000) * 60000;
}

/**
 * A date ('YYYY-MM-DD') and time ('HH:MM') typed in a form, read as Europe/Belgrade local time (the
 * region's time zone, CET/CEST, whatever the server's), as epoch ms; null when not a real date and
 * time. The offset is found by asking Intl what Belgrade's clock shows near that instant, twice, so
 * that a time next to a daylight-saving change uses the offset of its own side.
 */
export function belgradeToEpoch(date: string, time: string): number | null {
	const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
	const t = /^(\d{2}):(\d{2})$/.exec(time);
	if (!d || !t) return null;
	const [y, mo, day, h, mi] = [d[1], d[2], d[3], t[1], t[2]].map(Number);
	if (mo < 1 || mo > 12 || day < 1 || day > 31 || h > 23 || mi > 59) return null;
	const wall = Date.UTC(y, mo - 1, day, h, mi);
	if (new Date(wall).getUTCDate() !== day) return null;
	let at = wall - belgradeOffset(wall);
	const second = belgradeOffset(at);
	if (wall - second !== at) at = wall - second;
	return at;
}

/** Another name for belgradeWallClock: the date and time to fill a form with again. */
export const epochToBelgrade = belgradeWallClock;

/** 'YYYY-MM' of an instant in Belgrade: the month a calendar entry or an hour of work belongs to. */
export function belgradeMonth(ms: number): string {
	return belgradeWallClock(ms).date.slice(0, 7);
}

/** The Belgrade date ('YYYY-MM-DD') of an instant: "today" for a form that refuses future days. */
export function belgradeDate(ms: number): string {
	return belgradeWallClock(ms).date;
}
