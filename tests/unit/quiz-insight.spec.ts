// Item quality of quiz questions against a fresh migrated database holding the demo course of
// content-fixture.ts (intro quiz: six questions; practice quiz: two). Ten cohort learners answer the
// intro quiz through the real submit function, in a pattern whose difficulty and point-biserial
// correlations are worked out by hand below; then a few thousand attempts checked against a plain
// re-computation in the test, and the plan SQLite picks for the one statement that reads them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompiledQuery } from 'kysely';
import type { DB } from '$lib/server/db/client';
import { getCourseBySlug, type CourseInfo } from '$lib/server/catalogue/courses';
import * as cohorts from '$lib/server/cohorts/cohorts';
import { insightView, insightByModule, quizInsight, type QuestionInsight } from '$lib/server/cohorts/insight';
import { QUALITY, filterOf, firstAttemptQuery, pointBiserial } from '$lib/server/cohorts/item-quality';
import type { Answer } from '$lib/server/learning/quizzes';
import { submitAttempt } from '$lib/server/learning/submit';
import type { Cohort } from '../../db/schema';
import { DAY, MINUTE, T0, insertUser } from './helpers';
import { freshContentDb, importOk, removeTempDirs, writeDemo } from './content-fixture';
import { engine } from './engine';

const LABELS = { true: 'True', false: 'False' };
const QUESTIONS = [
	'mission-purpose',
	'stakeholder-examples',
	'mission-changes',
	'mapping-steps',
	'people-word',
	'certificate-word'
];
const RIGHT: Answer[] = [2, [1, 3], false, [0, 1, 2, 3], 'stakeholders', 'certificate'];
// Wrong answers earn no credit at all (no partial credit on the multiple-choice question).
const WRONG: Answer[] = [1, [2, 4], true, [1, 0, 2, 3], 'donors', 'diploma'];

// Right (1) or wrong (0) on Q1..Q6, in the order the learners submit; the wrong option of Q1 follows.
// Totals (points of 6): A 6, B 5, C 4, D 4, E 3, F 3, G 3, H 2, I 2, J 1. The strongest third is
// ntile(3) of ten = the first four by score: A, B, C, D (4 points, then 3: no tie at the edge).
const PATTERN: [string, number[], number?][] = [
	['A', [1, 1, 1, 1, 1, 1]],
	['B', [0, 1, 1, 1, 1, 1], 1],
	['C', [0, 1, 0, 1, 1, 1], 1],
	['D', [0, 1, 0, 1, 1, 1], 1],
	['E', [1, 1, 0, 0, 0, 1]],
	['F', [1, 1, 0, 0, 0, 1]],
	['G', [1, 0, 0, 1, 0, 1]],
	['H', [0, 1, 0, 0, 0, 1], 3],
	['I', [0, 0, 0, 1, 0, 1], 3],
	['J', [0, 0, 0, 0, 0, 1], 3]
];

/*
 * By hand. x = right (0/1) on the question, y = the rest of the attempt's points (total − x); the
 * page uses y ÷ 5 (a share of the other five questions), which leaves r unchanged.
 * r = (nΣxy − ΣxΣy) / √((nΣx − (Σx)²)(nΣy² − (Σy)²)), n = 10.
 *
 * Q1 mission-purpose   x = 1000111000, y = 5 5 4 4 2 2 2 2 2 1: Σx 4, Σy 29, Σy² 103, Σxy 5+2+2+2 = 11
 *      difficulty 0.4; r = (110 − 116) / √(24 · 189) = −6 / 67.35 = −0.0891 → misleading (< 0.1);
 *      also the top four chose "Listing every project" 3× and the key once.
 * Q2 stakeholder-examples x = 1111110100, y = 5 4 3 3 2 2 3 1 2 1: Σx 7, Σy 26, Σy² 82, Σxy 20
 *      difficulty 0.7; r = (200 − 182) / √(21 · 144) = 18 / 54.99 = 0.3273 → no flag.
 * Q3 mission-changes   x = 1100000000, y = 5 4 4 4 3 3 3 2 2 1: Σx 2, Σy 31, Σy² 109, Σxy 9
 *      difficulty 0.2 → too hard; r = (90 − 62) / √(16 · 129) = 28 / 45.43 = 0.6163. The top four
 *      answered right twice and "True" twice: not more often than the key, so not misleading.
 * Q4 mapping-steps     x = 1111001010, y = 5 4 3 3 3 3 2 2 1 1: Σx 6, Σy 27, Σy² 87, Σxy 18
 *      difficulty 0.6; r = (180 − 162) / √(24 · 141) = 18 / 58.17 = 0.3094 → no flag.
 * Q5 people-word       x = 1111000000, y = 5 4 3 3 3 3 3 2 2 1: Σx 4, Σy 29, Σy² 95, Σxy 15
 *      difficulty 0.4; r = (150 − 116) / √(24 · 109) = 34 / 51.15 = 0.6648 → no flag.
 * Q6 certificate-word  everyone right: difficulty 1.0 → too easy; x does not vary, so r is undefined.
 */
