// Authoring in the browser: who may edit a course, lesson drafts (invisible to learners until
// published), the optimistic revision check, publishing and restoring versions, translation status,
// the sanitiser report of the preview, course structure, and how a later content/ import treats
// lessons published or created in the browser. Course and module texts: structure-texts.spec.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import {
	MAX_BODY_BYTES,
	assignAuthor,
	authorCourseIds,
	canAuthor,
	courseOutline,
	createCourse,
	createLesson,
	createModule,
	diffVersions,
	editorText,
	history,
	lessonContext,
	move,
	preview,
	publish,
	saveDraft,
	translationStatus,
	unassignAuthor
} from '$lib/server/authoring/lessons';
import { getCourseById, getCourseBySlug, getLessonText } from '$lib/server/catalogue/courses';
import { completeLesson, enrol } from '$lib/server/learning/progress';
import { toCyrillic } from '$lib/i18n/script';
import { T0, insertUser } from './helpers';
import { freshContentDb, importOk, md, removeTempDirs, writeDemo, writeFiles } from './content-fixture';

let db: DB;
let root: string;
let demoId: number;
let admin: number;
let trainer: number;
let otherTrainer: number;
let coordinator: number;
let learner: number;

beforeEach(async () => {
	db = await freshContentDb();
	root = writeDemo();
	await importOk(db, root);
	demoId = (await db.selectFrom('courses').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).id;
	admin = await insertUser(db, { name: 'Ada Admin', email: 'admin@example.org', role: 'admin' });
	trainer = await insertUser(db, { name: 'Tina Trainer', email: 'tina@example.org', role: 'trainer' });
	otherTrainer = await insertUser(db, { name: 'Toma Trainer', email: 'toma@example.org', role: 'trainer' });
	coordinator = await insertUser(db, { name: 'Cora Coordinator', email: 'cora@example.org', role: 'coordinator' });
	learner = await insertUser(db, { name: 'Lea Learner', email: 'lea@example.org', role: 'learner' });
});
afterEach(removeTempDirs);

async function lesson(slug: string) {
	const row = await db
		.selectFrom('lessons')
		.select(['id', 'edit_revision', 'current_version_id'])
		.where('slug', '=', slug)
		.executeTakeFirstOrThrow();
	return { id: row.id, revision: row.edit_revision, versionId: row.current_version_id! };
}

async function course(locale = 'en') {
	const c = await getCourseBySlug(db, 'demo', locale);
	if (!c) throw new Error('course demo not found');
	return c;
}

async function texts(versionId: number) {
	const rows = await db
		.selectFrom('lesson_texts')
		.select(['locale', 'title', 'body_md', 'body_html'])
		.where('version_id', '=', versionId)
		.orderBy('locale')
		.execute();
	return Object.fromEntries(rows.map((r) => [r.locale, r]));
}

async function drafts(lessonId: number) {
	return db
		.selectFrom('lesson_drafts')
		.select(['locale', 'title', 'body_md'])
		.where('lesson_id', '=', lessonId)
		.orderBy('locale')
		.execute();
}

