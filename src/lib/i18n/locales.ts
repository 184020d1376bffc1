import { locales, type Locale } from '$lib/paraglide/runtime';
import { deLocalizeHref, localizeHref } from '$lib/i18n/href';

/** Each locale's name in its own language, for the language switch. */
export const localeNames: Record<Locale, string> = {
	en: 'English',
	sq: 'Shqip',
	'sr-Latn': 'Srpski (latinica)',
	'sr-Cyrl': 'Српски (ћирилица)'
};

/** BCP 47 tags for Intl date formatting. */
export const intlLocale: Record<Locale, string> = {
	en: 'en-GB',
	sq: 'sq',
	'sr-Latn': 'sr-Latn',
	'sr-Cyrl': 'sr-Cyrl'
};

/** The same page in another language. */
export function switchLocaleHref(url: URL, locale: Locale): string {
	return localizeHref(deLocalizeHref(url.pathname + url.search), { locale });
}

export { locales };