const EXPECTED: [string, number, number | null, string[]][] = [
	['mission-purpose', 0.4, -0.0891, ['misleading']],
	['stakeholder-examples', 0.7, 0.3273, []],
	['mission-changes', 0.2, 0.6163, ['too_hard']],
	['mapping-steps', 0.6, 0.3094, []],
	['people-word', 0.4, 0.6648, []],
	['certificate-word', 1, null, ['too_easy']]
];

function answers(row: number[], q1Wrong = 1): Record<string, Answer> {
	return Object.fromEntries(QUESTIONS.map((id, i) => [id, row[i] ? RIGHT[i] : i === 0 ? q1Wrong : WRONG[i]])) as Record<
		string,
		Answer
	>;
}

describe('item quality of a hand-made cohort', () => {
	let db: DB;
	let course: CourseInfo;
	let cohort: Cohort;
	let minute = 0;

	async function submit(userId: number, module: number, given: Record<string, Answer>) {
		const quiz = course.modules[module].quiz!;
		minute += 1;
		await submitAttempt(
			db,
			{
				userId,
				quizId: quiz.id,
				versionId: quiz.versionId,
				submissionKey: `k-${minute}`,
				locale: 'en',
				answers: given
			},
			T0 + minute * MINUTE
		);
	}

	beforeAll(async () => {
		db = await freshContentDb();
		await importOk(db, writeDemo());
		course = (await getCourseBySlug(db, 'demo', 'en'))!;
		const coordinator = await insertUser(db, {
			name: 'Coordinator',
			email: 'coordinator@example.org',
			role: 'coordinator'
		});
		cohort = await cohorts.createCohort(
			db,
			{ name: 'Autumn', courseId: course.id, startsAt: T0, endsAt: T0 + 60 * DAY, trainerIds: [], organisationIds: [] },
			coordinator,
			T0
		);
		const ids: Record<string, number> = {};
		for (const [name, row, q1Wrong] of PATTERN) {
			ids[name] = await insertUser(db, { name, email: `learner-${name.toLowerCase()}@example.org` });
			await cohorts.addMembers(db, cohort, [ids[name]], T0);
			await submit(ids[name], 0, answers(row, q1Wrong));
		}
		// A second attempt (all right) is not a first attempt: it changes nothing above.
		await submit(ids.J, 0, answers([1, 1, 1, 1, 1, 1]));
		// Three first attempts at the practice quiz, all right: fewer than ten, so no flag.
		for (const name of ['A', 'B', 'C']) await submit(ids[name], 1, { 'plan-first': 1, 'plan-alone': false });
		// Someone outside the cohort, all right: counted for the course's trainers only.
		await submit(await insertUser(db, { name: 'Outsider', email: 'o@example.org' }), 0, answers([1, 1, 1, 1, 1, 1]));
	});
	afterAll(removeTempDirs);

	it('gives each question its difficulty, discrimination and flags, module by module in quiz order', async () => {
		const modules = await insightByModule(db, course, { cohortId: cohort.id }, 'en', LABELS);
		expect(modules.map((m) => [m.number, m.title])).toEqual([
			[1, 'Your organisation'],
			[2, course.modules[1].title]
		]);
		const intro = modules[0].questions;
		expect(intro.map((q) => q.questionId)).toEqual(EXPECTED.map((e) => e[0]));
		for (const [id, difficulty, discrimination, flags] of EXPECTED) {
			const q = intro.find((x) => x.questionId === id)!;
			expect(q.firstAttempts, id).toBe(10);
			expect(q.enough, id).toBe(true);
			expect(q.difficulty, id).toBeCloseTo(difficulty, 10);
			if (discrimination === null) expect(q.discrimination, id).toBeNull();
			else expect(q.discrimination, id).toBeCloseTo(discrimination, 4);
			expect(q.flags, id).toEqual(flags);
		}
	});

	it('names the wrong answer the strongest third preferred to the key', async () => {
		const [intro] = await insightByModule(db, course, { cohortId: cohort.id }, 'en', LABELS);
		const byId = (id: string) => intro.questions.find((q) => q.questionId === id)!;
		expect(byId('mission-purpose').misleadingChoice).toEqual({ answer: 'Listing every project', count: 3, right: 1 });
		expect(byId('mission-changes').misleadingChoice).toBeNull();
		const [introSq] = await insightByModule(db, course, { cohortId: cohort.id }, 'sq', LABELS);
		expect(introSq.questions[0].misleadingChoice?.answer).toBe('Renditja e projekteve');
	});

	it('says "not enough answers" below ten first attempts instead of flagging', async () => {
		const [, practice] = await insightByModule(db, course, { cohortId: cohort.id }, 'en', LABELS);
		expect(practice.questions.map((q) => [q.questionId, q.firstAttempts, q.difficulty, q.enough, q.flags])).toEqual([
			['plan-first', 3, 1, false, []],
			['plan-alone', 3, 1, false, []]
		]);
		expect(QUALITY.minAnswers).toBe(10);
	});

	it('counts everyone who took the quiz for the course’s trainers', async () => {
		const [intro] = await insightByModule(db, course, 'everyone', 'en', LABELS);
		const q3 = intro.questions.find((q) => q.questionId === 'mission-changes')!;
		// The outsider answered right: 3 of 11.
		expect([q3.firstAttempts, q3.rightFirstTime]).toEqual([11, 3]);
		expect(q3.difficulty).toBeCloseTo(3 / 11, 10);
		expect(q3.flags).toEqual(['too_hard']);
	});

	it('filters by flag and counts what each filter shows', async () => {
		const modules = await insightByModule(db, course, { cohortId: cohort.id }, 'en', LABELS);
		const ids = (f: string) =>
			insightView(modules, filterOf(f)).modules.flatMap((m) => m.questions.map((q: QuestionInsight) => q.questionId));
		expect(ids('too_hard')).toEqual(['mission-changes']);
		expect(ids('too_easy')).toEqual(['certificate-word']);
		expect(ids('misleading')).toEqual(['mission-purpose']);
		expect(ids('flagged')).toEqual(['mission-purpose', 'mission-changes', 'certificate-word']);
		expect(ids('not_enough')).toEqual(['plan-first', 'plan-alone']);
		expect(ids('nonsense')).toHaveLength(8);
		expect(insightView(modules, 'too_hard').modules.map((m) => m.number)).toEqual([1]);
		expect(insightView(modules, 'all').counts).toEqual({
			all: 8,
			flagged: 3,
			too_easy: 1,
			too_hard: 1,
			misleading: 1,
			not_enough: 2
		});
	});

	it('keeps the export’s hardest-first list with the same counts', async () => {
		const list = await quizInsight(db, cohort, course, 'en', LABELS);
		expect(list.map((q) => [q.questionId, q.share])).toEqual([
			['mission-changes', 20],
			['mission-purpose', 40],
			['people-word', 40],
			['mapping-steps', 60],
			['stakeholder-examples', 70],
			['certificate-word', 100],
			['plan-first', 100],
			['plan-alone', 100]
		]);
	});
});

