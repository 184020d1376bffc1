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

/** Spellings of the northern municipalities that a language's policy does not use. */
const OFF_POLICY: Record<Locale, RegExp[]> = {
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
const GENERIC: Record<Locale, RegExp[]> = {
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

function findIn(locale: Locale, lines: string[], rules: RegExp[]): string[] {
	return lines.flatMap((line, i) =>
		rules.filter((rule) => rule.test(line)).map((rule) => `line ${i + 1}: ${rule} in "${line.trim().slice(0, 80)}"`)
	);
}

const files = listCourseDirs(contentRoot).flatMap(filesUnder);
const outreach = files.filter((f) => relative(contentRoot, f).startsWith('outreach/'));

describe('place names in content/', () => {
	it('reads the course files of every language', () => {
		expect(files.filter((f) => localeOf(f) === 'sq').length).toBeGreaterThan(40);
		expect(files.filter((f) => localeOf(f) === 'sr-Latn').length).toBeGreaterThan(40);
	});

	it('spells North Mitrovica, Zvečan, Zubin Potok and Leposavić as each language’s policy says', () => {
		const wrong = files.flatMap((file) => {
			const locale = localeOf(file);
			if (!locale) return [];
			return findIn(locale, ownText(file), OFF_POLICY[locale]).map((hit) => `${relative(repo, file)} ${hit}`);
		});
		expect(wrong).toEqual([]);
	});

	it('flags the spellings the policy does not use, in each language', () => {
		const hits = (locale: Locale, line: string) => findIn(locale, [line], OFF_POLICY[locale]).length;
		expect(hits('en', 'a youth group in Leposavic')).toBe(1);
		expect(hits('en', 'a youth group in Leposavić')).toBe(0);
		expect(hits('sq', 'një grup në Leposavić')).toBe(1);
		expect(hits('sq', 'një grup në Leposaviq dhe në Mitrovicë të Veriut')).toBe(0);
		expect(hits('sr-Latn', 'grupa iz Kosovske Mitrovice')).toBe(1);
		expect(hits('sr-Latn', 'grupa iz Leposavica')).toBe(1);
		expect(hits('sr-Latn', 'grupa iz Leposavića i Severne Mitrovice')).toBe(0);
	});
});

describe('the settings of the outreach examples', () => {
	it('are real places, not "a small town" or "a fictional organisation", in every language', () => {
		const generic = outreach.flatMap((file) => {
			const locale = localeOf(file);
			if (!locale) return [];
			return findIn(locale, ownText(file), GENERIC[locale]).map((hit) => `${relative(repo, file)} ${hit}`);
		});
		expect(generic).toEqual([]);
	});

	it('flags the generic settings in each language', () => {
		const hits = (locale: Locale, line: string) => findIn(locale, [line], GENERIC[locale]).length;
		expect(hits('en', 'A fictional women’s association in a small town')).toBe(2);
		expect(hits('en', 'Vesna (a fictional name)')).toBe(0);
		expect(hits('sq', 'Një shoqatë e trilluar grash në një qytet të vogël')).toBe(2);
		expect(hits('sq', 'Vesna (emër i trilluar)')).toBe(0);
		expect(hits('sq', 'Një grup mjedisor imagjinar')).toBe(1);
		expect(hits('sq', 'Disa organizata lokale të trilluara')).toBe(1);
		expect(hits('sq', 'koordinatori i grupit, Dritoni (emër i trilluar)')).toBe(0);
		expect(hits('sr-Latn', 'izmišljeno udruženje žena iz malog grada')).toBe(2);
		expect(hits('sr-Latn', 'Vesna (izmišljeno ime)')).toBe(0);
		expect(hits('sr-Latn', 'Jedna izmišljena ekološka grupa')).toBe(1);
	});
});
