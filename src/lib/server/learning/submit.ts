// Submitting: a quiz attempt or a completed lesson is stored with the learner's enrolment counters
// and, when it completes the course, the certificate, in one transaction, so that no request sees
// an attempt without its enrolment or a finished course without its certificate.
import type { DB } from '../db/client';
import type { CourseInfo } from '../catalogue/courses';
import { answerText, grade, type Answer } from './grading';
import { versionKey, type VersionKey } from './quizzes';
import { keysOnPaper, type Presentation } from './presentation';
import { DAY_MS } from './attempt-rules';
import * as progress from './progress';
import * as certificates from './certificates/issue';
import type { Certificate } from '../../../../db/schema';

export interface AttemptInput {
	userId: number;
	quizId: number;
	versionId: number;
	submissionKey: string;
	locale: string;
	answers: Record<string, Answer>;
	/** The paper the learner was shown (questions drawn, order of options); graded over its questions. */
	paper?: Presentation | null;
	/** Answered without a connection and sent later by the learner's device (learning/offline.ts). */
	answeredOffline?: boolean;
}

type Learner = { id: number; name: string; email: string };

/** Why a new attempt was not stored: the quiz was passed, its attempts are used up, or the wait after a failure is not over. */
export type AttemptRefusal = 'passed' | 'exhausted' | 'waiting';

/** Thrown by `submitAttempt` when the quiz takes no new attempt from this learner now. */
export class AttemptRefused extends Error {
	constructor(readonly reason: AttemptRefusal) {
		super(`quiz attempt refused: ${reason}`);
		this.name = 'AttemptRefused';
	}
}

export interface StoredAttempt {
	attemptId: number;
	duplicate: boolean;
	score: number;
	passed: boolean;
	submittedAt: number;
}

/**
 * Grades and stores an attempt. The submission key (see `quizzes.submissionKey`) makes a double submit, a
 * back-and-resubmit or a second tab of the same quiz page return the attempt already stored instead
 * of storing a second one. Throws `AttemptRefused` when the quiz was passed, its attempts are used up
 * or the wait after a failed attempt is not over: checked by the insert itself, inside the
 * transaction, so that submissions arriving together cannot all pass a check made before.
 */
export async function submitAttempt(db: DB, input: AttemptInput, now = Date.now()): Promise<StoredAttempt> {
	const graded = await gradeAttempt(db, input);
	return db.transaction().execute((tx) => storeAttempt(tx, input, graded, now));
}

async function gradeAttempt(db: DB, input: AttemptInput) {
	const version = await versionKey(db, input.versionId);
	if (!version) throw new Error(`quiz version ${input.versionId} does not exist`);
	const keys = input.paper ? keysOnPaper(version.keys, input.paper) : version.keys;
	return { version, keys, ...grade(keys, input.answers, input.locale, version.passMark) };
}

/** The insert of `submitAttempt`, inside the caller's transaction. */
async function storeAttempt(
	tx: DB,
	input: AttemptInput,
	{ version, keys, results, score, passed }: Awaited<ReturnType<typeof gradeAttempt>>,
	now: number
): Promise<StoredAttempt> {
	// One statement counts the learner's attempts at this quiz and inserts only if the quiz still
	// takes one: never passed, attempts left, no wait running (after a failure: every attempt so far
	// failed), fewer attempts than the daily limit in the last 24 hours. The attempt number is counted in the same statement; the unique (user, submission key)
	// catches a double submit.
	const row = await tx
		.insertInto('quiz_attempts')
		.columns([
			'user_id',
			'quiz_id',
			'quiz_version_id',
			'attempt_no',
			'submission_key',
			'locale',
			'answers',
			'results',
			'score',
			'passed',
			'submitted_at',
			'presentation',
			'answered_offline'
		])
		.expression(
			tx
				.selectFrom('quiz_attempts')
				.select((eb) => [
					eb.val(input.userId).as('user_id'),
					eb.val(input.quizId).as('quiz_id'),
					eb.val(input.versionId).as('quiz_version_id'),
					eb(eb.fn.countAll<number>(), '+', 1).as('attempt_no'),
					eb.val(input.submissionKey).as('submission_key'),
					eb.val(input.locale).as('locale'),
					eb.val(JSON.stringify(input.answers)).as('answers'),
					eb.val(JSON.stringify(results)).as('results'),
					eb.val(score).as('score'),
					eb.val(passed ? 1 : 0).as('passed'),
					eb.val(now).as('submitted_at'),
					eb.val(input.paper ? JSON.stringify(input.paper) : null).as('presentation'),
					eb.val(input.answeredOffline ? 1 : 0).as('answered_offline')
				])
				.where('user_id', '=', input.userId)
				.where('quiz_id', '=', input.quizId)
				.having((eb) => {
					const count = eb.fn.countAll<number>();
					const open = [eb(eb.fn.coalesce(eb.fn.max('passed'), eb.lit(0)), '=', 0)];
					if (version.maxAttempts !== null) open.push(eb(count, '<', version.maxAttempts));
					if (version.waitMinutes > 0)
						open.push(
							eb.or([eb(count, '=', 0), eb(eb.fn.max('submitted_at'), '<=', now - version.waitMinutes * 60_000)])
						);
					if (version.attemptsPerDay !== null) {
						const today = eb
							.case()
							.when('submitted_at', '>', now - DAY_MS)
							.then(1)
							.else(0)
							.end();
						open.push(eb(eb.fn.coalesce(eb.fn.sum(today), eb.lit(0)), '<', version.attemptsPerDay));
					}
					return eb.and(open);
				})
		)
		.onConflict((oc) => oc.columns(['user_id', 'submission_key']).doNothing())
		.returning(['id', 'attempt_no'])
		.executeTakeFirst();
	if (!row) {
		// A submission already stored (the unique key, or the quiz closed by that very attempt) is
		// answered with its attempt, whatever the quiz's state now.
		const stored = await storedAttempt(tx, input.userId, input.submissionKey);
		if (stored) return stored;
		throw new AttemptRefused(await refusal(tx, input.userId, input.quizId, version));
	}
	// One row per question, so that a cohort's answers can be counted in SQL (quiz insight).
	await tx
		.insertInto('quiz_answers')
		.values(
			keys.map((key) => ({
				attempt_id: row.id,
				quiz_id: input.quizId,
				user_id: input.userId,
				attempt_no: row.attempt_no,
				question_id: key.id,
				answer: answerText(key, input.answers[key.id]),
				credit: results[key.id] ?? 0
			}))
		)
		.execute();
	return { attemptId: row.id, duplicate: false, score, passed, submittedAt: now };
}

