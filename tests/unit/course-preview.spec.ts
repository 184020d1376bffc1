// "Preview as learner": the published course exactly as learners get it, or with the drafts laid
// over it; lessons rendered as learners read them; quizzes presented without answers and graded
// without storing anything. Nothing the preview does is recorded.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import * as coursePreview from '$lib/server/catalogue/course-preview';
import * as structureTexts from '$lib/server/authoring/structure-texts';
import { createLesson, createModule, saveDraft } from '$lib/server/authoring/lessons';
import { publishedQuiz, quizContext, saveQuizDraft } from '$lib/server/authoring/quiz-versions';
import type { EditableQuiz } from '$lib/server/authoring/quizzes';
import { getCourseBySlug, getLessonText } from '$lib/server/catalogue/courses';
import { enrol } from '$lib/server/learning/progress';
import { toCyrillic } from '$lib/i18n/script';
import { T0, insertUser } from './helpers';
import { freshContentDb, importOk, removeTempDirs, writeDemo } from './content-fixture';

let db: DB;
let demoId: number;
let trainer: number;

beforeEach(async () => {
	db = await freshContentDb();
	await importOk(db, writeDemo());
	demoId = (await db.selectFrom('courses').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).id;
	trainer = await insertUser(db, { name: 'Tina Trainer', email: 'tina@example.org', role: 'trainer' });
});
afterEach(removeTempDirs);

const preview = async (view: coursePreview.PreviewView, locale = 'en') =>
	(await coursePreview.previewCourse(db, demoId, locale, view))!;
const shape = (c: coursePreview.PreviewCourse) => ({
	title: c.title,
	modules: c.modules.map((mod) => [mod.slug, mod.title, mod.lessons.map((l) => l.title), mod.quiz !== null])
});

async function draftLesson(slug: string, title: string, body: string, locale: 'en' | 'sr-Latn' = 'en') {
	const row = await db
		.selectFrom('lessons')
		.select(['id', 'edit_revision'])
		.where('slug', '=', slug)
		.executeTakeFirstOrThrow();
	const saved = await saveDraft(
		db,
		{ lessonId: row.id, locale, title, body, expectedRevision: row.edit_revision, userId: trainer },
		T0
	);
	expect(saved.ok).toBe(true);
	return row.id;
}

async function draftModuleText(slug: string, title: string) {
	const mod = await db.selectFrom('modules').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
	const ctx = await structureTexts.structureContext(db, 'module', mod.id);
	const text = structureTexts.readText(
		{ title, summary: 'Drafted summary', objectives: 'Drafted objective', body: 'Drafted **intro**.' },
		'module'
	);
	expect(
		(
			await structureTexts.saveDraft(
				db,
				{ kind: 'module', id: mod.id, locale: 'en', text, expectedRevision: ctx!.revision, userId: trainer },
				T0
			)
		).ok
	).toBe(true);
}

