// Quizzes that cannot be passed blind: each attempt has its own paper (questions drawn from a pool,
// options and items in an order of its own), kept with the attempt for its review; per-option
// feedback; the daily attempt limit, held by submissions that arrive together.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import { getCourseBySlug, type QuizInfo } from '$lib/server/catalogue/courses';
import { paperFor, parseSubmission, presentQuiz, submissionKey } from '$lib/server/learning/quizzes';
import { reviewAttempt } from '$lib/server/learning/review';
import { submitAttempt } from '$lib/server/learning/submit';
import { readRecord } from '$lib/server/learning/progress';
import { nextAttemptAt } from '$lib/server/learning/attempt-rules';
import { DAY, HOUR, MINUTE, T0, insertUser } from './helpers';
import { exportCourseFiles } from '$lib/server/catalogue/content/export';
import { parse as parseYaml } from 'yaml';
import { freshContentDb, importOk, readDemo, removeFiles, removeTempDirs, writeDemo, yaml } from './content-fixture';

const TRANSLATIONS = ['demo/02-practice/quiz.sq.yaml', 'demo/02-practice/quiz.sr-Latn.yaml'];

/** A pool of six single-choice questions, three per topic; the right option is always the first. */
function poolQuiz(settings: Record<string, unknown> = {}) {
	const question = (id: string, topic: string) => ({
		id,
		type: 'single',
		topic,
		prompt: `Question ${id}?`,
		options: [
			{ text: `Right ${id}`, feedback: `Yes: ${id} is right.` },
			{ text: `Wrong ${id}`, feedback: `No: ${id} is a trap.` },
			`Other ${id}`,
			`Last ${id}`
		],
		correct: 1,
		explanation: `Because ${id}.`
	});
	return {
		title: 'Pool',
		max_attempts: null,
		wait_minutes: 0,
		attempts_per_day: null,
		...settings,
		questions: [
			question('a1', 'alpha'),
			question('a2', 'alpha'),
			question('a3', 'alpha'),
			question('b1', 'beta'),
			question('b2', 'beta'),
			question('b3', 'beta')
		]
	};
}

let db: DB;
let ana: number;

async function importPool(settings: Record<string, unknown> = {}): Promise<QuizInfo> {
	const root = writeDemo({ 'demo/02-practice/quiz.yaml': yaml(poolQuiz(settings)) });
	removeFiles(root, ...TRANSLATIONS);
	await importOk(db, root);
	return (await getCourseBySlug(db, 'demo', 'en'))!.modules[1].quiz!;
}

beforeEach(async () => {
	db = await freshContentDb();
	ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
});
afterEach(removeTempDirs);

/** The form a learner sends who picks, on the paper shown, the option whose text starts with `word`. */
function answering(shown: NonNullable<Awaited<ReturnType<typeof presentQuiz>>>, word: string): FormData {
	const form = new FormData();
	for (const q of shown.questions) form.set(`q.${q.id}`, q.options.find((o) => o.text.startsWith(word))!.id);
	return form;
}

async function take(quiz: QuizInfo, attemptNo: number, word: string, now: number) {
	const key = await submissionKey(db, ana, quiz.id, attemptNo);
	const shown = (await presentQuiz(db, quiz.versionId, 'en', key))!;
	const paper = (await paperFor(db, quiz.versionId, key))!;
	const parsed = await parseSubmission(db, quiz.versionId, answering(shown, word), paper);
	if (!parsed?.ok) throw new Error('not read');
	const input = { userId: ana, quizId: quiz.id, versionId: quiz.versionId, submissionKey: key, locale: 'en' };
	return { shown, stored: await submitAttempt(db, { ...input, answers: parsed.answers, paper }, now) };
}

