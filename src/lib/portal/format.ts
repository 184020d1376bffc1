// Dates of the portal in the reader's language.
import { getLocale } from '$lib/paraglide/runtime';
import { intlLocale } from '$lib/i18n/locales';

const months = new Map<string, Intl.DateTimeFormat>();

/** 'YYYY-MM' as the month's name and year ("December 2026", "dhjetor 2026"). */
export function monthLabel(month: string): string {
	const locale = intlLocale[getLocale()];
	let f = months.get(locale);
	if (!f)
		months.set(locale, (f = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' })));
	const [y, mo] = month.split('-').map(Number);
	return f.format(new Date(Date.UTC(y, mo - 1, 15)));
}

/** Open Graph locale tags (language_TERRITORY), for link previews. */
export const ogLocale: Record<string, string> = { en: 'en_GB', sq: 'sq_AL', 'sr-Latn': 'sr_RS', 'sr-Cyrl': 'sr_RS' };
