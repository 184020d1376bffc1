// Course and module texts edited in the browser: drafts that learners do not see until they are
// published, publishing as a new version, history with who and when, restore, the optimistic revision
// check, Cyrillic following the Latin text, translation status, and how the content import and the
// migration give every course and module a history.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import SQLite from 'better-sqlite3';
import type { DB } from '$lib/server/db/client';
import type { Database } from '../../db/schema';
import { migrations } from '../../db/migrations/index';
import * as structureTexts from '$lib/server/authoring/structure-texts';
import { createCourse, createModule } from '$lib/server/authoring/lessons';
import { getCourseBySlug } from '$lib/server/catalogue/courses';
import { MAX_BODY_BYTES } from '$lib/server/authoring/engine';
import { toCyrillic } from '$lib/i18n/script';
import { T0, insertUser } from './helpers';
import { freshContentDb, importOk, md, removeTempDirs, writeDemo, writeFiles } from './content-fixture';

type Kind = 'course' | 'module';
type Locale = 'en' | 'sq' | 'sr-Latn' | 'sr-Cyrl';

let db: DB;
let root: string;
let demoId: number;
let practiceId: number;
let trainer: number;
let admin: number;

beforeEach(async () => {
	db = await freshContentDb();
	root = writeDemo();
	await importOk(db, root);
	demoId = (await db.selectFrom('courses').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).id;
	practiceId = (await db.selectFrom('modules').select('id').where('slug', '=', 'practice').executeTakeFirstOrThrow())
		.id;
	trainer = await insertUser(db, { name: 'Tina Trainer', email: 'tina@example.org', role: 'trainer' });
	admin = await insertUser(db, { name: 'Ada Admin', email: 'admin@example.org', role: 'admin' });
});
afterEach(removeTempDirs);

async function revision(kind: Kind, id: number) {
	return (await structureTexts.structureContext(db, kind, id))!.revision;
}

const text = (
	fields: Partial<{ title: string; summary: string; objectives: string; body: string }>,
	kind: Kind = 'module'
) =>
	structureTexts.readText(
		{
			title: fields.title ?? 'A title',
			summary: fields.summary ?? '',
			objectives: fields.objectives ?? '',
			body: fields.body ?? ''
		},
		kind
	);

async function draft(
	kind: Kind,
	id: number,
	locale: Locale,
	fields: Parameters<typeof text>[0],
	options: { expected?: number; userId?: number; now?: number } = {}
) {
	return structureTexts.saveDraft(
		db,
		{
			kind,
			id,
			locale,
			text: text(fields, kind),
			expectedRevision: options.expected ?? (await revision(kind, id)),
			userId: options.userId ?? trainer
		},
		options.now ?? T0
	);
}

async function publish(
	kind: Kind,
	id: number,
	options: { note?: string; now?: number; userId?: number; restoreFrom?: number } = {}
) {
	const result = await structureTexts.publish(
		db,
		{
			kind,
			id,
			expectedRevision: await revision(kind, id),
			userId: options.userId ?? trainer,
			note: options.note,
			restoreFrom: options.restoreFrom
		},
		options.now ?? T0
	);
	if (!result.ok) throw new Error(`publish failed: ${result.reason}`);
	return result;
}

async function course(locale = 'en') {
	return (await getCourseBySlug(db, 'demo', locale))!;
}

async function draftRows() {
	return db.selectFrom('structure_drafts').select(['kind', 'target_id', 'locale', 'title']).orderBy('locale').execute();
}

