// The Learning section of the programme results (issue 19): quizzes passed at the first attempt per
// module, assignments accepted and the time trainers take to review, lessons completed per week.
//
// Every figure is counted in SQL (GROUP BY, COUNT, SUM, CASE), portable (no SQLite-only functions),
// so that a report over 10,000 learners reads aggregates, never rows of people.
//
// What the scope means here:
// - period [from, until): the instant that makes an event count (a first attempt submitted, a
//   trainer's decision, a lesson completed) lies in it;
// - course: the module's, assignment's or lesson's course;
// - cohort: only what the cohort's members did (cohort_members). For an organisation's assignment,
//   the member who handed the version in must be in the cohort.
import { sql, type Expression, type SqlBool } from 'kysely';
import { SMALL_COUNT, type RawCell, type RawRow, type RawTable } from '$lib/indicators/report';
import type { DB } from '../db/client';
import { belgradeToEpoch, belgradeWallClock } from '../platform/region-time';
import { cohortMemberIds } from './population';
import type { Scope } from './scope';
import { always, cell, inPeriod, num } from './sql';

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;
/** The lessons-per-week table shows at most this many weeks (the latest). */
export const MAX_WEEKS = 260;

/** A condition on a user id column: the cohort's members (population.ts), when the scope has a cohort. */
function inCohort(db: DB, scope: Scope, column: string): Expression<SqlBool> {
	if (scope.cohortId === null) return always;
	return sql<SqlBool>`${sql.ref(column)} in ${cohortMemberIds(db, scope.cohortId)}`;
}

/** Course or module titles in the report's language, English when a text is missing. */
async function titles(db: DB, of: 'course' | 'module', locale: string, ids: number[]): Promise<Map<number, string>> {
	if (ids.length === 0) return new Map();
	const rows =
		of === 'course'
			? await db
					.selectFrom('course_texts')
					.select(['course_id as id', 'locale', 'title'])
					.where('course_id', 'in', ids)
					.where('locale', 'in', [locale, 'en'])
					.execute()
			: await db
					.selectFrom('module_texts')
					.select(['module_id as id', 'locale', 'title'])
					.where('module_id', 'in', ids)
					.where('locale', 'in', [locale, 'en'])
					.execute();
	const out = new Map<number, string>();
	for (const r of rows) if (r.locale === locale || !out.has(r.id)) out.set(r.id, r.title);
	return out;
}

/**
 * One row per module that has a quiz, in course then module order. A first attempt is the attempt
 * numbered 1: quiz_attempts.attempt_no counts a learner's attempts at the quiz across all its
 * versions (learning/submit.ts), so a retry after a new version is never a first attempt. Archived
 * modules, quizzes and courses appear only when someone made a first attempt in the period.
 */
