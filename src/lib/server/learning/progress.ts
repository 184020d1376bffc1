// Where a learner stands in a course: enrolment, completed lessons, quiz results, what is open and
// what is locked (and why), and the next step. Computed from three queries per course page.
import { sql } from 'kysely';
import { preparedQuery, type DB } from '../db/client';
import type { CourseInfo, LessonInfo, ModuleInfo, QuizInfo } from '../catalogue/courses';
import { nextAttemptAt } from './attempt-rules';

export type LockReason = 'previous_lesson' | 'previous_quiz' | 'previous_module' | 'not_enrolled';

export interface LessonState extends LessonInfo {
	status: 'done' | 'open' | 'locked';
	lockReason: LockReason | null;
}

export interface QuizState extends QuizInfo {
	attemptsUsed: number;
	bestScore: number | null;
	passed: boolean;
	/**
	 * open: can be taken now; waiting: after a failed attempt or with the day's attempts used, until
	 * `availableAt`; exhausted: no attempts left.
	 */
	status: 'locked' | 'open' | 'passed' | 'waiting' | 'exhausted';
	availableAt: number | null;
	lastAttemptId: number | null;
}

export interface ModuleState {
	module: ModuleInfo;
	lessons: LessonState[];
	lessonsDone: number;
	quiz: QuizState | null;
	open: boolean;
	complete: boolean;
}

export interface NextStep {
	kind: 'lesson' | 'quiz';
	moduleSlug: string;
	lessonSlug?: string;
	title: string;
}

export interface CourseState {
	enrolled: boolean;
	enrolledAt: number | null;
	lastActivityAt: number | null;
	completedAt: number | null;
	modules: ModuleState[];
	next: NextStep | null;
	/** Lessons done plus quizzes passed, out of lessons plus quizzes. */
	percent: number;
	complete: boolean;
}

export interface AttemptSummary {
	quizId: number;
	attempts: number;
	bestScore: number;
	passed: boolean;
	lastSubmittedAt: number;
	lastPassed: boolean;
	lastAttemptId: number;
	/** When each attempt was submitted, oldest first (the daily limit counts the last 24 hours). */
	times: number[];
}

/** Pure: the state of a course for a learner, from the rows that describe their record. */
export function computeCourseState(course: CourseInfo, record: LearnerRecord, now = Date.now()): CourseState {
	const enrolled = record.enrolment !== null;
	let gate = enrolled;
	let gateReason: LockReason = enrolled ? 'previous_quiz' : 'not_enrolled';
	let next: NextStep | null = null;
	let units = 0;
	let unitsDone = 0;
	const modules: ModuleState[] = course.modules.map((mod, index) => {
		const open = gate;
		let previousDone = true;
		const lessons: LessonState[] = mod.lessons.map((lesson) => {
			const done = record.completedLessonIds.has(lesson.id);
			let status: LessonState['status'];
			let lockReason: LockReason | null = null;
			if (done && enrolled) status = 'done';
			else if (open && previousDone) status = 'open';
			else {
				status = 'locked';
				lockReason = !open ? (index === 0 ? 'not_enrolled' : gateReason) : 'previous_lesson';
			}
			if (status === 'open' && !next)
				next = { kind: 'lesson', moduleSlug: mod.slug, lessonSlug: lesson.slug, title: lesson.title };
			previousDone = done;
			// Spelled out rather than spread: this runs for every lesson on every learner request, and
			// a literal of fixed shape is smaller and quicker for V8 than a spread copy.
			return {
				id: lesson.id,
				slug: lesson.slug,
				position: lesson.position,
				minutes: lesson.minutes,
				versionId: lesson.versionId,
				title: lesson.title,
				status,
				lockReason
			};
		});
		const lessonsDone = lessons.filter((l) => l.status === 'done').length;
		const allDone = lessonsDone === lessons.length;
		units += lessons.length;
		unitsDone += lessonsDone;
		let quiz: QuizState | null = null;
		if (mod.quiz) {
			const a = record.attempts.get(mod.quiz.id);
			const passed = Boolean(a?.passed);
			const attemptsUsed = a?.attempts ?? 0;
			let status: QuizState['status'] = 'locked';
			let availableAt: number | null = null;
			if (passed) status = 'passed';
			else if (open && allDone && enrolled) {
				if (mod.quiz.maxAttempts !== null && attemptsUsed >= mod.quiz.maxAttempts) status = 'exhausted';
				else {
					availableAt = nextAttemptAt(a, mod.quiz, now);
					status = availableAt === null ? 'open' : 'waiting';
				}
			}
			quiz = {
				id: mod.quiz.id,
				versionId: mod.quiz.versionId,
				passMark: mod.quiz.passMark,
				maxAttempts: mod.quiz.maxAttempts,
				waitMinutes: mod.quiz.waitMinutes,
				attemptsPerDay: mod.quiz.attemptsPerDay,
				questionCount: mod.quiz.questionCount,
				poolSize: mod.quiz.poolSize,
				attemptsUsed,
				bestScore: a?.bestScore ?? null,
				passed,
				status,
				availableAt,
				lastAttemptId: a?.lastAttemptId ?? null
			};
			units += 1;
			if (passed) unitsDone += 1;
			if ((status === 'open' || status === 'waiting') && !next)
				next = { kind: 'quiz', moduleSlug: mod.slug, title: mod.title };
		}
		const complete = allDone && (quiz ? quiz.passed : true);
		// A passed quiz keeps the next module open even if a lesson is added to this one later.
		gate = open && (quiz ? quiz.passed : allDone);
		if (enrolled) gateReason = quiz ? 'previous_quiz' : 'previous_module';
		return { module: mod, lessons, lessonsDone, quiz, open, complete };
	});
	const complete = enrolled && modules.length > 0 && modules.every((m) => m.complete);
	return {
		enrolled,
		enrolledAt: record.enrolment?.enrolled_at ?? null,
		// Being enrolled is not activity.
		lastActivityAt: record.enrolment?.has_activity ? record.enrolment.last_activity_at : null,
		completedAt: record.enrolment?.completed_at ?? null,
		modules,
		next,
		percent: units === 0 ? 0 : Math.round((100 * unitsDone) / units),
		complete
	};
}