describe('pointBiserial', () => {
	it('is Pearson’s r from sums, and undefined when either side does not vary', () => {
		// x = 1 1 0 0, y = 3 1 2 0: Σx 2, Σy 6, Σy² 14, Σxy 4 → (16 − 12) / √(4 · 20) = 0.4472.
		expect(pointBiserial(4, 2, 6, 14, 4)).toBeCloseTo(0.4472, 4);
		expect(pointBiserial(4, 4, 6, 14, 6)).toBeNull();
		expect(pointBiserial(4, 2, 8, 16, 4)).toBeNull();
		expect(pointBiserial(1, 1, 1, 1, 1)).toBeNull();
	});
});

describe('a few thousand attempts', () => {
	const N = 3000;
	let db: DB;
	let course: CourseInfo;
	let cohort: Cohort;
	// Learner i is right on question j when (i % 7) > j, except every eleventh learner, who gets Q4
	// wrong: a clear ladder of difficulty with some noise.
	const right = (i: number, j: number) => (j === 3 && i % 11 === 0 ? false : i % 7 > j);

	beforeAll(async () => {
		db = await freshContentDb();
		await importOk(db, writeDemo());
		course = (await getCourseBySlug(db, 'demo', 'en'))!;
		const quiz = course.modules[0].quiz!;
		const owner = await insertUser(db, { name: 'Coordinator', email: 'coordinator@example.org', role: 'coordinator' });
		cohort = await cohorts.createCohort(
			db,
			{ name: 'Big', courseId: course.id, startsAt: T0, endsAt: T0 + DAY, trainerIds: [], organisationIds: [] },
			owner,
			T0
		);
		await db.transaction().execute(async (tx) => {
			for (let from = 0; from < N; from += 500) {
				const chunk = Array.from({ length: Math.min(500, N - from) }, (_, k) => from + k);
				const users = await tx
					.insertInto('users')
					.values(
						chunk.map((i) => ({
							name: `L${i}`,
							email: `l${i}@example.org`,
							search_text: `l${i}`,
							password_hash: 'x',
							role: 'learner' as const,
							active: 1,
							organisation_id: null,
							created_at: T0,
							updated_at: T0
						}))
					)
					.returning('id')
					.execute();
				await tx
					.insertInto('cohort_members')
					.values(users.map((u) => ({ cohort_id: cohort.id, user_id: u.id, joined_at: T0 })))
					.execute();
				// Two attempts each; only the first counts.
				for (const attemptNo of [1, 2]) {
					const attempts = await tx
						.insertInto('quiz_attempts')
						.values(
							users.map((u, k) => {
								const points = QUESTIONS.filter((_, j) => attemptNo === 2 || right(chunk[k], j)).length;
								return {
									user_id: u.id,
									quiz_id: quiz.id,
									quiz_version_id: quiz.versionId,
									attempt_no: attemptNo,
									submission_key: `s-${u.id}-${attemptNo}`,
									locale: 'en',
									answers: '{}',
									results: '{}',
									score: Math.round((100 * points) / 6),
									passed: points >= 5 ? 1 : 0,
									submitted_at: T0
								};
							})
						)
						.returning(['id', 'user_id'])
						.execute();
					await tx
						.insertInto('quiz_answers')
						.values(
							attempts.flatMap((a, k) =>
								QUESTIONS.map((id, j) => {
									const ok = attemptNo === 2 || right(chunk[k], j);
									return {
										attempt_id: a.id,
										quiz_id: quiz.id,
										user_id: a.user_id,
										attempt_no: attemptNo,
										question_id: id,
										answer: ok ? 'right' : 'wrong',
										credit: ok ? 1 : 0
									};
								})
							)
						)
						.execute();
				}
			}
		});
	});
	afterAll(removeTempDirs);

	it('agrees with a plain computation over every first attempt', async () => {
		const [intro] = await insightByModule(db, course, { cohortId: cohort.id }, 'en', LABELS);
		QUESTIONS.forEach((id, j) => {
			const x = Array.from({ length: N }, (_, i) => (right(i, j) ? 1 : 0));
			const y = Array.from({ length: N }, (_, i) => QUESTIONS.filter((_, jj) => jj !== j && right(i, jj)).length / 5);
			const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
			const [mx, my] = [mean(x), mean(y)];
			const cov = mean(x.map((v, i) => (v - mx) * (y[i] - my)));
			const sd = (v: number[], m: number) => Math.sqrt(mean(v.map((w) => (w - m) ** 2)));
			const q = intro.questions[j];
			expect(q.firstAttempts, id).toBe(N);
			expect(q.rightFirstTime, id).toBe(x.filter(Boolean).length);
			expect(q.discrimination, id).toBeCloseTo(cov / (sd(x, mx) * sd(y, my)), 9);
		});
	});

	// SQLite's own plans (EXPLAIN QUERY PLAN): PostgreSQL chooses plans by table statistics, so the
	// same shapes are compared on both engines by `npm run bench -- --database both` instead.
	it.skipIf(engine === 'postgres')('reads the answers through the index on quiz and attempt number', async () => {
		const quizIds = course.modules.flatMap((m) => (m.quiz ? [m.quiz.id] : []));
		const query = firstAttemptQuery(db, quizIds, { cohortId: cohort.id }).compile();
		const plan = await db.executeQuery<{ detail: string }>(
			CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters])
		);
		expect(plan.rows.map((r) => r.detail).join('\n')).toMatch(
			/SEARCH qa USING INDEX quiz_answers_quiz \(quiz_id=\? AND attempt_no=\?\)/
		);
	});
});
