// Item quality of quiz questions, from first attempts only (later attempts are taken by people who
// have seen the questions): difficulty, point-biserial discrimination, and what the strongest third
// of learners answered. One SQL statement reads every first-attempt answer of the quizzes once and
// returns partial sums per answer; the correlation is finished here from those sums.
import type { DB } from '../db/client';

/** The thresholds the page states; flags are only raised from `minAnswers` first attempts. */
export const QUALITY = { minAnswers: 10, tooEasy: 0.9, tooHard: 0.3, minDiscrimination: 0.1 } as const;

export type Flag = 'too_easy' | 'too_hard' | 'misleading';
export const FLAGS: readonly Flag[] = ['too_easy', 'too_hard', 'misleading'];
export type InsightFilter = 'all' | 'flagged' | Flag | 'not_enough';
export const FILTERS: readonly InsightFilter[] = ['all', 'flagged', ...FLAGS, 'not_enough'];

/** Whose answers count: the members of one cohort, or everyone who took the course's quizzes. */
export type InsightScope = { cohortId: number } | 'everyone';

export interface ItemStats {
	/** First attempts that answered the question. */
	n: number;
	/** Of those, answered fully right. */
	right: number;
	/** Share right at the first attempt, 0..1; null without answers. */
	difficulty: number | null;
	/** Point-biserial correlation of being right with the rest of the attempt's score; null when
	 * either side does not vary (everyone right, or a one-question quiz). */
	discrimination: number | null;
	/** The strongest third of first attempts (by score; ties in order of submission). */
	top: { size: number; right: number; wrong: { answer: string; count: number } | null };
}

/** The learners of a cohort, for `where user_id in (…)`. */
export function cohortMembers(db: DB, cohortId: number) {
	return db.selectFrom('cohort_members').select('user_id').where('cohort_id', '=', cohortId);
}

/** One row per question, answer, right or not, and top third or not, with the sums the
 * correlation needs. Exported for the query-plan test. */
export function firstAttemptQuery(db: DB, quizIds: number[], scope: InsightScope) {
	let answers = db
		.selectFrom('quiz_answers as qa')
		.select((eb) => [
			'qa.attempt_id',
			'qa.quiz_id',
			'qa.question_id',
			'qa.answer',
			'qa.credit',
			eb.fn
				.sum<number>('qa.credit')
				.over((ob) => ob.partitionBy('qa.attempt_id'))
				.as('total'),
			eb.fn
				.count<number>('qa.question_id')
				.over((ob) => ob.partitionBy('qa.attempt_id'))
				.as('k')
		])
		.where('qa.quiz_id', 'in', quizIds)
		.where('qa.attempt_no', '=', 1);
	if (scope !== 'everyone') answers = answers.where('qa.user_id', 'in', cohortMembers(db, scope.cohortId));
	const ranked = db.selectFrom(answers.as('a')).select((eb) => [
		'a.quiz_id',
		'a.question_id',
		'a.answer',
		eb.case().when('a.credit', '>=', 1).then(1).else(0).end().as('x'),
		// The rest of the score as a share of the other questions, so that attempts drawing different
		// numbers of questions compare; null for a one-question quiz.
		eb(
			eb.cast<number>(eb(eb.ref('a.total'), '-', eb.ref('a.credit')), 'double precision'),
			'/',
			eb.fn<number | null>('nullif', [eb(eb.ref('a.k'), '-', eb.lit(1)), eb.lit(0)])
		).as('rest'),
		eb
			.case()
			.when(
				eb.fn
					.agg<number>('ntile', [eb.lit(3)])
					.over((ob) =>
						ob.partitionBy(['a.quiz_id', 'a.question_id']).orderBy('a.total', 'desc').orderBy('a.attempt_id')
					),
				'=',
				1
			)
			.then(1)
			.else(0)
			.end()
			.as('top')
	]);
	return db
		.selectFrom(ranked.as('r'))
		.select((eb) => [
			'r.quiz_id',
			'r.question_id',
			'r.answer',
			'r.x',
			'r.top',
			eb.fn.countAll<number>().as('n'),
			eb.fn.count<number>('r.rest').as('n_rest'),
			eb.fn.sum<number | null>('r.rest').as('sum_rest'),
			eb.fn.sum<number | null>(eb(eb.ref('r.rest'), '*', eb.ref('r.rest'))).as('sum_rest2')
		])
		.groupBy(['r.quiz_id', 'r.question_id', 'r.answer', 'r.x', 'r.top']);
}