describe('the paper of an attempt', () => {
	it('shows the same order on a reload of the same attempt, another order on other attempts', async () => {
		const quiz = await importPool();
		const orders = async (attemptNo: number) => {
			const key = await submissionKey(db, ana, quiz.id, attemptNo);
			return (await presentQuiz(db, quiz.versionId, 'en', key))!.questions.map((q) => q.options.map((o) => o.text));
		};
		expect(await orders(1)).toEqual(await orders(1));
		const papers = await Promise.all([1, 2, 3, 4, 5, 6].map(orders));
		expect(new Set(papers.map((p) => JSON.stringify(p))).size).toBeGreaterThan(1);
		// The right option is first in the file; shuffled, it is not always shown first.
		const firstShown = papers.flat().map((options) => options[0].startsWith('Right'));
		expect(firstShown.some((right) => !right)).toBe(true);
	});

	it('stores the paper with the attempt: the review shows the options in the order the learner saw', async () => {
		const quiz = await importPool();
		const { shown, stored } = await take(quiz, 1, 'Wrong', T0);
		const review = (await reviewAttempt(db, stored.attemptId, ana, 'en'))!;
		expect(review.questions.map((q) => q.id)).toEqual(shown.questions.map((q) => q.id));
		expect(review.questions.map((q) => q.options.map((o) => o.text))).toEqual(
			shown.questions.map((q) => q.options.map((o) => o.text))
		);
		expect(review.questions[0].options.filter((o) => o.chosen).map((o) => o.text)).toEqual([
			`Wrong ${review.questions[0].id}`
		]);
	});

	it('reviews an attempt stored before papers existed in the quiz’s own order', async () => {
		const quiz = await importPool();
		const { stored } = await take(quiz, 1, 'Right', T0);
		await db.updateTable('quiz_attempts').set({ presentation: null }).where('id', '=', stored.attemptId).execute();
		const review = (await reviewAttempt(db, stored.attemptId, ana, 'en'))!;
		expect(review.questions.map((q) => q.id)).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3']);
		expect(review.questions[0].options.map((o) => o.text)).toEqual(['Right a1', 'Wrong a1', 'Other a1', 'Last a1']);
	});

	it('shows each option’s feedback next to the option the learner chose', async () => {
		const quiz = await importPool();
		const { stored } = await take(quiz, 1, 'Wrong', T0);
		const review = (await reviewAttempt(db, stored.attemptId, ana, 'en'))!;
		const q = review.questions[0];
		expect(q.options.find((o) => o.chosen)).toMatchObject({
			text: `Wrong ${q.id}`,
			feedback: `No: ${q.id} is a trap.`
		});
		// Only the chosen option's: the review's data (also served as JSON) must not say which other
		// option is right, since a retake may draw the same question.
		expect(JSON.stringify(review)).not.toContain('is right.');
		// Feedback is for the review: the quiz page never carries it.
		const key = await submissionKey(db, ana, quiz.id, 2);
		expect(JSON.stringify(await presentQuiz(db, quiz.versionId, 'en', key))).not.toContain('trap');
	});
});

describe('question pools', () => {
	it('draws N questions per attempt, grades over them and reads only them from the form', async () => {
		const quiz = await importPool({ draw: 2 });
		expect(quiz.questionCount).toBe(2);
		const seen = new Set<string>();
		for (let n = 1; n <= 12; n++) {
			const key = await submissionKey(db, ana, quiz.id, n);
			const shown = (await presentQuiz(db, quiz.versionId, 'en', key))!;
			expect(shown.questions).toHaveLength(2);
			for (const q of shown.questions) seen.add(q.id);
		}
		expect(seen.size).toBeGreaterThan(2);
		const { shown, stored } = await take(quiz, 1, 'Right', T0);
		expect(stored).toMatchObject({ score: 100, passed: true });
		const answers = await db
			.selectFrom('quiz_answers')
			.select('question_id')
			.where('attempt_id', '=', stored.attemptId)
			.execute();
		expect(answers.map((a) => a.question_id).sort()).toEqual(shown.questions.map((q) => q.id).sort());
	});

	it('draws per topic: n of each topic named', async () => {
		const quiz = await importPool({ draw: { alpha: 1, beta: 2 } });
		expect(quiz.questionCount).toBe(3);
		for (let n = 1; n <= 6; n++) {
			const shown = (await presentQuiz(db, quiz.versionId, 'en', await submissionKey(db, ana, quiz.id, n)))!;
			const ids = shown.questions.map((q) => q.id);
			expect(ids.filter((id) => id.startsWith('a'))).toHaveLength(1);
			expect(ids.filter((id) => id.startsWith('b'))).toHaveLength(2);
		}
	});

	it('refuses a draw that the pool cannot fill, or a topic no question has', () => {
		const check = (draw: unknown) => {
			const root = writeDemo({ 'demo/02-practice/quiz.yaml': yaml(poolQuiz({ draw })) });
			removeFiles(root, ...TRANSLATIONS);
			return readDemo(root).errors.join('\n');
		};
		expect(check(7)).toMatch(/draw asks for more questions/);
		expect(check({ alpha: 4 })).toMatch(/draw asks for more questions/);
		expect(check({ gamma: 1 })).toMatch(/draw must be/);
		expect(check(0)).toMatch(/draw must be/);
		expect(check(3)).toBe('');
	});
});

