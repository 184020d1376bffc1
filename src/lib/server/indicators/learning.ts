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
import type { RawCell, RawRow, RawTable } from '$lib/indicators/report';
import type { DB } from '../db/client';
import { belgradeToEpoch, belgradeWallClock } from '../platform/region-time';
import type { Scope } from './scope';

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;
/** The lessons-per-week table shows at most this many weeks (the latest). */
export const MAX_WEEKS = 260;

const num = (value: unknown): number => Number(value ?? 0);
const cell = (value: number, people: number | null): RawCell => ({ value, people });

const always = sql<SqlBool>`${sql.lit(1)} = ${sql.lit(1)}`;

/** A condition on a user id column: the cohort's members, when the scope has a cohort. */
function inCohort(scope: Scope, column: string): Expression<SqlBool> {
	if (scope.cohortId === null) return always;
	return sql<SqlBool>`${sql.ref(column)} in (select ${sql.ref('cohort_members.user_id')} from ${sql.table('cohort_members')} where ${sql.ref('cohort_members.cohort_id')} = ${scope.cohortId})`;
}

/** A condition on an instant column (epoch ms): within the scope's period. */
function inPeriod(scope: Scope, column: string): Expression<SqlBool> {
	const parts = [];
	if (scope.from !== null) parts.push(sql`${sql.ref(column)} >= ${scope.from}`);
	if (scope.until !== null) parts.push(sql`${sql.ref(column)} < ${scope.until}`);
	if (parts.length === 0) return always;
	return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

/** Titles in the report's language, English when a text is missing. */
async function courseTitles(db: DB, locale: string, ids: number[]): Promise<Map<number, string>> {
	if (ids.length === 0) return new Map();
	const rows = await db
		.selectFrom('course_texts')
		.select(['course_id as id', 'locale', 'title'])
		.where('course_id', 'in', ids)
		.where('locale', 'in', [locale, 'en'])
		.execute();
	return pickTitles(rows, locale);
}

async function moduleTitles(db: DB, locale: string, ids: number[]): Promise<Map<number, string>> {
	if (ids.length === 0) return new Map();
	const rows = await db
		.selectFrom('module_texts')
		.select(['module_id as id', 'locale', 'title'])
		.where('module_id', 'in', ids)
		.where('locale', 'in', [locale, 'en'])
		.execute();
	return pickTitles(rows, locale);
}

function pickTitles(rows: { id: number; locale: string; title: string }[], locale: string): Map<number, string> {
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
				.on(inCohort(scope, 'a.user_id'))
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

	const modules = await moduleTitles(
		db,
		scope.locale,
		found.map((r) => r.module_id)
	);
	const courses =
		scope.courseId === null
			? await courseTitles(db, scope.locale, [...new Set(found.map((r) => r.course_id))])
			: new Map<number, string>();
	const rows: RawRow[] = found.map((r) => {
		const first = num(r.first);
		const passed = num(r.passed);
		const module = modules.get(r.module_id) ?? '';
		const text = scope.courseId === null ? `${courses.get(r.course_id) ?? ''} — ${module}` : module;
		return {
			label: { kind: 'text', text },
			// "Passed" counts its own people, as "completed" does in the People tables: a count of four
			// who passed is about four people. The share is about everyone who tried, and is hidden
			// with a hidden numerator (suppression.ts), so it cannot give the four back.
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
			.where(inCohort(scope, 's.user_id'));
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
	const all = await figures.executeTakeFirstOrThrow();

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
	const titles = await courseTitles(db, scope.locale, ids);
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
		rows: ids.map((id) => ({ label: { kind: 'text', text: titles.get(id) ?? '' }, cells: cells(byCourse.get(id)) })),
		total: cells(all)
	};
}

// ---- Weeks on Kosovo's calendar ----

/** How far Kosovo's clock is ahead of UTC at an instant, in ms (CET 1 h, CEST 2 h). */
function offsetAt(ms: number): number {
	const { date, time } = belgradeWallClock(ms);
	const [y, mo, d] = date.split('-').map(Number);
	const [h, mi] = time.split(':').map(Number);
	return Date.UTC(y, mo - 1, d, h, mi) - Math.floor(ms / 60000) * 60000;
}

const isoDay = (wall: number) => new Date(wall).toISOString().slice(0, 10);

/** The Monday ('YYYY-MM-DD') of the Kosovo week holding an instant. */
export function mondayOf(ms: number): string {
	const day = Date.parse(`${belgradeWallClock(ms).date}T00:00:00Z`);
	return isoDay(day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS);
}

const addWeeks = (monday: string, n: number) => isoDay(Date.parse(`${monday}T00:00:00Z`) + n * WEEK_MS);
const weekStart = (monday: string) => belgradeToEpoch(monday, '00:00')!;

/**
 * The clock changes between two instants, as [instant, offset from then on], found by comparing
 * the offset at each week's start and then halving the week that changes (to the minute).
 */
function offsetChanges(lo: number, hi: number): { at: number; offset: number }[] {
	const out: { at: number; offset: number }[] = [];
	let prev = lo;
	let prevOffset = offsetAt(lo);
	for (let t = Math.min(lo + WEEK_MS, hi); ; t = Math.min(t + WEEK_MS, hi)) {
		const offset = offsetAt(t);
		if (offset !== prevOffset) {
			let [a, b] = [prev, t];
			while (b - a > 60000) {
				const mid = a + Math.floor((b - a) / 120000) * 60000;
				if (offsetAt(mid) === prevOffset) a = mid;
				else b = mid;
			}
			out.push({ at: b, offset });
			prevOffset = offset;
		}
		prev = t;
		if (t >= hi) break;
	}
	return out;
}

/**
 * Lessons completed per week, Monday to Sunday on Kosovo's clock (CET/CEST), from the week of the
 * period's start (open: of the first completion in scope) to the week of its end or of now,
 * whichever is earlier; at most MAX_WEEKS weeks (the latest), weeks without lessons included.
 *
 * The week of a completion is worked out in SQL with integer arithmetic only: its instant plus
 * Kosovo's offset at that instant (a CASE over the few clock changes in the range, found here)
 * gives the wall clock as if it were UTC; minus the first Monday's midnight, divided by a week.
 */
async function lessonsPerWeek(db: DB, scope: Scope): Promise<RawTable> {
	const ofCourse =
		scope.courseId === null
			? always
			: sql<SqlBool>`${sql.ref('lp.lesson_id')} in (select ${sql.ref('l.id')} from ${sql.table('lessons')} as ${sql.id('l')} inner join ${sql.table('modules')} as ${sql.id('m')} on ${sql.ref('m.id')} = ${sql.ref('l.module_id')} where ${sql.ref('m.course_id')} = ${scope.courseId})`;
	const scoped = () => db.selectFrom('lesson_progress as lp').where(inCohort(scope, 'lp.user_id')).where(ofCourse);
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

	const lo = Math.max(weekStart(firstMonday), scope.from ?? -Infinity);
	const hi = Math.min(weekStart(addWeeks(lastMonday, 1)), scope.until ?? Infinity);
	// wall(t) − wall(first Monday 00:00) = t + offset(t) − base; integers only, never negative here.
	const base = Date.parse(`${firstMonday}T00:00:00Z`);
	const changes = offsetChanges(lo, hi);
	const t = sql.ref('lp.completed_at');
	let shift = sql`${sql.lit(offsetAt(lo) - base)}`;
	if (changes.length > 0) {
		const branches = changes.map(
			(c, i) =>
				sql`when ${t} < ${sql.lit(c.at)} then ${sql.lit((i === 0 ? offsetAt(lo) : changes[i - 1].offset) - base)}`
		);
		shift = sql`case ${sql.join(branches, sql` `)} else ${sql.lit(changes[changes.length - 1].offset - base)} end`;
	}
	// Literals, not parameters: PostgreSQL matches GROUP BY to the selected expression only by its text.
	const week = sql<number>`(${t} + ${shift}) / ${sql.lit(WEEK_MS)}`;

	const inRange = () => scoped().where('lp.completed_at', '>=', lo).where('lp.completed_at', '<', hi);
	const perWeek = await inRange()
		.select((eb) => [
			week.as('week'),
			eb.fn.countAll<number>().as('lessons'),
			eb.fn.count<number>('lp.user_id').distinct().as('people')
		])
		.groupBy(week)
		.execute();
	// The people of the whole range: learners with a completion in it (one look per learner, instead
	// of a second pass over every completion).
	const learners = db
		.selectFrom('users as u')
		.where((eb) =>
			eb.exists(
				eb
					.selectFrom('lesson_progress as lp')
					.select('lp.user_id')
					.whereRef('lp.user_id', '=', 'u.id')
					.where('lp.completed_at', '>=', lo)
					.where('lp.completed_at', '<', hi)
					.where(ofCourse)
			)
		)
		.where(inCohort(scope, 'u.id'));
	const all = await learners.select((eb) => eb.fn.countAll<number>().as('people')).executeTakeFirstOrThrow();

	const byWeek = new Map(perWeek.map((r) => [Math.floor(num(r.week)), r]));
	const rows: RawRow[] = Array.from({ length: weeks }, (_, i) => {
		const r = byWeek.get(i);
		return { label: { kind: 'week', start: addWeeks(firstMonday, i) }, cells: [cell(num(r?.lessons), num(r?.people))] };
	});
	const lessons = rows.reduce((sum, r) => sum + r.cells[0].value, 0);
	return { id: 'lessons-per-week', rows, total: [cell(lessons, num(all.people))] };
}

export async function learningTables(db: DB, scope: Scope): Promise<RawTable[]> {
	return [await quizFirstAttempt(db, scope), await assignments(db, scope), await lessonsPerWeek(db, scope)];
}