async function quizFirstAttempt(db: DB, scope: Scope): Promise<RawTable> {
	let q = db
		.selectFrom('quizzes as q')
		.innerJoin('modules as m', 'm.id', 'q.module_id')
		.innerJoin('courses as c', 'c.id', 'm.course_id')
		.leftJoin('quiz_attempts as a', (j) =>
			j
				.onRef('a.quiz_id', '=', 'q.id')
				.on('a.attempt_no', '=', 1)
				.on(inPeriod(scope, 'a.submitted_at'))
				.on(inCohort(db, scope, 'a.user_id'))
		)
		.select((eb) => [
			'm.id as module_id',
			'm.course_id',
			eb
				.case()
				.when(eb.and([eb('q.archived', '=', 0), eb('m.archived', '=', 0), eb('c.archived', '=', 0)]))
				.then(1)
				.else(0)
				.end()
				.as('live'),
			// One attempt numbered 1 per learner and quiz (numbered inside the inserting transaction).
			eb.fn.count<number>('a.id').as('first'),
			eb.fn.sum<number>(eb.fn.coalesce('a.passed', eb.lit(0))).as('passed')
		])
		.groupBy(['q.id', 'm.id', 'm.course_id', 'q.archived', 'm.archived', 'c.archived', 'm.position'])
		.orderBy('m.course_id')
		.orderBy('m.position')
		.orderBy('m.id');
	if (scope.courseId !== null) q = q.where('m.course_id', '=', scope.courseId);
	const found = (await q.execute()).filter((r) => num(r.live) === 1 || num(r.first) > 0);

	const modules = await titles(
		db,
		'module',
		scope.locale,
		found.map((r) => r.module_id)
	);
	const courses =
		scope.courseId === null
			? await titles(db, 'course', scope.locale, [...new Set(found.map((r) => r.course_id))])
			: new Map<number, string>();
	const rows: RawRow[] = found.map((r) => {
		const first = num(r.first);
		const passed = num(r.passed);
		const module = modules.get(r.module_id) ?? '';
		// Module first: a chart's label is cut to its first words, which then tell the rows apart.
		const text = scope.courseId === null ? `${module} — ${courses.get(r.course_id) ?? ''}` : module;
		return {
			label: { kind: 'text', text },
			// "Passed" counts its own people, as "completed" does in the People tables: a count of four
			// who passed is about four people. The share is about everyone who tried, and is hidden
			// with a hidden numerator (suppression.ts), so it cannot give the four back. Those who failed
			// (first − passed) are as sensitive when few; they are left to suppression's rule for a share and
			// its counts, so that every cell here says honestly whom it counts.
			cells: [cell(first, first), cell(passed, passed), cell(first ? (100 * passed) / first : 0, first)]
		};
	});
	// A person is in as many rows as quizzes they started: no total.
	return { id: 'quiz-first-attempt', rows, total: null };
}

/**
 * One row per course with assignments. Every version handed in is a hand-in, decided once by a
 * trainer (reviewed_at): accepted, or returned for revision. The people behind a hand-in are the
 * person who handed it in, also for an organisation's assignment (the member who handed the
 * version in for the organisation): they are who a small count could point at.
 */
