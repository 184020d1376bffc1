// A cohort's dashboard, computed in SQL so that it stays fast for thousands of learners: one row per
// learner from enrolments (whose counters are kept up to date as learners go), grouped counts for the
// matrix of the page shown, and grouped answers for quiz insight.
//
// Status of a learner, first rule that applies:
//  1. completed  — the course is complete;
//  2. at risk    — no activity for 14 days, counted from the latest of the cohort start, the learner's
//                  joining (or enrolment) and their last activity (being added is not activity); or,
//                  once 7 days (the grace period) have passed since the later of the cohort start and
//                  their joining, behind the pace: the share of steps done (lessons + quizzes passed)
//                  is more than 25 percentage points below the share of the cohort's time elapsed;
//  3. not started — no step done yet;
//  4. on track   — everything else.
// The "not started" count of the dashboard is everyone without a completed step, at risk or not.
import { perDatabase } from '../platform/cache';
import { sql, type ExpressionBuilder } from 'kysely';
import type { DB } from '../db/client';
import type { Cohort, Database } from '../../../../db/schema';
import type { CourseInfo } from '../catalogue/courses';

export const INACTIVE_DAYS = 14;
export const PACE_MARGIN = 0.25;
/** Nobody is behind the pace before this many days after the later of the cohort start and their joining. */
export const GRACE_DAYS = 7;
const DAY = 24 * 60 * 60 * 1000;
const WEEK = 7 * DAY;

export type LearnerStatus = 'completed' | 'at_risk' | 'not_started' | 'on_track';
export const STATUSES: LearnerStatus[] = ['not_started', 'on_track', 'at_risk', 'completed'];

export function totalUnits(course: CourseInfo): number {
	return course.modules.reduce((sum, mod) => sum + mod.lessons.length + (mod.quiz ? 1 : 0), 0);
}

/** The thresholds of the at-risk rule at a moment, as plain numbers for the SQL. */
export function riskThresholds(cohort: Pick<Cohort, 'starts_at' | 'ends_at'>, total: number, now: number) {
	const started = now >= cohort.starts_at;
	const elapsed = Math.min(1, Math.max(0, (now - cohort.starts_at) / Math.max(1, cohort.ends_at - cohort.starts_at)));
	return {
		started,
		/** Last activity before this moment is too long ago (only once the cohort started 14 days ago). */
		inactiveBefore: cohort.starts_at + INACTIVE_DAYS * DAY <= now ? now - INACTIVE_DAYS * DAY : -Infinity,
		/** Joined at or before this moment: the grace period is over (only 7 days after the start). */
		graceBefore: cohort.starts_at + GRACE_DAYS * DAY <= now ? now - GRACE_DAYS * DAY : -Infinity,
		/** Fewer steps than this is behind the pace. */
		behindBelow: started ? total * (elapsed - PACE_MARGIN) : -Infinity
	};
}

/** Pure form of the rule (the SQL below says the same). */
export function learnerStatus(
	/** `lastActivityAt` null: nothing done yet; `addedAt`: the later of joining the cohort and enrolling. */
	learner: { unitsDone: number; lastActivityAt: number | null; completedAt: number | null; addedAt: number },
	cohort: Pick<Cohort, 'starts_at' | 'ends_at'>,
	total: number,
	now: number
): LearnerStatus {
	const t = riskThresholds(cohort, total, now);
	if (learner.completedAt !== null) return 'completed';
	const inactive = Math.max(learner.addedAt, learner.lastActivityAt ?? -Infinity) < t.inactiveBefore;
	const behind = learner.addedAt <= t.graceBefore && learner.unitsDone < t.behindBelow;
	if (inactive || behind) return 'at_risk';
	if (learner.unitsDone === 0) return 'not_started';
	return 'on_track';
}

type MemberTables = Database & { e: Database['enrolments']; cm: Database['cohort_members'] };

