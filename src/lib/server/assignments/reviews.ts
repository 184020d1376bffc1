// Trainers review what learners hand in: a queue per course (and cohort), oldest first; a review
// scores each rubric criterion with one of its levels, gives written feedback and accepts the
// version or asks for a revision. Accepting the last assignment may complete the certificate.
// Course authors (and admins) review every hand-in of the course; a trainer who only teaches a
// cohort reviews the hand-ins of that cohort's learners and organisations, nothing else.
import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../../../../db/schema';
import type { DB } from '../db/client';
import { canAuthor } from '../authoring/authors';
import { cleanText } from '../platform/form-text';
import { ASSIGNMENT_LIMITS, readRubric } from './format';
import { joinRubric, type RubricCriterion } from './assignments';
import { toView, type SubmissionView } from './submissions';
import { confirmedOrganisation, inThread, threadOfRow } from './threads';
import { learnerLocale } from './certify';
import { assignmentPath } from '$lib/paths';
import { notify } from '../people/notices';
import { mailNotice } from '../people/notice-mail';

type Viewer = { id: number; role: string };

/** The cohorts of a course a trainer teaches (a subquery). */
const taughtCohorts = (db: DB, trainerId: number, courseId: number) =>
	db
		.selectFrom('cohort_trainers')
		.innerJoin('cohorts', 'cohorts.id', 'cohort_trainers.cohort_id')
		.select('cohorts.id')
		.where('cohort_trainers.user_id', '=', trainerId)
		.where('cohorts.course_id', '=', courseId);

type Cohorts = number | ReturnType<typeof taughtCohorts>;

/** The learners and organisations of some cohorts (subqueries): whose hand-ins those cohorts hold. */
const cohortPeople = (db: DB, cohorts: Cohorts) => {
	const ids = typeof cohorts === 'number' ? [cohorts] : cohorts;
	return {
		learners: db.selectFrom('cohort_members').select('user_id').where('cohort_id', 'in', ids),
		organisations: db.selectFrom('cohort_organisations').select('organisation_id').where('cohort_id', 'in', ids)
	};
};

/** A condition on submissions `s`: handed in by a learner of the cohorts or for one of their organisations. */
const heldBy =
	(db: DB, cohorts: Cohorts) => (eb: ExpressionBuilder<Database & { s: Database['submissions'] }, 's'>) => {
		const people = cohortPeople(db, cohorts);
		return eb.or([eb('s.user_id', 'in', people.learners), eb('s.organisation_id', 'in', people.organisations)]);
	};

const taughtLearners = (db: DB, trainerId: number, courseId: number) =>
	cohortPeople(db, taughtCohorts(db, trainerId, courseId)).learners;
const taughtOrganisations = (db: DB, trainerId: number, courseId: number) =>
	cohortPeople(db, taughtCohorts(db, trainerId, courseId)).organisations;

/** How far a reviewer reaches in a course: every hand-in (authors, admins), their cohorts' (cohort trainers), none. */
export async function reviewScope(db: DB, user: Viewer, courseId: number): Promise<'all' | 'cohorts' | null> {
	if (await canAuthor(db, user, courseId)) return 'all';
	if (user.role !== 'trainer') return null;
	return (await taughtCohorts(db, user.id, courseId).executeTakeFirst()) ? 'cohorts' : null;
}

/** Trainers who author the course or teach one of its cohorts, and admins: they open its queue. */
export async function canReview(db: DB, user: Viewer, courseId: number): Promise<boolean> {
	return (await reviewScope(db, user, courseId)) !== null;
}

/** Whether a reviewer may review a version handed in by this learner (for this organisation). */
export async function canReviewWork(
	db: DB,
	user: Viewer,
	courseId: number,
	learnerId: number,
	organisationId: number | null
): Promise<boolean> {
	const scope = await reviewScope(db, user, courseId);
	if (scope !== 'cohorts') return scope === 'all';
	const row = await db
		.selectFrom('users')
		.select('id')
		.where('id', '=', learnerId)
		.where((eb) =>
			eb.or([
				eb('id', 'in', taughtLearners(db, user.id, courseId)),
				...(organisationId === null
					? []
					: [eb(eb.val(organisationId), 'in', taughtOrganisations(db, user.id, courseId))])
			])
		)
		.executeTakeFirst();
	return Boolean(row);
}