/** What a learner's state in a course is computed from. */
export interface LearnerRecord {
	enrolment: {
		enrolled_at: number;
		last_activity_at: number;
		completed_at: number | null;
		has_activity?: number;
	} | null;
	completedLessonIds: Set<number>;
	attempts: Map<number, AttemptSummary>;
}

/** Adds one attempt (in submission order) to a learner's summary of that quiz. */
export function addAttempt(
	summaries: Map<number, AttemptSummary>,
	r: { id: number; quiz_id: number; score: number; passed: number | boolean; submitted_at: number }
): void {
	const s = summaries.get(r.quiz_id);
	if (!s) {
		summaries.set(r.quiz_id, {
			quizId: r.quiz_id,
			attempts: 1,
			bestScore: r.score,
			passed: Boolean(r.passed),
			lastSubmittedAt: r.submitted_at,
			lastPassed: Boolean(r.passed),
			lastAttemptId: r.id,
			times: [r.submitted_at]
		});
		return;
	}
	s.times.push(r.submitted_at);
	s.attempts += 1;
	s.bestScore = Math.max(s.bestScore, r.score);
	s.passed ||= Boolean(r.passed);
	s.lastSubmittedAt = r.submitted_at;
	s.lastPassed = Boolean(r.passed);
	s.lastAttemptId = r.id;
}

/**
 * A learner's record for a course, read in one statement of three indexed parts (the enrolment,
 * the lessons done, the quiz attempts in submission order): every learner page reads it, and one
 * statement is one turn through the driver instead of three. Progress and attempts are read for the
 * learner as a whole (a learner has a few hundred rows at most) rather than with an IN-list of the
 * course's lessons and quizzes; rows of other courses do not change the course's state.
 */
export async function readRecord(db: DB, userId: number, courseId: number): Promise<LearnerRecord> {
	const rows = await recordRows(db, userId, courseId);
	let enrolment: LearnerRecord['enrolment'] = null;
	const done = new Set<number>();
	const summaries = new Map<number, AttemptSummary>();
	for (const r of rows) {
		if (r.part === ENROLMENT)
			enrolment = { enrolled_at: r.a!, last_activity_at: r.b!, completed_at: r.c, has_activity: r.d ?? 0 };
		else if (r.part === LESSON) done.add(r.a!);
		else addAttempt(summaries, { id: r.a!, quiz_id: r.b!, score: r.c!, passed: r.d!, submitted_at: r.e! });
	}
	return { enrolment, completedLessonIds: done, attempts: summaries };
}

const [ENROLMENT, LESSON, ATTEMPT] = [0, 1, 2];
type RecordRow = {
	part: number;
	a: number | null;
	b: number | null;
	c: number | null;
	d: number | null;
	e: number | null;
};