type Row = Awaited<ReturnType<ReturnType<typeof firstAttemptQuery>['execute']>>[number];

/** Statistics per question, keyed `${quizId}:${questionId}`. */
export async function firstAttemptStats(
	db: DB,
	quizIds: number[],
	scope: InsightScope
): Promise<Map<string, ItemStats>> {
	if (quizIds.length === 0) return new Map();
	return statsFromRows(await firstAttemptQuery(db, quizIds, scope).execute());
}

interface Sums {
	n: number;
	right: number;
	nr: number;
	xr: number;
	sy: number;
	syy: number;
	sxy: number;
	topSize: number;
	topRight: number;
	topWrong: Map<string, number>;
}

export function statsFromRows(rows: Row[]): Map<string, ItemStats> {
	const sums = new Map<string, Sums>();
	for (const row of rows) {
		const key = `${row.quiz_id}:${row.question_id}`;
		let s = sums.get(key);
		if (!s) {
			s = { n: 0, right: 0, nr: 0, xr: 0, sy: 0, syy: 0, sxy: 0, topSize: 0, topRight: 0, topWrong: new Map() };
			sums.set(key, s);
		}
		const n = Number(row.n);
		const x = Number(row.x) === 1;
		const sy = Number(row.sum_rest ?? 0);
		s.n += n;
		s.nr += Number(row.n_rest);
		s.sy += sy;
		s.syy += Number(row.sum_rest2 ?? 0);
		if (x) {
			s.right += n;
			s.xr += Number(row.n_rest);
			s.sxy += sy;
		}
		if (Number(row.top) === 1) {
			s.topSize += n;
			if (x) s.topRight += n;
			else s.topWrong.set(row.answer, (s.topWrong.get(row.answer) ?? 0) + n);
		}
	}
	const out = new Map<string, ItemStats>();
	for (const [key, s] of sums) {
		let wrong: { answer: string; count: number } | null = null;
		for (const [answer, count] of s.topWrong) if (!wrong || count > wrong.count) wrong = { answer, count };
		out.set(key, {
			n: s.n,
			right: s.right,
			difficulty: s.n === 0 ? null : s.right / s.n,
			discrimination: pointBiserial(s.nr, s.xr, s.sy, s.syy, s.sxy),
			top: { size: s.topSize, right: s.topRight, wrong }
		});
	}
	return out;
}

/** Pearson's r of a 0/1 variable x with y, from n, Σx, Σy, Σy² and Σxy (Σx² = Σx). */
export function pointBiserial(n: number, sx: number, sy: number, syy: number, sxy: number): number | null {
	const varX = n * sx - sx * sx;
	const varY = n * syy - sy * sy;
	// Float sums of equal shares can leave a tiny positive variance where there is none.
	if (n < 2 || varX <= 0 || varY <= 1e-9 * Math.max(1, n * syy)) return null;
	return (n * sxy - sx * sy) / Math.sqrt(varX * varY);
}

/** The flags of a question, or none while fewer than `QUALITY.minAnswers` first attempts answered it. */
export function flagsOf(stats: ItemStats): Flag[] {
	if (stats.n < QUALITY.minAnswers || stats.difficulty === null) return [];
	const flags: Flag[] = [];
	if (stats.difficulty > QUALITY.tooEasy) flags.push('too_easy');
	if (stats.difficulty < QUALITY.tooHard) flags.push('too_hard');
	if (
		(stats.discrimination !== null && stats.discrimination < QUALITY.minDiscrimination) ||
		misleadingChoice(stats) !== null
	)
		flags.push('misleading');
	return flags;
}

/** A wrong answer the strongest third chose more often than the right one, if any. */
export function misleadingChoice(stats: ItemStats): { answer: string; count: number; right: number } | null {
	const wrong = stats.top.wrong;
	return wrong && wrong.count > stats.top.right ? { ...wrong, right: stats.top.right } : null;
}

/** A filter from a query parameter; every question for anything unknown. */
export function filterOf(value: string | null): InsightFilter {
	return (FILTERS as readonly string[]).includes(value ?? '') ? (value as InsightFilter) : 'all';
}

export function matches(q: { enough: boolean; flags: Flag[] }, filter: InsightFilter): boolean {
	if (filter === 'all') return true;
	if (filter === 'not_enough') return !q.enough;
	if (filter === 'flagged') return q.flags.length > 0;
	return q.flags.includes(filter);
}
