// The courses in content/ are set in Northern Kosovo (issue 17): the four northern municipalities are
// spelled one way per language (README, "Place names"), and the outreach course no longer hides its
// examples in "a small town" or "a fictional organisation". Read file by file, so that a message
// names the file and line to fix.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { listCourseDirs } from '$lib/server/catalogue/content/read';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const contentRoot = join(repo, 'content');
type Locale = 'en' | 'sq' | 'sr-Latn';
type Rules = Record<Locale, RegExp[]>;

/** Spellings of the northern municipalities that a language's policy does not use. */
const OFF_POLICY: Rules = {
	en: [
		/\bLeposavic/,
		/\bZvecan\b/,
		/Zveçan|Leposaviq/,
		/Kosovsk\w* Mitrovic/,
		/Severn\w* Mitrovic/,
		/Mitrovic\S* (?:e|të) Veriut/,
		/Mitrovica North|Northern Mitrovica/
	],
	sq: [
		/Leposavi[cć]/,
		/Zve[cč]an/,
		/Kosovsk\w* Mitrovic/,
		/Severn\w* Mitrovic/,
		/North Mitrovica/,
		/Mitrovic\S* Verior/
	],
	'sr-Latn': [
		/\bLeposavic/,
		/\bZvecan/,
		/Zveçan|Leposaviq/,
		/Kosovsk\w* Mitrovic/,
		/Mitrovic\S* (?:e|të) Veriut/,
		/North Mitrovica/
	]
};

/** Generic settings the outreach examples replaced with real places, per language. */
const GENERIC: Rules = {
	en: [/small towns?\b/i, /fictional (?!name)/i],
	sq: [
		/qytet\S* (?:të|i|e) vog[eë]l/i,
		/qytetet e vogla/i,
		/(?:grup|shoqat|organizat)\S*(?: (?![(]?emër)\S+){0,2} (?:të |i |e )?(?:trillua|imagjinar)/i
	],
	'sr-Latn': [
		/\bmal(?:i|og|om|a|ih|im|oj)\s+grad/i,
		/\bmalim mestima\b/i,
		/izmišljen\S* (?:\S+ ){0,2}(?:grup|udružen|organizacij)/i
	]
};

function localeOf(file: string): Locale | null {
	if (/\.sr-Cyrl\.(md|yaml)$/.test(file)) return null;
	if (/\.sr-Latn\.(md|yaml)$/.test(file)) return 'sr-Latn';
	if (/\.sq\.(md|yaml)$/.test(file)) return 'sq';
	return 'en';
}

function filesUnder(dir: string): string[] {
	return readdirSync(dir)
		.sort()
		.flatMap((entry) => {
			const path = join(dir, entry);
			if (statSync(path).isDirectory()) return filesUnder(path);
			return /\.(md|yaml)$/.test(entry) ? [path] : [];
		});
}

/** A quiz's texts without its accepted short answers, which may list spellings learners type. */
function withoutAccepted(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutAccepted);
	if (value && typeof value === 'object')
		return Object.fromEntries(
			Object.entries(value)
				.filter(([key]) => key !== 'accepted')
				.map(([key, v]) => [key, withoutAccepted(v)])
		);
	return value;
}

/** The text a reader sees as the language's own: addresses, hashtags, handles and marked foreign words left out. */
function ownText(file: string): string[] {
	const raw = readFileSync(file, 'utf8');
	const text = file.endsWith('.yaml') ? JSON.stringify(withoutAccepted(parse(raw)), null, 1) : raw;
	return text
		.replace(/\[[^\]]*\]\{lang=[a-z-]+\}/g, ' ')
		.replace(/https?:\/\/\S+|\bwww\.\S+|[#@][\p{L}\p{N}_]+/gu, ' ')
		.split('\n');
}

/** Each line of `lines` that a rule of the language matches, with the rule. */
function findIn(lines: string[], rules: RegExp[]): string[] {
	return lines.flatMap((line, i) =>
		rules.filter((rule) => rule.test(line)).map((rule) => `line ${i + 1}: ${rule} in "${line.trim().slice(0, 80)}"`)
	);
}

/** Every hit of the language's rules in the given course files, named by file. */
function offences(list: string[], rules: Rules): string[] {
	return list.flatMap((file) => {
		const locale = localeOf(file);
		return locale ? findIn(ownText(file), rules[locale]).map((hit) => `${relative(repo, file)} ${hit}`) : [];
	});
}

/** How many of the language's rules one line breaks. */
const hits = (rules: Rules, locale: Locale, line: string) => findIn([line], rules[locale]).length;

const files = listCourseDirs(contentRoot).flatMap(filesUnder);
const outreach = files.filter((f) => relative(contentRoot, f).startsWith('outreach/'));

describe('place names in content/', () => {
	it('reads the course files of every language', () => {
		expect(files.filter((f) => localeOf(f) === 'sq').length).toBeGreaterThan(40);
		expect(files.filter((f) => localeOf(f) === 'sr-Latn').length).toBeGreaterThan(40);
	});

	it('spells North Mitrovica, Zvečan, Zubin Potok and Leposavić as each language’s policy says', () => {
		expect(offences(files, OFF_POLICY)).toEqual([]);
	});

	it.each([
		['en', 'a youth group in Leposavic', 1],
		['en', 'a youth group in Leposavić', 0],
		['sq', 'një grup në Leposavić', 1],
		['sq', 'një grup në Leposaviq dhe në Mitrovicë të Veriut', 0],
		['sr-Latn', 'grupa iz Kosovske Mitrovice', 1],
		['sr-Latn', 'grupa iz Leposavica', 1],
		['sr-Latn', 'grupa iz Leposavića i Severne Mitrovice', 0]
	] as const)('(%s) finds in "%s" %i spelling(s) off the policy', (locale, line, n) => {
		expect(hits(OFF_POLICY, locale, line)).toBe(n);
	});
});

describe('the settings of the outreach examples', () => {
	it('are real places, not "a small town" or "a fictional organisation", in every language', () => {
		expect(offences(outreach, GENERIC)).toEqual([]);
	});

	it.each([
		['en', 'A fictional women’s association in a small town', 2],
		['en', 'Vesna (a fictional name)', 0],
		['sq', 'Një shoqatë e trilluar grash në një qytet të vogël', 2],
		['sq', 'Vesna (emër i trilluar)', 0],
		['sq', 'Një grup mjedisor imagjinar', 1],
		['sq', 'Disa organizata lokale të trilluara', 1],
		['sq', 'koordinatori i grupit, Dritoni (emër i trilluar)', 0],
		['sr-Latn', 'izmišljeno udruženje žena iz malog grada', 2],
		['sr-Latn', 'Vesna (izmišljeno ime)', 0],
		['sr-Latn', 'Jedna izmišljena ekološka grupa', 1]
	] as const)('(%s) finds in "%s" %i generic setting(s)', (locale, line, n) => {
		expect(hits(GENERIC, locale, line)).toBe(n);
	});
});