// Compiled once (see preparedQuery); the placeholders stand for the user and the course.
const recordRows = preparedQuery(
	(db: DB, userId: number, courseId: number) => {
		// Typed, so that PostgreSQL can match the branches of the union (an untyped null is text there).
		const none = sql<number | null>`cast(null as bigint)`;
		return db
			.selectFrom('enrolments')
			.select([
				sql.lit(ENROLMENT).as('part'),
				'enrolled_at as a',
				'last_activity_at as b',
				'completed_at as c',
				'has_activity as d',
				none.as('e')
			])
			.where('user_id', '=', userId)
			.where('course_id', '=', courseId)
			.$castTo<RecordRow>()
			.unionAll(
				db
					.selectFrom('lesson_progress')
					.select([
						sql.lit(LESSON).as('part'),
						'lesson_id as a',
						none.as('b'),
						none.as('c'),
						none.as('d'),
						none.as('e')
					])
					.where('user_id', '=', userId)
					.$castTo<RecordRow>()
			)
			.unionAll(
				db
					.selectFrom('quiz_attempts')
					.select([
						sql.lit(ATTEMPT).as('part'),
						'id as a',
						'quiz_id as b',
						'score as c',
						'passed as d',
						'submitted_at as e'
					])
					.where('user_id', '=', userId)
					.$castTo<RecordRow>()
			)
			.orderBy('part')
			.orderBy('e')
			.orderBy('a');
	},
	[-1, -2]
);

/** The record of someone who never enrolled (or a visitor). */
export const NO_RECORD: LearnerRecord = { enrolment: null, completedLessonIds: new Set(), attempts: new Map() };

/** The learner's record in a course and the state computed from it. */
export async function getCourseState(
	db: DB,
	userId: number | null,
	course: CourseInfo,
	now = Date.now()
): Promise<CourseState> {
	return computeCourseState(course, userId === null ? NO_RECORD : await readRecord(db, userId, course.id), now);
}

/** Enrols a learner (idempotent). */
export async function enrol(db: DB, userId: number, courseId: number, now = Date.now()): Promise<void> {
	await db
		.insertInto('enrolments')
		.values({ user_id: userId, course_id: courseId, enrolled_at: now, last_activity_at: now, completed_at: null })
		.onConflict((oc) => oc.columns(['user_id', 'course_id']).doNothing())
		.execute();
}

/** Lessons completed plus quizzes passed. */
export function unitsDone(state: CourseState): number {
	return state.modules.reduce((sum, s) => sum + s.lessonsDone + (s.quiz?.passed ? 1 : 0), 0);
}

/** Records activity, the learner's counters and, the first time the course is complete, its completion time. */
export async function touchEnrolment(
	db: DB,
	userId: number,
	courseId: number,
	state: CourseState,
	now = Date.now()
): Promise<void> {
	const completed = state.complete;
	await db
		.updateTable('enrolments')
		.set((eb) => ({
			last_activity_at: now,
			has_activity: 1,
			units_done: unitsDone(state),
			completed_at: completed ? eb.fn.coalesce('completed_at', eb.val(now)) : eb.ref('completed_at')
		}))
		.where('user_id', '=', userId)
		.where('course_id', '=', courseId)
		.execute();
}

export type CompleteResult =
	{ ok: true; state: CourseState } | { ok: false; reason: 'not_enrolled' | 'locked' | 'not_found' };

/** Marks a lesson complete for a learner, if it is open to them. Completing it again changes nothing. */
export async function completeLesson(
	db: DB,
	userId: number,
	course: CourseInfo,
	lessonId: number,
	now = Date.now()
): Promise<CompleteResult> {
	const record = await readRecord(db, userId, course.id);
	const before = computeCourseState(course, record, now);
	if (!before.enrolled) return { ok: false, reason: 'not_enrolled' };
	const lesson = before.modules.flatMap((m) => m.lessons).find((l) => l.id === lessonId);
	if (!lesson) return { ok: false, reason: 'not_found' };
	if (lesson.status === 'locked') return { ok: false, reason: 'locked' };
	if (lesson.status === 'open') {
		await db
			.insertInto('lesson_progress')
			.values({ user_id: userId, lesson_id: lessonId, lesson_version_id: lesson.versionId, completed_at: now })
			.onConflict((oc) => oc.columns(['user_id', 'lesson_id']).doNothing())
			.execute();
	}
	// The state after is the state before with this lesson done: no need to read it again.
	record.completedLessonIds.add(lessonId);
	const after = computeCourseState(course, record, now);
	await touchEnrolment(db, userId, course.id, after, now);
	return { ok: true, state: after };
}

export interface LearningItem {
	course: CourseInfo;
	state: CourseState;
}

/** The courses a learner is enrolled in, most recently active first. */
export async function enrolledCourseIds(db: DB, userId: number): Promise<number[]> {
	const rows = await db
		.selectFrom('enrolments')
		.select('course_id')
		.where('user_id', '=', userId)
		.orderBy('last_activity_at', 'desc')
		.execute();
	return rows.map((r) => r.course_id);
}