describe('drafts', () => {
	it('keep course and module texts from learners until they are published', async () => {
		const before = await course();
		expect(
			await draft(
				'course',
				demoId,
				'en',
				{ title: 'A better demo course', summary: 'New summary.', body: 'A new *introduction*.' },
				{ expected: 0 }
			)
		).toEqual({ ok: true, revision: 1 });
		expect(
			await draft('module', practiceId, 'en', {
				title: 'Practice, drafted',
				summary: 'Drafted summary',
				objectives: 'Plan\n\n  Act  \n',
				body: 'Drafted intro.'
			})
		).toMatchObject({ ok: true });

		// Learners: unchanged.
		const c = await course();
		expect(c).toMatchObject({ title: before.title, summary: before.summary, bodyHtml: before.bodyHtml });
		expect(c.modules[1]).toMatchObject({ title: 'Putting it into practice', objectives: ['Make a plan'] });

		// The editor: the draft, with the published text beside it; other locales as published.
		const shown = await structureTexts.editorText(db, 'module', practiceId, 'en');
		expect(shown).toMatchObject({
			draft: true,
			text: {
				title: 'Practice, drafted',
				summary: 'Drafted summary',
				objectives: ['Plan', 'Act'],
				body: 'Drafted intro.'
			}
		});
		expect(shown.published?.title).toBe('Putting it into practice');
		expect(await structureTexts.editorText(db, 'module', practiceId, 'sq')).toMatchObject({
			draft: false,
			text: { title: 'Në praktikë' }
		});
		expect((await structureTexts.translationStatus(db, 'module', practiceId)).drafts).toEqual(['en']);
	});

	it('are published as a new version that learners then see, with the HTML sanitised', async () => {
		await draft('course', demoId, 'en', {
			title: 'A better demo course',
			summary: 'New summary.',
			body: 'Hello <script>alert(1)</script> and [x](javascript:alert(2)).'
		});
		await draft('module', practiceId, 'en', {
			title: 'In practice',
			summary: 'Doing it',
			objectives: 'Plan\nAct',
			body: '![A map](images/map.png)'
		});
		const published = await publish('course', demoId, { note: 'Clearer summary' });
		expect(published.number).toBe(2); // version 1 is the import
		await publish('module', practiceId);

		const c = await course();
		expect(c).toMatchObject({ title: 'A better demo course', summary: 'New summary.' });
		expect(c.bodyHtml).toContain('Hello');
		expect(c.bodyHtml).not.toMatch(/script|javascript|alert/);
		expect(c.modules[1]).toMatchObject({ title: 'In practice', summary: 'Doing it', objectives: ['Plan', 'Act'] });
		expect(c.modules[1].bodyHtml).toContain('src="/content-assets/demo/02-practice/images/map.png"');
		// The other languages are as they were.
		expect((await course('sq')).title).toBe('Kurs demonstrues');
		expect(await draftRows()).toEqual([]);
	});

	it('refuse a missing title and a text over 200 KB, saving nothing and keeping the revision', async () => {
		const r = await revision('module', practiceId);
		expect(await draft('module', practiceId, 'en', { title: '   ' })).toEqual({ ok: false, reason: 'title_required' });
		expect(await draft('module', practiceId, 'en', { body: 'x'.repeat(MAX_BODY_BYTES + 1) })).toEqual({
			ok: false,
			reason: 'too_large'
		});
		expect(await draftRows()).toEqual([]);
		expect(await revision('module', practiceId)).toBe(r);
		expect(await draft('module', practiceId, 'en', { body: 'x'.repeat(MAX_BODY_BYTES) })).toMatchObject({ ok: true });
	});

	it('have nothing to publish when there are none, and the revision stays', async () => {
		const r = await revision('course', demoId);
		expect(
			await structureTexts.publish(db, { kind: 'course', id: demoId, expectedRevision: r, userId: trainer }, T0)
		).toEqual({ ok: false, reason: 'nothing' });
		expect(await revision('course', demoId)).toBe(r);
		expect(
			await structureTexts.publish(db, { kind: 'module', id: 99_999, expectedRevision: 0, userId: trainer }, T0)
		).toEqual({ ok: false, reason: 'not_found' });
	});
});

describe('the optimistic revision check', () => {
	it('refuses a save or a publication against an older revision and overwrites nothing', async () => {
		// Two editors load the module at the same revision.
		const loaded = await revision('module', practiceId);
		expect(await draft('module', practiceId, 'en', { title: 'First editor' }, { expected: loaded })).toEqual({
			ok: true,
			revision: loaded + 1
		});
		expect(
			await draft('module', practiceId, 'en', { title: 'Second editor' }, { expected: loaded, userId: admin })
		).toEqual({ ok: false, reason: 'conflict', revision: loaded + 1 });
		expect(await draftRows()).toEqual([{ kind: 'module', target_id: practiceId, locale: 'en', title: 'First editor' }]);

		// The stale editor publishing is refused too; nothing reaches learners.
		expect(
			await structureTexts.publish(db, { kind: 'module', id: practiceId, expectedRevision: loaded, userId: admin }, T0)
		).toEqual({ ok: false, reason: 'conflict' });
		expect((await course()).modules[1].title).toBe('Putting it into practice');
		expect(await structureTexts.history(db, 'module', practiceId)).toHaveLength(1);

		// Reloaded, the second editor saves.
		expect(
			await draft(
				'module',
				practiceId,
				'en',
				{ title: 'Second editor, reloaded' },
				{ expected: loaded + 1, userId: admin }
			)
		).toEqual({ ok: true, revision: loaded + 2 });
	});

	it('is separate for the course and each module', async () => {
		await draft('course', demoId, 'en', { title: 'Course edit' });
		expect(await draft('module', practiceId, 'en', { title: 'Module edit' }, { expected: 0 })).toMatchObject({
			ok: true
		});
	});
});

