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
	/** On the last part only: that many more changed paragraphs not shown (the output is bounded). */
	more?: number;
	/** The only part when the texts are too large or too different to compare: their paragraph counts. */
	summary?: { before: number; after: number };
}

/** Unchanged paragraphs shown on each side of a change. */
export const DIFF_CONTEXT = 1;
/**
 * Beyond this many paragraph edits the diff gives up and shows only a summary (the paragraph counts):
 * the comparison's cost grows with the square of the edits, and a trainer gains nothing from a
 * thousand hunks.
 */
export const MAX_DIFF_EDITS = 2000;
/** Texts with more paragraphs than this are not compared at all (a summary is shown). */
export const MAX_DIFF_PARAGRAPHS = 5000;
/** At most this many changed paragraphs are shown; the rest are counted. */
export const MAX_DIFF_SHOWN = 200;
/** At most this many characters of paragraph text are shown (a longer paragraph is cut, with "…"). */
export const MAX_DIFF_SHOWN_CHARS = 20_000;

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
	const summary = (): DiffPart[] => [
		{ added: false, removed: false, text: '', skipped: 0, summary: { before: a.length, after: b.length } }
	];
	if (a.length > MAX_DIFF_PARAGRAPHS || b.length > MAX_DIFF_PARAGRAPHS) return summary();
	const changes = diffArrays(a, b, { maxEditLength: MAX_DIFF_EDITS });
	if (!changes) return summary();
	const parts: DiffPart[] = changes.flatMap((c) =>
		c.value.map((text) => ({ added: Boolean(c.added), removed: Boolean(c.removed), text, skipped: 0 }))
	);
	const changed = parts.map((p) => p.added || p.removed);
	if (!changed.includes(true)) return [];
	// Keep a paragraph when a change lies within `context` places of it; count the others.
	const keep = parts.map((_, i) => changed.slice(Math.max(0, i - context), i + context + 1).some(Boolean));
	const out: DiffPart[] = [];
	let gap = 0;
	let shown = 0;
	let chars = 0;
	for (const [i, part] of parts.entries()) {
		if (!keep[i]) {
			gap++;
			continue;
		}
		// The output is bounded: past the budget, the changes left are counted, not shown.
		if (shown >= MAX_DIFF_SHOWN || chars >= MAX_DIFF_SHOWN_CHARS) {
			const more = changed.slice(i).filter(Boolean).length;
			if (more > 0) out.push({ added: false, removed: false, text: '', skipped: 0, more });
			return out;
		}
		if (gap > 0) out.push({ added: false, removed: false, text: '', skipped: gap });
		gap = 0;
		const room = MAX_DIFF_SHOWN_CHARS - chars;
		const text = part.text.length > room ? `${part.text.slice(0, room)}…` : part.text;
		chars += text.length;
		if (changed[i]) shown++;
		out.push({ ...part, text });
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