async function versionCount(lessonId: number) {
	const r = await db
		.selectFrom('lesson_versions')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('lesson_id', '=', lessonId)
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

const draft = (
	lessonId: number,
	expectedRevision: number,
	body: string,
	extra: Partial<{ locale: 'en' | 'sq' | 'sr-Latn' | 'sr-Cyrl'; title: string; userId: number }> = {}
) =>
	saveDraft(
		db,
		{
			lessonId,
			locale: extra.locale ?? 'en',
			title: extra.title ?? 'Make a plan',
			body,
			expectedRevision,
			userId: extra.userId ?? trainer
		},
		T0
	);

describe('canAuthor', () => {
	it('lets an admin author every course, including ones nobody is assigned to', async () => {
		const other = await createCourse(db, { title: 'Second course', summary: '' }, { id: admin, role: 'admin' }, T0);
		expect(other.ok).toBe(true);
		expect(await canAuthor(db, { id: admin, role: 'admin' }, demoId)).toBe(true);
		expect(await canAuthor(db, { id: admin, role: 'admin' }, other.ok ? other.id : -1)).toBe(true);
		expect((await authorCourseIds(db, { id: admin, role: 'admin' })).sort()).toEqual(
			[demoId, other.ok ? other.id : -1].sort()
		);
	});

	it('lets a trainer author only the courses they are assigned to, until unassigned', async () => {
		expect(await canAuthor(db, { id: trainer, role: 'trainer' }, demoId)).toBe(false);
		await assignAuthor(db, demoId, trainer);
		await assignAuthor(db, demoId, trainer); // twice is harmless
		expect(await canAuthor(db, { id: trainer, role: 'trainer' }, demoId)).toBe(true);
		expect(await canAuthor(db, { id: otherTrainer, role: 'trainer' }, demoId)).toBe(false);
		expect(await authorCourseIds(db, { id: trainer, role: 'trainer' })).toEqual([demoId]);
		expect(await authorCourseIds(db, { id: otherTrainer, role: 'trainer' })).toEqual([]);
		await unassignAuthor(db, demoId, trainer);
		expect(await canAuthor(db, { id: trainer, role: 'trainer' }, demoId)).toBe(false);
	});

	it('never lets a coordinator or a learner author, even with an author row', async () => {
		await assignAuthor(db, demoId, coordinator);
		await assignAuthor(db, demoId, learner);
		expect(await canAuthor(db, { id: coordinator, role: 'coordinator' }, demoId)).toBe(false);
		expect(await canAuthor(db, { id: learner, role: 'learner' }, demoId)).toBe(false);
		expect(await authorCourseIds(db, { id: coordinator, role: 'coordinator' })).toEqual([]);
		expect(await authorCourseIds(db, { id: learner, role: 'learner' })).toEqual([]);
	});

	it('makes the trainer who creates a course its author', async () => {
		const made = await createCourse(
			db,
			{ title: 'Fundraising basics', summary: 'Money for causes' },
			{ id: trainer, role: 'trainer' },
			T0
		);
		if (!made.ok) throw new Error('course not created');
		expect(await canAuthor(db, { id: trainer, role: 'trainer' }, made.id)).toBe(true);
		expect(await canAuthor(db, { id: otherTrainer, role: 'trainer' }, made.id)).toBe(false);
	});
});

describe('saveDraft', () => {
	it('keeps the draft invisible to learners until it is published', async () => {
		const plan = await lesson('plan');
		const before = await getLessonText(db, plan.versionId, 'en');
		const result = await draft(plan.id, plan.revision, '## Plan\n\nA brand new draft body.', { title: 'A new plan' });
		expect(result).toEqual({ ok: true, revision: plan.revision + 1 });

		// Learners: same version, same text.
		expect(await getLessonText(db, plan.versionId, 'en')).toEqual(before);
		const c = await course();
		expect(c.modules[1].lessons[0]).toMatchObject({ id: plan.id, versionId: plan.versionId, title: 'Make a plan' });
		expect((await lesson('plan')).versionId).toBe(plan.versionId);

		// The editor: the draft, with the published text beside it.
		const shown = await editorText(db, plan.id, plan.versionId, 'en');
		expect(shown).toMatchObject({ title: 'A new plan', body: '## Plan\n\nA brand new draft body.', draft: true });
		expect(shown.published?.title).toBe('Make a plan');
		// Other locales still show their published text.
		expect(await editorText(db, plan.id, plan.versionId, 'sq')).toMatchObject({ title: 'Bëni një plan', draft: false });
	});

	it('refuses a save against an older revision and overwrites nothing', async () => {
		const plan = await lesson('plan');
		// Two editors load the lesson at the same revision.
		const first = await draft(plan.id, plan.revision, 'First editor', { userId: trainer });
		expect(first).toEqual({ ok: true, revision: plan.revision + 1 });
		const second = await draft(plan.id, plan.revision, 'Second editor', { userId: admin });
		expect(second).toEqual({ ok: false, reason: 'conflict', revision: plan.revision + 1 });
		expect(await drafts(plan.id)).toEqual([{ locale: 'en', title: 'Make a plan', body_md: 'First editor' }]);
		expect((await lesson('plan')).revision).toBe(plan.revision + 1);
		// Reloaded at the new revision, the second editor can save.
		expect(await draft(plan.id, plan.revision + 1, 'Second editor, reloaded', { userId: admin })).toEqual({
			ok: true,
			revision: plan.revision + 2
		});
	});

	it('refuses a body over 200 KB and saves nothing', async () => {
		const plan = await lesson('plan');
		expect(MAX_BODY_BYTES).toBe(200 * 1024);
		expect(await draft(plan.id, plan.revision, 'x'.repeat(MAX_BODY_BYTES + 1))).toEqual({
			ok: false,
			reason: 'too_large'
		});
		// Counted in bytes: 150 000 Cyrillic letters are 300 000 bytes.
		expect(await draft(plan.id, plan.revision, 'ш'.repeat(150_000))).toEqual({ ok: false, reason: 'too_large' });
		expect(await drafts(plan.id)).toEqual([]);
		expect((await lesson('plan')).revision).toBe(plan.revision);
		// Exactly the limit is fine.
		expect(await draft(plan.id, plan.revision, 'x'.repeat(MAX_BODY_BYTES))).toMatchObject({ ok: true });
	});

	it('requires a title and normalises line endings', async () => {
		const plan = await lesson('plan');
		expect(await draft(plan.id, plan.revision, 'Body', { title: '   ' })).toEqual({
			ok: false,
			reason: 'title_required'
		});
		expect(await drafts(plan.id)).toEqual([]);
		await draft(plan.id, plan.revision, 'one\r\ntwo\rthree');
		expect((await drafts(plan.id))[0].body_md).toBe('one\ntwo\nthree');
	});
});

describe('publish', () => {
	it('makes a new version from the drafts that learners then see; untouched locales carry over', async () => {
		const plan = await lesson('plan');
		const v1 = await texts(plan.versionId);
		const saved = await draft(plan.id, plan.revision, '## Plan\n\nWrite down **two** goals.', {
			title: 'Make a better plan'
		});
		if (!saved.ok) throw new Error('draft not saved');
		const result = await publish(
			db,
			{ lessonId: plan.id, expectedRevision: saved.revision, userId: trainer, note: 'Two goals' },
			T0
		);
		if (!result.ok) throw new Error(`publish failed: ${result.reason}`);
		expect(result.number).toBe(2);

		const now = await lesson('plan');
		expect(now.versionId).toBe(result.versionId);
		expect(now.revision).toBe(saved.revision + 1);
		expect(await drafts(plan.id)).toEqual([]);

		const c = await course();
		expect(c.modules[1].lessons[0]).toMatchObject({ versionId: result.versionId, title: 'Make a better plan' });
		expect((await getLessonText(db, result.versionId, 'en'))?.html).toContain('<strong>two</strong>');
		// The translations of the old version are kept as they were.
		const v2 = await texts(result.versionId);
		expect(Object.keys(v2)).toEqual(Object.keys(v1));
		for (const locale of ['sq', 'sr-Latn', 'sr-Cyrl']) expect(v2[locale]).toEqual(v1[locale]);
		// The old version is still there, unchanged.
		expect(await texts(plan.versionId)).toEqual(v1);
	});

	it('keeps the version a learner completed on their progress record', async () => {
		await enrol(db, learner, demoId, T0);
		const welcome = await lesson('welcome');
		expect((await completeLesson(db, learner, await course(), welcome.id, T0)).ok).toBe(true);

		const saved = await draft(welcome.id, welcome.revision, 'Rewritten welcome.', { title: 'Welcome, again' });
		if (!saved.ok) throw new Error('draft not saved');
		const result = await publish(db, { lessonId: welcome.id, expectedRevision: saved.revision, userId: trainer }, T0);
		if (!result.ok) throw new Error('publish failed');

		const progress = await db.selectFrom('lesson_progress').selectAll().where('user_id', '=', learner).execute();
		expect(progress).toHaveLength(1);
		expect(progress[0]).toMatchObject({ lesson_id: welcome.id, lesson_version_id: welcome.versionId });
		expect(result.versionId).not.toBe(welcome.versionId);
		// The version the learner saw can still be read as it was.
		expect((await getLessonText(db, welcome.versionId, 'en'))?.title).toBe('Welcome to the course');
		expect((await course()).modules[0].lessons[0]).toMatchObject({
			versionId: result.versionId,
			title: 'Welcome, again'
		});
	});

	it('refuses to publish against an older revision and leaves version and drafts alone', async () => {
		const plan = await lesson('plan');
		// Both editors load revision r; the first saves a draft, the second publishes with r.
		const saved = await draft(plan.id, plan.revision, 'First editor');
		expect(saved.ok).toBe(true);
		expect(await publish(db, { lessonId: plan.id, expectedRevision: plan.revision, userId: admin }, T0)).toEqual({
			ok: false,
			reason: 'conflict'
		});
		expect(await versionCount(plan.id)).toBe(1);
		expect((await lesson('plan')).versionId).toBe(plan.versionId);
		expect(await drafts(plan.id)).toEqual([{ locale: 'en', title: 'Make a plan', body_md: 'First editor' }]);

		// And after a publication, a second publish with the revision loaded before it is refused too.
		const current = (await lesson('plan')).revision;
		expect((await publish(db, { lessonId: plan.id, expectedRevision: current, userId: trainer }, T0)).ok).toBe(true);
		await draft(plan.id, current + 1, 'Another draft');
		expect(await publish(db, { lessonId: plan.id, expectedRevision: current, userId: admin }, T0)).toEqual({
			ok: false,
			reason: 'conflict'
		});
		expect(await versionCount(plan.id)).toBe(2);
	});

	it('has nothing to publish without drafts, and refuses an unknown lesson', async () => {
		const plan = await lesson('plan');
		expect(await publish(db, { lessonId: plan.id, expectedRevision: plan.revision, userId: trainer }, T0)).toEqual({
			ok: false,
			reason: 'nothing'
		});
		expect(await versionCount(plan.id)).toBe(1);
		expect(await publish(db, { lessonId: 99_999, expectedRevision: 0, userId: trainer }, T0)).toEqual({
			ok: false,
			reason: 'not_found'
		});
	});

	it('remakes the Cyrillic from a Latin draft, but keeps a Cyrillic text drafted by hand', async () => {
		const plan = await lesson('plan');
		const latin = await draft(plan.id, plan.revision, '## Plan\n\nZapišite dva cilja.', {
			locale: 'sr-Latn',
			title: 'Napravite dobar plan'
		});
		if (!latin.ok) throw new Error('draft not saved');
		const first = await publish(db, { lessonId: plan.id, expectedRevision: latin.revision, userId: trainer }, T0);
		if (!first.ok) throw new Error('publish failed');
		const v2 = await texts(first.versionId);
		expect(v2['sr-Cyrl']).toMatchObject({
			title: toCyrillic('Napravite dobar plan'),
			body_md: toCyrillic('## Plan\n\nZapišite dva cilja.')
		});
		expect(v2['sr-Cyrl'].title).toBe('Направите добар план');
		expect((await getLessonText(db, first.versionId, 'sr-Cyrl'))?.title).toBe('Направите добар план');

		let revision = (await lesson('plan')).revision;
		const l2 = await draft(plan.id, revision, 'Latinica.', { locale: 'sr-Latn', title: 'Latinski naslov' });
		const c2 = await draft(plan.id, l2.ok ? l2.revision : -1, 'Ручно писано.', {
			locale: 'sr-Cyrl',
			title: 'Ручни наслов'
		});
		if (!c2.ok) throw new Error('draft not saved');
		const second = await publish(db, { lessonId: plan.id, expectedRevision: c2.revision, userId: trainer }, T0);
		if (!second.ok) throw new Error('publish failed');
		const v3 = await texts(second.versionId);
		expect(v3['sr-Latn']).toMatchObject({ title: 'Latinski naslov', body_md: 'Latinica.' });
		expect(v3['sr-Cyrl']).toMatchObject({ title: 'Ручни наслов', body_md: 'Ручно писано.' });

		// An English-only change leaves the Cyrillic alone.
		revision = (await lesson('plan')).revision;
		const en = await draft(plan.id, revision, 'English only.');
		const third = await publish(
			db,
			{ lessonId: plan.id, expectedRevision: en.ok ? en.revision : -1, userId: trainer },
			T0
		);
		if (!third.ok) throw new Error('publish failed');
		expect((await texts(third.versionId))['sr-Cyrl']).toMatchObject({
			title: 'Ручни наслов',
			body_md: 'Ручно писано.'
		});
	});

	it('stores sanitised HTML for learners', async () => {
		const plan = await lesson('plan');
		const saved = await draft(
			plan.id,
			plan.revision,
			'Hello <script>alert(1)</script>\n\n[click](javascript:alert(2))\n\n<img src="a.png" onerror="alert(3)">'
		);
		const result = await publish(
			db,
			{ lessonId: plan.id, expectedRevision: saved.ok ? saved.revision : -1, userId: trainer },
			T0
		);
		if (!result.ok) throw new Error('publish failed');
		const html = (await getLessonText(db, result.versionId, 'en'))!.html;
		expect(html).not.toMatch(/script|javascript|onerror|alert/i);
		expect(html).toContain('src="/content-assets/demo/02-practice/a.png"');
	});
});

describe('history, restore and diff', () => {
	async function publishBody(lessonId: number, body: string, note = '', userId = trainer) {
		const { revision } = await lesson('plan');
		const saved = await draft(lessonId, revision, body, { userId });
		if (!saved.ok) throw new Error('draft not saved');
		const result = await publish(db, { lessonId, expectedRevision: saved.revision, userId, note }, T0);
		if (!result.ok) throw new Error('publish failed');
		return result;
	}

	it('lists versions newest first with who published them and why', async () => {
		const plan = await lesson('plan');
		await publishBody(plan.id, 'Second', 'Shorter', trainer);
		await publishBody(plan.id, 'Third', 'Even shorter', admin);
		const list = await history(db, plan.id);
		expect(list.map((v) => [v.number, v.author, v.note])).toEqual([
			[3, 'Ada Admin', 'Even shorter'],
			[2, 'Tina Trainer', 'Shorter'],
			[1, null, '']
		]);
	});

	it('restores an old version as a new version, with every locale of that version', async () => {
		const plan = await lesson('plan');
		const v1 = await texts(plan.versionId);
		await publishBody(plan.id, 'Completely different');
		const { revision } = await lesson('plan');
		const restored = await publish(
			db,
			{
				lessonId: plan.id,
				expectedRevision: revision,
				userId: admin,
				restoreFrom: plan.versionId,
				note: 'Back to the first'
			},
			T0
		);
		if (!restored.ok) throw new Error('restore failed');
		expect(restored.number).toBe(3);
		expect((await lesson('plan')).versionId).toBe(restored.versionId);
		const v3 = await texts(restored.versionId);
		for (const locale of ['en', 'sq', 'sr-Latn', 'sr-Cyrl']) {
			expect(v3[locale]).toMatchObject({ title: v1[locale].title, body_md: v1[locale].body_md });
		}
		expect((await course()).modules[1].lessons[0]).toMatchObject({
			versionId: restored.versionId,
			title: 'Make a plan'
		});
		expect((await history(db, plan.id)).map((v) => v.number)).toEqual([3, 2, 1]);
	});

	it('refuses a restore against an older revision', async () => {
		const plan = await lesson('plan');
		await publishBody(plan.id, 'Completely different');
		expect(
			await publish(
				db,
				{ lessonId: plan.id, expectedRevision: plan.revision, userId: admin, restoreFrom: plan.versionId },
				T0
			)
		).toEqual({ ok: false, reason: 'conflict' });
		expect(await versionCount(plan.id)).toBe(2);
	});

	it('diffs a locale between two versions paragraph by paragraph, with the unchanged ones around', async () => {
		const plan = await lesson('plan');
		const v2 = await publishBody(plan.id, '## Plan\n\nWrite down two goals.');
		const parts = await diffVersions(db, plan.id, plan.versionId, v2.versionId, 'en');
		expect(parts.filter((p) => p.removed).map((p) => p.text)).toEqual(['Write down one goal.']);
		expect(parts.filter((p) => p.added).map((p) => p.text)).toEqual(['Write down two goals.']);
		// One unchanged paragraph of context before the change; the title further up is counted, not shown.
		expect(parts.map((p) => (p.skipped ? `… ${p.skipped} …` : p.text))).toEqual([
			'… 1 …',
			'## Plan',
			'Write down one goal.',
			'Write down two goals.'
		]);
		// The Albanian did not change: nothing to show.
		expect(await diffVersions(db, plan.id, plan.versionId, v2.versionId, 'sq')).toEqual([]);
	});
});

describe('translationStatus', () => {
	it('marks translations outdated when the English changes, and current again once translated', async () => {
		const plan = await lesson('plan');
		const statuses = async () =>
			Object.fromEntries((await translationStatus(db, plan.id)).map((s) => [s.locale, s.status]));
		expect(await statuses()).toEqual({ sq: 'current', 'sr-Latn': 'current', 'sr-Cyrl': 'current' });

		const en = await draft(plan.id, plan.revision, 'Write down two goals.');
		const p1 = await publish(
			db,
			{ lessonId: plan.id, expectedRevision: en.ok ? en.revision : -1, userId: trainer },
			T0
		);
		expect(p1.ok).toBe(true);
		expect(await statuses()).toEqual({ sq: 'outdated', 'sr-Latn': 'outdated', 'sr-Cyrl': 'outdated' });

		let revision = (await lesson('plan')).revision;
		const sq = await draft(plan.id, revision, 'Shkruani dy qëllime.', { locale: 'sq', title: 'Bëni një plan' });
		const sr = await draft(plan.id, sq.ok ? sq.revision : -1, 'Zapišite dva cilja.', {
			locale: 'sr-Latn',
			title: 'Napravite plan'
		});
		revision = sr.ok ? sr.revision : -1;
		expect((await publish(db, { lessonId: plan.id, expectedRevision: revision, userId: trainer }, T0)).ok).toBe(true);
		expect(await statuses()).toEqual({ sq: 'current', 'sr-Latn': 'current', 'sr-Cyrl': 'current' });
	});

	it('reports every translation missing for a lesson published only in English', async () => {
		const intro = await db.selectFrom('modules').select('id').where('slug', '=', 'intro').executeTakeFirstOrThrow();
		const made = await createLesson(db, intro.id, 'Brand new lesson', trainer, T0);
		if (!made.ok) throw new Error('lesson not created');
		const ctx = await lessonContext(db, made.id);
		expect(await translationStatus(db, made.id)).toEqual([
			{ locale: 'sq', status: 'missing' },
			{ locale: 'sr-Latn', status: 'missing' },
			{ locale: 'sr-Cyrl', status: 'missing' }
		]);
		const saved = await draft(made.id, ctx!.edit_revision, 'Body', { title: 'Brand new lesson' });
		expect(
			(await publish(db, { lessonId: made.id, expectedRevision: saved.ok ? saved.revision : -1, userId: trainer }, T0))
				.ok
		).toBe(true);
		expect((await translationStatus(db, made.id)).map((s) => s.status)).toEqual(['missing', 'missing', 'missing']);
	});
});

describe('preview', async () => {
	const ctx = { courseSlug: 'demo', modulePosition: 2, moduleSlug: 'practice' };
	async function shown(body: string) {
		const out = await preview(body, ctx);
		if (!out.ok) throw new Error('refused');
		return out;
	}

	it('removes scripts and reports it', async () => {
		const out = await shown('Hello\n\n<script>alert("x")</script>\n\nBye');
		expect(out.html).not.toMatch(/<script|alert/);
		expect(out.html).toContain('Hello');
		expect(out.removed).toContain('<script>');
	});

	it('removes javascript: links and reports them', async () => {
		const out = await shown('[Click me](javascript:alert(1))');
		expect(out.html).not.toMatch(/javascript/i);
		expect(out.html).toContain('Click me');
		expect(out.removed).toContain('href="javascript:"');
	});

	it('removes event handlers such as onerror and reports them', async () => {
		const out = await shown('<img src="map.png" alt="Map" onerror="alert(1)">');
		expect(out.html).not.toMatch(/onerror|alert/);
		expect(out.html).toContain('<img src="/content-assets/demo/02-practice/map.png" alt="Map"');
		expect(out.removed).toContain('onerror=');
	});

	it('removes iframes and reports them', async () => {
		const out = await shown('Watch:\n\n<iframe src="https://example.org/video"></iframe>');
		expect(out.html).not.toMatch(/iframe|example\.org/);
		expect(out.removed).toContain('<iframe>');
	});

	it('reports nothing for plain Markdown and points relative images at the module folder', async () => {
		const out = await shown('## Title\n\nSome **bold** text and ![a map](images/map.png).');
		expect(out.removed).toEqual([]);
		expect(out.html).toContain('<h2>Title</h2>');
		expect(out.html).toContain('src="/content-assets/demo/02-practice/images/map.png"');
	});
});

describe('course structure', () => {
	it('creates a course with a free slug, and refuses one without a title', async () => {
		const a = await createCourse(
			db,
			{ title: 'Demo', summary: 'Clash with the imported course' },
			{ id: admin, role: 'admin' },
			T0
		);
		expect(a).toMatchObject({ ok: true, slug: 'demo-2' });
		expect(await createCourse(db, { title: '  ', summary: '' }, { id: admin, role: 'admin' }, T0)).toEqual({
			ok: false,
			reason: 'title_required'
		});
		// An admin who creates a course is not made an author row (admins author everything anyway).
		expect(await db.selectFrom('course_authors').selectAll().execute()).toEqual([]);
	});

	it('hides a new module from learners until it has a published lesson', async () => {
		const mod = await createModule(db, demoId, 'Going further');
		if (!mod.ok) throw new Error('module not created');
		const made = await createLesson(db, mod.id, 'Next steps', trainer, T0);
		if (!made.ok) throw new Error('lesson not created');

		// Learners: still the two imported modules.
		expect((await course()).modules.map((m) => m.slug)).toEqual(['intro', 'practice']);
		// Authors: the module and its unpublished lesson, titled by its draft.
		const outline = await courseOutline(db, demoId, 'en');
		expect(outline.map((m) => m.slug)).toEqual(['intro', 'practice', 'going-further']);
		expect(outline[2]).toMatchObject({
			title: 'Going further',
			quizId: null,
			lessons: [{ id: made.id, title: 'Next steps', published: false, draft: true }]
		});

		const ctx = await lessonContext(db, made.id);
		const saved = await draft(made.id, ctx!.edit_revision, 'What to do next.', { title: 'Next steps' });
		expect(
			(await publish(db, { lessonId: made.id, expectedRevision: saved.ok ? saved.revision : -1, userId: trainer }, T0))
				.ok
		).toBe(true);
		const c = await course();
		expect(c.modules.map((m) => m.slug)).toEqual(['intro', 'practice', 'going-further']);
		expect(c.modules[2].lessons.map((l) => l.title)).toEqual(['Next steps']);
		expect((await courseOutline(db, demoId, 'en'))[2].lessons[0]).toMatchObject({ published: true, draft: false });
	});

	it('hides a new course with no published lesson from learners', async () => {
		const made = await createCourse(
			db,
			{ title: 'Fundraising', summary: 'Money' },
			{ id: trainer, role: 'trainer' },
			T0
		);
		if (!made.ok) throw new Error('course not created');
		const mod = await createModule(db, made.id, 'Basics');
		expect(mod.ok).toBe(true);
		const c = await getCourseById(db, made.id, 'en');
		expect(c?.modules).toEqual([]);
		expect(c?.lessonCount).toBe(0);
	});

	it('gives new lessons the next position and a slug free within the module', async () => {
		const practice = await db
			.selectFrom('modules')
			.select('id')
			.where('slug', '=', 'practice')
			.executeTakeFirstOrThrow();
		const a = await createLesson(db, practice.id, 'Make a plan', trainer, T0);
		const b = await createLesson(db, practice.id, 'Make a plan', trainer, T0);
		const rows = await db
			.selectFrom('lessons')
			.select(['slug', 'position'])
			.where('module_id', '=', practice.id)
			.orderBy('position')
			.execute();
		expect(rows).toEqual([
			{ slug: 'plan', position: 1 },
			{ slug: 'act', position: 2 },
			{ slug: 'make-a-plan', position: 3 },
			{ slug: 'make-a-plan-2', position: 4 }
		]);
		expect(a.ok && b.ok).toBe(true);
		expect(await createLesson(db, practice.id, '', trainer, T0)).toEqual({ ok: false, reason: 'title_required' });
		expect(await createModule(db, demoId, '')).toEqual({ ok: false, reason: 'title_required' });
	});

	it('moves lessons and modules among their siblings, as learners then see', async () => {
		const act = await lesson('act');
		expect(await move(db, 'lesson', act.id, 'up')).toBe(true);
		expect((await course()).modules[1].lessons.map((l) => l.slug)).toEqual(['act', 'plan']);
		expect(await move(db, 'lesson', act.id, 'up')).toBe(false); // already first

		const practice = await db
			.selectFrom('modules')
			.select('id')
			.where('slug', '=', 'practice')
			.executeTakeFirstOrThrow();
		expect(await move(db, 'module', practice.id, 'down')).toBe(false); // already last
		expect(await move(db, 'module', practice.id, 'up')).toBe(true);
		expect((await course()).modules.map((m) => m.slug)).toEqual(['practice', 'intro']);
		expect((await courseOutline(db, demoId, 'en')).map((m) => m.slug)).toEqual(['practice', 'intro']);
		expect(await move(db, 'lesson', 99_999, 'up')).toBe(false);
	});

	it('shows the outline in the reader’s locale, falling back to English', async () => {
		const outline = await courseOutline(db, demoId, 'sq');
		expect(outline.map((m) => m.title)).toEqual(['Organizata juaj', 'Në praktikë']);
		expect(outline[0].lessons.map((l) => l.title)).toEqual(['Mirë se vini në kurs', 'Pse ka rëndësi misioni juaj']);
		expect(outline[0].quizId).not.toBeNull();
		const intro = await db.selectFrom('modules').select('id').where('slug', '=', 'intro').executeTakeFirstOrThrow();
		await createLesson(db, intro.id, 'Only in English', trainer, T0);
		expect((await courseOutline(db, demoId, 'sq'))[0].lessons[2]).toMatchObject({
			title: 'Only in English',
			published: false
		});
	});
});

describe('importing content/ after browser edits', () => {
	async function publishInBrowser(slug: string, body: string) {
		const l = await lesson(slug);
		const saved = await draft(l.id, l.revision, body, { title: 'Edited in the browser' });
		const result = await publish(
			db,
			{ lessonId: l.id, expectedRevision: saved.ok ? saved.revision : -1, userId: trainer },
			T0
		);
		if (!result.ok) throw new Error('publish failed');
		return result;
	}

	it('keeps a lesson version published in the browser when content/ has not changed', async () => {
		const published = await publishInBrowser('plan', 'Browser body');
		const report = await importOk(db, root);
		expect(report.courses).toEqual([{ slug: 'demo', newLessonVersions: 0, newQuizVersions: 0, skipped: false }]);
		expect((await lesson('plan')).versionId).toBe(published.versionId);
		expect((await course()).modules[1].lessons[0].title).toBe('Edited in the browser');
	});

	it('makes a new version when the lesson’s file on disk changes', async () => {
		const published = await publishInBrowser('plan', 'Browser body');
		writeFiles(root, {
			'demo/02-practice/01-plan.md': md(
				{ title: 'Make a plan (revised)', minutes: 6 },
				'## Plan\n\nWrite down one clear goal.'
			)
		});
		const report = await importOk(db, root);
		expect(report.courses[0].newLessonVersions).toBe(1);
		const now = await lesson('plan');
		expect(now.versionId).not.toBe(published.versionId);
		expect((await history(db, now.id)).map((v) => v.number)).toEqual([3, 2, 1]);
		expect((await course()).modules[1].lessons[0].title).toBe('Make a plan (revised)');
	});

	it('does not archive a lesson created in the browser', async () => {
		const practice = await db
			.selectFrom('modules')
			.select('id')
			.where('slug', '=', 'practice')
			.executeTakeFirstOrThrow();
		const made = await createLesson(db, practice.id, 'Reflect', trainer, T0);
		if (!made.ok) throw new Error('lesson not created');
		const ctx = await lessonContext(db, made.id);
		const saved = await draft(made.id, ctx!.edit_revision, 'Think back.', { title: 'Reflect' });
		expect(
			(await publish(db, { lessonId: made.id, expectedRevision: saved.ok ? saved.revision : -1, userId: trainer }, T0))
				.ok
		).toBe(true);
		// An unpublished browser lesson too.
		const unpublished = await createLesson(db, practice.id, 'Later', trainer, T0);

		await importOk(db, root);
		const rows = await db
			.selectFrom('lessons')
			.select(['slug', 'archived'])
			.where('module_id', '=', practice.id)
			.orderBy('position')
			.execute();
		expect(rows).toEqual([
			{ slug: 'plan', archived: 0 },
			{ slug: 'act', archived: 0 },
			{ slug: 'reflect', archived: 0 },
			{ slug: 'later', archived: 0 }
		]);
		expect(unpublished.ok).toBe(true);
		expect((await course()).modules[1].lessons.map((l) => l.title)).toEqual(['Make a plan', 'Act on it', 'Reflect']);
	});

	it('does not archive a module created in the browser, nor hide its published lessons', async () => {
		const mod = await createModule(db, demoId, 'Going further');
		if (!mod.ok) throw new Error('module not created');
		const made = await createLesson(db, mod.id, 'Next steps', trainer, T0);
		if (!made.ok) throw new Error('lesson not created');
		const ctx = await lessonContext(db, made.id);
		const saved = await draft(made.id, ctx!.edit_revision, 'What to do next.', { title: 'Next steps' });
		expect(
			(await publish(db, { lessonId: made.id, expectedRevision: saved.ok ? saved.revision : -1, userId: trainer }, T0))
				.ok
		).toBe(true);
		expect((await course()).modules.map((m) => m.slug)).toEqual(['intro', 'practice', 'going-further']);

		await importOk(db, root); // content/ unchanged
		expect((await course()).modules.map((m) => m.slug)).toEqual(['intro', 'practice', 'going-further']);
		expect((await courseOutline(db, demoId, 'en')).map((m) => m.slug)).toEqual(['intro', 'practice', 'going-further']);
	});
});