async function storedAttempt(db: DB, userId: number, key: string): Promise<StoredAttempt | null> {
	const row = await db
		.selectFrom('quiz_attempts')
		.select(['id', 'score', 'passed', 'submitted_at'])
		.where('user_id', '=', userId)
		.where('submission_key', '=', key)
		.executeTakeFirst();
	return row
		? {
				attemptId: row.id,
				duplicate: true,
				score: row.score,
				passed: Boolean(row.passed),
				submittedAt: row.submitted_at
			}
		: null;
}

/** Why the insert of `submitAttempt` took no row (the same rules, read back to be told). */
async function refusal(db: DB, userId: number, quizId: number, version: VersionKey): Promise<AttemptRefusal> {
	const row = await db
		.selectFrom('quiz_attempts')
		.select((eb) => [
			eb.fn.countAll<number>().as('n'),
			eb.fn.max('passed').as('passed'),
			eb.fn.max('submitted_at').as('last')
		])
		.where('user_id', '=', userId)
		.where('quiz_id', '=', quizId)
		.executeTakeFirstOrThrow();
	if (row.passed) return 'passed';
	if (version.maxAttempts !== null && Number(row.n) >= version.maxAttempts) return 'exhausted';
	return 'waiting';
}

export type SubmitQuizResult =
	| { ok: true; attempt: StoredAttempt; state: progress.CourseState; certificate: Certificate | null }
	| { ok: false; reason: AttemptRefusal };

/**
 * A learner's quiz submission: the attempt, the enrolment's counters and, when it completes the
 * course, the certificate, in one transaction; or why the quiz took no attempt (passed, no attempts
 * left, a wait running: decided inside the transaction). `record` is the learner's record read for
 * this request: the new attempt is added to it rather than read back.
 */
export async function submitQuiz(
	db: DB,
	input: Omit<AttemptInput, 'userId'> & { user: Learner; course: CourseInfo; record: progress.LearnerRecord },
	now = Date.now(),
	ctx: certificates.IssueContext = {}
): Promise<SubmitQuizResult> {
	const { user, course, record } = input;
	const attemptInput = { ...input, userId: user.id };
	const graded = await gradeAttempt(db, attemptInput);
	try {
		const done = await db.transaction().execute(async (tx) => {
			const attempt = await storeAttempt(tx, attemptInput, graded, now);
			if (attempt.duplicate) return { attempt, state: null, certificate: null };
			progress.addAttempt(record.attempts, {
				id: attempt.attemptId,
				quiz_id: input.quizId,
				score: attempt.score,
				passed: attempt.passed,
				submitted_at: attempt.submittedAt
			});
			const state = progress.computeCourseState(course, record, now);
			await progress.touchEnrolment(tx, user.id, course.id, state, now);
			const certificate = attempt.passed
				? await certificates.issueIfEligible(tx, user, course, state, input.locale, ctx)
				: null;
			return { attempt, state, certificate };
		});
		// After the commit: the e-mail of a certificate just issued (people/notice-mail.ts).
		await certificates.mailIssued(db, done.certificate);
		if (done.state) return { ok: true, attempt: done.attempt, state: done.state, certificate: done.certificate };
		// A duplicate: the record read for this request may predate the attempt it returns.
		const state = progress.computeCourseState(course, await progress.readRecord(db, user.id, course.id), now);
		const certificate = done.attempt.passed
			? await certificates.issueIfEligible(db, user, course, state, input.locale, ctx)
			: null;
		await certificates.mailIssued(db, certificate);
		return { ok: true, attempt: done.attempt, state, certificate };
	} catch (e) {
		if (e instanceof AttemptRefused) return { ok: false, reason: e.reason };
		throw e;
	}
}

export type CompleteLessonResult =
	| { ok: true; state: progress.CourseState; certificate: Certificate | null }
	| { ok: false; reason: 'not_enrolled' | 'locked' | 'not_found' };

/** A learner completes a lesson: progress, enrolment and, when it completes the course, the certificate. */
export async function completeLesson(
	db: DB,
	user: Learner,
	course: CourseInfo,
	lessonId: number,
	locale: string,
	now = Date.now(),
	ctx: certificates.IssueContext = {}
): Promise<CompleteLessonResult> {
	const done = await db.transaction().execute(async (tx) => {
		const result = await progress.completeLesson(tx, user.id, course, lessonId, now);
		if (!result.ok) return result;
		return { ...result, certificate: await certificates.issueIfEligible(tx, user, course, result.state, locale, ctx) };
	});
	// After the commit: the e-mail of a certificate just issued (people/notice-mail.ts).
	if (done.ok) await certificates.mailIssued(db, done.certificate);
	return done;
}
