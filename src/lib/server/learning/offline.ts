// Learning without a connection (issue 21), the server's half. A learner saves a course on their
// phone (the service worker, src/service-worker.ts, fetches the pages `manifest` lists), reads and
// answers offline, and the device sends each step later to /offline/send, which calls `receive`.
//
// Every form a learner can use offline carries an operation id: a lesson's completion has one per
// lesson (`completionOp`; the table is keyed by learner, so it is one per learner and lesson, and the
// lesson page stays the same for every learner, which keeps it in the page cache); a quiz page's is
// its submission key (quizzes.submissionKey), one per learner, quiz and attempt number. So the same
// quiz answered on two devices is one operation: the first to arrive is graded, the second gets that
// result. `receive` stores each operation once, with the answer it got; sending it again returns that
// answer. A refusal is looked at again when sent again, since what refused it (a lesson not yet done
// when it arrived, a wait) may have passed; the stored refusal is then replaced.
//
// The rules are the ones online: the step goes through `submit.completeLesson` and `submit.submitQuiz`,
// whose writes check them inside their transaction. A quiz is graded against the version the learner
// saw (the form names it), its paper drawn again from the submission key, never from the device.
import { createHash } from 'node:crypto';
import type { DB } from '../db/client';
import * as courses from '../catalogue/courses';
import * as progress from './progress';
import * as quizzes from './quizzes';
import * as submit from './submit';
import { attemptPath, coursePath, lessonPath, quizPath, stepPath } from '$lib/paths';

export type Refusal = 'locked' | 'passed' | 'exhausted' | 'waiting' | 'changed' | 'not_enrolled' | 'invalid';

export type Answer =
	| {
			outcome: 'done';
			kind: 'lesson' | 'quiz';
			href: string;
			duplicate: boolean;
			score: number | null;
			passed: boolean | null;
	  }
	| { outcome: 'refused'; kind: 'lesson' | 'quiz' | null; reason: Refusal; href: string };

interface Learner {
	id: number;
	name: string;
	email: string;
}

const OP = /^[a-f0-9]{32}$/;

/** The operation id of completing a lesson (the same for every learner; stored per learner). */
export function completionOp(lessonId: number): string {
	return createHash('sha256').update(`complete:${lessonId}`).digest('hex').slice(0, 32);
}

/** The step a form posted to, from its path without the locale: `/courses/c/m/l?/complete` or `/courses/c/m/quiz`. */
export function parseAction(
	action: string
):
	| { kind: 'lesson'; course: string; module: string; lesson: string }
	| { kind: 'quiz'; course: string; module: string }
	| null {
	const slug = '([a-z0-9-]{1,80})';
	const lesson = new RegExp(`^/courses/${slug}/${slug}/${slug}\\?/complete$`).exec(action);
	if (lesson && lesson[3] !== 'quiz' && lesson[3] !== 'assignment')
		return { kind: 'lesson', course: lesson[1], module: lesson[2], lesson: lesson[3] };
	const quiz = new RegExp(`^/courses/${slug}/${slug}/quiz$`).exec(action);
	if (quiz) return { kind: 'quiz', course: quiz[1], module: quiz[2] };
	return null;
}

export interface Received {
	op: string;
	/** The form's path without the locale (see `parseAction`). */
	action: string;
	form: FormData;
	/** When the device says the learner did it (shown only; bounded to the last 60 days). */
	answeredAt: number | null;
	locale: string;
}

const ANSWERED_WINDOW = 60 * 24 * 60 * 60 * 1000;

/**
 * A step a learner's device sends after doing it offline: done once, or refused with a reason; the
 * same operation sent again gets the answer stored the first time.
 */
export async function receive(db: DB, user: Learner, input: Received, now = Date.now()): Promise<Answer> {
	const target = parseAction(input.action);
	if (!OP.test(input.op) || !target) return refused(null, 'invalid', '/offline');
	// A lesson's completion sent again gets its stored answer. A quiz's goes on below: the same page
	// (the same key) answered on another device is the same operation with other answers, which did
	// not count, and is told so.
	const stored = await storedAnswer(db, user.id, input.op);
	if (stored?.outcome === 'done' && stored.kind === 'lesson') return stored;
	const course = await courses.getCourseBySlug(db, target.course, input.locale);
	if (!course) return refused(target.kind, 'invalid', '/courses');
	const answeredAt =
		input.answeredAt !== null && input.answeredAt > now - ANSWERED_WINDOW && input.answeredAt <= now + 60_000
			? Math.floor(input.answeredAt)
			: null;
	const answer =
		target.kind === 'lesson'
			? await receiveCompletion(db, user, course, target, input, now)
			: await receiveQuiz(db, user, course, target, input, now);
	if (!answer.record) return answer.answer;
	await record(db, user.id, input.op, answer, answeredAt, now);
	return answer.answer;
}

