// Trainers review what learners hand in: a queue per course (and cohort), oldest first; a review
// scores each rubric criterion with one of its levels, gives written feedback and accepts the
// version or asks for a revision. Accepting the last assignment may complete the certificate.
import type { DB } from '../db/client';
import { canAuthor } from '../authoring/authors';
import { cleanText } from '../platform/form-text';
import { ASSIGNMENT_LIMITS, readRubric } from './format';
import { joinRubric, type RubricCriterion } from './assignments';
import { toView, type SubmissionView } from './submissions';

type Viewer = { id: number; role: string };

/** Trainers who author the course or teach one of its cohorts, and admins. */
export async function canReview(db: DB, user: Viewer, courseId: number): Promise<boolean> {
	if (await canAuthor(db, user, courseId)) return true;
	if (user.role !== 'trainer') return false;
	const row = await db
		.selectFrom('cohort_trainers')
		.innerJoin('cohorts', 'cohorts.id', 'cohort_trainers.cohort_id')
		.select('cohorts.id')
		.where('cohort_trainers.user_id', '=', user.id)
		.where('cohorts.course_id', '=', courseId)
		.executeTakeFirst();
	return Boolean(row);
}

/** Whoever may review it, and coordinators of a cohort of that course the learner belongs to. */
export async function canSeeWork(db: DB, user: Viewer, courseId: number, learnerId: number): Promise<boolean> {
	if (await canReview(db, user, courseId)) return true;
	if (user.role !== 'coordinator') return false;
	const row = await db
		.selectFrom('cohort_members')
		.innerJoin('cohorts', 'cohorts.id', 'cohort_members.cohort_id')
		.select('cohorts.id')
		.where('cohort_members.user_id', '=', learnerId)
		.where('cohorts.course_id', '=', courseId)
		.executeTakeFirst();
	return Boolean(row);
}

export interface QueueItem {
	submissionId: number;
	learner: string;
	assignmentTitle: string;
	version: number;
	submittedAt: number;
}

/** Submissions waiting for a review in a course (optionally one cohort's members), oldest first. */
export async function queue(
	db: DB,
	courseId: number,
	locale: string,
	cohortId: number | null = null
): Promise<QueueItem[]> {
	let q = db
		.selectFrom('submissions as s')
		.innerJoin('assignments as a', 'a.id', 's.assignment_id')
		.innerJoin('modules as m', 'm.id', 'a.module_id')
		.innerJoin('users as u', 'u.id', 's.user_id')
		.leftJoin('assignment_texts as t', (j) => j.onRef('t.assignment_id', '=', 'a.id').on('t.locale', '=', locale))
		.leftJoin('assignment_texts as en', (j) => j.onRef('en.assignment_id', '=', 'a.id').on('en.locale', '=', 'en'))
		.select(['s.id', 's.version', 's.submitted_at', 'u.name', 't.title', 'en.title as en_title'])
		.where('m.course_id', '=', courseId)
		.where('s.status', '=', 'submitted')
		.orderBy('s.submitted_at')
		.orderBy('s.id')
		.limit(500);
	if (cohortId !== null) {
		q = q.where('s.user_id', 'in', db.selectFrom('cohort_members').select('user_id').where('cohort_id', '=', cohortId));
	}
	return (await q.execute()).map((r) => ({
		submissionId: r.id,
		learner: r.name,
		assignmentTitle: r.title ?? r.en_title ?? '',
		version: r.version,
		submittedAt: r.submitted_at
	}));
}

/** How many submissions of a cohort's members wait for a review, and since when the oldest. */
export async function queueStats(
	db: DB,
	cohortId: number,
	courseId: number
): Promise<{ waiting: number; oldestAt: number | null }> {
	const row = await db
		.selectFrom('submissions as s')
		.innerJoin('assignments as a', 'a.id', 's.assignment_id')
		.innerJoin('modules as m', 'm.id', 'a.module_id')
		.select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min<number | null>('s.submitted_at').as('oldest')])
		.where('m.course_id', '=', courseId)
		.where('s.status', '=', 'submitted')
		.where('s.user_id', 'in', db.selectFrom('cohort_members').select('user_id').where('cohort_id', '=', cohortId))
		.executeTakeFirstOrThrow();
	return { waiting: Number(row.n), oldestAt: row.oldest ?? null };
}

export interface ReviewView {
	courseId: number;
	learner: { id: number; name: string };
	assignment: { id: number; title: string; rubric: RubricCriterion[] };
	submission: SubmissionView;
	/** Whether this is the learner's latest version (only that one can be reviewed). */
	latest: boolean;
}

