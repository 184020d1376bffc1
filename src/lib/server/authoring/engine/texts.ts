// The texts themselves, whatever their kind: the limits a draft must keep, drafts laid over the
// published texts with Serbian Cyrillic following the Latin text, and a paragraph diff between versions.
import { deriveCyrillic } from '../../../i18n/script';
import { diffArrays } from 'diff';
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

/**
 * One paragraph of a diff: added, removed or unchanged context; or, where `skipped` is above 0, that
 * many unchanged paragraphs left out between the changes (`text` is then empty).
 */
export interface DiffPart {
	added: boolean;
	removed: boolean;
	text: string;
	skipped: number;
}

/** Unchanged paragraphs shown on each side of a change. */
export const DIFF_CONTEXT = 1;
/**
 * Beyond this many paragraph edits the diff gives up and shows the whole old text out and the whole
 * new text in: the comparison's cost grows with the square of the edits, and a trainer gains
 * nothing from a thousand hunks.
 */
export const MAX_DIFF_EDITS = 2000;

/** A text's paragraphs: blocks between blank lines, each without its trailing spaces. */
export function paragraphs(text: string): string[] {
	return text
		.replace(/\r\n?/g, '\n')
		.split(/\n[ \t]*\n/)
		.map((p) => p.replace(/^\n+|\s+$/g, ''))
		.filter((p) => p !== '');
}

/**
 * The paragraphs that changed between two texts, each with `context` unchanged paragraphs before and
 * after it, and a count of the unchanged paragraphs left out in between, as the version history
 * shows them. Two equal texts give no parts at all.
 */
export function paragraphDiff(before: string, after: string, context = DIFF_CONTEXT): DiffPart[] {
	const a = paragraphs(before);
	const b = paragraphs(after);
	const changes = diffArrays(a, b, { maxEditLength: MAX_DIFF_EDITS }) ?? [
		{ value: a, removed: true, added: false, count: a.length },
		{ value: b, removed: false, added: true, count: b.length }
	];
	const parts: DiffPart[] = changes.flatMap((c) =>
		c.value.map((text) => ({ added: Boolean(c.added), removed: Boolean(c.removed), text, skipped: 0 }))
	);
	const changed = parts.map((p) => p.added || p.removed);
	if (!changed.includes(true)) return [];
	// Keep a paragraph when a change lies within `context` places of it; count the others.
	const keep = parts.map((_, i) => changed.slice(Math.max(0, i - context), i + context + 1).some(Boolean));
	const out: DiffPart[] = [];
	let gap = 0;
	for (const [i, part] of parts.entries()) {
		if (keep[i]) {
			if (gap > 0) out.push({ added: false, removed: false, text: '', skipped: gap });
			gap = 0;
			out.push(part);
		} else gap++;
	}
	if (gap > 0) out.push({ added: false, removed: false, text: '', skipped: gap });
	return out;
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
