// Whole calendar quarters (issue 19): the demographic tables (gender, age band, community) are
// counted over the quarters that cover the report's period, in Kosovo's calendar, so that two reports
// a day apart cannot be subtracted to isolate one person's answers.
import { belgradeDate, belgradeToEpoch } from '../platform/region-time';

export interface Quarters {
	/** Epoch ms: the start of the first day of `from`'s quarter in Kosovo; null = since the beginning. */
	from: number | null;
	/** Epoch ms, exclusive: the start of the first day after the last quarter; null = until now. */
	until: number | null;
	/** The same, as Kosovo calendar days 'YYYY-MM-DD', both included. */
	period: { from: string | null; to: string | null };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The first day ('YYYY-MM-DD') of the quarter of a Kosovo calendar day, `after` quarters later. */
function quarterStart(day: string, after = 0): string {
	const [y, mo] = day.split('-').map(Number);
	const index = y * 4 + Math.floor((mo - 1) / 3) + after;
	return `${Math.floor(index / 4)}-${pad((index % 4) * 3 + 1)}-01`;
}

/** The day before a 'YYYY-MM-DD' day (pure calendar arithmetic, no time zone involved). */
function dayBefore(day: string): string {
	const [y, mo, d] = day.split('-').map(Number);
	return new Date(Date.UTC(y, mo - 1, d) - 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/**
 * The whole quarters covering [from, until) (epoch ms, `until` exclusive, as in a Scope): `from` moves
 * back to the first day of its quarter, `until` on to the first day after its quarter; an open end
 * stays open.
 */
export function wholeQuarters(from: number | null, until: number | null): Quarters {
	const firstDay = from === null ? null : quarterStart(belgradeDate(from));
	// The last day counted is the day of the last millisecond before `until`.
	const nextStart = until === null ? null : quarterStart(belgradeDate(until - 1), 1);
	return {
		from: firstDay === null ? null : belgradeToEpoch(firstDay, '00:00'),
		until: nextStart === null ? null : belgradeToEpoch(nextStart, '00:00'),
		period: { from: firstDay, to: nextStart === null ? null : dayBefore(nextStart) }
	};
}