describe('history and restore', () => {
	it('lists versions newest first with who published them, the import first', async () => {
		await draft('module', practiceId, 'en', { title: 'Second title' });
		await publish('module', practiceId, { note: 'Shorter' });
		await draft('module', practiceId, 'en', { title: 'Third title' });
		await publish('module', practiceId, { userId: admin });
		const versions = await structureTexts.history(db, 'module', practiceId);
		expect(versions.map((v) => [v.number, v.author, v.note])).toEqual([
			[3, 'Ada Admin', ''],
			[2, 'Tina Trainer', 'Shorter'],
			[1, null, '']
		]);
		expect(versions[1].created_at).toBe(T0);
	});

	it('shows the changed paragraphs between two versions, with one unchanged around, per language', async () => {
		await draft('module', practiceId, 'en', {
			title: 'Putting it into practice',
			summary: 'Putting it into practice',
			objectives: 'Make a good plan',
			body: 'New intro.'
		});
		await publish('module', practiceId);
		const [v2, v1] = await structureTexts.history(db, 'module', practiceId);
		const diff = await structureTexts.diffVersions(db, 'module', practiceId, v1.id, v2.id, 'en');
		expect(diff.filter((p) => p.removed).map((p) => p.text)).toEqual(['- Make a plan']);
		expect(diff.filter((p) => p.added).map((p) => p.text)).toEqual(['- Make a good plan', 'New intro.']);
		// The summary just before the change is shown; the title above it is counted.
		expect(diff.filter((p) => !p.added && !p.removed).map((p) => p.text || p.skipped)).toEqual([
			1,
			'Putting it into practice'
		]);
		// Albanian did not change.
		expect(await structureTexts.diffVersions(db, 'module', practiceId, v1.id, v2.id, 'sq')).toEqual([]);
	});

	it('restores an old version as a new one, exactly as it was, and drops pending drafts', async () => {
		const v1 = (await structureTexts.history(db, 'course', demoId))[0];
		await draft('course', demoId, 'en', { title: 'Changed course', summary: 'Changed.' });
		await draft('course', demoId, 'sq', { title: 'Kurs i ndryshuar', summary: 'Ndryshuar.' });
		await publish('course', demoId);
		expect((await course()).title).toBe('Changed course');
		await draft('course', demoId, 'en', { title: 'A draft nobody published' });

		const restored = await publish('course', demoId, { restoreFrom: v1.id, note: 'restored from version 1' });
		expect(restored.number).toBe(3);
		expect(await course()).toMatchObject({ title: 'Demo course', summary: 'A short course.' });
		expect((await course('sq')).title).toBe('Kurs demonstrues');
		expect(await draftRows()).toEqual([]);
		expect((await structureTexts.history(db, 'course', demoId))[0]).toMatchObject({
			number: 3,
			note: 'restored from version 1',
			author: 'Tina Trainer'
		});

		// A version of another course or module cannot be restored here.
		const moduleVersion = (await structureTexts.history(db, 'module', practiceId))[0];
		expect(
			await structureTexts.publish(
				db,
				{
					kind: 'course',
					id: demoId,
					expectedRevision: await revision('course', demoId),
					userId: trainer,
					restoreFrom: moduleVersion.id
				},
				T0
			)
		).toEqual({ ok: false, reason: 'not_found' });
	});

	it('records the texts as they were first when they have no version yet (written before versions existed)', async () => {
		await db.deleteFrom('structure_versions').execute();
		await draft('module', practiceId, 'en', { title: 'After versions' });
		await publish('module', practiceId);
		const versions = await structureTexts.history(db, 'module', practiceId);
		expect(versions.map((v) => [v.number, v.author])).toEqual([
			[2, 'Tina Trainer'],
			[1, null]
		]);
		const diff = await structureTexts.diffVersions(db, 'module', practiceId, versions[1].id, versions[0].id, 'en');
		expect(
			diff
				.filter((p) => p.removed)
				.map((p) => p.text)
				.join('')
		).toContain('# Putting it into practice');
		expect(diff.filter((p) => p.added).map((p) => p.text)).toEqual(['# After versions']);
	});
});