describe('the content format', () => {
	it('exports a pool with its draw, topics, daily limit and option feedback as it was written', async () => {
		const draw = { alpha: 1, beta: 2 };
		const quiz = await importPool({ draw, attempts_per_day: 4 });
		const course = await db
			.selectFrom('quizzes')
			.innerJoin('modules', 'modules.id', 'quizzes.module_id')
			.select('modules.course_id')
			.where('quizzes.id', '=', quiz.id)
			.executeTakeFirstOrThrow();
		const files = await exportCourseFiles(db, course.course_id);
		const written = parseYaml(files.get('demo/02-practice/quiz.yaml')!);
		const source = poolQuiz();
		expect(written).toMatchObject({ draw, attempts_per_day: 4, wait_minutes: 0 });
		expect(written.questions[0]).toMatchObject({ topic: 'alpha', options: source.questions[0].options });
	});
});

describe('attempt limits', () => {
	it('gives a quiz file that says nothing the defaults: 10 minutes after a fail, 5 attempts a day', async () => {
		const { attempts_per_day: _a, wait_minutes: _w, ...silent } = poolQuiz();
		const root = writeDemo({ 'demo/02-practice/quiz.yaml': yaml(silent) });
		removeFiles(root, ...TRANSLATIONS);
		await importOk(db, root);
		const quiz = (await getCourseBySlug(db, 'demo', 'en'))!.modules[1].quiz!;
		expect(quiz).toMatchObject({ waitMinutes: 10, attemptsPerDay: 5 });
	});

	it('takes no more attempts in 24 hours than the daily limit, and says from when it takes one again', async () => {
		const quiz = await importPool({ attempts_per_day: 2 });
		await take(quiz, 1, 'Wrong', T0);
		await take(quiz, 2, 'Wrong', T0 + HOUR);
		await expect(take(quiz, 3, 'Wrong', T0 + 2 * HOUR)).rejects.toMatchObject({ reason: 'waiting' });
		const course = (await getCourseBySlug(db, 'demo', 'en'))!;
		const record = await readRecord(db, ana, course.id);
		// Free again when the first of the two leaves the 24 hours.
		expect(nextAttemptAt(record.attempts.get(quiz.id), quiz, T0 + 2 * HOUR)).toBe(T0 + DAY);
		expect((await take(quiz, 3, 'Wrong', T0 + DAY + MINUTE)).stored.duplicate).toBe(false);
	});

	it('holds the daily limit for submissions that arrive together', async () => {
		const quiz = await importPool({ attempts_per_day: 3 });
		const key = (i: number) => `tab-${i}`;
		const results = await Promise.allSettled(
			Array.from({ length: 20 }, (_, i) =>
				submitAttempt(
					db,
					{ userId: ana, quizId: quiz.id, versionId: quiz.versionId, submissionKey: key(i), locale: 'en', answers: {} },
					T0
				)
			)
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
		expect(
			results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.reason)
		).toEqual(Array(17).fill('waiting'));
	});
});
