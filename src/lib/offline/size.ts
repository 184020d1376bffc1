// How much a saved course takes, in the reader's language ("{size} KB" / "{size} MB").
import { fill } from './html';

export function sizeText(bytes: number, locale: string, texts: { sizeKB: string; sizeMB: string }): string {
	const kb = bytes / 1024;
	if (kb < 1000) return fill(texts.sizeKB, { size: new Intl.NumberFormat(locale).format(Math.max(1, Math.round(kb))) });
	const mb = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(kb / 1024);
	return fill(texts.sizeMB, { size: mb });
}

/** A date and time in the page's language; the English default when the browser lacks that locale. */
export function dateText(at: number, locale: string): string {
	try {
		return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));
	} catch {
		return new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));
	}
}
