// The texts themselves, whatever their kind: the limits a draft must keep, drafts laid over the
// published texts with Serbian Cyrillic following the Latin text, and a line diff between versions.
import { deriveCyrillic } from '../../../i18n/script';
import { diffLines } from 'diff';
import { renderMarkdown } from '../../catalogue/markdown';

/** The largest Markdown text accepted from the editor, in bytes. */
export const MAX_BODY_BYTES = 200 * 1024;

export type SaveResult =
	| { ok: true; revision: number }
	| { ok: false; reason: 'conflict'; revision: number }
	| { ok: false; reason: 'too_large' | 'title_required' | 'too_complex' };

/**
 * Why a draft cannot be saved, checked before anything is written: no title, too large, or Markdown
 * that cannot be rendered in time (refused now, not when it is published). Null when it can.
 */
export async function refuseDraft(
	title: string,
	body: string
): Promise<'too_large' | 'title_required' | 'too_complex' | null> {
	if (!title) return 'title_required';
	if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) return 'too_large';
	if (!(await renderMarkdown(body, { assetBase: '' })).ok) return 'too_complex';
	return null;
}

export type PublishResult =
	| { ok: true; versionId: number; number: number }
	| { ok: false; reason: 'conflict' | 'nothing' | 'not_found' | 'too_complex' };

export interface DiffPart {
	added: boolean;
	removed: boolean;
	text: string;
}

/** A line diff, as the version history shows it. */
export function lineDiff(before: string, after: string): DiffPart[] {
	return diffLines(before, after).map((part) => ({
		added: Boolean(part.added),
		removed: Boolean(part.removed),
		text: part.value
	}));
}

/**
 * The texts per locale that publishing would make: the drafts laid over the published texts.
 * Serbian Cyrillic follows the Latin text (transliterated) when the Latin text was drafted and
 * nobody drafted the Cyrillic by hand; `followLatin` makes it follow whatever the Latin text is.
 */
export function overlayDrafts<T>(
	published: ReadonlyMap<string, T>,
	drafts: ReadonlyMap<string, T>,
	followLatin = false
): Map<string, T> {
	const texts = new Map(published);
	for (const [locale, text] of drafts) texts.set(locale, text);
	const latin = texts.get('sr-Latn');
	if (latin !== undefined && !drafts.has('sr-Cyrl') && (drafts.has('sr-Latn') || followLatin))
		texts.set('sr-Cyrl', deriveCyrillic(latin));
	return texts;
}
