import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import { importContent } from '$lib/server/catalogue/content/import';
import { getCourseBySlug, getLessonText } from '$lib/server/catalogue/courses';
import { bumpContentGeneration } from '$lib/server/catalogue/content/generation';
import { completeLesson, enrol, getCourseState } from '$lib/server/learning/progress';
import { presentQuiz } from '$lib/server/learning/quizzes';
import { reviewAttempt } from '$lib/server/learning/review';
import { submitAttempt } from '$lib/server/learning/submit';
import { T0, insertUser } from './helpers';
import {
	demoCourse,
	freshContentDb,
	importOk,
	introQuiz,
	md,
	removeFiles,
	removeTempDirs,
	writeDemo,
	writeFiles,
	yaml
} from './content-fixture';

let db: DB;

beforeEach(async () => {
	db = await freshContentDb();
});
afterEach(removeTempDirs);

async function count(
	table:
		| 'courses'
		| 'modules'
		| 'lessons'
		| 'lesson_versions'
		| 'lesson_texts'
		| 'quizzes'
		| 'quiz_versions'
		| 'quiz_texts'
		| 'lesson_progress'
		| 'quiz_attempts'
) {
	const r = await db
		.selectFrom(table)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

/** Everything the import writes, for comparing before and after. */
async function snapshot() {
	const tables = [
		'courses',
		'course_texts',
		'modules',
		'module_texts',
		'lessons',
		'lesson_versions',
		'lesson_texts',
		'quizzes',
		'quiz_versions',
		'quiz_texts',
		'meta'
	] as const;
	const out: Record<string, unknown[]> = {};
	for (const t of tables) out[t] = await db.selectFrom(t).selectAll().execute();
	return out;
}

async function lessonId(slug: string) {
	return (await db.selectFrom('lessons').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

async function course(locale = 'en') {
	const c = await getCourseBySlug(db, 'demo', locale);
	if (!c) throw new Error('course demo not found');
	return c;
}

describe('importContent', () => {
	it('imports a valid course with every module, lesson, quiz and language', async () => {
		const report = await importContent(db, writeDemo());
		expect(report).toEqual({
			ok: true,
			errors: [],
			courses: [{ slug: 'demo', newLessonVersions: 4, newQuizVersions: 2, skipped: false }]
		});
		const c = await course();
		expect(c.title).toBe('Demo course');
		expect(c.modules.map((m) => [m.slug, m.title, m.lessons.map((l) => l.title)])).toEqual([
			['intro', 'Your organisation', ['Welcome to the course', 'Why your mission matters']],
			['practice', 'Putting it into practice', ['Make a plan', 'Act on it']]
		]);
		expect(c.modules[0].quiz).toMatchObject({ passMark: 70, maxAttempts: null, waitMinutes: 0, questionCount: 6 });
		// The practice quiz has no pass mark of its own: the course's applies.
		expect(c.modules[1].quiz).toMatchObject({ passMark: 70, maxAttempts: 2, waitMinutes: 30, questionCount: 2 });
		expect(c.lessonCount).toBe(4);
		expect(c.totalMinutes).toBe(26);
		expect(c.languages).toEqual(['en', 'sq', 'sr-Latn', 'sr-Cyrl']);
		expect((await course('sq')).modules[0].lessons[1].title).toBe('Pse ka rëndësi misioni juaj');
	});

	it('is idempotent: importing the same files again makes no new versions', async () => {
		const root = writeDemo();
		await importOk(db, root);
		const before = await snapshot();
		const again = await importContent(db, root);
		expect(again.courses).toEqual([{ slug: 'demo', newLessonVersions: 0, newQuizVersions: 0, skipped: false }]);
		const after = await snapshot();
		for (const t of [
			'modules',
			'lessons',
			'lesson_versions',
			'lesson_texts',
			'quizzes',
			'quiz_versions',
			'quiz_texts'
		]) {
			expect(after[t], t).toEqual(before[t]);
		}
	});

	it('renders lesson Markdown with images pointed at the course files and links at other lessons', async () => {
		await importOk(db, writeDemo());
		const c = await course();
		const welcome = await getLessonText(db, c.modules[0].lessons[0].versionId, 'en');
		expect(welcome?.html).toContain('<h2>What you will learn</h2>');
		expect(welcome?.html).toContain('src="/content-assets/demo/01-intro/images/map.png"');
		expect(welcome?.html).toContain('<a href="/courses/demo/intro/mission">why a mission matters</a>');
		const mission = await getLessonText(db, c.modules[0].lessons[1].versionId, 'en');
		expect(mission?.html).toContain('<div class="table-wrap"><table>');
	});
});

describe('a course with errors', () => {
	it('is not imported at all', async () => {
		const root = writeDemo({ 'demo/02-practice/02-act.md': md({ minutes: 7 }, 'Text.') });
		const report = await importContent(db, root, root);
		expect(report.ok).toBe(false);
		expect(report.errors).toEqual(['demo/02-practice/02-act.md: missing title']);
		expect(report.courses).toEqual([{ slug: 'demo', newLessonVersions: 0, newQuizVersions: 0, skipped: true }]);
		expect(await count('courses')).toBe(0);
		expect(await count('lessons')).toBe(0);
		expect(await count('quizzes')).toBe(0);
	});

	it('leaves the version already imported exactly as it was', async () => {
		const root = writeDemo();
		await importOk(db, root);
		const before = await snapshot();
		// A new course title and lesson text (which alone would make new versions) plus one error.
		writeFiles(root, {
			'demo/course.md': md({ title: 'Renamed course', summary: 'Changed.' }),
			'demo/01-intro/01-welcome.md': md({ title: 'Welcome, changed', minutes: 5 }, 'New text.'),
			'demo/01-intro/quiz.yaml': yaml({
				...introQuiz('en'),
				questions: [{ ...introQuiz('en').questions[0], correct: 5 }]
			})
		});
		removeFiles(root, 'demo/02-practice/01-plan.md');
		const report = await importContent(db, root, root);
		expect(report.ok).toBe(false);
		expect(report.errors).toContain('demo/01-intro/quiz.yaml: question 1: answer 5 is out of range (3 options)');
		expect(report.courses[0]).toMatchObject({ slug: 'demo', skipped: true });
		expect(await snapshot()).toEqual(before);
		const c = await course();
		expect(c.title).toBe('Demo course');
		expect(c.modules[1].lessons.map((l) => l.slug)).toEqual(['plan', 'act']);
	});

	it('does not stop another, valid course from being imported', async () => {
		const root = writeDemo();
		const other = demoCourse();
		const files: Record<string, string> = {};
		for (const [path, text] of Object.entries(other)) files[path.replace(/^demo\//, 'broken/')] = text;
		files['broken/01-intro/quiz.yaml'] = 'title: [unclosed\n';
		writeFiles(root, files);
		const report = await importContent(db, root, root);
		expect(report.ok).toBe(false);
		expect(report.errors).toHaveLength(1);
		expect(report.errors[0]).toMatch(/^broken\/01-intro\/quiz\.yaml: invalid YAML/);
		expect(report.courses.map((c) => [c.slug, c.skipped])).toEqual([
			['broken', true],
			['demo', false]
		]);
		expect(await getCourseBySlug(db, 'broken', 'en')).toBeNull();
		expect((await course()).title).toBe('Demo course');
	});
});

describe('a changed lesson', () => {
	it('becomes version 2 while the learner keeps their progress on version 1', async () => {
		const root = writeDemo();
		await importOk(db, root);
		const ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
		const c1 = await course();
		await enrol(db, ana, c1.id, T0);
		const welcome = c1.modules[0].lessons[0];
		expect((await completeLesson(db, ana, c1, welcome.id, T0)).ok).toBe(true);

		writeFiles(root, {
			'demo/01-intro/01-welcome.md': md({ title: 'Welcome to the course', minutes: 5 }, '## Updated\n\nA better text.')
		});
		const report = await importOk(db, root);
		expect(report.courses[0]).toMatchObject({ newLessonVersions: 1, newQuizVersions: 0 });

		const versions = await db
			.selectFrom('lesson_versions')
			.select(['id', 'number'])
			.where('lesson_id', '=', welcome.id)
			.orderBy('number')
			.execute();
		expect(versions.map((v) => v.number)).toEqual([1, 2]);
		const progress = await db.selectFrom('lesson_progress').selectAll().where('user_id', '=', ana).execute();
		expect(progress).toEqual([
			{ user_id: ana, lesson_id: welcome.id, lesson_version_id: versions[0].id, completed_at: T0 }
		]);

		const c2 = await course();
		expect(c2.modules[0].lessons[0].versionId).toBe(versions[1].id);
		expect((await getLessonText(db, versions[1].id, 'en'))?.html).toContain('A better text.');
		expect((await getLessonText(db, versions[0].id, 'en'))?.html).toContain('This course helps your organisation');
		const state = await getCourseState(db, ana, c2, T0);
		expect(state.modules[0].lessons.map((l) => l.status)).toEqual(['done', 'open']);
	});

	it('a changed translation alone also makes a new version', async () => {
		const root = writeDemo();
		await importOk(db, root);
		writeFiles(root, {
			'demo/02-practice/01-plan.sq.md': md({ title: 'Bëni planin', minutes: 6 }, '## Plani\n\nTekst i ri.')
		});
		expect((await importOk(db, root)).courses[0]).toMatchObject({ newLessonVersions: 1, newQuizVersions: 0 });
		expect((await course('sq')).modules[1].lessons[0].title).toBe('Bëni planin');
	});
});

describe('a changed quiz', () => {
	it('becomes a new version; earlier attempts keep theirs and their review shows the old questions', async () => {
		const root = writeDemo();
		await importOk(db, root);
		const ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
		const c1 = await course();
		const quiz1 = c1.modules[0].quiz!;
		const attempt = await submitAttempt(
			db,
			{
				userId: ana,
				quizId: quiz1.id,
				versionId: quiz1.versionId,
				submissionKey: 'k1',
				locale: 'en',
				answers: { 'mission-purpose': 2 }
			},
			T0
		);

		const changed = introQuiz('en');
		changed.questions[0] = { ...changed.questions[0], prompt: 'Why write a mission statement?' };
		writeFiles(root, { 'demo/01-intro/quiz.yaml': yaml(changed) });
		expect((await importOk(db, root)).courses[0]).toMatchObject({ newLessonVersions: 0, newQuizVersions: 1 });

		const c2 = await course();
		const quiz2 = c2.modules[0].quiz!;
		expect(quiz2.id).toBe(quiz1.id);
		expect(quiz2.versionId).not.toBe(quiz1.versionId);
		const row = await db
			.selectFrom('quiz_attempts')
			.select('quiz_version_id')
			.where('id', '=', attempt.attemptId)
			.executeTakeFirstOrThrow();
		expect(row.quiz_version_id).toBe(quiz1.versionId);

		const review = await reviewAttempt(db, attempt.attemptId, ana, 'en');
		expect(review?.questions[0].prompt).toBe('What is a mission statement for?');
		expect(review?.questions[0]).toMatchObject({ answer: 2, right: true });
		expect((await presentQuiz(db, quiz2.versionId, 'en'))?.questions[0].prompt).toBe('Why write a mission statement?');
	});
});

describe('content removed from the files', () => {
	it('archives a lesson instead of deleting it, and keeps the progress recorded on it', async () => {
		const root = writeDemo();
		await importOk(db, root);
		const ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
		const c1 = await course();
		await enrol(db, ana, c1.id, T0);
		await completeLesson(db, ana, c1, c1.modules[0].lessons[0].id, T0);
		await completeLesson(db, ana, c1, c1.modules[0].lessons[1].id, T0);

		removeFiles(
			root,
			'demo/01-intro/02-mission.md',
			'demo/01-intro/02-mission.sq.md',
			'demo/01-intro/02-mission.sr-Latn.md'
		);
		await importOk(db, root);

		const mission = await db
			.selectFrom('lessons')
			.select(['archived', 'current_version_id'])
			.where('id', '=', await lessonId('mission'))
			.executeTakeFirstOrThrow();
		expect(mission.archived).toBe(1);
		expect(mission.current_version_id).not.toBeNull();
		expect(await count('lesson_progress')).toBe(2);
		const c2 = await course();
		expect(c2.modules[0].lessons.map((l) => l.slug)).toEqual(['welcome']);
		expect(c2.lessonCount).toBe(3);

		// Putting the file back brings the lesson back, with the learner's progress.
		writeFiles(root, demoCourse());
		await importOk(db, root);
		const c3 = await course();
		expect(c3.modules[0].lessons.map((l) => l.slug)).toEqual(['welcome', 'mission']);
		expect((await getCourseState(db, ana, c3, T0)).modules[0].lessons.map((l) => l.status)).toEqual(['done', 'done']);
	});

	it('archives a removed module with its lessons and quiz rows intact', async () => {
		const root = writeDemo();
		await importOk(db, root);
		const lessonsBefore = await count('lessons');
		rmSync(join(root, 'demo/02-practice'), { recursive: true });
		await importOk(db, root);
		const practice = await db
			.selectFrom('modules')
			.select('archived')
			.where('slug', '=', 'practice')
			.executeTakeFirstOrThrow();
		expect(practice.archived).toBe(1);
		expect(await count('lessons')).toBe(lessonsBefore);
		expect((await course()).modules.map((m) => m.slug)).toEqual(['intro']);
	});
});

describe('languages', () => {
	it('serves Serbian Cyrillic generated from the Serbian Latin files', async () => {
		await importOk(db, writeDemo());
		const c = await course('sr-Cyrl');
		expect(c.title).toBe('Пробни курс');
		expect(c.fallback).toBe(false);
		const text = await getLessonText(db, c.modules[0].lessons[1].versionId, 'sr-Cyrl');
		expect(text).toMatchObject({ title: 'Зашто је мисија важна', fallback: false });
		expect(text?.html).toContain('<h2>Мисија у једној реченици</h2>');
		const quiz = await presentQuiz(db, c.modules[0].quiz!.versionId, 'sr-Cyrl');
		expect(quiz?.questions[0].prompt).toBe('Чему служи мисија?');
	});

	it('falls back to English for a lesson without an Albanian file, and says so', async () => {
		const root = writeDemo();
		removeFiles(root, 'demo/01-intro/02-mission.sq.md');
		await importOk(db, root);
		const c = await course('sq');
		const mission = c.modules[0].lessons[1];
		expect(mission.title).toBe('Why your mission matters');
		expect(await getLessonText(db, mission.versionId, 'sq')).toMatchObject({
			title: 'Why your mission matters',
			fallback: true
		});
		expect(await getLessonText(db, c.modules[0].lessons[0].versionId, 'sq')).toMatchObject({
			title: 'Mirë se vini në kurs',
			fallback: false
		});
		// The course is no longer listed as fully available in Albanian.
		expect(c.languages).toEqual(['en', 'sr-Latn', 'sr-Cyrl']);
	});

	it('falls back to English for a module and quiz without an Albanian file', async () => {
		const root = writeDemo();
		removeFiles(root, 'demo/02-practice/module.sq.md', 'demo/02-practice/quiz.sq.yaml');
		await importOk(db, root);
		const c = await course('sq');
		expect(c.modules[0]).toMatchObject({ title: 'Organizata juaj', fallback: false });
		expect(c.modules[1]).toMatchObject({ title: 'Putting it into practice', fallback: true });
		const quiz = await presentQuiz(db, c.modules[1].quiz!.versionId, 'sq');
		expect(quiz).toMatchObject({ title: 'Practice check', fallback: true });
	});
});

describe('getCourseBySlug', () => {
	it('serves the structure from its cache until the content generation moves', async () => {
		const root = writeDemo();
		await importOk(db, root);
		const first = await course();
		await db.updateTable('course_texts').set({ title: 'Edited directly' }).where('locale', '=', 'en').execute();
		expect(await course()).toBe(first);
		await bumpContentGeneration(db);
		expect((await course()).title).toBe('Edited directly');
	});

	it('shows a re-imported change at once', async () => {
		const root = writeDemo();
		await importOk(db, root);
		expect((await course()).modules[1].lessons[1].title).toBe('Act on it');
		writeFiles(root, { 'demo/02-practice/02-act.md': md({ title: 'Act on your plan', minutes: 7 }, 'Text.') });
		await importOk(db, root);
		expect((await course()).modules[1].lessons[1].title).toBe('Act on your plan');
	});

	it('finds no course for an unknown slug, nor for one not yet imported', async () => {
		expect(await getCourseBySlug(db, 'demo', 'en')).toBeNull();
		await importOk(db, writeDemo());
		expect(await getCourseBySlug(db, 'demo', 'en')).not.toBeNull();
		expect(await getCourseBySlug(db, 'nope', 'en')).toBeNull();
	});
});