interface Decided {
	answer: Answer;
	/** What to store; null when the operation is not one of this learner's (nothing is stored for it). */
	record: { courseId: number; lessonId: number | null; quizId: number | null; attemptId: number | null } | null;
}

async function receiveCompletion(
	db: DB,
	user: Learner,
	course: courses.CourseInfo,
	target: { module: string; lesson: string },
	input: Received,
	now: number
): Promise<Decided> {
	const mod = course.modules.find((x) => x.slug === target.module);
	const lesson = mod?.lessons.find((x) => x.slug === target.lesson);
	const place = mod && lesson ? lessonPath(course.slug, mod.slug, lesson.slug) : coursePath(course.slug);
	if (!lesson || input.op !== completionOp(lesson.id))
		return { answer: refused('lesson', 'invalid', place), record: null };
	const ids = { courseId: course.id, lessonId: lesson.id, quizId: null, attemptId: null };
	const result = await submit.completeLesson(db, user, course, lesson.id, input.locale, now);
	if (!result.ok) {
		const reason = result.reason === 'not_found' ? 'invalid' : result.reason;
		return { answer: refused('lesson', reason, place), record: ids };
	}
	return {
		answer: {
			outcome: 'done',
			kind: 'lesson',
			href: stepPath(course.slug, result.state.next),
			duplicate: false,
			score: null,
			passed: null
		},
		record: ids
	};
}

async function receiveQuiz(
	db: DB,
	user: Learner,
	course: courses.CourseInfo,
	target: { module: string },
	input: Received,
	now: number
): Promise<Decided> {
	const record = await progress.readRecord(db, user.id, course.id);
	const state = progress.computeCourseState(course, record, now);
	const moduleState = state.modules.find((s) => s.module.slug === target.module);
	const quiz = moduleState?.quiz;
	if (!moduleState || !quiz) return { answer: refused('quiz', 'invalid', coursePath(course.slug)), record: null };
	const place = quizPath(course.slug, moduleState.module.slug);
	const ids = { courseId: course.id, lessonId: null, quizId: quiz.id, attemptId: null };
	const done = (attempt: { attemptId: number; score: number; passed: boolean; duplicate: boolean }): Decided => ({
		answer: {
			outcome: 'done',
			kind: 'quiz',
			href: attemptPath(course.slug, moduleState.module.slug, attempt.attemptId),
			duplicate: attempt.duplicate,
			score: attempt.score,
			passed: attempt.passed
		},
		record: { ...ids, attemptId: attempt.attemptId }
	});
	// The form's submission key is the operation: an attempt already stored under it is its answer.
	if (input.form.get('submission') !== input.op) return { answer: refused('quiz', 'invalid', place), record: null };
	const already = await quizzes.findAttemptBySubmission(db, user.id, input.op);
	if (already !== null) {
		// Stored under this key: this very operation sent before (its answer was not recorded yet, or
		// two sends crossed), or the same attempt answered on another device or tab, which counted.
		const stored = await storedAttempt(db, already);
		const paper = await quizzes.paperFor(db, stored.versionId, input.op);
		const parsed = paper && (await quizzes.parseSubmission(db, stored.versionId, input.form, paper));
		if (parsed?.ok && sameAnswers(parsed.answers, stored.answers))
			return done({ attemptId: already, score: stored.score, passed: stored.passed, duplicate: true });
		const reason: Refusal = quiz.passed ? 'passed' : quiz.status === 'exhausted' ? 'exhausted' : 'changed';
		return { answer: refused('quiz', reason, attemptPath(course.slug, moduleState.module.slug, already)), record: ids };
	}
	// Only the key of the attempt the learner is at now can be a new attempt; any other is not one of
	// this learner's keys (an earlier one is always stored, found above).
	const key = await quizzes.submissionKey(db, user.id, quiz.id, quiz.attemptsUsed + 1);
	if (input.op !== key) return { answer: refused('quiz', 'invalid', place), record: null };
	if (!state.enrolled) return { answer: refused('quiz', 'not_enrolled', place), record: ids };
	if (quiz.status !== 'open') {
		const reason: Refusal = quiz.status === 'locked' ? 'locked' : quiz.status;
		return { answer: refused('quiz', reason, place), record: ids };
	}
	const version = Number(input.form.get('version'));
	if (!Number.isSafeInteger(version) || !(await versionOfQuiz(db, quiz.id, version)))
		return { answer: refused('quiz', 'changed', place), record: ids };
	const paper = await quizzes.paperFor(db, version, key);
	const parsed = paper && (await quizzes.parseSubmission(db, version, input.form, paper));
	if (!parsed || !parsed.ok) return { answer: refused('quiz', 'invalid', place), record: ids };
	const result = await submit.submitQuiz(
		db,
		{
			user,
			course,
			record,
			quizId: quiz.id,
			versionId: version,
			submissionKey: key,
			locale: input.locale,
			answers: parsed.answers,
			paper,
			answeredOffline: true
		},
		now
	);
	if (!result.ok) return { answer: refused('quiz', result.reason, place), record: ids };
	return done(result.attempt);
}