describe('Serbian Cyrillic', () => {
	it('follows a Latin draft, but a Cyrillic text drafted by hand is kept', async () => {
		await draft('module', practiceId, 'sr-Latn', {
			title: 'U praksi, opet',
			summary: 'Šta ćemo uraditi',
			objectives: 'Napravite plan',
			body: 'Džep i ljubav.'
		});
		await publish('module', practiceId);
		expect((await course('sr-Cyrl')).modules[1]).toMatchObject({
			title: 'У пракси, опет',
			summary: toCyrillic('Šta ćemo uraditi'),
			objectives: [toCyrillic('Napravite plan')]
		});
		expect((await course('sr-Cyrl')).modules[1].bodyHtml).toContain(toCyrillic('Džep i ljubav.'));

		await draft('module', practiceId, 'sr-Latn', { title: 'Latinski naslov' });
		await draft('module', practiceId, 'sr-Cyrl', { title: 'Ручни наслов' });
		await publish('module', practiceId);
		expect((await course('sr-Latn')).modules[1].title).toBe('Latinski naslov');
		expect((await course('sr-Cyrl')).modules[1].title).toBe('Ручни наслов');

		// An English-only change leaves the Cyrillic alone.
		await draft('module', practiceId, 'en', { title: 'English only' });
		await publish('module', practiceId);
		expect((await course('sr-Cyrl')).modules[1].title).toBe('Ручни наслов');
	});
});

describe('translation status', () => {
	const status = async (kind: Kind, id: number) =>
		Object.fromEntries((await structureTexts.translationStatus(db, kind, id)).status.map((s) => [s.locale, s.status]));

	it('turns outdated when the English is published anew, and current when the translation is', async () => {
		const later = Date.now() + 60_000;
		expect(await status('module', practiceId)).toEqual({ sq: 'current', 'sr-Latn': 'current', 'sr-Cyrl': 'current' });
		// A draft alone changes nothing: learners still read the same texts.
		await draft('module', practiceId, 'en', { title: 'In practice, again' });
		expect(await status('module', practiceId)).toEqual({ sq: 'current', 'sr-Latn': 'current', 'sr-Cyrl': 'current' });
		await publish('module', practiceId, { now: later });
		expect(await status('module', practiceId)).toEqual({
			sq: 'outdated',
			'sr-Latn': 'outdated',
			'sr-Cyrl': 'outdated'
		});
		await draft('module', practiceId, 'sr-Latn', { title: 'U praksi, opet' });
		await publish('module', practiceId, { now: later + 1 });
		expect(await status('module', practiceId)).toEqual({ sq: 'outdated', 'sr-Latn': 'current', 'sr-Cyrl': 'current' });
	});

	it('stays as it was when a publication leaves the English text unchanged', async () => {
		const later = Date.now() + 60_000;
		const en = await structureTexts.editorText(db, 'module', practiceId, 'en');
		// The English saved again without a change, and an Albanian change, published together.
		await draft('module', practiceId, 'en', {
			title: en.text.title,
			summary: en.text.summary,
			objectives: en.text.objectives.join('\n'),
			body: en.text.body
		});
		await draft('module', practiceId, 'sq', { title: 'Në praktikë, përsëri' });
		await publish('module', practiceId, { now: later });
		expect(await status('module', practiceId)).toEqual({ sq: 'current', 'sr-Latn': 'current', 'sr-Cyrl': 'current' });
	});

	it('says missing for a language without a text', async () => {
		const made = await createCourse(db, { title: 'English only', summary: '' }, { id: trainer, role: 'trainer' }, T0);
		if (!made.ok) throw new Error('course not created');
		expect(await status('course', made.id)).toEqual({ sq: 'missing', 'sr-Latn': 'missing', 'sr-Cyrl': 'missing' });
	});
});

