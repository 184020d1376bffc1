import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import { getCourseBySlug, type QuizInfo } from '$lib/server/catalogue/courses';
import {
	listAttempts,
	parseSubmission,
	presentQuiz,
	submissionKey,
	type PresentedQuiz
} from '$lib/server/learning/quizzes';
import { reviewAttempt } from '$lib/server/learning/review';
import { submitAttempt } from '$lib/server/learning/submit';
import { MINUTE, T0, insertUser } from './helpers';
import {
	freshContentDb,
	importOk,
	introQuiz,
	practiceQuiz,
	removeTempDirs,
	writeDemo,
	yaml,
	INTRO_RIGHT
} from './content-fixture';

let db: DB;
let intro: QuizInfo;
let practice: QuizInfo;
let presented: PresentedQuiz;
let ana: number;

const correctItems = introQuiz('en').questions[3].items!;

beforeEach(async () => {
	db = await freshContentDb();
	await importOk(db, writeDemo());
	const course = await getCourseBySlug(db, 'demo', 'en');
	intro = course!.modules[0].quiz!;
	practice = course!.modules[1].quiz!;
	presented = (await presentQuiz(db, intro.versionId, 'en'))!;
	ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
});
afterEach(removeTempDirs);

/** The opaque id of option `n` (1-based, in the quiz file's order) of a question; a plain number for one that does not exist. */
function o(questionId: string, n: number): string {
	return presented.questions.find((q) => q.id === questionId)!.options[n - 1]?.id ?? String(n);
}

/** Form fields for the intro quiz, all answered correctly unless overridden (null drops a field). */
function fields(overrides: Record<string, string | string[] | null> = {}): [string, string][] {
	const ordering = presented.questions.find((q) => q.id === 'mapping-steps')!;
	const base: Record<string, string | string[]> = {
		submission: 'abc123',
		version: String(intro.versionId),
		'q.mission-purpose': o('mission-purpose', 2),
		'q.stakeholder-examples': [o('stakeholder-examples', 1), o('stakeholder-examples', 3)],
		'q.mission-changes': 'false',
		'q.people-word': 'stakeholders',
		'q.certificate-word': 'certificate'
	};
	for (const item of ordering.items) base[`q.mapping-steps.${item.id}`] = String(correctItems.indexOf(item.text) + 1);
	const merged: Record<string, string | string[] | null> = { ...base, ...overrides };
	return Object.entries(merged).flatMap(([k, v]) =>
		v === null ? [] : (Array.isArray(v) ? v : [v]).map((x) => [k, x] as [string, string])
	);
}

function form(entries: [string, string][]): FormData {
	const f = new FormData();
	for (const [k, v] of entries) f.append(k, v);
	return f;
}

const parse = (entries: [string, string][], versionId = intro.versionId) =>
	parseSubmission(db, versionId, form(entries));

function itemIds() {
	return presented.questions.find((q) => q.id === 'mapping-steps')!.items.map((i) => i.id);
}

