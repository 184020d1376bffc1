// How much a saved course takes, in the reader's language ("{size} KB" / "{size} MB").
import { fill } from './html';

export function sizeText(bytes: number, locale: string, texts: { sizeKB: string; sizeMB: string }): string {
	const kb = bytes / 1024;
	if (kb < 1000) return fill(texts.sizeKB, { size: new Intl.NumberFormat(locale).format(Math.max(1, Math.round(kb))) });
	const mb = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(kb / 1024);
	return fill(texts.sizeMB, { size: mb });
}

/**
 * A date and time in the page's language, as the server writes them (i18n/format.ts): British English,
 * a 24-hour clock in every language (what Kosovo reads) and Kosovo's time; the English default when
 * the browser lacks the locale.
 */
const DATE_OPTIONS: Intl.DateTimeFormatOptions = {
	dateStyle: 'medium',
	timeStyle: 'short',
	hourCycle: 'h23',
	timeZone: 'Europe/Belgrade'
};

export function dateText(at: number, locale: string): string {
	try {
		return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, DATE_OPTIONS).format(new Date(at));
	} catch {
		return new Intl.DateTimeFormat('en-GB', DATE_OPTIONS).format(new Date(at));
	}
}
