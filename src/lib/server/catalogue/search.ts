// Search within a course: the published lessons, by title and text, in the reader's language (English
// where a lesson has no translation yet), compared as the script module folds text: case, script
// (Cyrillic read as Latin) and diacritics do not matter, so "ceshtje" finds "çështje", "zvecan" and
// "ЗВЕЧАН" find "Zvečan", and an sr-Cyrl reader finds Cyrillic lessons typing Latin.
//
// A published version's text never changes (a change is a new version), so a course's searchable
// text is built once per course and locale and kept in the one cache helper. Its key is the list of
// version ids the course publishes now: publishing a lesson changes that list (the course structure is
// refreshed by the content generation counter), and the stale index is rebuilt on the next search.
//
// Results are plain text split into parts, marked where they match: the page prints them as text
// (Svelte escapes them), so a lesson's HTML or a query's angle brackets never become markup.
import type { DB } from '../db/client';
import type { CourseInfo } from './courses';
import { perDatabase } from '../platform/cache';
import { fold, textFor } from '../../i18n/script';

export const QUERY_MIN = 2;
export const QUERY_MAX = 100;
export const RESULTS_MAX = 50;
/** More words than this add nothing but work: the rest are ignored. */
const WORDS_MAX = 8;
const SNIPPET_BEFORE = 60;
const SNIPPET_AFTER = 140;

export type QueryCheck =
	{ ok: true; query: string; words: string[] } | { ok: false; reason: 'empty' | 'short' | 'long'; query: string };

/** A query as typed: trimmed, 2–100 characters, folded into its distinct words. */
export function parseQuery(raw: unknown): QueryCheck {
	const query = typeof raw === 'string' ? raw.replace(/\s+/g, ' ').trim() : '';
	if (query.length > QUERY_MAX) return { ok: false, reason: 'long', query: query.slice(0, QUERY_MAX) };
	const folded = fold(query);
	if (!folded) return { ok: false, reason: 'empty', query };
	if (folded.replace(/ /g, '').length < QUERY_MIN) return { ok: false, reason: 'short', query };
	const words = [...new Set(folded.split(' ').filter(Boolean))].slice(0, WORDS_MAX);
	return { ok: true, query, words };
}

export interface Part {
	text: string;
	match: boolean;
}

export interface SearchHit {
	lessonId: number;
	lessonSlug: string;
	moduleSlug: string;
	moduleTitle: string;
	title: Part[];
	snippet: Part[];
}

interface IndexedLesson {
	versionId: number;
	title: string;
	foldedTitle: string;
	text: string;
	foldedText: string;
}

interface CourseIndex {
	versions: string;
	lessons: Map<number, IndexedLesson>;
}

// About two characters per stored character (the text and its folded copy); a few hundred thousand
// characters per large course. The bound keeps the cache near 8 MB of text.
const indexes = perDatabase<string, CourseIndex>({
	max: 200,
	maxSize: 4_000_000,
	sizeOf: (index) => {
		let size = 0;
		for (const l of index.lessons.values()) size += l.text.length + l.title.length;
		return size;
	}
});

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Rendered lesson HTML as the plain text a reader sees: tags gone, entities read, spaces collapsed. */
export function htmlToText(html: string): string {
	return html
		.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<!--[\s\S]*?-->/g, ' ')
		.replace(
			/<\/?(p|div|h[1-6]|li|ul|ol|tr|td|th|table|thead|tbody|blockquote|pre|br|hr|figure|figcaption|section)\b[^>]*>/gi,
			' '
		)
		.replace(/<[^>]*>/g, '')
		.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
			if (name[0] === '#') {
				const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
				return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
			}
			return ENTITIES[name.toLowerCase()] ?? whole;
		})
		.replace(/\s+/g, ' ')
		.trim();
}

const foldedChars = new Map<string, string>();

/** One character as `fold` compares it (white space as one space, which `fold` would trim). */
function foldChar(c: string): string {
	let f = foldedChars.get(c);
	if (f === undefined) {
		f = /\s/.test(c) ? ' ' : fold(c);
		if (foldedChars.size < 5000) foldedChars.set(c, f);
	}
	return f;
}

/** The folded text and, for each of its characters, where it came from in the text. */
export function foldWithMap(text: string): { folded: string; map: number[] } {
	let folded = '';
	const map: number[] = [];
	let at = 0;
	for (const c of text) {
		const f = foldChar(c);
		for (let i = 0; i < f.length; i++) map.push(at);
		folded += f;
		at += c.length;
	}
	map.push(text.length);
	return { folded, map };
}