function statusExpression(eb: ExpressionBuilder<MemberTables, 'e' | 'cm'>, t: ReturnType<typeof riskThresholds>) {
	const inactive = Number.isFinite(t.inactiveBefore) ? t.inactiveBefore : -1;
	const grace = Number.isFinite(t.graceBefore) ? t.graceBefore : -1;
	// units_done is a whole number, so `< x` says the same as `< ceil(x)`; a whole bound is also what
	// PostgreSQL accepts beside a bigint column.
	const behind = Number.isFinite(t.behindBelow) ? Math.ceil(t.behindBelow) : -1;
	// The latest of joining, enrolling and the last activity is before `inactive` (the start is covered
	// by `inactive` itself); the comparisons stay plain so that any SQL dialect runs them.
	const idle = eb.and([
		eb('cm.joined_at', '<', inactive),
		eb('e.enrolled_at', '<', inactive),
		eb.or([eb('e.has_activity', '=', 0), eb('e.last_activity_at', '<', inactive)])
	]);
	const late = eb.and([
		eb('cm.joined_at', '<=', grace),
		eb('e.enrolled_at', '<=', grace),
		eb('e.units_done', '<', behind)
	]);
	return eb
		.case()
		.when('e.completed_at', 'is not', null)
		.then('completed')
		.when(eb.or([idle, late]))
		.then('at_risk')
		.when('e.units_done', '=', 0)
		.then('not_started')
		.else('on_track')
		.end();
}

function members(db: DB, cohortId: number, courseId: number) {
	return db
		.selectFrom('cohort_members as cm')
		.innerJoin('users as u', 'u.id', 'cm.user_id')
		.innerJoin('enrolments as e', (join) => join.onRef('e.user_id', '=', 'cm.user_id').on('e.course_id', '=', courseId))
		.leftJoin('organisations as o', 'o.id', 'u.organisation_id')
		.where('cm.cohort_id', '=', cohortId);
}

export interface Summary {
	enrolled: number;
	not_started: number;
	on_track: number;
	at_risk: number;
	completed: number;
	certified: number;
}

export async function summary(db: DB, cohort: Cohort, course: CourseInfo, now = Date.now()): Promise<Summary> {
	const t = riskThresholds(cohort, totalUnits(course), now);
	const rows = await members(db, cohort.id, course.id)
		.select((eb) => [statusExpression(eb as never, t).as('status'), eb.fn.countAll<number>().as('n')])
		.groupBy('status')
		.execute();
	const certified = await db
		.selectFrom('certificates')
		.innerJoin('cohort_members as cm', 'cm.user_id', 'certificates.user_id')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('cm.cohort_id', '=', cohort.id)
		.where('certificates.course_id', '=', course.id)
		.where('certificates.kind', '=', 'learner')
		.where('certificates.revoked_at', 'is', null)
		.executeTakeFirstOrThrow();
	const notStarted = await members(db, cohort.id, course.id)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('e.units_done', '=', 0)
		.where('e.completed_at', 'is', null)
		.executeTakeFirstOrThrow();
	const out: Summary = {
		enrolled: 0,
		not_started: 0,
		on_track: 0,
		at_risk: 0,
		completed: 0,
		certified: Number(certified.n)
	};
	for (const r of rows) {
		out[r.status as LearnerStatus] = Number(r.n);
		out.enrolled += Number(r.n);
	}
	// Everyone without a completed step, including those already at risk.
	out.not_started = Number(notStarted.n);
	return out;
}

export type SortKey = 'name' | 'progress' | 'activity' | 'status' | 'organisation';
export type CellStatus = 'not_started' | 'in_progress' | 'quiz_failed' | 'passed';

export interface LearnerRow {
	userId: number;
	name: string;
	organisation: string | null;
	unitsDone: number;
	percent: number;
	/** null: no activity yet (being added is not activity). */
	lastActivityAt: number | null;
	status: LearnerStatus;
	cells: CellStatus[];
}

export const PAGE_SIZE = 50;

