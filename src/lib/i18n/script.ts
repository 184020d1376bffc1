// Serbian script in one place: Latin ↔ Cyrillic, folding for comparison, deriving the Cyrillic
// texts from the Latin ones, and choosing a locale's text.
//
// The rules:
// - Display. Serbian Latin and Cyrillic map letter for letter, except lj, nj and dž, which are one
//   Cyrillic letter each (љ њ џ); đ is ђ. `toCyrillic` and `toLatin` are inverses for Serbian text.
// - Comparison (`fold`): lower case, Cyrillic read as Latin, diacritics dropped, and đ (ђ) written
//   dj, as Serbian is typed without a Serbian keyboard: "Đurđa", "Djurdja", "ЂУРЂА" fold to
//   "djurdja". Search, organisation-name uniqueness, slugs and graded free-text answers all fold so.
// - Cyrillic is never written by hand unless someone wants to: sr-Cyrl texts are derived from the
//   sr-Latn ones with `deriveCyrillic`, which leaves code, URLs, placeholders and Markdown syntax be,
//   and what is not Serbian text (issue 17): web and e-mail addresses, hashtags, @handles, words
//   with a digit (2FA), glosses "(engl. outputs)", text marked `[outputs]{lang=en}`, brand names.
import { brands, caseEndings, keepLatin, splitDigraphs } from './script-words';

const single: Record<string, string> = {
	a: 'а',
	b: 'б',
	c: 'ц',
	č: 'ч',
	ć: 'ћ',
	d: 'д',
	đ: 'ђ',
	e: 'е',
	f: 'ф',
	g: 'г',
	h: 'х',
	i: 'и',
	j: 'ј',
	k: 'к',
	l: 'л',
	m: 'м',
	n: 'н',
	o: 'о',
	p: 'п',
	r: 'р',
	s: 'с',
	š: 'ш',
	t: 'т',
	u: 'у',
	v: 'в',
	z: 'з',
	ž: 'ж'
};
const digraphs: Record<string, string> = { lj: 'љ', nj: 'њ', dž: 'џ' };

/** Cyrillic → Latin, lower case: the two tables above read backwards. */
const latinOf: Record<string, string> = Object.fromEntries(
	[...Object.entries(single), ...Object.entries(digraphs)].map(([latin, cyrillic]) => [cyrillic, latin])
);

const splits = splitDigraphs.map((pattern) => {
	const split = pattern.replace('^', '');
	return { plain: split.replace('|', ''), at: split.indexOf('|'), atStart: pattern.startsWith('^') };
});

function splitPoints(lowerWord: string): Set<number> {
	const points = new Set<number>();
	for (const { plain, at, atStart } of splits) {
		let from = lowerWord.indexOf(plain);
		while (from >= 0 && (!atStart || from === 0)) {
			points.add(from + at);
			from = lowerWord.indexOf(plain, from + 1);
		}
	}
	return points;
}

function wordToCyrillic(word: string): string {
	let out = '';
	const lowerWord = word.toLowerCase();
	// Most words hold no digraph at all: the split list is searched only for those that do.
	const points = /nj|lj|dž/.test(lowerWord) ? splitPoints(lowerWord) : new Set<number>();
	for (let i = 0; i < word.length; i++) {
		const two = word.slice(i, i + 2);
		const lowerTwo = two.toLowerCase();
		if (digraphs[lowerTwo] && !points.has(i + 1)) {
			const cyr = digraphs[lowerTwo];
			out += two[0] === two[0].toLowerCase() ? cyr : cyr.toUpperCase();
			i++;
			continue;
		}
		const ch = word[i];
		const lower = ch.toLowerCase();
		const cyr = single[lower];
		if (cyr === undefined) out += ch;
		else out += ch === lower ? cyr : cyr.toUpperCase();
	}
	return out;
}

const isUpper = (ch: string | undefined) => ch !== undefined && ch !== ch.toLowerCase();

/** A Latin letter Serbian does not use (q, w, x, y, ë, é, ü, ß, …): the word is not Serbian. */
const foreignLetter = /[^\P{Script=Latin}a-pr-vzčćđšžA-PR-VZČĆĐŠŽ]/u;
const hasDigit = /\p{N}/u;

/** A kept name and a Serbian case ending written on to it (Facebooku, Vibera): the name's length. */
function brandBefore(word: string): number {
	if (!isUpper(word[0])) return 0;
	for (const brand of brands) {
		if (brand.length >= 3 && word.startsWith(brand) && caseEndings.has(word.slice(brand.length))) return brand.length;
	}
	return 0;
}

