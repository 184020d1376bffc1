// The course glossary, content/glossary.yaml: one file that trainers edit and translators follow,
// read from the content folder (not imported: it has no versions, drafts or progress) and kept in
// memory until the file changes. The Serbian Cyrillic is derived from the Latin, as for lessons.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { parse as parseYaml } from 'yaml';
import { config } from '../platform/config';
import { deriveCyrillic } from '../../i18n/script';
import { SOURCE_LOCALES, type ContentLocale } from './content/schema';

const text = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(400));
const wording = v.pipe(v.string(), v.trim(), v.minLength(2), v.maxLength(100));
const sense = v.object({ term: text, definition: text, avoid: v.optional(v.array(wording), []) });
const entrySchema = v.object({
	id: v.pipe(v.string(), v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)),
	en: sense,
	sq: sense,
	'sr-Latn': sense
});
const glossarySchema = v.object({ terms: v.pipe(v.array(entrySchema), v.maxLength(500)) });

export type GlossaryEntry = v.InferOutput<typeof entrySchema>;
export type SourceLocale = (typeof SOURCE_LOCALES)[number];

/** One term as a learner reads it: the locale's wording, with the English term beside it. */
export interface GlossaryItem {
	id: string;
	term: string;
	definition: string;
	english: string;
}

export class GlossaryError extends Error {}

export function glossaryFile(dir = config.contentDir): string {
	return join(dir, 'glossary.yaml');
}

/** Reads and checks a glossary file; a problem is thrown as a GlossaryError naming the field. */
export function readGlossary(file = glossaryFile()): GlossaryEntry[] {
	let data: unknown;
	try {
		data = parseYaml(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
	} catch (e) {
		throw new GlossaryError(`${file}: ${(e as Error).message}`);
	}
	const result = v.safeParse(glossarySchema, data);
	if (!result.success) {
		const issue = result.issues[0];
		throw new GlossaryError(`${file}: ${v.getDotPath(issue) ?? 'file'}: ${issue.message}`);
	}
	const seen = new Set<string>();
	for (const entry of result.output.terms) {
		if (seen.has(entry.id)) throw new GlossaryError(`${file}: id ${entry.id} appears twice`);
		seen.add(entry.id);
	}
	return result.output.terms;
}

let cached: { file: string; mtime: number; entries: GlossaryEntry[] } | null = null;

function entries(file: string): GlossaryEntry[] {
	let mtime: number;
	try {
		mtime = statSync(file).mtimeMs;
	} catch {
		return []; // no glossary in this content folder: the page says so
	}
	if (cached?.file !== file || cached.mtime !== mtime) {
		// A broken edit must not take the page down: the last good copy of this file stays (or none),
		// and the problem is logged; `npm run content:import` reports it too.
		let read: GlossaryEntry[];
		try {
			read = readGlossary(file);
		} catch (e) {
			if (!(e instanceof GlossaryError)) throw e;
			console.error(e.message);
			read = cached?.file === file ? cached.entries : [];
		}
		cached = { file, mtime, entries: read };
	}
	return cached.entries;
}

/** The glossary in a locale, sorted by that language's alphabet (Albanian ç, ë, dh…; Serbian č, ć, dž…). */
export function glossaryFor(locale: ContentLocale, file = glossaryFile()): GlossaryItem[] {
	const source: SourceLocale = locale === 'sr-Cyrl' ? 'sr-Latn' : locale;
	const items = entries(file).map((entry) => ({
		id: entry.id,
		term: entry[source].term,
		definition: entry[source].definition,
		english: entry.en.term
	}));
	const shown =
		locale === 'sr-Cyrl'
			? items.map((item) => ({ ...item, ...deriveCyrillic({ term: item.term, definition: item.definition }) }))
			: items;
	const collator = new Intl.Collator(locale, { sensitivity: 'base' });
	return shown.sort((a, b) => collator.compare(a.term, b.term));
}

/**
 * A wording to avoid as a pattern over running text: `*` is any word ending, `…` up to three
 * words; the first letter matches in either case (a sentence may start with it), the rest exactly,
 * so an avoided "OSHC" does not flag the preferred "OShC".
 */
export function avoidPattern(wording: string): RegExp {
	const L = "\\p{L}'’";
	const parts = wording
		.trim()
		.split(/\s+/)
		.map((word) =>
			word === '…'
				? `(?:[${L}-]+\\s+){0,3}?`
				: word
						.split('*')
						.map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
						.join(`[${L}-]*`) + '\\s+'
		);
	let body = parts.join('').replace(/\\s\+$/, '');
	const first = wording.trim()[0];
	if (first && first.toLowerCase() !== first.toUpperCase()) {
		body = `[${first.toLowerCase()}${first.toUpperCase()}]` + body.slice(1);
	}
	return new RegExp(`(?<![${L}-])${body}(?![${L}])`, 'u');
}