/** One page of the learner × module matrix, sorted and filtered. */
export async function learnerPage(
	db: DB,
	cohort: Cohort,
	course: CourseInfo,
	options: { page?: number; sort?: SortKey; status?: LearnerStatus | null; organisationId?: number | null },
	now = Date.now()
): Promise<{ rows: LearnerRow[]; total: number }> {
	const total = totalUnits(course);
	const t = riskThresholds(cohort, total, now);
	let base = members(db, cohort.id, course.id);
	if (options.organisationId) base = base.where('u.organisation_id', '=', options.organisationId);
	// "Not started" lists everyone without a completed step, as its count does (some may be at risk too).
	if (options.status === 'not_started') base = base.where('e.units_done', '=', 0).where('e.completed_at', 'is', null);
	else if (options.status)
		base = base.where((eb) => eb(statusExpression(eb as never, t), '=', options.status as string));
	let query = base.select((eb) => [
		'u.id as userId',
		'u.name',
		'o.name as organisation',
		'e.units_done as unitsDone',
		'e.last_activity_at as lastActivityAt',
		'e.has_activity as hasActivity',
		statusExpression(eb as never, t).as('status')
	]);
	const sort = options.sort ?? 'name';
	if (sort === 'progress') query = query.orderBy('e.units_done', 'desc');
	else if (sort === 'activity') query = query.orderBy('e.has_activity', 'desc').orderBy('e.last_activity_at', 'desc');
	else if (sort === 'status') query = query.orderBy('status');
	else if (sort === 'organisation') query = query.orderBy('o.name');
	query = query.orderBy('u.name').orderBy('u.id');
	const page = Math.max(1, options.page ?? 1);
	const [rows, count] = await Promise.all([
		query
			.limit(PAGE_SIZE)
			.offset((page - 1) * PAGE_SIZE)
			.execute(),
		base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
	]);
	const ids = rows.map((r) => r.userId);
	const lessonIds = course.modules.flatMap((mod) => mod.lessons.map((l) => l.id));
	const quizIds = course.modules.flatMap((mod) => (mod.quiz ? [mod.quiz.id] : []));
	const [done, attempts] = await Promise.all([
		ids.length && lessonIds.length
			? db
					.selectFrom('lesson_progress as lp')
					.innerJoin('lessons as l', 'l.id', 'lp.lesson_id')
					.select((eb) => ['lp.user_id', 'l.module_id', eb.fn.countAll<number>().as('n')])
					.where('lp.user_id', 'in', ids)
					.where('lp.lesson_id', 'in', lessonIds)
					.groupBy(['lp.user_id', 'l.module_id'])
					.execute()
			: Promise.resolve([]),
		ids.length && quizIds.length
			? db
					.selectFrom('quiz_attempts')
					.select((eb) => ['user_id', 'quiz_id', eb.fn.max('passed').as('passed'), eb.fn.countAll<number>().as('n')])
					.where('user_id', 'in', ids)
					.where('quiz_id', 'in', quizIds)
					.groupBy(['user_id', 'quiz_id'])
					.execute()
			: Promise.resolve([])
	]);
	const doneOf = new Map(done.map((d) => [`${d.user_id}:${d.module_id}`, Number(d.n)]));
	const attemptOf = new Map(
		attempts.map((a) => [`${a.user_id}:${a.quiz_id}`, { passed: Number(a.passed) === 1, n: Number(a.n) }])
	);
	return {
		total: Number(count.n),
		rows: rows.map((r) => ({
			userId: r.userId,
			name: r.name,
			organisation: r.organisation,
			unitsDone: r.unitsDone,
			percent: total === 0 ? 0 : Math.round((100 * r.unitsDone) / total),
			lastActivityAt: r.hasActivity ? r.lastActivityAt : null,
			status: r.status as LearnerStatus,
			cells: course.modules.map((mod) => {
				const lessons = doneOf.get(`${r.userId}:${mod.id}`) ?? 0;
				const quiz = mod.quiz ? attemptOf.get(`${r.userId}:${mod.quiz.id}`) : undefined;
				if (quiz?.passed || (!mod.quiz && lessons >= mod.lessons.length && lessons > 0)) return 'passed';
				if (quiz && !quiz.passed) return 'quiz_failed';
				return lessons > 0 ? 'in_progress' : 'not_started';
			})
		}))
	};
}

// The per-module shares and the weekly chart read every progress row of the cohort; for a cohort of
// thousands that is the slow part of the dashboard, and neither needs to be more current than a
// minute.
const slowParts = perDatabase<string, unknown>({ max: 500, ttlMs: 60_000 });

/** moduleShares and weeklyProgress, at most a minute old (see above). */
export function cachedModuleShares(db: DB, cohort: Cohort, course: CourseInfo) {
	return slowParts(db).getOrLoad(`shares:${cohort.id}:${course.id}:${course.modules.length}`, () =>
		moduleShares(db, cohort, course)
	) as Promise<number[]>;
}