/**
 * A word, or words joined by hyphens, to Cyrillic. What stays Latin: a kept name (brands, Wi-Fi,
 * PDF), a word with a digit (2FA: transliterated it would name nothing), a word with a letter
 * Serbian does not use (Linux), and an English compound whole (follow-up). A Serbian case ending on
 * a Latin name is written in Cyrillic after a hyphen, as the orthography asks when scripts mix:
 * Facebooku and Facebook-u both become Facebook-у. COVID-19 stays (letter by letter it would read
 * ЦОВИД); a word after a number does not (21-годишњи).
 */
function compoundToCyrillic(compound: string): string {
	if (keepLatin.has(compound.toLowerCase())) return compound;
	const parts = compound.split('-');
	if (parts.some((p) => hasDigit.test(p)) && !/^\p{N}+$/u.test(parts[0])) return compound;
	const latin = parts.map((p) => hasDigit.test(p) || keepLatin.has(p.toLowerCase()) || foreignLetter.test(p));
	const unknownForeign = parts.some((p) => foreignLetter.test(p) && !keepLatin.has(p.toLowerCase()));
	if (unknownForeign && parts.some((p, i) => !latin[i] && !caseEndings.has(p) && brandBefore(p) === 0)) return compound;
	return parts
		.map((part, i) => {
			const name = brandBefore(part);
			if (name > 0) return part.slice(0, name) + '-' + wordToCyrillic(part.slice(name));
			return latin[i] ? part : wordToCyrillic(part);
		})
		.join('-');
}

const words = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;

/** Plain text (no markup) to Cyrillic, word by word. */
function plainToCyrillic(text: string): string {
	return text.replace(words, compoundToCyrillic);
}

/** Plain text (no markup) to Latin: Љ is "Lj" in a capitalised word and "LJ" in an all-caps one. */
function plainToLatin(text: string): string {
	let out = '';
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		const lower = ch.toLowerCase();
		const latin = latinOf[lower];
		if (latin === undefined) out += ch;
		else if (ch === lower) out += latin;
		else if (latin.length === 1) out += latin.toUpperCase();
		else {
			const next = text[i + 1];
			const allCaps = isUpper(next) || (!/\p{L}/u.test(next ?? '') && isUpper(text[i - 1]));
			out += allCaps ? latin.toUpperCase() : latin[0].toUpperCase() + latin.slice(1);
		}
	}
	return out;
}

// A web address's last character is not the punctuation of the sentence around it.
const addressEnd = `[^\\s<>()\\[\\]"'„“”«».,;:!?]`;
const addressRest = `(?:[/?#](?:[^\\s<>()\\[\\]"'„“”«»]*${addressEnd})?)?`;
// File types a file name may end in (kept Latin whole, as the name on the disk is).
const fileTypes = 'ics|csv|pdf|png|jpe?g|gif|svg|webp|json|zip|txt|md|docx?|xlsx?|pptx?|odt|ods|mp3|mp4';
const topLevel = 'org|com|net|info|eu|int|gov|edu|io|app|dev|me|co|tv|rs|ba|hr|mk|al|xk|ks|de|at|ch|uk|fr|it|us';

// Parts of a message or Markdown source that no transliteration may touch. The first group is an
// English (or Albanian, …) gloss, "(engl. outputs)": only its abbreviation is Serbian.
const protectedParts = new RegExp(
	[
		`\\((?:engl|eng|alb|nem|franc|ital|lat|rus)\\.\\s[^()\\n]*\\)`, // gloss in another language
		'(`{1,})[^`][\\s\\S]*?\\1(?!`)|~~~[\\s\\S]*?~~~', // code: fenced, inline, ``with ` inside``
		'\\[[^\\[\\]\\n]*\\]\\{lang=[A-Za-z-]+\\}', // text marked foreign: [outputs]{lang=en}
		'\\{[^{}]*\\}', // message placeholders
		'\\]\\([^)]*\\)', // link and image targets
		'\\]\\[[^\\]]*\\]|^[ \\t]*\\[[^\\]\\n]+\\]:[^\\n]*', // reference links and their definitions
		'<[^>]+>', // autolinks, tags and their attributes
		'https?://\\S*', // bare URLs, and a scheme named on its own ("starts with https://")
		'(?<![\\p{L}\\p{N}.])\\.[a-z][a-z0-9]{1,4}(?![\\p{L}\\p{N}])', // a file extension on its own: (.ics)
		`[\\p{L}\\p{N}_-]+\\.(?:${fileTypes})(?![\\p{L}\\p{N}])`, // a file name: raspored.ics
		'(?<![\\w.+-])[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+', // e-mail addresses (from the start of a run: linear)
		'(?<![\\p{L}\\p{N}_.@])@[\\p{L}\\p{N}_](?:[\\p{L}\\p{N}_.]*[\\p{L}\\p{N}_])?', // @handles
		'(?<![\\p{L}\\p{N}_&/#])#[\\p{L}\\p{N}_]+', // hashtags (a heading's # is followed by a space)
		`\\bwww\\.[^\\s<>()\\[\\]"'„“”«»]*${addressEnd}`, // www.udruzenje.org
		`(?<![\\p{L}\\p{N}.@-])(?:[a-z0-9][a-z0-9-]*\\.)+(?:${topLevel})(?![\\p{L}\\p{N}-])${addressRest}`, // udruzenje.org/kontakt
		'&[a-z]+;' // HTML entities
	].join('|'),
	'gimu'
);

