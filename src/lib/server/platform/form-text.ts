// Small helpers for reading untrusted text from forms.
import { fold } from '../../i18n/script';

/** Trims, normalises to NFC and drops control characters (keeping tab and newline). */
export function cleanText(value: unknown): string {
	if (typeof value !== 'string') return '';
	return (
		value
			.normalize('NFC')
			// C0 and C1 controls (but tab and newline) and the bidirectional overrides that can make text
			// read differently from what it is.
			.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, '')
			.replace(/\r\n?/g, '\n')
			.trim()
	);
}

/** Lower-cases and trims an e-mail address. */
export function normaliseEmail(value: unknown): string {
	return cleanText(value).toLowerCase();
}

// Deliberately simple: one @, something before it, a dot in the domain, no spaces. Deliverability is
// proven by use, not by a regular expression.
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

export function isEmail(value: string): boolean {
	return value.length <= 254 && EMAIL.test(value);
}

export function isHttpUrl(value: string): boolean {
	if (value.length > 500 || /\s/.test(value)) return false;
	try {
		const url = new URL(value);
		return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
	} catch {
		return false;
	}
}

/** A URL-safe slug from a name (Latin and Cyrillic letters folded to ASCII). */
export function slugify(value: string): string {
	return (
		fold(value)
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 60) || 'item'
	);
}

// '<' then a letter, '/', '!' or '?': the start of an HTML tag, end tag, comment, doctype or
// processing instruction. A '<' followed by anything else ("3 < 5", "<3", "<-") is plain text.
const MARKUP = /<[A-Za-z/!?]/;

/**
 * Whether text looks like it carries HTML or a script (a tag, an end tag, a comment). Free-text
 * fields refuse such text with the message code 'volp_err_markup' ("Please write plain text, without
 * < > tags."), keeping what was typed; nothing is ever rendered as HTML from user text anyway.
 */
export function hasMarkup(text: string): boolean {
	return MARKUP.test(text);
}

/** The one message code for text refused by hasMarkup, on every form. */
export const MARKUP_ERROR = 'volp_err_markup';