export function cachedWeeklyProgress(db: DB, cohort: Cohort, course: CourseInfo, now = Date.now()) {
	return slowParts(db).getOrLoad(`weeks:${cohort.id}:${course.id}:${cohort.starts_at}:${cohort.ends_at}`, () =>
		weeklyProgress(db, cohort, course, now)
	) as Promise<Awaited<ReturnType<typeof weeklyProgress>>>;
}

/** Per module: the share of the cohort's learners who passed it (quiz passed, or all lessons for a module without quiz). */
export async function moduleShares(db: DB, cohort: Cohort, course: CourseInfo): Promise<number[]> {
	const enrolled = await db
		.selectFrom('cohort_members')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('cohort_id', '=', cohort.id)
		.executeTakeFirstOrThrow();
	const n = Number(enrolled.n);
	if (n === 0) return course.modules.map(() => 0);
	const quizIds = course.modules.flatMap((mod) => (mod.quiz ? [mod.quiz.id] : []));
	const passed = quizIds.length
		? await db
				.selectFrom('quiz_attempts as qa')
				.innerJoin('cohort_members as cm', 'cm.user_id', 'qa.user_id')
				.select((eb) => ['qa.quiz_id', eb.fn.count<number>('qa.user_id').distinct().as('n')])
				.where('cm.cohort_id', '=', cohort.id)
				.where('qa.quiz_id', 'in', quizIds)
				.where('qa.passed', '=', 1)
				.groupBy('qa.quiz_id')
				.execute()
		: [];
	const byQuiz = new Map(passed.map((p) => [p.quiz_id, Number(p.n)]));
	const lessonCounts = await db
		.selectFrom('lesson_progress as lp')
		.innerJoin('cohort_members as cm', 'cm.user_id', 'lp.user_id')
		.innerJoin('lessons as l', 'l.id', 'lp.lesson_id')
		.select((eb) => ['l.module_id', 'lp.user_id', eb.fn.countAll<number>().as('n')])
		.where('cm.cohort_id', '=', cohort.id)
		.where(
			'l.module_id',
			'in',
			course.modules
				.filter((mod) => !mod.quiz)
				.map((mod) => mod.id)
				.concat(-1)
		)
		.groupBy(['l.module_id', 'lp.user_id'])
		.execute();
	return course.modules.map((mod) => {
		if (mod.quiz) return Math.round((100 * (byQuiz.get(mod.quiz.id) ?? 0)) / n);
		const complete = lessonCounts.filter((c) => c.module_id === mod.id && Number(c.n) >= mod.lessons.length).length;
		return Math.round((100 * complete) / n);
	});
}

/** Lessons completed per week since the cohort started (weeks with none included). */
export async function weeklyProgress(
	db: DB,
	cohort: Cohort,
	course: CourseInfo,
	now = Date.now()
): Promise<{ week: number; lessons: number }[]> {
	const lessonIds = course.modules.flatMap((mod) => mod.lessons.map((l) => l.id));
	const weeks = Math.max(1, Math.ceil((Math.min(now, cohort.ends_at) - cohort.starts_at) / WEEK));
	if (lessonIds.length === 0) return [];
	const rows = await db
		.selectFrom('lesson_progress as lp')
		.innerJoin('cohort_members as cm', 'cm.user_id', 'lp.user_id')
		.select((eb) => [
			sql<number>`cast((lp.completed_at - ${cohort.starts_at}) / ${WEEK} as integer)`.as('week'),
			eb.fn.countAll<number>().as('n')
		])
		.where('cm.cohort_id', '=', cohort.id)
		.where('lp.lesson_id', 'in', lessonIds)
		.where('lp.completed_at', '>=', cohort.starts_at)
		.groupBy('week')
		.execute();
	const counts = new Map(rows.map((r) => [Math.floor(Number(r.week)), Number(r.n)]));
	const last = Math.max(weeks, ...[...counts.keys()].map((w) => w + 1));
	return Array.from({ length: Math.min(last, 104) }, (_, week) => ({ week: week + 1, lessons: counts.get(week) ?? 0 }));
}