async function assignments(db: DB, scope: Scope): Promise<RawTable> {
	const decided = () => {
		let q = db
			.selectFrom('submissions as s')
			.innerJoin('assignments as a', 'a.id', 's.assignment_id')
			.innerJoin('modules as m', 'm.id', 'a.module_id')
			.where('s.reviewed_at', 'is not', null)
			.where('s.status', 'in', ['accepted', 'needs_revision'])
			.where(inPeriod(scope, 's.reviewed_at'))
			.where(inCohort(db, scope, 's.user_id'));
		if (scope.courseId !== null) q = q.where('m.course_id', '=', scope.courseId);
		return q;
	};
	const figures = decided().select((eb) => {
		const accepted = eb('s.status', '=', 'accepted');
		return [
			eb.fn.sum<number>(eb.case().when(accepted).then(1).else(0).end()).as('accepted'),
			eb.fn
				.count<number>(eb.case().when(accepted).then(eb.ref('s.user_id')).end())
				.distinct()
				.as('accepted_people'),
			eb.fn.countAll<number>().as('decisions'),
			eb.fn.sum<number>(eb(eb.ref('s.reviewed_at'), '-', eb.ref('s.submitted_at'))).as('review_ms'),
			eb.fn.count<number>('s.user_id').distinct().as('decision_people')
		];
	});
	const perCourse = await figures.select('m.course_id').groupBy('m.course_id').execute();
	// The "All" row from the same pass: its counts are the courses' sums. Its people only decide
	// whether it is shown (hand-ins and days are not counts of people, so no sum of hidden cells is
	// checked against five people: suppression.ts); a person of one course is a person of all, so
	// the largest course's people are a lower bound, and the exact count is asked for only when
	// that bound is under five and more than one course has decisions.
	const sum = (k: 'accepted' | 'decisions' | 'review_ms') => perCourse.reduce((n, r) => n + num(r[k]), 0);
	const most = (k: 'accepted_people' | 'decision_people') => Math.max(0, ...perCourse.map((r) => num(r[k])));
	const exact =
		perCourse.length > 1 && Math.min(most('accepted_people'), most('decision_people')) < SMALL_COUNT
			? await figures.executeTakeFirstOrThrow()
			: null;
	const all = {
		accepted: sum('accepted'),
		decisions: sum('decisions'),
		review_ms: sum('review_ms'),
		accepted_people: exact ? num(exact.accepted_people) : most('accepted_people'),
		decision_people: exact ? num(exact.decision_people) : most('decision_people')
	};

	// Courses with live assignments, and any course with decisions in the period.
	let live = db
		.selectFrom('assignments as a')
		.innerJoin('modules as m', 'm.id', 'a.module_id')
		.innerJoin('courses as c', 'c.id', 'm.course_id')
		.select('m.course_id')
		.distinct()
		.where('a.archived', '=', 0)
		.where('m.archived', '=', 0)
		.where('c.archived', '=', 0);
	if (scope.courseId !== null) live = live.where('m.course_id', '=', scope.courseId);
	const ids = [
		...new Set([...(await live.execute()).map((r) => r.course_id), ...perCourse.map((r) => r.course_id)])
	].sort((a, b) => a - b);
	const names = await titles(db, 'course', scope.locale, ids);
	const byCourse = new Map(perCourse.map((r) => [r.course_id, r]));
	const cells = (r: Record<string, unknown> | undefined): RawCell[] => {
		const decisions = num(r?.decisions);
		return [
			cell(num(r?.accepted), num(r?.accepted_people)),
			cell(decisions ? num(r?.review_ms) / decisions / DAY_MS : 0, num(r?.decision_people))
		];
	};
	return {
		id: 'assignments',
		rows: ids.map((id) => ({ label: { kind: 'text', text: names.get(id) ?? '' }, cells: cells(byCourse.get(id)) })),
		total: cells(all)
	};
}

// ---- Weeks on Kosovo's calendar ----

const isoDay = (wall: number) => new Date(wall).toISOString().slice(0, 10);

/** The Monday ('YYYY-MM-DD') of the Kosovo week holding an instant. */
export function mondayOf(ms: number): string {
	const day = Date.parse(`${belgradeWallClock(ms).date}T00:00:00Z`);
	return isoDay(day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS);
}

const addWeeks = (monday: string, n: number) => isoDay(Date.parse(`${monday}T00:00:00Z`) + n * WEEK_MS);
const weekStart = (monday: string) => belgradeToEpoch(monday, '00:00')!;

/**
 * Lessons completed per week, Monday to Sunday on Kosovo's clock (CET/CEST), from the week of the
 * period's start (open: of the first completion in scope) to the week of its end or of now,
 * whichever is earlier; at most MAX_WEEKS weeks (the latest), weeks without lessons included.
 *
 * Each week is one range of instants (its Monday 00:00 to the next, on Kosovo's clock, so the clock
 * changes fall where they should), counted with one range query on an index (lesson_progress_completed
 * (completed_at, user_id), or lesson_progress_lesson_time for one course: migration 0025), instead
 * of grouping every completion by a computed week.
 *
 * The people behind a week only decide whether it is shown (lessons are not counts of people, so no
 * sum of hidden weeks is checked against five people: suppression.ts). A learner completes a lesson
 * once (lesson_progress's key is (user_id, lesson_id)), so a week of n completions over L lessons in
 * scope is about at least ceil(n / L) people; when that is five or more, that bound stands for the
 * people and the exact count is not asked for. Only weeks with fewer completions count their people.
 */