async function storedAttempt(db: DB, attemptId: number) {
	const row = await db
		.selectFrom('quiz_attempts')
		.select(['quiz_version_id', 'answers', 'score', 'passed'])
		.where('id', '=', attemptId)
		.executeTakeFirstOrThrow();
	return {
		versionId: row.quiz_version_id,
		answers: row.answers,
		score: row.score,
		passed: Boolean(row.passed)
	};
}

/** Whether answers read from a form are the ones stored (as JSON) with an attempt. */
function sameAnswers(answers: Record<string, unknown>, stored: string): boolean {
	const canonical = (value: Record<string, unknown>) =>
		JSON.stringify(
			Object.keys(value)
				.sort()
				.map((k) => [k, value[k]])
		);
	try {
		return canonical(answers) === canonical(JSON.parse(stored) as Record<string, unknown>);
	} catch {
		return false;
	}
}

async function versionOfQuiz(db: DB, quizId: number, versionId: number): Promise<boolean> {
	const row = await db
		.selectFrom('quiz_versions')
		.select('id')
		.where('id', '=', versionId)
		.where('quiz_id', '=', quizId)
		.executeTakeFirst();
	return row !== undefined;
}

function refused(kind: 'lesson' | 'quiz' | null, reason: Refusal, href: string): Answer {
	return { outcome: 'refused', kind, reason, href };
}

/** Stores an operation's answer: a first answer, or one replacing a refusal; never one replacing a done. */
async function record(
	db: DB,
	userId: number,
	op: string,
	decided: Decided,
	answeredAt: number | null,
	now: number
): Promise<void> {
	if (!decided.record) return;
	const { answer } = decided;
	const row = {
		user_id: userId,
		op_id: op,
		kind: answer.kind ?? 'lesson',
		course_id: decided.record.courseId,
		lesson_id: decided.record.lessonId,
		quiz_id: decided.record.quizId,
		attempt_id: decided.record.attemptId,
		outcome: answer.outcome,
		reason: answer.outcome === 'refused' ? answer.reason : null,
		href: answer.href,
		answered_at: answeredAt,
		received_at: now
	} as const;
	await db
		.insertInto('offline_operations')
		.values(row)
		.onConflict((oc) =>
			oc
				.columns(['user_id', 'op_id'])
				.doUpdateSet({
					outcome: row.outcome,
					reason: row.reason,
					href: row.href,
					attempt_id: row.attempt_id,
					answered_at: row.answered_at,
					received_at: row.received_at
				})
				.where('offline_operations.outcome', '=', 'refused')
		)
		.execute();
}

async function storedAnswer(db: DB, userId: number, op: string): Promise<Answer | null> {
	const row = await db
		.selectFrom('offline_operations')
		.leftJoin('quiz_attempts', 'quiz_attempts.id', 'offline_operations.attempt_id')
		.select([
			'offline_operations.kind',
			'offline_operations.outcome',
			'offline_operations.reason',
			'offline_operations.href',
			'quiz_attempts.score',
			'quiz_attempts.passed'
		])
		.where('offline_operations.user_id', '=', userId)
		.where('offline_operations.op_id', '=', op)
		.executeTakeFirst();
	if (!row) return null;
	if (row.outcome === 'done')
		return {
			outcome: 'done',
			kind: row.kind,
			href: row.href,
			duplicate: true,
			score: row.score,
			passed: row.passed === null ? null : Boolean(row.passed)
		};
	return refused(row.kind, (row.reason ?? 'invalid') as Refusal, row.href);
}

