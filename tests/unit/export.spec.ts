// Exporting a course back to the content/ format and importing a course zip: export → import into a
// fresh database → export again gives the same bytes, for the demo course, for a course edited in the
// browser and for the real outreach course; a bad archive is refused whole.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import { exportCourseFiles, exportCourseZip, importCourseZip } from '$lib/server/catalogue/content/export';
import { createLesson, createModule, lessonContext, publish, saveDraft } from '$lib/server/authoring/lessons';
import * as structureTexts from '$lib/server/authoring/structure-texts';
import { publishQuiz, publishedQuiz, quizContext, saveQuizDraft } from '$lib/server/authoring/quiz-versions';
import { getCourseBySlug } from '$lib/server/catalogue/courses';
import * as assignments from '$lib/server/assignments';
import * as assignmentEditor from '$lib/server/assignments/editor';
import { T0, insertUser } from './helpers';
import { demoCourse, freshContentDb, importOk, removeTempDirs, writeDemo } from './content-fixture';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const contentRoot = join(repo, 'content');

let db: DB;

beforeEach(async () => {
	db = await freshContentDb();
});
afterEach(removeTempDirs);

async function courseId(target: DB, slug: string) {
	return (await target.selectFrom('courses').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

async function count(
	target: DB,
	table: 'courses' | 'modules' | 'lessons' | 'lesson_versions' | 'quizzes' | 'quiz_versions'
) {
	const r = await target
		.selectFrom(table)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

const admins = new WeakMap<DB, number>();

/** Imports a zip as an administrator (who may create and replace any course). */
async function importZip(target: DB, bytes: Uint8Array) {
	let id = admins.get(target);
	if (id === undefined) {
		id = await insertUser(target, { name: 'Ana Admin', email: 'zip-admin@example.org', role: 'admin' });
		admins.set(target, id);
	}
	return importCourseZip(target, bytes, { id, role: 'admin' });
}

/** Exports a course, imports the zip into a fresh database and exports it from there. */
async function roundTrip(slug: string) {
	const first = await exportCourseZip(db, await courseId(db, slug));
	const other = await freshContentDb();
	const imported = await importZip(other, first);
	expect(imported).toEqual({ ok: true, slug });
	const second = await exportCourseZip(other, await courseId(other, slug));
	return { first, second, other };
}

const zipOf = (files: Record<string, string>) =>
	zipSync(Object.fromEntries(Object.entries(files).map(([p, t]) => [p, strToU8(t)])));

describe('exportCourseFiles', () => {
	it('writes the course in the content/ layout, sorted, without generated Cyrillic', async () => {
		await importOk(db, writeDemo());
		const files = await exportCourseFiles(db, await courseId(db, 'demo'));
		const paths = [...files.keys()];
		expect(paths).toEqual([...paths].sort());
		// Every file the fixture wrote comes back under the same path; nothing else.
		expect(paths).toEqual(Object.keys(demoCourse()).sort());

		const intro = parse(files.get('demo/01-intro/quiz.yaml')!);
		expect(intro).toMatchObject({ title: 'Check your understanding', max_attempts: null, wait_minutes: 0 });
		expect(intro.pass_mark).toBeUndefined(); // the same as the course's
		expect(intro.questions.map((q: { id: string; correct?: unknown }) => [q.id, q.correct])).toEqual([
			['mission-purpose', 2],
			['stakeholder-examples', [1, 3]],
			['mission-changes', false],
			['mapping-steps', undefined],
			['people-word', undefined],
			['certificate-word', undefined]
		]);
		expect(parse(files.get('demo/01-intro/quiz.sq.yaml')!).questions[4].accepted).toEqual(['palët', 'aktorët']);
		expect(files.get('demo/02-practice/01-plan.md')).toBe(
			'---\ntitle: Make a plan\nminutes: 6\n---\n\n## Plan\n\nWrite down one goal.\n'
		);
		expect(files.get('demo/course.md')).toContain('pass_mark: 70');
	});

	it('leaves out lessons that were never published', async () => {
		await importOk(db, writeDemo());
		const trainer = await insertUser(db, { name: 'Tina', email: 'tina@example.org', role: 'trainer' });
		const practice = await db
			.selectFrom('modules')
			.select('id')
			.where('slug', '=', 'practice')
			.executeTakeFirstOrThrow();
		await createLesson(db, practice.id, 'Not yet', trainer, T0);
		const files = await exportCourseFiles(db, await courseId(db, 'demo'));
		expect([...files.keys()].some((p) => p.includes('not-yet'))).toBe(false);
	});
});

describe('export → import → export', () => {
	it('gives the same bytes for the demo course, and the same course to learners', async () => {
		await importOk(db, writeDemo());
		const { first, second, other } = await roundTrip('demo');
		expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
		// Exporting again from the same database gives the same bytes too.
		expect(Buffer.from(await exportCourseZip(db, await courseId(db, 'demo'))).equals(Buffer.from(first))).toBe(true);

		for (const locale of ['en', 'sq', 'sr-Latn', 'sr-Cyrl']) {
			const a = await getCourseBySlug(db, 'demo', locale);
			const b = await getCourseBySlug(other, 'demo', locale);
			const shape = (c: typeof a) => ({
				title: c!.title,
				languages: c!.languages,
				modules: c!.modules.map((m) => [
					m.slug,
					m.title,
					m.objectives,
					m.lessons.map((l) => [l.slug, l.title, l.minutes]),
					m.quiz && [m.quiz.passMark, m.quiz.maxAttempts, m.quiz.waitMinutes, m.quiz.questionCount]
				])
			});
			expect(shape(b)).toEqual(shape(a));
		}
	});

	it('gives the same bytes for the real outreach course', async () => {
		await importOk(db, contentRoot);
		const { first, second } = await roundTrip('outreach');
		expect(Object.keys(unzipSync(first)).length).toBeGreaterThan(50);
		expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
	});

	it('keeps the outreach course’s assignments and its certificate rule', async () => {
		await importOk(db, contentRoot);
		const { first } = await roundTrip('outreach');
		const paths = Object.keys(unzipSync(first)).filter((p) => /\/assignment(\.[a-zA-Z-]+)?\.md$/.test(p));
		expect(paths).toHaveLength(21);
		const course = new TextDecoder().decode(unzipSync(first)['outreach/course.md']);
		expect(course).toContain('requires_assignments: true');
		const mission = new TextDecoder().decode(unzipSync(first)['outreach/02-your-organisation/assignment.sq.md']);
		expect(mission).toContain('title: Misioni dhe harta e palëve të interesit');
		expect(mission).not.toContain('points:');
	});

	it('round-trips an assignment edited in the browser, and one created there', async () => {
		await importOk(db, contentRoot);
		const outreach = (await getCourseBySlug(db, 'outreach', 'en'))!;
		const mission = outreach.modules.find((m) => m.slug === 'your-organisation')!;
		const s = await assignmentEditor.editorState(db, mission.id, 'en');
		const edited = structuredClone(s.form);
		edited.title = 'Mission, map and partners';
		edited.acceptsText = false;
		edited.maxMb = '2.5';
		edited.criteria[1].levels[0].label = 'No map at all';
		let saved = await assignmentEditor.save(db, {
			moduleId: mission.id,
			locale: 'en',
			form: edited,
			expectedRevision: s.revision
		});
		expect(saved.ok).toBe(true);
		const bare = outreach.modules.find((m) => !m.assignment)!;
		const made = structuredClone(s.form);
		made.criteria = made.criteria.map((c) => ({ ...c, id: '' }));
		made.title = 'Made in the browser';
		saved = await assignmentEditor.save(db, { moduleId: bare.id, locale: 'en', form: made, expectedRevision: -1 });
		expect(saved.ok).toBe(true);

		const { first, second, other } = await roundTrip('outreach');
		expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
		const english = new TextDecoder().decode(unzipSync(first)['outreach/02-your-organisation/assignment.md']);
		expect(english).toContain('title: Mission, map and partners');
		expect(english).toContain('text: false');
		const there = (await getCourseBySlug(other, 'outreach', 'en'))!;
		const view = (await assignments.forModule(
			other,
			there.modules.find((m) => m.slug === 'your-organisation')!.id,
			'en'
		))!;
		expect(view).toMatchObject({ title: 'Mission, map and partners', acceptsText: false, maxBytes: 2.5 * 1024 * 1024 });
		expect(view.rubric[1].levels[0].label).toBe('No map at all');
		const bareThere = there.modules.find((m) => m.slug === bare.slug)!;
		expect((await assignments.forModule(other, bareThere.id, 'en'))!.title).toBe('Made in the browser');
	});

	it('gives the same bytes for a course edited in the browser', async () => {
		await importOk(db, writeDemo());
		const trainer = await insertUser(db, { name: 'Tina', email: 'tina@example.org', role: 'trainer' });
		const demoId = await courseId(db, 'demo');

		// A lesson with new English and a hand-written Cyrillic text.
		const plan = await db
			.selectFrom('lessons')
			.select(['id', 'edit_revision'])
			.where('slug', '=', 'plan')
			.executeTakeFirstOrThrow();
		let r = await saveDraft(
			db,
			{
				lessonId: plan.id,
				locale: 'en',
				title: 'Make a better plan',
				body: '## Plan\n\nWrite down *two* goals.',
				expectedRevision: plan.edit_revision,
				userId: trainer
			},
			T0
		);
		r = await saveDraft(
			db,
			{
				lessonId: plan.id,
				locale: 'sr-Cyrl',
				title: 'Ручни план',
				body: 'Ручно.',
				expectedRevision: r.ok ? r.revision : -1,
				userId: trainer
			},
			T0
		);
		expect(
			(await publish(db, { lessonId: plan.id, expectedRevision: r.ok ? r.revision : -1, userId: trainer }, T0)).ok
		).toBe(true);

		// A quiz republished from the builder with a different pass mark.
		const quiz = await db
			.selectFrom('quizzes')
			.innerJoin('modules', 'modules.id', 'quizzes.module_id')
			.select('quizzes.id')
			.where('modules.slug', '=', 'practice')
			.executeTakeFirstOrThrow();
		const qctx = await quizContext(db, quiz.id);
		const en = (await publishedQuiz(db, qctx!.current_version_id, 'en'))!;
		en.passMark = 90;
		en.questions[0].prompt = 'What comes first, always?';
		expect(
			await saveQuizDraft(
				db,
				{
					quizId: quiz.id,
					locale: 'en',
					quiz: en,
					english: null,
					expectedRevision: qctx!.edit_revision,
					userId: trainer
				},
				T0
			)
		).toEqual({ ok: true });
		expect(
			await publishQuiz(db, { quizId: quiz.id, expectedRevision: qctx!.edit_revision + 1, userId: trainer }, T0)
		).toEqual({ ok: true });

		// A new module with a published lesson, and new course texts.
		const mod = await createModule(db, demoId, 'Going further');
		const lesson = await createLesson(db, mod.ok ? mod.id : -1, 'Next steps', trainer, T0);
		const lctx = await lessonContext(db, lesson.ok ? lesson.id : -1);
		const d = await saveDraft(
			db,
			{
				lessonId: lctx!.id,
				locale: 'en',
				title: 'Next steps',
				body: 'Keep going.',
				expectedRevision: lctx!.edit_revision,
				userId: trainer
			},
			T0
		);
		expect(
			(await publish(db, { lessonId: lctx!.id, expectedRevision: d.ok ? d.revision : -1, userId: trainer }, T0)).ok
		).toBe(true);
		// New module and course texts, published from drafts (the Serbian one with its Cyrillic made for it).
		const editTexts = async (
			kind: 'course' | 'module',
			id: number,
			locale: 'en' | 'sr-Latn',
			fields: { title: string; summary: string; objectives?: string; body: string }
		) => {
			const ctx = await structureTexts.structureContext(db, kind, id);
			const saved = await structureTexts.saveDraft(
				db,
				{
					kind,
					id,
					locale,
					text: structureTexts.readText(fields, kind),
					expectedRevision: ctx!.revision,
					userId: trainer
				},
				T0
			);
			expect(
				(
					await structureTexts.publish(
						db,
						{ kind, id, expectedRevision: saved.ok ? saved.revision : -1, userId: trainer },
						T0
					)
				).ok
			).toBe(true);
		};
		await editTexts('module', mod.ok ? mod.id : -1, 'en', {
			title: 'Going further',
			summary: 'After the course',
			objectives: 'Keep going',
			body: 'More to do.'
		});
		await editTexts('module', mod.ok ? mod.id : -1, 'sr-Latn', {
			title: 'Dalje',
			summary: 'Posle kursa',
			objectives: 'Nastavite',
			body: 'Još posla.'
		});
		await editTexts('course', demoId, 'en', {
			title: 'Demo course',
			summary: 'Edited summary.',
			body: 'An introduction.'
		});

		const files = await exportCourseFiles(db, demoId);
		expect(files.get('demo/02-practice/01-plan.sr-Cyrl.md')).toContain('Ручни план');
		expect(files.has('demo/03-going-further/01-next-steps.md')).toBe(true);
		expect(parse(files.get('demo/02-practice/quiz.yaml')!).pass_mark).toBe(90);
		expect(files.get('demo/course.md')).toContain('Edited summary.');
		expect(files.get('demo/03-going-further/module.sr-Latn.md')).toContain('Još posla.');
		// The Cyrillic was made from the Latin text, so it is not written out.
		expect(files.has('demo/03-going-further/module.sr-Cyrl.md')).toBe(false);

		const { first, second, other } = await roundTrip('demo');
		expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
		const c = await getCourseBySlug(other, 'demo', 'en');
		expect(c!.modules.map((m) => m.slug)).toEqual(['intro', 'practice', 'going-further']);
		expect(c!.modules[1].quiz?.passMark).toBe(90);
		expect((await getCourseBySlug(other, 'demo', 'sr-Cyrl'))!.modules[1].lessons[0].title).toBe('Ручни план');
	});
});

describe('importCourseZip', () => {
	it('imports a course zip that learners can then take', async () => {
		const result = await importZip(db, zipOf(demoCourse()));
		expect(result).toEqual({ ok: true, slug: 'demo' });
		const c = await getCourseBySlug(db, 'demo', 'sq');
		expect(c!.modules[0].lessons.map((l) => l.title)).toEqual(['Mirë se vini në kurs', 'Pse ka rëndësi misioni juaj']);
		expect(c!.languages).toEqual(['en', 'sq', 'sr-Latn', 'sr-Cyrl']);
	});

	it('refuses a file that is not a zip', async () => {
		expect(await importZip(db, strToU8('just some text, named course.zip'))).toEqual({
			ok: false,
			errors: ['the file is not a readable zip archive']
		});
		expect(await count(db, 'courses')).toBe(0);
	});

	it('refuses an archive with more than one course folder', async () => {
		const files = demoCourse();
		const result = await importZip(db, zipOf({ ...files, 'other/course.md': files['demo/course.md'] }));
		expect(result).toEqual({ ok: false, errors: ['the zip must hold exactly one course folder'] });
		expect(await count(db, 'courses')).toBe(0);
	});

	it('refuses paths outside the course and files of other kinds', async () => {
		const escape = await importZip(db, zipOf({ '../demo/course.md': demoCourse()['demo/course.md'] }));
		expect(escape.ok).toBe(false);
		expect(escape.ok ? [] : escape.errors).toEqual(['../demo/course.md: not allowed in a course archive']);
		const script = await importZip(db, zipOf({ ...demoCourse(), 'demo/01-intro/run.js': 'alert(1)' }));
		expect(script).toEqual({ ok: false, errors: ['demo/01-intro/run.js: not allowed in a course archive'] });
		expect(await count(db, 'courses')).toBe(0);
	});

	it('refuses an archive over 10 MB', async () => {
		expect(await importZip(db, new Uint8Array(10 * 1024 * 1024 + 1))).toEqual({
			ok: false,
			errors: ['the file is larger than 10 MB']
		});
	});

	it('refuses an archive that unpacks to more than 50 MB, and imports nothing', async () => {
		const zeros = new Uint8Array(2 * 1024 * 1024);
		const files: Record<string, [Uint8Array, { level: 1 }]> = {};
		for (let i = 0; i < 26; i++) files[`demo/01-intro/${String(i).padStart(2, '0')}-filler.md`] = [zeros, { level: 1 }];
		const bomb = zipSync(files);
		expect(bomb.length).toBeLessThan(1024 * 1024);
		expect(await importZip(db, bomb)).toEqual({ ok: false, errors: ['the archive unpacks to more than 50 MB'] });
		expect(await count(db, 'courses')).toBe(0);
	});

	it('imports nothing when the course has an error', async () => {
		const files = demoCourse();
		const broken = {
			...files,
			'demo/01-intro/quiz.yaml': files['demo/01-intro/quiz.yaml'].replace('correct: 2', 'correct: 9')
		};
		const result = await importZip(db, zipOf(broken));
		expect(result.ok).toBe(false);
		expect(result.ok ? [] : result.errors.join('\n')).toMatch(/quiz\.yaml/);
		for (const table of ['courses', 'modules', 'lessons', 'lesson_versions', 'quizzes', 'quiz_versions'] as const)
			expect(await count(db, table)).toBe(0);
	});

	it('updates an existing course in place, keeping lesson versions learners saw', async () => {
		await importOk(db, writeDemo());
		const before = await db
			.selectFrom('lessons')
			.select(['id', 'current_version_id'])
			.where('slug', '=', 'plan')
			.executeTakeFirstOrThrow();
		const files = demoCourse();
		files['demo/02-practice/01-plan.md'] = files['demo/02-practice/01-plan.md'].replace(
			'Write down one goal.',
			'Write down one clear goal.'
		);
		expect(await importZip(db, zipOf(files))).toEqual({ ok: true, slug: 'demo' });
		expect(await count(db, 'courses')).toBe(1);
		const after = await db
			.selectFrom('lessons')
			.select(['id', 'current_version_id'])
			.where('slug', '=', 'plan')
			.executeTakeFirstOrThrow();
		expect(after.id).toBe(before.id);
		expect(after.current_version_id).not.toBe(before.current_version_id);
		const old = await db
			.selectFrom('lesson_texts')
			.select('body_md')
			.where('version_id', '=', before.current_version_id!)
			.where('locale', '=', 'en')
			.executeTakeFirstOrThrow();
		expect(old.body_md).toContain('Write down one goal.');
	});
});
