// Search within a course (issue 20): the published lessons by title and text, in the reader's
// language and script, folded as the script module folds (case, script and diacritics do not
// matter), snippets as plain-text parts with the matches marked, bounded queries and results.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import { getCourseBySlug, type CourseInfo } from '$lib/server/catalogue/courses';
import {
	QUERY_MAX,
	RESULTS_MAX,
	htmlToText,
	parseQuery,
	searchCourse,
	type Part,
	type SearchHit
} from '$lib/server/catalogue/search';
import { freshContentDb, importOk, md, removeTempDirs, writeDemo } from './content-fixture';

afterAll(removeTempDirs);

const marked = (parts: Part[]) => parts.map((p) => (p.match ? `[${p.text}]` : p.text)).join('');
const titles = (hits: SearchHit[]) => hits.map((h) => marked(h.title));

async function find(db: DB, locale: string, q: string): Promise<SearchHit[]> {
	const course = (await getCourseBySlug(db, 'demo', locale)) as CourseInfo;
	const parsed = parseQuery(q);
	if (!parsed.ok) throw new Error(`query refused: ${parsed.reason}`);
	return searchCourse(db, course, locale, parsed.words);
}

const ceshtje = md(
	{ title: 'Pse ka rëndësi misioni juaj', minutes: 8 },
	'## Një çështje e rëndësishme\n\nMisioni thotë pse ekzistoni. Kjo çështje shpesh harrohet në <projekte>.'
);

describe('parseQuery', () => {
	it('asks for 2 to 100 characters and folds the words', () => {
		expect(parseQuery(null)).toMatchObject({ ok: false, reason: 'empty' });
		expect(parseQuery('   ')).toMatchObject({ ok: false, reason: 'empty' });
		expect(parseQuery(' ç ')).toMatchObject({ ok: false, reason: 'short', query: 'ç' });
		expect(parseQuery('x'.repeat(QUERY_MAX + 1))).toMatchObject({ ok: false, reason: 'long' });
		expect(parseQuery('x'.repeat(QUERY_MAX))).toMatchObject({ ok: true });
		expect(parseQuery('  Çështje   ЗВЕЧАН çështje ')).toEqual({
			ok: true,
			query: 'Çështje ЗВЕЧАН çështje',
			words: ['ceshtje', 'zvecan']
		});
	});
});

describe('htmlToText', () => {
	it('reads rendered HTML as the text a reader sees', () => {
		expect(
			htmlToText('<h2>Plan</h2><p>Write &amp; share <em>one</em>&nbsp;goal&#33;</p><ul><li>a</li><li>b</li></ul>')
		).toBe('Plan Write & share one goal! a b');
	});
});

describe('searchCourse', () => {
	let db: DB;
	beforeEach(async () => {
		db = await freshContentDb();
		await importOk(db, writeDemo({ 'demo/01-intro/02-mission.sq.md': ceshtje }));
	});

	it('finds a lesson by its text whatever the diacritics, with the match marked in a snippet', async () => {
		const hits = await find(db, 'sq', 'ceshtje');
		expect(titles(hits)).toEqual(['Pse ka rëndësi misioni juaj']);
		expect(hits[0]).toMatchObject({ lessonSlug: 'mission', moduleSlug: 'intro', moduleTitle: 'Organizata juaj' });
		const snippet = marked(hits[0].snippet);
		expect(snippet).toContain('[çështje] e rëndësishme');
		expect(snippet).toContain('Kjo [çështje] shpesh');
		// The lesson's text is plain text here: the page prints it escaped.
		expect(snippet).not.toContain('<');
	});

	it('finds by title and puts lessons with every word in the title first', async () => {
		const hits = await find(db, 'en', 'mission');
		expect(titles(hits)).toEqual(['Why your [mission] matters', 'Welcome to the course']);
		expect(marked(hits[1].snippet)).toContain('read why a [mission] matters');
	});

	it('needs every word of the query, in the title or the text', async () => {
		expect(titles(await find(db, 'en', 'plan goal'))).toEqual(['Make a [plan]']);
		expect(await find(db, 'en', 'plan mission')).toEqual([]);
		expect(await find(db, 'en', 'zebra')).toEqual([]);
	});

	it('lets a reader of Serbian in Cyrillic type Latin or Cyrillic, with or without diacritics', async () => {
		for (const q of ['Šta ćete', 'sta cete', 'ШТА ЋЕТЕ']) {
			const hits = await find(db, 'sr-Cyrl', q);
			expect(titles(hits)).toEqual(['Добро дошли на курс']);
			expect(marked(hits[0].snippet)).toContain('[Шта] [ћете] научити');
		}
		expect(titles(await find(db, 'sr-Latn', 'dosli'))).toEqual(['Dobro [došli] na kurs']);
	});

	it('searches the English text of a lesson not yet translated', async () => {
		const db2 = await freshContentDb();
		await importOk(
			db2,
			writeDemo({
				'demo/02-practice/02-act.sq.md': md({ title: 'Veproni', minutes: 7 }, '## Veprimi\n\nBëni hapin e parë.')
			})
		);
		expect(titles(await find(db2, 'sq', 'hapin'))).toEqual(['Veproni']);
	});

	it('sees a newly published text at once and no longer finds the old one', async () => {
		expect(titles(await find(db, 'en', 'goal'))).toEqual(['Make a plan']);
		await importOk(
			db,
			writeDemo({
				'demo/01-intro/02-mission.sq.md': ceshtje,
				'demo/02-practice/01-plan.md': md({ title: 'Make a plan', minutes: 6 }, '## Plan\n\nWrite down one target.')
			})
		);
		expect(await find(db, 'en', 'goal')).toEqual([]);
		expect(titles(await find(db, 'en', 'target'))).toEqual(['Make a plan']);
	});

	it('cuts a long text to a snippet around the first match and returns at most 50 lessons', async () => {
		const long = `${'Opening words here. '.repeat(30)}The needle is here. ${'Closing words here. '.repeat(30)}`;
		const files: Record<string, string> = { 'demo/01-intro/02-mission.sq.md': ceshtje };
		for (let i = 1; i <= RESULTS_MAX + 5; i++)
			files[`demo/03-many/${String(i).padStart(2, '0')}-l${i}.md`] = md({ title: `Lesson ${i}`, minutes: 1 }, long);
		files['demo/03-many/module.md'] = md({ title: 'Many', summary: 'Many', objectives: ['Read'] });
		const db2 = await freshContentDb();
		await importOk(db2, writeDemo(files));
		const hits = await find(db2, 'en', 'needle');
		expect(hits).toHaveLength(RESULTS_MAX);
		const snippet = marked(hits[0].snippet);
		expect(snippet).toMatch(/^… .*The \[needle\] is here\..* …$/);
		expect(snippet.length).toBeLessThan(260);
	});
});
