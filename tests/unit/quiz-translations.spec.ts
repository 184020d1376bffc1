// A translated quiz keeps its translations when the English quiz grows: questions are matched by id,
// only a new question is "not yet translated" (learners see it in English, with a notice), and the
// exported course keeps its translated quiz files. Translation status compares content, not dates.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import { blankQuestion, type EditableQuiz } from '$lib/server/authoring/quizzes';
import {
	editableQuiz,
	publishQuiz,
	publishedQuiz,
	quizContext,
	quizTranslationStatus,
	saveQuizDraft
} from '$lib/server/authoring/quiz-versions';
import { getCourseBySlug } from '$lib/server/catalogue/courses';
import { presentQuiz } from '$lib/server/learning/quizzes';
import { exportCourseFiles, exportCourseZip, importCourseZip } from '$lib/server/catalogue/content/export';
import { insertUser } from './helpers';
import { freshContentDb, importOk, removeTempDirs, writeDemo } from './content-fixture';

let db: DB;
let trainer: number;
let quizId: number;
let courseId: number;

beforeEach(async () => {
	db = await freshContentDb();
	await importOk(db, writeDemo());
	const course = await getCourseBySlug(db, 'demo', 'en');
	courseId = course!.id;
	quizId = course!.modules[1].quiz!.id;
	trainer = await insertUser(db, { name: 'Tina Trainer', email: 'tina@example.org', role: 'trainer' });
});
afterEach(removeTempDirs);

async function ctx() {
	const c = await quizContext(db, quizId);
	if (!c) throw new Error('quiz not found');
	return c;
}

async function publishEnglish(change: (quiz: EditableQuiz) => void) {
	const c = await ctx();
	const { quiz } = await editableQuiz(db, quizId, c.current_version_id, 'en');
	change(quiz);
	expect(
		await saveQuizDraft(db, {
			quizId,
			locale: 'en',
			quiz,
			english: null,
			expectedRevision: c.edit_revision,
			userId: trainer
		})
	).toEqual({ ok: true });
	expect(await publishQuiz(db, { quizId, expectedRevision: c.edit_revision + 1, userId: trainer })).toEqual({
		ok: true
	});
}

function addQuestion(quiz: EditableQuiz) {
	quiz.questions.push({
		...blankQuestion(3),
		id: 'plan-budget',
		type: 'true_false',
		prompt: 'A plan needs a budget.',
		correct: 'true',
		explanation: 'Money matters.'
	});
}

describe('adding a question to a translated quiz', () => {
	it('keeps the existing translations, matched by id, and marks only the new question', async () => {
		await publishEnglish(addQuestion);
		const c = await ctx();
		const sq = await presentQuiz(db, c.current_version_id!, 'sq');
		expect(sq!.title).toBe('Kontroll');
		expect(sq!.questions.map((q) => q.prompt)).toEqual([
			'Çfarë vjen e para?',
			'Duhet të planifikoni vetëm.',
			'A plan needs a budget.'
		]);
		expect(sq!.questions.map((q) => q.untranslated)).toEqual([false, false, true]);
		const cyr = await presentQuiz(db, c.current_version_id!, 'sr-Cyrl');
		expect(cyr!.questions[0].prompt).toBe('Шта је прво?');
		expect(cyr!.questions[2]).toMatchObject({ prompt: 'A plan needs a budget.', untranslated: true });

		const status = await quizTranslationStatus(db, quizId);
		expect(status.map((s) => s.status)).toEqual(['partial', 'partial', 'partial']);

		// The translator's editor shows the translation, not the English quiz.
		const editor = await publishedQuiz(db, c.current_version_id, 'sr-Latn');
		expect(editor!.questions[0].prompt).toBe('Šta je prvo?');
		expect(editor!.questions[2].untranslated).toBe(true);
	});

	it('keeps the translated quiz files in the export, and an export imports back to the same files', async () => {
		await publishEnglish(addQuestion);
		const files = await exportCourseFiles(db, courseId);
		const sq = files.get('demo/02-practice/quiz.sq.yaml');
		expect(sq).toContain('Çfarë vjen e para?');
		expect(sq).not.toContain('A plan needs a budget.');
		expect(files.has('demo/02-practice/quiz.sr-Latn.yaml')).toBe(true);

		const other = await freshContentDb();
		const admin = await insertUser(other, { name: 'Ana Admin', email: 'ana@example.org', role: 'admin' });
		expect(await importCourseZip(other, await exportCourseZip(db, courseId), { id: admin, role: 'admin' })).toEqual({
			ok: true,
			slug: 'demo'
		});
		const otherCourse = await getCourseBySlug(other, 'demo', 'en');
		expect(await exportCourseFiles(other, otherCourse!.id)).toEqual(files);
		const v = (await quizContext(other, otherCourse!.modules[1].quiz!.id))!.current_version_id!;
		expect((await presentQuiz(other, v, 'sq'))!.questions.map((q) => q.untranslated)).toEqual([false, false, true]);
	});

	it('counts the question as translated once a translator saves and publishes it', async () => {
		await publishEnglish(addQuestion);
		const c = await ctx();
		const { quiz } = await editableQuiz(db, quizId, c.current_version_id, 'sq');
		quiz.questions[2] = {
			...quiz.questions[2],
			prompt: 'Një plan ka nevojë për buxhet.',
			explanation: 'Paratë kanë rëndësi.'
		};
		const english = (await editableQuiz(db, quizId, c.current_version_id, 'en')).quiz;
		expect(
			await saveQuizDraft(db, {
				quizId,
				locale: 'sq',
				quiz,
				english,
				expectedRevision: c.edit_revision,
				userId: trainer
			})
		).toEqual({ ok: true });
		expect(await publishQuiz(db, { quizId, expectedRevision: c.edit_revision + 1, userId: trainer })).toEqual({
			ok: true
		});
		const sq = await presentQuiz(db, (await ctx()).current_version_id!, 'sq');
		expect(sq!.questions.map((q) => q.untranslated)).toEqual([false, false, false]);
		expect((await quizTranslationStatus(db, quizId)).find((s) => s.locale === 'sq')!.status).toBe('current');
	});
});