describe('versions from outside the editor', () => {
	it('start with version 1 by the trainer for courses and modules made in the browser', async () => {
		const made = await createCourse(
			db,
			{ title: 'Fundraising', summary: 'Money for causes' },
			{ id: trainer, role: 'trainer' },
			T0
		);
		if (!made.ok) throw new Error('course not created');
		const mod = await createModule(db, made.id, 'Basics', trainer, T0);
		if (!mod.ok) throw new Error('module not created');
		expect((await structureTexts.history(db, 'course', made.id)).map((v) => [v.number, v.author])).toEqual([
			[1, 'Tina Trainer']
		]);
		expect((await structureTexts.history(db, 'module', mod.id)).map((v) => [v.number, v.author])).toEqual([
			[1, 'Tina Trainer']
		]);
	});

	it('come from the content import: a browser edit stays until its file changes, then the file wins as a new version', async () => {
		await draft('course', demoId, 'en', { title: 'Edited in the browser', summary: 'Browser summary.' });
		await publish('course', demoId);
		await draft('module', practiceId, 'en', { title: 'Module edited in the browser' });
		await publish('module', practiceId);

		// content/ unchanged: nothing changes, no version is added.
		await importOk(db, root);
		expect((await course()).title).toBe('Edited in the browser');
		expect((await course()).modules[1].title).toBe('Module edited in the browser');
		expect(await structureTexts.history(db, 'course', demoId)).toHaveLength(2);

		// The course file changes: it wins, as version 3 by the import; the module keeps its edit.
		writeFiles(root, {
			'demo/course.md': md({ title: 'Demo course (revised)', summary: 'Revised on disk.', pass_mark: 70 }, '')
		});
		await importOk(db, root);
		expect((await course()).title).toBe('Demo course (revised)');
		expect((await course()).modules[1].title).toBe('Module edited in the browser');
		expect((await structureTexts.history(db, 'course', demoId)).map((v) => [v.number, v.author])).toEqual([
			[3, null],
			[2, 'Tina Trainer'],
			[1, null]
		]);
	});
});

describe('migration 0007', () => {
	it('gives the texts already there a version 1 from the import', async () => {
		// A database as it was before 0007, with a course and a module in it.
		const raw = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
		const migrator = new Migrator({ db: raw, provider: { getMigrations: async () => migrations } });
		expect((await migrator.migrateTo('0006_privacy')).error).toBeUndefined();
		const old = raw as unknown as Kysely<Record<string, Record<string, unknown>>>;
		await old
			.insertInto('courses')
			.values({
				id: 1,
				slug: 'old',
				pass_mark: 70,
				certificate_modules: 'all',
				org_min_certified: 2,
				created_at: T0,
				updated_at: T0
			})
			.execute();
		await old
			.insertInto('course_texts')
			.values([
				{
					course_id: 1,
					locale: 'en',
					title: 'Old course',
					summary: 'S',
					body_html: '<p>B</p>',
					body_md: 'B',
					updated_at: T0
				},
				{
					course_id: 1,
					locale: 'sq',
					title: 'Kurs i vjetër',
					summary: 'S',
					body_html: '',
					body_md: '',
					updated_at: T0 + 5
				}
			])
			.execute();
		await old.insertInto('modules').values({ id: 7, course_id: 1, slug: 'm', position: 1 }).execute();
		await old
			.insertInto('module_texts')
			.values({
				module_id: 7,
				locale: 'en',
				title: 'Old module',
				summary: '',
				objectives: '["Learn"]',
				body_html: '',
				body_md: 'Intro',
				updated_at: 0
			})
			.execute();

		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		const versions = await raw.selectFrom('structure_versions').selectAll().orderBy('kind').execute();
		expect(versions.map((v) => ({ ...v, texts: JSON.parse(v.texts) }))).toEqual([
			{
				id: 1,
				kind: 'course',
				target_id: 1,
				number: 1,
				created_at: T0 + 5,
				created_by: null,
				note: '',
				texts: {
					en: { title: 'Old course', summary: 'S', objectives: [], body: 'B' },
					sq: { title: 'Kurs i vjetër', summary: 'S', objectives: [], body: '' }
				}
			},
			{
				id: 2,
				kind: 'module',
				target_id: 7,
				number: 1,
				created_at: expect.any(Number),
				created_by: null,
				note: '',
				texts: { en: { title: 'Old module', summary: '', objectives: ['Learn'], body: 'Intro' } }
			}
		]);
		expect(await raw.selectFrom('courses').select('edit_revision').executeTakeFirst()).toEqual({ edit_revision: 0 });
		expect((await migrator.migrateDown()).error).toBeUndefined();
		await raw.destroy();
	});
});