async function lessonsPerWeek(db: DB, scope: Scope): Promise<RawTable> {
	const ofCourse =
		scope.courseId === null
			? always
			: sql<SqlBool>`${sql.ref('lp.lesson_id')} in (select ${sql.ref('l.id')} from ${sql.table('lessons')} as ${sql.id('l')} inner join ${sql.table('modules')} as ${sql.id('m')} on ${sql.ref('m.id')} = ${sql.ref('l.module_id')} where ${sql.ref('m.course_id')} = ${scope.courseId})`;
	const scoped = () =>
		db
			.selectFrom('lesson_progress as lp')
			.where(inCohort(db, scope, 'lp.user_id'))
			.where(ofCourse);
	const empty: RawTable = { id: 'lessons-per-week', rows: [], total: [cell(0, 0)] };

	const endAt = Math.min(scope.until === null ? scope.now : scope.until - 1, scope.now);
	let startAt = scope.from;
	if (startAt === null) {
		const first = await scoped()
			.where('lp.completed_at', '<=', endAt)
			.select((eb) => eb.fn.min<number | null>('lp.completed_at').as('first'))
			.executeTakeFirst();
		if (first?.first == null) return empty;
		startAt = Number(first.first);
	}
	if (startAt > endAt) return empty;
	const lastMonday = mondayOf(endAt);
	let firstMonday = mondayOf(startAt);
	const span = Math.round((Date.parse(lastMonday) - Date.parse(firstMonday)) / WEEK_MS) + 1;
	if (span > MAX_WEEKS) firstMonday = addWeeks(lastMonday, 1 - MAX_WEEKS);
	const weeks = Math.min(span, MAX_WEEKS);

	// Week i is [bounds[i], bounds[i + 1]), cut to the period.
	const bounds = Array.from({ length: weeks + 1 }, (_, i) =>
		Math.min(Math.max(weekStart(addWeeks(firstMonday, i)), scope.from ?? -Infinity), scope.until ?? Infinity)
	);
	const lo = bounds[0];
	const hi = bounds[weeks];
	const between = (a: number, b: number) => scoped().where('lp.completed_at', '>=', a).where('lp.completed_at', '<', b);
	const count = async (a: number, b: number) =>
		a >= b
			? 0
			: num(
					(
						await between(a, b)
							.select((eb) => eb.fn.countAll<number>().as('n'))
							.executeTakeFirstOrThrow()
					).n
				);
	const people = async (a: number, b: number) =>
		num(
			(
				await between(a, b)
					.select((eb) => eb.fn.count<number>('lp.user_id').distinct().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);

	// The lessons a completion in scope can be of (archived ones too: fewer would overstate the bound).
	let lessonsInScope = db.selectFrom('lessons as l').select((eb) => eb.fn.countAll<number>().as('n'));
	if (scope.courseId !== null)
		lessonsInScope = lessonsInScope
			.innerJoin('modules as m', 'm.id', 'l.module_id')
			.where('m.course_id', '=', scope.courseId);
	const perPerson = Math.max(1, num((await lessonsInScope.executeTakeFirstOrThrow()).n));
	/** The people behind n completions in [a, b): exact when fewer than five could be. */
	const peopleOf = async (n: number, a: number, b: number) => {
		if (n === 0) return 0;
		const atLeast = Math.ceil(n / perPerson);
		return atLeast >= SMALL_COUNT ? atLeast : await people(a, b);
	};

	const rows: RawRow[] = [];
	let lessons = 0;
	for (let i = 0; i < weeks; i++) {
		const n = await count(bounds[i], bounds[i + 1]);
		lessons += n;
		rows.push({
			label: { kind: 'week', start: addWeeks(firstMonday, i) },
			cells: [cell(n, await peopleOf(n, bounds[i], bounds[i + 1]))]
		});
	}
	return { id: 'lessons-per-week', rows, total: [cell(lessons, await peopleOf(lessons, lo, hi))] };
}

export async function learningTables(db: DB, scope: Scope): Promise<RawTable[]> {
	return [await quizFirstAttempt(db, scope), await assignments(db, scope), await lessonsPerWeek(db, scope)];
}