export interface ReceivedItem {
	kind: 'lesson' | 'quiz';
	title: string;
	courseTitle: string;
	outcome: 'done' | 'refused';
	reason: Refusal | null;
	href: string;
	answeredAt: number | null;
	receivedAt: number;
	score: number | null;
	passed: boolean | null;
}

/** What a learner's devices sent, newest first (at most `limit`), with titles in `locale`. */
export async function listReceived(db: DB, userId: number, locale: string, limit = 50): Promise<ReceivedItem[]> {
	const rows = await db
		.selectFrom('offline_operations')
		.leftJoin('quiz_attempts', 'quiz_attempts.id', 'offline_operations.attempt_id')
		.select([
			'offline_operations.kind',
			'offline_operations.course_id',
			'offline_operations.lesson_id',
			'offline_operations.quiz_id',
			'offline_operations.outcome',
			'offline_operations.reason',
			'offline_operations.href',
			'offline_operations.answered_at',
			'offline_operations.received_at',
			'quiz_attempts.score',
			'quiz_attempts.passed'
		])
		.where('offline_operations.user_id', '=', userId)
		.orderBy('offline_operations.received_at', 'desc')
		.limit(limit)
		.execute();
	const courseInfo = new Map<number, courses.CourseInfo | null>();
	const items: ReceivedItem[] = [];
	for (const row of rows) {
		if (row.course_id === null) continue;
		if (!courseInfo.has(row.course_id))
			courseInfo.set(row.course_id, await courses.getCourseById(db, row.course_id, locale));
		const course = courseInfo.get(row.course_id);
		if (!course) continue;
		const mod = course.modules.find((x) =>
			row.kind === 'lesson' ? x.lessons.some((l) => l.id === row.lesson_id) : x.quiz?.id === row.quiz_id
		);
		const title =
			row.kind === 'lesson' ? (mod?.lessons.find((l) => l.id === row.lesson_id)?.title ?? '') : (mod?.title ?? '');
		items.push({
			kind: row.kind,
			title,
			courseTitle: course.title,
			outcome: row.outcome,
			reason: row.outcome === 'refused' ? ((row.reason ?? 'invalid') as Refusal) : null,
			href: row.href,
			answeredAt: row.answered_at,
			receivedAt: row.received_at,
			score: row.score,
			passed: row.passed === null ? null : Boolean(row.passed)
		});
	}
	return items;
}

export interface Manifest {
	course: string;
	title: string;
	user: number;
	locale: string;
	version: string;
	/** Paths without the locale (the route adds it). */
	pages: string[];
}

/**
 * What a learner's device saves of a course: the course page, the lessons they may open now or by
 * completing the lessons before them in order (a module opened by a quiz result waits for the
 * server), the quiz of each open module, and the device page. The version changes with a new
 * published lesson or quiz version, a page becoming reachable, or a new quiz attempt (the saved quiz
 * page names the attempt it is for).
 */
export function manifest(
	course: courses.CourseInfo,
	state: progress.CourseState,
	userId: number,
	locale: string
): Manifest {
	const pages = [coursePath(course.slug)];
	const versions: (string | number)[] = [locale];
	if (state.enrolled) {
		for (const ms of state.modules) {
			if (!ms.open) continue;
			for (const lesson of ms.lessons) {
				if (lesson.status === 'locked' && lesson.lockReason !== 'previous_lesson') continue;
				pages.push(lessonPath(course.slug, ms.module.slug, lesson.slug));
				versions.push(`l${lesson.versionId}`);
			}
			const quiz = ms.quiz;
			if (quiz && (quiz.status === 'open' || quiz.status === 'locked')) {
				pages.push(quizPath(course.slug, ms.module.slug));
				versions.push(`q${quiz.versionId}.${quiz.attemptsUsed}`);
			}
		}
	}
	pages.push('/offline');
	const version = createHash('sha256')
		.update(JSON.stringify([pages, versions]))
		.digest('hex')
		.slice(0, 16);
	return { course: course.slug, title: course.title, user: userId, locale, version, pages };
}
