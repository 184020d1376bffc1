import { getLocale } from '$lib/paraglide/runtime';
import { intlLocale } from './locales';

/** A date and time in the reader's language, in Kosovo's time zone. */
export function formatDateTime(ms: number): string {
	return new Intl.DateTimeFormat(intlLocale[getLocale()], {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone: 'Europe/Belgrade'
	}).format(new Date(ms));
}

export function formatDate(ms: number): string {
	return new Intl.DateTimeFormat(intlLocale[getLocale()], { dateStyle: 'long', timeZone: 'Europe/Belgrade' }).format(
		new Date(ms)
	);
}

/** A calendar date stored as a UTC day (cohort start and end dates): shown as that same day. */
export function formatDay(ms: number): string {
	return new Intl.DateTimeFormat(intlLocale[getLocale()], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(ms));
}