/** One submission for its reviewer, or null (not found, or not theirs to review: both a 404). */
export async function reviewView(
	db: DB,
	user: Viewer,
	submissionId: number,
	locale: string
): Promise<ReviewView | null> {
	const row = await db
		.selectFrom('submissions as s')
		.innerJoin('assignments as a', 'a.id', 's.assignment_id')
		.innerJoin('modules as m', 'm.id', 'a.module_id')
		.innerJoin('users as u', 'u.id', 's.user_id')
		.selectAll('s')
		.select(['m.course_id', 'u.name', 'a.rubric as rubric_structure'])
		.where('s.id', '=', submissionId)
		.executeTakeFirst();
	if (!row || row.user_id === user.id || !(await canReview(db, user, row.course_id))) return null;
	const texts = await db
		.selectFrom('assignment_texts')
		.selectAll()
		.where('assignment_id', '=', row.assignment_id)
		.execute();
	const text = texts.find((t) => t.locale === locale) ?? texts.find((t) => t.locale === 'en');
	const newest = await db
		.selectFrom('submissions')
		.select((eb) => eb.fn.max('version').as('v'))
		.where('assignment_id', '=', row.assignment_id)
		.where('user_id', '=', row.user_id)
		.executeTakeFirstOrThrow();
	return {
		courseId: row.course_id,
		learner: { id: row.user_id, name: row.name },
		assignment: {
			id: row.assignment_id,
			title: text?.title ?? '',
			rubric: joinRubric(row.rubric_structure, text?.rubric ?? '[]')
		},
		submission: toView(row),
		latest: Number(newest.v) === row.version
	};
}

export type ReviewRefusal =
	| 'not_found'
	| 'score_missing'
	| 'score_out_of_range'
	| 'feedback_required'
	| 'feedback_too_long'
	| 'not_latest'
	| 'already_reviewed';
export type ReviewResult =
	| { ok: true; decision: 'accepted' | 'needs_revision'; courseId: number; learnerId: number }
	| { ok: false; reason: ReviewRefusal; criterion?: string };

export interface ReviewInput {
	submissionId: number;
	decision: unknown;
	feedback: unknown;
	/** The level chosen per criterion id, as the form sent it (text). */
	levels: Record<string, unknown>;
}

/** Records a review. Anyone who may not review the course gets `not_found`, as for a missing one. */
export async function review(db: DB, reviewer: Viewer, input: ReviewInput, now = Date.now()): Promise<ReviewResult> {
	const row = await db
		.selectFrom('submissions as s')
		.innerJoin('assignments as a', 'a.id', 's.assignment_id')
		.innerJoin('modules as m', 'm.id', 'a.module_id')
		.select(['s.id', 's.user_id', 's.assignment_id', 's.version', 's.status', 'a.rubric', 'm.course_id'])
		.where('s.id', '=', input.submissionId)
		.executeTakeFirst();
	// Nobody reviews their own work: a trainer enrolled in their own course is a learner there.
	if (!row || row.user_id === reviewer.id || !(await canReview(db, reviewer, row.course_id)))
		return { ok: false, reason: 'not_found' };
	const decision = input.decision === 'accept' ? 'accepted' : input.decision === 'revise' ? 'needs_revision' : null;
	if (!decision) return { ok: false, reason: 'not_found' };
	const scores: Record<string, number> = {};
	for (const criterion of readRubric(row.rubric)) {
		const raw = input.levels[criterion.id];
		if (raw === undefined || raw === null || raw === '')
			return { ok: false, reason: 'score_missing', criterion: criterion.id };
		const level = typeof raw === 'string' && /^\d{1,3}$/.test(raw.trim()) ? Number(raw) : -1;
		if (level < 0 || level >= criterion.points.length)
			return { ok: false, reason: 'score_out_of_range', criterion: criterion.id };
		scores[criterion.id] = level;
	}
	const feedback = cleanText(input.feedback);
	if (decision === 'needs_revision' && !feedback) return { ok: false, reason: 'feedback_required' };
	if ([...feedback].length > ASSIGNMENT_LIMITS.feedbackChars) return { ok: false, reason: 'feedback_too_long' };
	return db.transaction().execute(async (tx) => {
		const newest = await tx
			.selectFrom('submissions')
			.select((eb) => eb.fn.max('version').as('v'))
			.where('assignment_id', '=', row.assignment_id)
			.where('user_id', '=', row.user_id)
			.executeTakeFirstOrThrow();
		if (Number(newest.v) !== row.version) return { ok: false, reason: 'not_latest' } as const;
		const updated = await tx
			.updateTable('submissions')
			.set({ status: decision, feedback, scores: JSON.stringify(scores), reviewed_by: reviewer.id, reviewed_at: now })
			.where('id', '=', row.id)
			.where('status', '=', 'submitted')
			.executeTakeFirst();
		if (Number(updated.numUpdatedRows) === 0) return { ok: false, reason: 'already_reviewed' } as const;
		return { ok: true, decision, courseId: row.course_id, learnerId: row.user_id } as const;
	});
}