async function courseIndex(db: DB, course: CourseInfo, locale: string): Promise<CourseIndex> {
	const versionIds = course.modules.flatMap((mod) => mod.lessons.map((l) => l.versionId));
	const versions = versionIds.join(',');
	const cache = indexes(db);
	const key = `${course.id}:${locale}`;
	const cached = cache.get(key);
	if (cached && cached.versions === versions) return cached;
	const rows =
		versionIds.length === 0
			? []
			: await db
					.selectFrom('lesson_texts')
					.select(['version_id', 'locale', 'title', 'body_html'])
					.where('version_id', 'in', versionIds)
					.where('locale', 'in', [locale, 'en'])
					.execute();
	const byVersion = new Map<number, typeof rows>();
	for (const row of rows) {
		const list = byVersion.get(row.version_id);
		if (list) list.push(row);
		else byVersion.set(row.version_id, [row]);
	}
	const lessons = new Map<number, IndexedLesson>();
	for (const versionId of versionIds) {
		const chosen = textFor(locale, byVersion.get(versionId) ?? []);
		if (!chosen) continue;
		const text = htmlToText(chosen.text.body_html);
		lessons.set(versionId, {
			versionId,
			title: chosen.text.title,
			foldedTitle: foldWithMap(chosen.text.title).folded,
			text,
			foldedText: foldWithMap(text).folded
		});
	}
	const index = { versions, lessons };
	cache.set(key, index);
	return index;
}

function occurrences(folded: string, words: string[]): [number, number][] {
	const found: [number, number][] = [];
	for (const word of words) {
		let from = folded.indexOf(word);
		while (from >= 0) {
			found.push([from, from + word.length]);
			from = folded.indexOf(word, from + word.length);
		}
	}
	found.sort((a, b) => a[0] - b[0]);
	const merged: [number, number][] = [];
	for (const [start, end] of found) {
		const last = merged[merged.length - 1];
		if (last && start <= last[1]) last[1] = Math.max(last[1], end);
		else merged.push([start, end]);
	}
	return merged;
}

/** `text[from, to)` split into parts, marked where a word matches. */
function highlight(text: string, from: number, to: number, words: string[]): Part[] {
	const slice = text.slice(from, to);
	const { folded, map } = foldWithMap(slice);
	const parts: Part[] = [];
	let at = 0;
	for (const [start, end] of occurrences(folded, words)) {
		const oStart = map[start];
		const oEnd = map[end];
		if (oStart > at) parts.push({ text: slice.slice(at, oStart), match: false });
		if (oEnd > oStart) parts.push({ text: slice.slice(oStart, oEnd), match: true });
		at = Math.max(at, oEnd);
	}
	if (at < slice.length) parts.push({ text: slice.slice(at), match: false });
	return parts;
}

/** A short stretch of the text around its first match (or its opening), matches marked. */
function snippet(lesson: IndexedLesson, words: string[]): Part[] {
	const { text, foldedText } = lesson;
	const first = Math.min(...words.map((w) => foldedText.indexOf(w)).filter((i) => i >= 0));
	// Folded and original positions differ only where a letter folds to two (đ → dj) or none: a
	// window found in the folded text is measured again in the original through the map.
	const { map } = Number.isFinite(first) ? foldWithMap(text) : { map: [] as number[] };
	const centre = Number.isFinite(first) ? map[first] : 0;
	let from = Math.max(0, centre - SNIPPET_BEFORE);
	let to = Math.min(text.length, centre + SNIPPET_AFTER);
	if (from > 0) {
		const space = text.indexOf(' ', from);
		if (space >= 0 && space < centre) from = space + 1;
	}
	if (to < text.length) {
		const space = text.lastIndexOf(' ', to);
		if (space > centre) to = space;
	}
	const parts = highlight(text, from, to, words);
	if (from > 0) parts.unshift({ text: '… ', match: false });
	if (to < text.length) parts.push({ text: ' …', match: false });
	return parts;
}

/**
 * The course's published lessons that hold every word of the query, in the title or the text:
 * those with every word in the title first, then by how often the words occur, then in course order;
 * at most RESULTS_MAX.
 */
export async function searchCourse(db: DB, course: CourseInfo, locale: string, words: string[]): Promise<SearchHit[]> {
	if (words.length === 0) return [];
	const index = await courseIndex(db, course, locale);
	const scored: { hit: () => SearchHit; score: number; order: number }[] = [];
	let order = 0;
	for (const mod of course.modules) {
		for (const info of mod.lessons) {
			order++;
			const lesson = index.lessons.get(info.versionId);
			if (!lesson) continue;
			const inTitle = words.filter((w) => lesson.foldedTitle.includes(w)).length;
			const inText = words.filter((w) => lesson.foldedText.includes(w));
			if (words.some((w) => !lesson.foldedTitle.includes(w) && !lesson.foldedText.includes(w))) continue;
			const count = Math.min(50, occurrences(lesson.foldedText, inText).length);
			scored.push({
				score: (inTitle === words.length ? 1000 : inTitle * 100) + count,
				order,
				hit: () => ({
					lessonId: info.id,
					lessonSlug: info.slug,
					moduleSlug: mod.slug,
					moduleTitle: mod.title,
					title: highlight(lesson.title, 0, lesson.title.length, words),
					snippet: snippet(lesson, words)
				})
			});
		}
	}
	scored.sort((a, b) => b.score - a.score || a.order - b.order);
	// Snippets are cut only for the hits shown.
	return scored.slice(0, RESULTS_MAX).map((s) => s.hit());
}