/** Rows the preview must never write to. */
async function recorded() {
	const count = async (table: 'lesson_progress' | 'quiz_attempts' | 'quiz_answers' | 'enrolments' | 'certificates') =>
		Number(
			(
				await db
					.selectFrom(table)
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);
	return {
		progress: await count('lesson_progress'),
		attempts: await count('quiz_attempts'),
		answers: await count('quiz_answers'),
		enrolments: await count('enrolments'),
		certificates: await count('certificates')
	};
}

type Shown = Awaited<ReturnType<typeof coursePreview.presentQuiz>>;

/** The practice quiz's form: option `first` (1-based, the file's order) posted by its id as shown. */
const practiceAnswers = (shown: Shown, first: number, alone: string) => {
	const form = new FormData();
	const text = ['A goal', 'A poster'][first - 1];
	form.set('q.plan-first', shown!.questions[0].options.find((o) => o.text === text)!.id);
	form.set('q.plan-alone', alone);
	return form;
};

describe('previewCourse', () => {
	it('shows the published course as learners get it, and the drafts only in the drafts view', async () => {
		await draftLesson('plan', 'Make a better plan', 'Two goals.');
		await draftModuleText('practice', 'Practice, drafted');
		const published = await preview('published');
		const learners = (await getCourseBySlug(db, 'demo', 'en'))!;
		expect(shape(published)).toEqual({
			title: learners.title,
			modules: learners.modules.map((mod) => [mod.slug, mod.title, mod.lessons.map((l) => l.title), mod.quiz !== null])
		});
		expect(published.modules[1].title).toBe('Putting it into practice');

		const drafts = await preview('drafts');
		expect(shape(drafts).modules[1]).toEqual([
			'practice',
			'Practice, drafted',
			['Make a better plan', 'Act on it'],
			true
		]);
		expect(drafts.modules[1]).toMatchObject({ summary: 'Drafted summary', objectives: ['Drafted objective'] });
		expect(drafts.modules[1].bodyHtml).toContain('<strong>intro</strong>');
		expect(shape(drafts).modules[0]).toEqual(shape(published).modules[0]);
	});

	it('shows new modules and lessons that exist only as drafts in the drafts view', async () => {
		const mod = await createModule(db, demoId, 'Going further', trainer, T0);
		if (!mod.ok) throw new Error('module not created');
		const lesson = await createLesson(db, mod.id, 'Next steps', trainer, T0);
		if (!lesson.ok) throw new Error('lesson not created');
		const empty = await createModule(db, demoId, 'Nothing in it yet', trainer, T0);
		expect(empty.ok).toBe(true);

		expect((await preview('published')).modules.map((m) => m.slug)).toEqual(['intro', 'practice']);
		const drafts = await preview('drafts');
		// A module without lessons stays hidden, as it would from learners.
		expect(drafts.modules.map((m) => m.slug)).toEqual(['intro', 'practice', 'going-further']);
		expect(drafts.modules[2].lessons).toEqual([
			{ id: lesson.id, slug: 'next-steps', title: 'Next steps', minutes: 10, versionId: null }
		]);
		expect(coursePreview.stepsOf(drafts).map((s) => [s.kind, s.moduleSlug, s.lessonSlug])).toEqual([
			['lesson', 'intro', 'welcome'],
			['lesson', 'intro', 'mission'],
			['quiz', 'intro', null],
			['lesson', 'practice', 'plan'],
			['lesson', 'practice', 'act'],
			['quiz', 'practice', null],
			['lesson', 'going-further', 'next-steps']
		]);
	});

	it('lays drafts over in the reader’s language, with Cyrillic following a Latin draft', async () => {
		await draftLesson('plan', 'Napravite dobar plan', 'Zapišite dva cilja.', 'sr-Latn');
		expect((await preview('drafts', 'sr-Cyrl')).modules[1].lessons[0].title).toBe('Направите добар план');
		expect((await preview('published', 'sr-Cyrl')).modules[1].lessons[0].title).toBe(toCyrillic('Napravite plan'));
		// A language without a draft shows its published text; English where there is none.
		expect((await preview('drafts', 'sq')).modules[1].lessons[0].title).toBe('Bëni një plan');
	});
});

describe('lessonText', () => {
	it('gives the published page, or the draft rendered and sanitised', async () => {
		const planId = await draftLesson(
			'plan',
			'Make a better plan',
			'## Plan\n\nWrite **two** goals. <script>alert(1)</script>'
		);
		const published = await preview('published');
		const mod = published.modules[1];
		const versionId = mod.lessons[0].versionId!;
		expect(await coursePreview.lessonText(db, published, mod, mod.lessons[0], 'en', 'published')).toEqual(
			await getLessonText(db, versionId, 'en')
		);

		const drafts = await preview('drafts');
		const text = await coursePreview.lessonText(
			db,
			drafts,
			drafts.modules[1],
			drafts.modules[1].lessons[0],
			'en',
			'drafts'
		);
		expect(text).toMatchObject({ title: 'Make a better plan', fallback: false });
		expect(text!.html).toContain('<strong>two</strong>');
		expect(text!.html).not.toContain('script');
		expect(planId).toBe(drafts.modules[1].lessons[0].id);
	});

	it('keeps the published page of a lesson without drafts in the drafts view (links between lessons included)', async () => {
		const drafts = await preview('drafts');
		const welcome = drafts.modules[0].lessons[0];
		const text = await coursePreview.lessonText(db, drafts, drafts.modules[0], welcome, 'en', 'drafts');
		expect(text).toEqual(await getLessonText(db, welcome.versionId!, 'en'));
		expect(text!.html).toContain('href="/courses/demo/intro/mission"');
	});
});

/** Saves the practice quiz's English text, changed by `edit`, as a draft (as the quiz builder does). */
async function draftPracticeQuiz(edit: (en: EditableQuiz) => void) {
	const row = await db
		.selectFrom('quizzes')
		.innerJoin('modules', 'modules.id', 'quizzes.module_id')
		.select('quizzes.id')
		.where('modules.slug', '=', 'practice')
		.executeTakeFirstOrThrow();
	const ctx = (await quizContext(db, row.id))!;
	const en = (await publishedQuiz(db, ctx.current_version_id, 'en'))!;
	edit(en);
	return saveQuizDraft(
		db,
		{ quizId: row.id, locale: 'en', quiz: en, english: null, expectedRevision: ctx.edit_revision, userId: trainer },
		T0
	);
}

describe('quizzes in the preview', () => {
	async function quizOf(view: coursePreview.PreviewView) {
		return (await preview(view)).modules[1].quiz!;
	}

	it('presents the questions without answers and grades a submission', async () => {
		const quiz = await quizOf('published');
		const shown = await coursePreview.presentQuiz(db, quiz, 'en', 'published');
		expect(shown).toMatchObject({ title: 'Practice check', passMark: 70, maxAttempts: 2, fallback: false });
		expect(shown!.questions.map((q) => q.prompt)).toEqual(['What comes first?', 'You must plan alone.']);
		expect(JSON.stringify(shown)).not.toMatch(/correct|accepted|explanation/);

		const right = await coursePreview.checkQuiz(db, quiz, 'en', 'published', practiceAnswers(shown, 1, 'false'));
		expect(right).toMatchObject({ ok: true, score: 100, passed: true, passMark: 70 });
		const wrong = await coursePreview.checkQuiz(db, quiz, 'en', 'published', practiceAnswers(shown, 2, 'false'));
		expect(wrong).toMatchObject({ ok: true, score: 50, passed: false });
		if (!wrong?.ok) throw new Error('not graded');
		expect(wrong.questions.map((q) => [q.id, q.right, q.explanation])).toEqual([
			['plan-first', false, 'A goal.'],
			['plan-alone', true, 'Plan together.']
		]);
		const unanswered = new FormData();
		unanswered.set('q.plan-first', shown!.questions[0].options[0].id);
		expect(await coursePreview.checkQuiz(db, quiz, 'en', 'published', unanswered)).toMatchObject({
			ok: false,
			problem: 'unanswered',
			questionIds: ['plan-alone']
		});
	});

	it('uses the draft questions and answer key in the drafts view only', async () => {
		expect(
			await draftPracticeQuiz((en) => {
				en.questions[0].prompt = 'What comes first, really?';
				en.questions[0].correct = '2';
			})
		).toEqual({ ok: true });

		const drafted = await quizOf('drafts');
		const shownDraft = await coursePreview.presentQuiz(db, drafted, 'en', 'drafts');
		expect(shownDraft!.questions[0].prompt).toBe('What comes first, really?');
		expect(
			await coursePreview.checkQuiz(db, drafted, 'en', 'drafts', practiceAnswers(shownDraft, 2, 'false'))
		).toMatchObject({
			ok: true,
			score: 100
		});
		const published = await quizOf('published');
		const shownPublished = await coursePreview.presentQuiz(db, published, 'en', 'published');
		expect(shownPublished!.questions[0].prompt).toBe('What comes first?');
		expect(
			await coursePreview.checkQuiz(db, published, 'en', 'published', practiceAnswers(shownPublished, 2, 'false'))
		).toMatchObject({ ok: true, score: 50 });
	});
});

describe('a preview paper', () => {
	const seed = (n: number) => n.toString(16).padStart(32, '0');

	it('draws from the pool and shuffles as an attempt does, the same for one seed, another for others', async () => {
		expect(await draftPracticeQuiz((en) => (en.draw = '1'))).toEqual({ ok: true });
		const quiz = (await preview('drafts')).modules[1].quiz!;

		const papers = new Map<string, string>();
		for (let n = 1; n <= 40; n++) {
			const shown = (await coursePreview.presentQuiz(db, quiz, 'en', 'drafts', seed(n)))!;
			expect(shown).toMatchObject({ questionCount: 1, poolSize: 2 });
			expect(shown.questions).toHaveLength(1);
			expect(await coursePreview.presentQuiz(db, quiz, 'en', 'drafts', seed(n))).toEqual(shown);
			const q = shown.questions[0];
			papers.set(`${q.id}:${q.options.map((o) => o.text).join('|')}`, seed(n));

			// Graded against the paper of its seed: the question drawn only.
			const form = new FormData();
			if (q.id === 'plan-alone') form.set('q.plan-alone', 'false');
			else form.set('q.plan-first', q.options.find((o) => o.text === 'A goal')!.id);
			const graded = await coursePreview.checkQuiz(db, quiz, 'en', 'drafts', form, seed(n));
			expect(graded).toMatchObject({ ok: true, score: 100 });
			if (graded?.ok) expect(graded.questions.map((r) => r.id)).toEqual([q.id]);
		}
		// Both questions, and both orders of the two options, come up.
		expect([...papers.keys()].sort()).toEqual([
			'plan-alone:',
			'plan-first:A goal|A poster',
			'plan-first:A poster|A goal'
		]);
	});
});

describe('nothing is recorded', () => {
	it('walking the whole course and submitting every quiz stores no progress, attempt, enrolment or certificate', async () => {
		const learner = await insertUser(db, { name: 'Lea Learner', email: 'lea@example.org', role: 'learner' });
		await enrol(db, learner, demoId, T0);
		await draftLesson('plan', 'Make a better plan', 'Two goals.');
		const practice = await db
			.selectFrom('modules')
			.select('id')
			.where('slug', '=', 'practice')
			.executeTakeFirstOrThrow();
		expect((await createLesson(db, practice.id, 'Draft only', trainer, T0)).ok).toBe(true);
		const before = await recorded();
		for (const view of ['published', 'drafts'] as const) {
			const c = await preview(view);
			for (const mod of c.modules) {
				for (const lesson of mod.lessons)
					expect(await coursePreview.lessonText(db, c, mod, lesson, 'en', view)).not.toBeNull();
				if (!mod.quiz) continue;
				const shown = await coursePreview.presentQuiz(db, mod.quiz, 'en', view);
				const form = new FormData();
				for (const q of shown!.questions) {
					if (q.type === 'ordering') q.items.forEach((item, i) => form.set(`q.${q.id}.${item.id}`, String(i + 1)));
					else if (q.type === 'short_text') form.set(`q.${q.id}`, 'certificate');
					else if (q.type === 'true_false') form.set(`q.${q.id}`, 'false');
					else form.set(`q.${q.id}`, q.options[0].id);
				}
				expect(await coursePreview.checkQuiz(db, mod.quiz, 'en', view, form)).toMatchObject({ ok: true });
			}
		}
		expect(await recorded()).toEqual(before);
		expect(before).toMatchObject({ progress: 0, attempts: 0, answers: 0, enrolments: 1, certificates: 0 });
	});
});