const gloss = /^\(([^.]+)\./;

function outsideProtected(source: string, convert: (text: string) => string): string {
	let out = '';
	let last = 0;
	for (const match of source.matchAll(protectedParts)) {
		const kept = gloss.test(match[0]) ? match[0].replace(gloss, (_, abbr: string) => `(${convert(abbr)}.`) : match[0];
		out += convert(source.slice(last, match.index)) + kept;
		last = (match.index ?? 0) + match[0].length;
	}
	return out + convert(source.slice(last));
}

/** Serbian Latin text, a message or a Markdown document to Cyrillic; code, link targets, URLs,
 * e-mail addresses and {placeholders} stay as they are. */
export function toCyrillic(source: string): string {
	return outsideProtected(source, plainToCyrillic);
}

/** Serbian Cyrillic text, a message or a Markdown document to Latin (đ, ć, č, dž: display Latin). */
export function toLatin(source: string): string {
	return outsideProtected(source, plainToLatin);
}

/**
 * Text as it is compared: lower case, Cyrillic as Latin, no diacritics, đ as dj, white space
 * collapsed and trimmed. "Zvečan", "ЗВЕЧАН" and "zvecan" fold to one; so do "Đurđa", "Djurdja" and
 * "Ђурђа". Letters of other scripts are kept as they are.
 */
export function fold(value: string): string {
	return value
		.toLowerCase()
		.replace(/[\u0400-\u04ff]/g, (c) => latinOf[c] ?? c)
		.replace(/đ/g, 'dj')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/\s+/g, ' ')
		.trim();
}

/**
 * The sr-Cyrl version of an sr-Latn text: every string in it (in arrays and objects, however deep)
 * transliterated with `toCyrillic`. An object marked `untranslated: true` holds the English text of
 * a question not yet translated and is kept as it is: transliterated English is no one's language.
 */
export function deriveCyrillic<T>(latin: T): T {
	return derive(latin) as T;
}

function derive(value: unknown): unknown {
	if (typeof value === 'string') return toCyrillic(value);
	if (Array.isArray(value)) return value.map(derive);
	if (value !== null && typeof value === 'object') {
		if ((value as { untranslated?: unknown }).untranslated === true) return value;
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, derive(v)]));
	}
	return value;
}

/** Whether a stored sr-Cyrl text is just the one derived from the sr-Latn text (then it is not a
 * translation of its own, and an export leaves it out). */
export function isDerived<T>(cyrillic: T, latin: T): boolean {
	return JSON.stringify(deriveCyrillic(latin)) === JSON.stringify(cyrillic);
}

export interface Chosen<T> {
	text: T;
	/** The text is English because this locale has none yet (pages show a notice). */
	fallback: boolean;
}

/**
 * A locale's text, else the English one (flagged as a fallback), as learners are shown. sr-Cyrl
 * needs no step between: it is stored whenever sr-Latn is (derived when the Latin is written).
 * `texts` is a map by locale or a list of rows that carry their locale.
 */
export function textFor<T extends { locale: string }>(locale: string, texts: readonly T[]): Chosen<T> | null;
export function textFor<T>(locale: string, texts: ReadonlyMap<string, T>): Chosen<T> | null;
export function textFor<T>(locale: string, texts: ReadonlyMap<string, T> | readonly T[]): Chosen<T> | null {
	const get = (l: string): T | undefined =>
		Array.isArray(texts)
			? (texts as readonly (T & { locale: string })[]).find((t) => t.locale === l)
			: (texts as ReadonlyMap<string, T>).get(l);
	const exact = get(locale);
	if (exact !== undefined) return { text: exact, fallback: false };
	const english = get('en');
	return english === undefined ? null : { text: english, fallback: locale !== 'en' };
}
