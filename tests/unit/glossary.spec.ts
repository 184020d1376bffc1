// The glossary (content/glossary.yaml): it reads, it is sorted per language, and no Albanian or
// Serbian course text uses a wording the glossary tells translators to avoid.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { avoidPattern, glossaryFile, glossaryFor, GlossaryError, readGlossary } from '$lib/server/catalogue/glossary';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const contentRoot = join(repo, 'content');
const file = glossaryFile(contentRoot);
const entries = readGlossary(file);

function filesUnder(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? filesUnder(path) : [path];
	});
}

/** Course texts of a language: lessons, quizzes, module, course and assignment files. */
function courseTexts(locale: 'sq' | 'sr-Latn'): string[] {
	const suffix = new RegExp(`\\.${locale}\\.(md|yaml)$`);
	return filesUnder(contentRoot).filter((f) => suffix.test(f));
}

const temp: string[] = [];
afterEach(() => temp.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('content/glossary.yaml', () => {
	it('holds 40 to 60 terms, each with a term and a definition in en, sq and sr-Latn', () => {
		expect(entries.length).toBeGreaterThanOrEqual(40);
		expect(entries.length).toBeLessThanOrEqual(60);
		for (const id of ['outreach', 'stakeholder', 'needs-assessment', 'onboarding', 'volunteer', 'advocacy'])
			expect(entries.map((e) => e.id)).toContain(id);
		for (const id of ['public-consultation', 'outcome', 'output', 'impact', 'cso', 'ngo', 'mission'])
			expect(entries.map((e) => e.id)).toContain(id);
	});

	it('lists the terms in each language in that language’s alphabetical order, Cyrillic derived', () => {
		for (const locale of ['en', 'sq', 'sr-Latn', 'sr-Cyrl'] as const) {
			const terms = glossaryFor(locale, file).map((e) => e.term);
			expect(terms).toHaveLength(entries.length);
			expect(terms).toEqual([...terms].sort(new Intl.Collator(locale).compare));
		}
		const sq = glossaryFor('sq', file).map((e) => e.term);
		// Albanian: ç after c, dh after d, ë after e
		expect(sq.indexOf('email')).toBeGreaterThan(sq.indexOf('donatori'));
		expect(sq.indexOf('dëgjimi publik')).toBeLessThan(sq.indexOf('donatori'));
		const sr = glossaryFor('sr-Latn', file).map((e) => e.term);
		// by letters, not by code points: the capital F of Facebook sorts among the f's
		expect(sr.indexOf('Facebook stranica')).toBeGreaterThan(sr.indexOf('donator'));
		expect(sr.indexOf('Facebook stranica')).toBeLessThan(sr.indexOf('govor mržnje'));
		const cyrillic = glossaryFor('sr-Cyrl', file).find((e) => e.id === 'outreach');
		expect(cyrillic).toMatchObject({ term: 'рад са заједницом', english: 'outreach' });
		expect(glossaryFor('sr-Cyrl', file).find((e) => e.id === 'two-factor-authentication')?.term).toBe(
			'двофакторска аутентификација (2FA)'
		);
	});

	it('names the field of a broken entry', () => {
		const dir = mkdtempSync(join(tmpdir(), 'glossary-'));
		temp.push(dir);
		const broken = join(dir, 'glossary.yaml');
		writeFileSync(broken, 'terms:\n  - id: outreach\n    en: { term: outreach, definition: x }\n    sq: { term: y }\n');
		expect(() => readGlossary(broken)).toThrow(GlossaryError);
		expect(() => readGlossary(broken)).toThrow(/terms\.0\.sq/);
		expect(glossaryFor('en', join(dir, 'none.yaml'))).toEqual([]);
	});

	// Bug: the page read the file live and threw on a broken edit: /glossary answered 500 for everyone.
	it('keeps showing the last good glossary when the file is broken by an edit', () => {
		const dir = mkdtempSync(join(tmpdir(), 'glossary-'));
		temp.push(dir);
		const path = join(dir, 'glossary.yaml');
		writeFileSync(path, readFileSync(file, 'utf8'));
		const good = glossaryFor('en', path).length;
		expect(good).toBeGreaterThan(40);
		writeFileSync(path, 'terms:\n  - id: outreach\n    en: { term: outreach }\n');
		utimesSync(path, new Date(), new Date(Date.now() + 5000));
		expect(glossaryFor('en', path)).toHaveLength(good);
		// A glossary broken from the start shows as empty, not as an error page.
		const fresh = join(dir, 'other.yaml');
		writeFileSync(fresh, 'terms: [');
		expect(glossaryFor('en', fresh)).toEqual([]);
	});
});

describe('avoided wordings', () => {
	it('match declined forms, a capital first letter and gaps, but not the preferred spelling', () => {
		const calque = avoidPattern('shtrirj* në komunitet');
		expect(calque.test('Planifikimi i shtrirjes në komunitet')).toBe(true);
		expect(calque.test('Shtrirja në komunitet është')).toBe(true);
		expect(calque.test('puna me komunitetin')).toBe(false);
		expect(avoidPattern('hartim* … nevojave').test('një hartim të vogël të nevojave')).toBe(true);
		expect(avoidPattern('hartim* … nevojave').test('hartimi i një plani')).toBe(false);
		expect(avoidPattern('OSHC*').test('OSHC-të e tjera')).toBe(true);
		expect(avoidPattern('OSHC*').test('OShC-të e tjera')).toBe(false);
		expect(avoidPattern("t'i njohur vullnetarët").test("Mënyrat për t'i njohur vullnetarët")).toBe(true);
		expect(avoidPattern('e-mail*').test('me email')).toBe(false);
		expect(avoidPattern('Facebook-*').test('na Facebook-u')).toBe(true);
		expect(avoidPattern('Facebook-*').test('na Facebooku')).toBe(false);
	});

	it('are not the preferred terms themselves', () => {
		const clashes = entries.flatMap((e) =>
			(['sq', 'sr-Latn'] as const).flatMap((l) =>
				e[l].avoid.filter((w) => avoidPattern(w).test(e[l].term)).map((w) => `${e.id} ${l}: ${w}`)
			)
		);
		expect(clashes).toEqual([]);
	});

	it.each(['sq', 'sr-Latn'] as const)('do not appear in any %s course text', (locale) => {
		const rules = entries.flatMap((e) => e[locale].avoid.map((w) => ({ id: e.id, w, re: avoidPattern(w) })));
		expect(rules.length).toBeGreaterThan(0);
		const files = courseTexts(locale);
		expect(files.length).toBeGreaterThan(50);
		const found: string[] = [];
		for (const f of files) {
			readFileSync(f, 'utf8')
				.split('\n')
				.forEach((line, n) => {
					for (const r of rules)
						if (r.re.test(line))
							found.push(
								`${relative(repo, f)}:${n + 1}: "${r.w}" (glossary ${r.id}: use "${entries.find((e) => e.id === r.id)![locale].term}")`
							);
				});
		}
		expect(found).toEqual([]);
	});
});
