import { getLocale } from '$lib/paraglide/runtime';
import { intlLocale } from './locales';

// Making an Intl.DateTimeFormat is costly (ICU loads locale data, in native memory): the dashboard
// formats thousands of dates per page, so each formatter is made once per locale and kind.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: 'dateTime' | 'date' | 'day'): Intl.DateTimeFormat {
	const locale = intlLocale[getLocale()];
	const key = `${kind}:${locale}`;
	let found = formatters.get(key);
	if (!found) {
		const options: Intl.DateTimeFormatOptions =
			kind === 'dateTime'
				? // A 24-hour clock in every language: it is what Kosovo reads (Albanian's default would be
					// "5:00 m.d.", whose own period also doubles before a sentence's full stop).
					{ dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23', timeZone: 'Europe/Belgrade' }
				: { dateStyle: 'long', timeZone: kind === 'date' ? 'Europe/Belgrade' : 'UTC' };
		found = new Intl.DateTimeFormat(locale, options);
		formatters.set(key, found);
	}
	return found;
}

/** A date and time in the reader's language, in Kosovo's time zone. */
export function formatDateTime(ms: number): string {
	return formatter('dateTime').format(new Date(ms));
}

export function formatDate(ms: number): string {
	return formatter('date').format(new Date(ms));
}

/** A calendar date stored as a UTC day (cohort start and end dates): shown as that same day. */
export function formatDay(ms: number): string {
	return formatter('day').format(new Date(ms));
}

/** A shift's or event's start and end in the reader's language, in Kosovo's time zone, on a 24-hour
 *  clock: "20 Dec 2026, 17:00–20:00"; the date is repeated only when the end falls on another day. */
export function formatShift(startsAt: number, endsAt: number): string {
	if (!(endsAt > startsAt)) return formatDateTime(startsAt);
	return formatter('dateTime').formatRange(new Date(startsAt), new Date(endsAt));
}

const numbers = new Map<string, Intl.NumberFormat>();

/** A number of hours as the reader writes it: "2,5" in Albanian and Serbian, "2.5" in English. Takes
 *  the stored, language-neutral text ("2.5") of a notice's parameter; anything else is left as is. */
export function formatHours(value: number | string): string {
	const n = typeof value === 'number' ? value : /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
	if (!Number.isFinite(n)) return String(value);
	const locale = intlLocale[getLocale()];
	let found = numbers.get(locale);
	if (!found) numbers.set(locale, (found = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })));
	return found.format(n);
}