/** Whoever may review it, and coordinators of a cohort of that course the learner belongs to. */
export async function canSeeWork(
	db: DB,
	user: Viewer,
	courseId: number,
	learnerId: number,
	organisationId: number | null = null
): Promise<boolean> {
	if (await canReviewWork(db, user, courseId, learnerId, organisationId)) return true;
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

/** The live cohorts of a course a reviewer may filter the queue by: all, or (trainerId) the trainer's. */
export function reviewCohorts(db: DB, courseId: number, trainerId: number | null) {
	let q = db.selectFrom('cohorts').select(['id', 'name']).where('course_id', '=', courseId).where('archived', '=', 0);
	if (trainerId !== null) q = q.where('id', 'in', taughtCohorts(db, trainerId, courseId));
	return q.orderBy('name').execute();
}

export interface QueueItem {
	submissionId: number;
	learner: string;
	assignmentTitle: string;
	version: number;
	submittedAt: number;
}

/**
 * Submissions waiting for a review in a course (optionally one cohort's members), oldest first;
 * with `trainerId`, only those of that trainer's cohorts (a cohort trainer's queue, see reviewScope).
 */
export async function queue(
	db: DB,
	courseId: number,
	locale: string,
	cohortId: number | null = null,
	trainerId: number | null = null
): Promise<QueueItem[]> {
	let q = db
		.selectFrom('submissions as s')
		.innerJoin('assignments as a', 'a.id', 's.assignment_id')
		.innerJoin('modules as m', 'm.id', 'a.module_id')
		.innerJoin('users as u', 'u.id', 's.user_id')
		.leftJoin('organisations as o', 'o.id', 's.organisation_id')
		.leftJoin('assignment_texts as t', (j) => j.onRef('t.assignment_id', '=', 'a.id').on('t.locale', '=', locale))
		.leftJoin('assignment_texts as en', (j) => j.onRef('en.assignment_id', '=', 'a.id').on('en.locale', '=', 'en'))
		.select([
			's.id',
			's.version',
			's.submitted_at',
			'u.name',
			'o.name as organisation',
			't.title',
			'en.title as en_title'
		])
		.where('m.course_id', '=', courseId)
		.where('s.status', '=', 'submitted')
		.orderBy('s.submitted_at')
		.orderBy('s.id')
		.limit(500);
	if (cohortId !== null) q = q.where(heldBy(db, cohortId));
	if (trainerId !== null) q = q.where(heldBy(db, taughtCohorts(db, trainerId, courseId)));
	return (await q.execute()).map((r) => ({
		submissionId: r.id,
		// On an organisation's thread the member hands it in for the organisation: both are named.
		learner: r.organisation ? `${r.name} (${r.organisation})` : r.name,
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
		.where(heldBy(db, cohortId))
		.executeTakeFirstOrThrow();
	return { waiting: Number(row.n), oldestAt: row.oldest ?? null };
}

export interface ReviewView {
	courseId: number;
	learner: { id: number; name: string };
	/** The organisation the version was handed in for (an organisation's assignment), or null. */
	organisation: string | null;
	assignment: { id: number; title: string; rubric: RubricCriterion[] };
	submission: SubmissionView;
	/** Whether this is the learner's latest version (only that one can be reviewed). */
	latest: boolean;
}

/**
 * One submission for its reviewer; null when not found or not theirs to review (both a 404), or
 * 'outside_scope' for a cohort trainer of the course looking at a hand-in outside their cohorts.
 */
export async function reviewView(
	db: DB,
	user: Viewer,
	submissionId: number,
	locale: string
): Promise<ReviewView | 'outside_scope' | null> {
	const row = await db
		.selectFrom('submissions as s')
		.innerJoin('assignments as a', 'a.id', 's.assignment_id')
		.innerJoin('modules as m', 'm.id', 'a.module_id')
		.innerJoin('users as u', 'u.id', 's.user_id')
		.leftJoin('organisations as o', 'o.id', 's.organisation_id')
		.selectAll('s')
		.select(['m.course_id', 'u.name', 'o.name as organisation', 'a.rubric as rubric_structure'])
		.where('s.id', '=', submissionId)
		.executeTakeFirst();
	const may = row ? await mayReviewRow(db, user, row) : 'no';
	if (!row || may !== 'yes') return may === 'outside_scope' ? may : null;
	const texts = await db
		.selectFrom('assignment_texts')
		.selectAll()
		.where('assignment_id', '=', row.assignment_id)
		.execute();
	const text = texts.find((t) => t.locale === locale) ?? texts.find((t) => t.locale === 'en');
	const newest = await db
		.selectFrom('submissions')
		.select((eb) => eb.fn.max('version').as('v'))
		.where(inThread(threadOfRow(row)))
		.executeTakeFirstOrThrow();
	return {
		courseId: row.course_id,
		learner: { id: row.user_id, name: row.name },
		organisation: row.organisation,
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
	| 'outside_scope'
	| 'score_missing'
	| 'score_out_of_range'
	| 'feedback_required'
	| 'feedback_too_long'
	| 'not_latest'
	| 'already_reviewed'
	| 'rubric_changed';
export type ReviewResult =
	| {
			ok: true;
			decision: 'accepted' | 'needs_revision';
			courseId: number;
			learnerId: number;
			organisationId: number | null;
	  }
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
		.select([
			's.id',
			's.user_id',
			's.organisation_id',
			's.assignment_id',
			's.version',
			's.status',
			'a.rubric',
			'm.course_id'
		])
		.where('s.id', '=', input.submissionId)
		.executeTakeFirst();
	const may = row ? await mayReviewRow(db, reviewer, row) : 'no';
	if (!row || may !== 'yes') return { ok: false, reason: may === 'outside_scope' ? may : 'not_found' };
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
	const notice = await reviewNotice(db, row.user_id, row.assignment_id, decision);
	const result = await db.transaction().execute(async (tx) => {
		const newest = await tx
			.selectFrom('submissions')
			.select((eb) => eb.fn.max('version').as('v'))
			.where(inThread(threadOfRow(row)))
			.executeTakeFirstOrThrow();
		if (Number(newest.v) !== row.version) return { ok: false, reason: 'not_latest' } as const;
		// The scores were checked against this rubric; the editor may have replaced it since.
		const current = await tx
			.selectFrom('assignments')
			.select('rubric')
			.where('id', '=', row.assignment_id)
			.executeTakeFirst();
		if (current?.rubric !== row.rubric) return { ok: false, reason: 'rubric_changed' } as const;
		const updated = await tx
			.updateTable('submissions')
			.set({ status: decision, feedback, scores: JSON.stringify(scores), reviewed_by: reviewer.id, reviewed_at: now })
			.where('id', '=', row.id)
			.where('status', '=', 'submitted')
			.executeTakeFirst();
		if (Number(updated.numUpdatedRows) === 0) return { ok: false, reason: 'already_reviewed' } as const;
		await notify(tx, row.user_id, 'assignment-reviewed', notice.params, notice.link, now);
		return {
			ok: true,
			decision,
			courseId: row.course_id,
			learnerId: row.user_id,
			organisationId: row.organisation_id
		} as const;
	});
	// After the commit: the e-mail never holds the database, and goes only for a review that stands.
	if (result.ok) await mailNotice(db, row.user_id, 'assignment-reviewed', notice.params, notice.link, notice.locale);
	return result;
}

/** The learner's notice of a review: the assignment's title in their language and their assignment page. */
async function reviewNotice(db: DB, learnerId: number, assignmentId: number, decision: string) {
	const [user, where] = await Promise.all([
		db.selectFrom('users').select('locale').where('id', '=', learnerId).executeTakeFirst(),
		db
			.selectFrom('assignments as a')
			.innerJoin('modules as m', 'm.id', 'a.module_id')
			.innerJoin('courses as c', 'c.id', 'm.course_id')
			.select(['m.slug as module', 'c.slug as course'])
			.where('a.id', '=', assignmentId)
			.executeTakeFirst()
	]);
	const locale = user?.locale ?? (await learnerLocale(db, learnerId));
	const texts = await db
		.selectFrom('assignment_texts')
		.select(['locale', 'title'])
		.where('assignment_id', '=', assignmentId)
		.execute();
	const title = (texts.find((t) => t.locale === locale) ?? texts.find((t) => t.locale === 'en') ?? texts[0])?.title;
	return {
		locale,
		params: { assignment: title ?? '', assignmentId, decision },
		link: where ? assignmentPath(where.course, where.module) : '/learning'
	};
}

/**
 * Whether a reviewer may review this version: in their scope (canReviewWork), and not their own
 * work (a trainer enrolled in their own course is a learner there; a trainer who is a member of
 * the organisation does not review its assignment).
 */
async function mayReviewRow(
	db: DB,
	user: Viewer,
	row: { user_id: number; organisation_id: number | null; course_id: number }
): Promise<'yes' | 'no' | 'outside_scope'> {
	if (row.user_id === user.id) return 'no';
	if (row.organisation_id !== null && (await confirmedOrganisation(db, user.id)) === row.organisation_id) return 'no';
	if (await canReviewWork(db, user, row.course_id, row.user_id, row.organisation_id)) return 'yes';
	// A cohort trainer of the course is told why (the course's authors review it); others learn nothing.
	return (await reviewScope(db, user, row.course_id)) === 'cohorts' ? 'outside_scope' : 'no';
}
