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
				? { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Belgrade' }
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