describe('presentQuiz', () => {
	it('shows every question with its options and never the answers or explanations', async () => {
		expect(presented.title).toBe('Check your understanding');
		expect(presented.fallback).toBe(false);
		expect(presented.questions.map((q) => [q.id, q.type])).toEqual([
			['mission-purpose', 'single'],
			['stakeholder-examples', 'multiple'],
			['mission-changes', 'true_false'],
			['mapping-steps', 'ordering'],
			['people-word', 'short_text'],
			['certificate-word', 'short_text']
		]);
		expect(presented.questions[0].options.map((x) => x.text)).toEqual([
			'Listing every project',
			'Saying why you exist and whom you serve',
			"Filling in a donor's form"
		]);
		// Answers are posted by an opaque id: the form tells neither the position shown nor the file's.
		for (const option of presented.questions[0].options) expect(option.id).toMatch(/^[\w-]{10}$/);
		const json = JSON.stringify(presented);
		expect(json).not.toMatch(/"correct"|"accepted"|"explanation"|"answer/);
		for (const secret of [
			'"stakeholders"',
			'"certificate"',
			'A mission says why you exist',
			'Plan, ask, collect, share'
		]) {
			expect(json).not.toContain(secret);
		}
	});

	it('shuffles ordering items and gives them opaque ids, not positions', () => {
		const items = presented.questions.find((q) => q.id === 'mapping-steps')!.items;
		expect(items.map((i) => i.text).sort()).toEqual([...correctItems].sort());
		expect(items.map((i) => i.text)).not.toEqual(correctItems);
		for (const item of items) {
			expect(item.id).not.toMatch(/^\d+$/);
			expect(item.id.length).toBeGreaterThanOrEqual(8);
		}
		expect(new Set(items.map((i) => i.id)).size).toBe(4);
	});

	it('shows the same order every time, so that a reload does not reshuffle', async () => {
		const again = await presentQuiz(db, intro.versionId, 'en');
		expect(again?.questions[3].items).toEqual(presented.questions[3].items);
		const sq = await presentQuiz(db, intro.versionId, 'sq');
		expect(sq?.questions[3].items.map((i) => i.id)).toEqual(presented.questions[3].items.map((i) => i.id));
	});

	it('shows the learner’s language, or English marked as a fallback', async () => {
		const sq = await presentQuiz(db, intro.versionId, 'sq');
		expect(sq).toMatchObject({ title: 'Kontrolloni njohuritë', fallback: false });
		expect(sq?.questions[0].prompt).toBe('Për çfarë shërben misioni?');
		expect(await presentQuiz(db, intro.versionId, 'de')).toMatchObject({
			title: 'Check your understanding',
			fallback: true
		});
		expect(await presentQuiz(db, 999_999, 'en')).toBeNull();
	});
});

describe('parseSubmission', () => {
	it('reads a complete, valid form', async () => {
		expect(await parse(fields())).toEqual({
			ok: true,
			answers: INTRO_RIGHT
		});
	});

	it('reports unanswered questions by id', async () => {
		const ids = itemIds();
		const result = await parse(
			fields({
				'q.mission-purpose': null,
				'q.stakeholder-examples': null,
				'q.people-word': '   ',
				[`q.mapping-steps.${ids[0]}`]: null
			})
		);
		expect(result).toMatchObject({
			ok: false,
			problem: 'unanswered',
			questionIds: ['mission-purpose', 'stakeholder-examples', 'mapping-steps', 'people-word']
		});
	});

	it('reports every question unanswered for an empty form', async () => {
		expect(await parse([])).toMatchObject({
			ok: false,
			problem: 'unanswered',
			questionIds: presented.questions.map((q) => q.id)
		});
	});

	it('keeps what the learner entered so that the form can be shown again', async () => {
		const result = await parse(fields({ 'q.mission-purpose': null }));
		expect(result).toMatchObject({
			ok: false,
			raw: {
				'q.people-word': 'stakeholders',
				'q.stakeholder-examples': [o('stakeholder-examples', 1), o('stakeholder-examples', 3)]
			}
		});
	});

	it('refuses an option id that does not exist', async () => {
		for (const value of ['4', '0', 'two', '-1', '2.0', '1e0']) {
			expect(await parse(fields({ 'q.mission-purpose': value })), value).toMatchObject({
				ok: false,
				problem: 'invalid',
				questionIds: ['mission-purpose']
			});
		}
		expect(await parse(fields({ 'q.stakeholder-examples': [o('stakeholder-examples', 1), '5'] }))).toMatchObject({
			problem: 'invalid',
			questionIds: ['stakeholder-examples']
		});
		expect(
			await parse(fields({ 'q.stakeholder-examples': [o('stakeholder-examples', 1), o('stakeholder-examples', 1)] }))
		).toMatchObject({
			problem: 'invalid',
			questionIds: ['stakeholder-examples']
		});
		expect(await parse(fields({ 'q.mission-changes': 'yes' }))).toMatchObject({
			problem: 'invalid',
			questionIds: ['mission-changes']
		});
	});

	it('refuses a single-choice or true/false field sent twice', async () => {
		expect(
			await parse(fields({ 'q.mission-purpose': [o('mission-purpose', 2), o('mission-purpose', 1)] }))
		).toMatchObject({
			problem: 'invalid',
			questionIds: ['mission-purpose']
		});
		expect(
			await parse(fields({ 'q.mission-purpose': [o('mission-purpose', 2), o('mission-purpose', 2)] }))
		).toMatchObject({
			problem: 'invalid',
			questionIds: ['mission-purpose']
		});
		expect(await parse(fields({ 'q.mission-changes': ['false', 'true'] }))).toMatchObject({
			problem: 'invalid',
			questionIds: ['mission-changes']
		});
		expect(await parse(fields({ 'q.people-word': ['stakeholders', 'x'] }))).toMatchObject({
			problem: 'invalid',
			questionIds: ['people-word']
		});
	});

	it('refuses an overlong text answer', async () => {
		expect(await parse(fields({ 'q.people-word': 'a'.repeat(1000) }))).toMatchObject({
			ok: false,
			problem: 'invalid',
			questionIds: ['people-word']
		});
		expect((await parse(fields({ 'q.people-word': 'a'.repeat(200) })))?.ok).toBe(true);
	});

	it('refuses an extra field it does not know', async () => {
		expect(await parse([...fields(), ['q.favourite-colour', 'blue']])).toMatchObject({
			ok: false,
			problem: 'invalid',
			questionIds: []
		});
		expect(await parse([...fields(), ['correct', '1']])).toMatchObject({ ok: false, problem: 'invalid' });
	});

	it('refuses answers to another quiz’s questions', async () => {
		const mixed: [string, string][] = [...fields(), ['q.plan-first', '1'], ['q.plan-alone', 'false']];
		expect(await parse(mixed)).toMatchObject({ ok: false, problem: 'invalid' });
		// And the intro answers sent for the practice quiz.
		expect(await parse(fields(), practice.versionId)).toMatchObject({ ok: false, problem: 'invalid' });
	});

	it('refuses ordering positions that are not a permutation', async () => {
		const ids = itemIds();
		const twiceFirst = fields({ [`q.mapping-steps.${ids[0]}`]: '1', [`q.mapping-steps.${ids[1]}`]: '1' });
		expect(await parse(twiceFirst)).toMatchObject({ problem: 'invalid', questionIds: ['mapping-steps'] });
		expect(await parse(fields({ [`q.mapping-steps.${ids[0]}`]: '5' }))).toMatchObject({
			problem: 'invalid',
			questionIds: ['mapping-steps']
		});
		expect(await parse(fields({ [`q.mapping-steps.${ids[0]}`]: '0' }))).toMatchObject({
			problem: 'invalid',
			questionIds: ['mapping-steps']
		});
		expect(await parse(fields({ [`q.mapping-steps.${ids[0]}`]: 'first' }))).toMatchObject({
			problem: 'invalid',
			questionIds: ['mapping-steps']
		});
		expect(await parse(fields({ [`q.mapping-steps.${ids[0]}`]: ['1', '2'] }))).toMatchObject({
			problem: 'invalid',
			questionIds: ['mapping-steps']
		});
	});

	it('refuses ordering fields named by plain index instead of the item ids', async () => {
		const entries: [string, string][] = fields().filter(([k]) => !k.startsWith('q.mapping-steps.'));
		for (let i = 0; i < 4; i++) entries.push([`q.mapping-steps.${i}`, String(i + 1)]);
		expect(await parse(entries)).toMatchObject({ ok: false, problem: 'invalid' });
	});

	it('reads a wrong but valid order as such', async () => {
		const ids = itemIds();
		const entries = fields(Object.fromEntries(ids.map((id, i) => [`q.mapping-steps.${id}`, String(i + 1)])));
		const result = await parse(entries);
		expect(result?.ok).toBe(true);
		const order = (result as { answers: Record<string, number[]> }).answers['mapping-steps'];
		expect([...order].sort()).toEqual([0, 1, 2, 3]);
		expect(order.map((index) => correctItems[index])).toEqual(presented.questions[3].items.map((i) => i.text));
	});

	it('returns null for a quiz version that does not exist', async () => {
		expect(await parse(fields(), 999_999)).toBeNull();
	});
});

describe('submitAttempt', () => {
	async function submit(submissionKey: string, answers: Record<string, unknown>, now = T0) {
		return submitAttempt(
			db,
			{
				userId: ana,
				quizId: intro.id,
				versionId: intro.versionId,
				submissionKey,
				locale: 'en',
				answers: answers as never
			},
			now
		);
	}

	it('grades a correct submission read from the form as 100 and passed', async () => {
		const parsed = await parse(fields());
		if (!parsed?.ok) throw new Error('form did not parse');
		expect(await submit('k1', parsed.answers)).toMatchObject({ duplicate: false, score: 100, passed: true });
	});

	it('stores one attempt for the same submission key sent twice', async () => {
		const first = await submit('same-key', { 'mission-purpose': 2 });
		const second = await submit('same-key', { 'mission-purpose': 2, 'mission-changes': false }, T0 + MINUTE);
		expect(first.duplicate).toBe(false);
		expect(second).toEqual({
			attemptId: first.attemptId,
			duplicate: true,
			score: first.score,
			passed: first.passed,
			submittedAt: T0
		});
		const attempts = await listAttempts(db, ana, intro.id);
		expect(attempts).toHaveLength(1);
		expect(attempts[0]).toMatchObject({ attempt_no: 1, submitted_at: T0 });
	});

	it('numbers attempts with different keys, and keeps each learner’s keys apart', async () => {
		const bojan = await insertUser(db, { name: 'Bojan', email: 'bojan@example.org' });
		await submit('k1', {});
		await submit('k2', {}, T0 + MINUTE);
		const theirs = await submitAttempt(
			db,
			{ userId: bojan, quizId: intro.id, versionId: intro.versionId, submissionKey: 'k1', locale: 'en', answers: {} },
			T0
		);
		expect(theirs.duplicate).toBe(false);
		expect((await listAttempts(db, ana, intro.id)).map((a) => a.attempt_no)).toEqual([2, 1]);
		expect((await listAttempts(db, bojan, intro.id)).map((a) => a.attempt_no)).toEqual([1]);
	});

	it('grades with partial credit: 5 of 6 right and half a multiple choice is 92 %', async () => {
		const result = await submit('k1', {
			'mission-purpose': 2,
			'stakeholder-examples': [1, 2, 3],
			'mission-changes': false,
			'mapping-steps': [0, 1, 2, 3],
			'people-word': 'Stakeholder',
			'certificate-word': 'certificate'
		});
		expect(result).toMatchObject({ score: 92, passed: true });
	});
});

describe('reviewAttempt', () => {
	it('shows each question with the learner’s answer, credit and explanation', async () => {
		const { attemptId } = await submitAttempt(
			db,
			{
				userId: ana,
				quizId: intro.id,
				versionId: intro.versionId,
				submissionKey: 'k1',
				locale: 'sq',
				answers: {
					'mission-purpose': 1,
					'stakeholder-examples': [1],
					'mission-changes': false,
					'mapping-steps': [1, 0, 2, 3],
					'people-word': 'palet',
					'certificate-word': 'certifikate'
				}
			},
			T0
		);
		const review = await reviewAttempt(db, attemptId, ana, 'sq');
		expect(review).toMatchObject({ attemptNo: 1, passMark: 70, passed: false, title: 'Kontrolloni njohuritë' });
		// 0 + 0.5 + 1 + 0 + 1 + 1 = 3.5 of 6 = 58 %.
		expect(review?.score).toBe(58);
		expect(review?.questions.map((q) => [q.id, q.credit, q.right])).toEqual([
			['mission-purpose', 0, false],
			['stakeholder-examples', 0.5, false],
			['mission-changes', 1, true],
			['mapping-steps', 0, false],
			['people-word', 1, true],
			['certificate-word', 1, true]
		]);
		expect(review?.questions[0]).toMatchObject({
			prompt: 'Për çfarë shërben misioni?',
			answer: 1,
			explanation: 'Misioni thotë pse ekzistoni.'
		});
		expect(review?.questions[3].items).toEqual([
			'Zgjidhni kë të pyesni',
			'Vendosni çfarë doni të mësoni',
			'Mblidhni përgjigjet',
			'Ndani rezultatet'
		]);
	});

	it('shows an attempt only to the learner who made it', async () => {
		const bojan = await insertUser(db, { name: 'Bojan', email: 'bojan@example.org' });
		const { attemptId } = await submitAttempt(
			db,
			{ userId: ana, quizId: intro.id, versionId: intro.versionId, submissionKey: 'k1', locale: 'en', answers: {} },
			T0
		);
		expect(await reviewAttempt(db, attemptId, bojan, 'en')).toBeNull();
		expect(await reviewAttempt(db, attemptId, ana, 'en')).not.toBeNull();
	});
});

describe('attempt limits under concurrent submissions', () => {
	const WRONG = { 'plan-first': 2, 'plan-alone': true };

	/** `n` submissions at once, each with its own key (as from n tabs or a script), all settled. */
	function submitAtOnce(quiz: QuizInfo, answers: Record<string, unknown>, n: number, now: number) {
		return Promise.allSettled(
			Array.from({ length: n }, (_, i) =>
				submitAttempt(
					db,
					{
						userId: ana,
						quizId: quiz.id,
						versionId: quiz.versionId,
						submissionKey: `tab-${now}-${i}`,
						locale: 'en',
						answers: answers as never
					},
					now
				)
			)
		);
	}

	const stored = (results: PromiseSettledResult<unknown>[]) => results.filter((r) => r.status === 'fulfilled');
	const refusals = (results: PromiseSettledResult<unknown>[]) =>
		results.flatMap((r) =>
			r.status === 'rejected' ? [(r.reason as { reason?: string }).reason ?? String(r.reason)] : []
		);

	async function practiceWith(settings: { max_attempts: number | null; wait_minutes: number }): Promise<QuizInfo> {
		const changes = Object.fromEntries(
			(['en', 'sq', 'sr-Latn'] as const).map((l) => [
				`demo/02-practice/quiz${l === 'en' ? '' : `.${l}`}.yaml`,
				yaml({ ...practiceQuiz(l), ...settings })
			])
		);
		db = await freshContentDb();
		await importOk(db, writeDemo(changes));
		ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
		return (await getCourseBySlug(db, 'demo', 'en'))!.modules[1].quiz!;
	}

	it('with one attempt allowed, 30 submissions at once store one attempt and refuse the rest', async () => {
		const once = await practiceWith({ max_attempts: 1, wait_minutes: 0 });
		const results = await submitAtOnce(once, WRONG, 30, T0);
		expect(stored(results)).toHaveLength(1);
		expect(refusals(results)).toEqual(Array(29).fill('exhausted'));
		expect(await listAttempts(db, ana, once.id)).toHaveLength(1);
	});

	it('a quiz passed by one of many simultaneous submissions takes no further attempt', async () => {
		const results = await submitAtOnce(intro, INTRO_RIGHT, 30, T0);
		expect(stored(results)).toHaveLength(1);
		expect(refusals(results)).toEqual(Array(29).fill('passed'));
		const attempts = await listAttempts(db, ana, intro.id);
		expect(attempts.map((a) => [a.attempt_no, a.passed])).toEqual([[1, 1]]);
	});

	it('the wait after a failed attempt holds for submissions that arrive together', async () => {
		// The practice quiz: two attempts, 30 minutes' wait after a failure.
		let results = await submitAtOnce(practice, WRONG, 20, T0);
		expect(stored(results)).toHaveLength(1);
		expect(refusals(results)).toEqual(Array(19).fill('waiting'));
		results = await submitAtOnce(practice, WRONG, 20, T0 + 29 * MINUTE);
		expect(stored(results)).toHaveLength(0);
		results = await submitAtOnce(practice, WRONG, 20, T0 + 31 * MINUTE);
		expect(stored(results)).toHaveLength(1);
		expect(refusals(results)).toEqual(Array(19).fill('exhausted'));
		expect((await listAttempts(db, ana, practice.id)).map((a) => a.attempt_no)).toEqual([2, 1]);
	});

	it('two tabs of the same quiz page that both fail store one attempt, and both show it', async () => {
		const once = await practiceWith({ max_attempts: 1, wait_minutes: 0 });
		const key = await submissionKey(db, ana, once.id, 1);
		const [a, b] = await Promise.all(
			[WRONG, { 'plan-first': 2, 'plan-alone': false }].map((answers) =>
				submitAttempt(
					db,
					{ userId: ana, quizId: once.id, versionId: once.versionId, submissionKey: key, locale: 'en', answers },
					T0
				)
			)
		);
		expect(b.attemptId).toBe(a.attemptId);
		expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
		expect(await listAttempts(db, ana, once.id)).toHaveLength(1);
	});

	it('a quiz page’s key names the attempt it was shown for: the same for two views, new after an attempt', async () => {
		const first = await submissionKey(db, ana, intro.id, 1);
		expect(first).toMatch(/^[a-f0-9]{32}$/);
		expect(await submissionKey(db, ana, intro.id, 1)).toBe(first);
		expect(await submissionKey(db, ana, intro.id, 2)).not.toBe(first);
		expect(await submissionKey(db, ana, practice.id, 1)).not.toBe(first);
		const bojan = await insertUser(db, { name: 'Bojan', email: 'bojan@example.org' });
		expect(await submissionKey(db, bojan, intro.id, 1)).not.toBe(first);
	});
});
