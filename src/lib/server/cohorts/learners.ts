// A coordinator's everyday work on one learner of a cohort: take them out of it, move them to another
// cohort, give them a new set-password link; and the learners a selection names (for bulk actions).
// Progress is kept per course (enrolments, lesson_progress, quiz_attempts), never per cohort: leaving
// a cohort takes nothing from the learner, and joining another cohort of the same course shows the
// same progress there.
import type { DB } from '../db/client';
import type { CourseInfo } from '../catalogue/courses';
import { reissuePasswordToken } from '../auth/password-tokens';
import * as progress from '../learning/progress';
import * as audit from '../people/audit';
import { selectInChunks } from '../db/id-lists';

/** A member of the cohort with what the pages show of them, or undefined. */
export function member(db: DB, cohortId: number, userId: number) {
	return db
		.selectFrom('cohort_members as cm')
		.innerJoin('users as u', 'u.id', 'cm.user_id')
		.select(['u.id', 'u.name', 'u.email', 'u.role', 'u.active', 'u.locale'])
		.where('cm.cohort_id', '=', cohortId)
		.where('cm.user_id', '=', userId)
		.executeTakeFirst();
}

export type RemoveResult = { ok: true } | { ok: false; reason: 'not_member' };

/** Takes a learner out of a cohort; their enrolment and progress in the course stay theirs. */
export async function remove(
	db: DB,
	cohort: { id: number; name: string },
	userId: number,
	byUserId: number,
	now = Date.now()
): Promise<RemoveResult> {
	return db.transaction().execute(async (tx) => {
		const who = await member(tx, cohort.id, userId);
		if (!who) return { ok: false, reason: 'not_member' } as const;
		await tx.deleteFrom('cohort_members').where('cohort_id', '=', cohort.id).where('user_id', '=', userId).execute();
		await audit.record(tx, byUserId, 'cohort_member_removed', `${who.name} <${who.email}>`, cohort.name, now, {
			subjectUserId: userId
		});
		return { ok: true } as const;
	});
}

/** The other cohorts (not archived) of the same course a learner can be moved to. */
export function moveTargets(db: DB, cohort: { id: number; course_id: number }) {
	return db
		.selectFrom('cohorts')
		.select(['id', 'name', 'starts_at', 'ends_at'])
		.where('course_id', '=', cohort.course_id)
		.where('archived', '=', 0)
		.where('id', '!=', cohort.id)
		.orderBy('starts_at', 'desc')
		.limit(100)
		.execute();
}

export type MoveResult = { ok: true } | { ok: false; reason: 'not_member' | 'target' | 'other_course' };

/**
 * Moves a learner to another cohort of the same course, with their progress (it is the course's).
 * A cohort of another course is refused: that would be a new enrolment, done by adding them there.
 */
export async function move(
	db: DB,
	from: { id: number; name: string; course_id: number },
	toCohortId: number,
	userId: number,
	byUserId: number,
	now = Date.now()
): Promise<MoveResult> {
	return db.transaction().execute(async (tx) => {
		const who = await member(tx, from.id, userId);
		if (!who) return { ok: false, reason: 'not_member' } as const;
		const to = await tx
			.selectFrom('cohorts')
			.select(['id', 'name', 'course_id', 'archived'])
			.where('id', '=', toCohortId)
			.executeTakeFirst();
		if (!to || to.id === from.id || to.archived) return { ok: false, reason: 'target' } as const;
		if (to.course_id !== from.course_id) return { ok: false, reason: 'other_course' } as const;
		await tx.deleteFrom('cohort_members').where('cohort_id', '=', from.id).where('user_id', '=', userId).execute();
		await tx
			.insertInto('cohort_members')
			.values({ cohort_id: to.id, user_id: userId, joined_at: now })
			.onConflict((oc) => oc.columns(['cohort_id', 'user_id']).doNothing())
			.execute();
		await progress.enrol(tx, userId, to.course_id, now);
		await audit.record(
			tx,
			byUserId,
			'cohort_member_moved',
			`${who.name} <${who.email}>`,
			`${from.name} → ${to.name}`,
			now,
			{ subjectUserId: userId }
		);
		return { ok: true } as const;
	});
}

/**
 * Whether a coordinator may give this member a set-password link: a learner account that was created
 * for them (by a roster import: its first link was made by a coordinator), not one that signed up
 * itself. Others use "forgot password".
 */
/** How soon after an account's creation its first link must come to count as made with it. */
const MADE_WITH_ACCOUNT_MS = 60_000;

export async function mayReissue(db: DB, cohortId: number, userId: number): Promise<boolean> {
	const who = await member(db, cohortId, userId);
	if (!who || who.role !== 'learner' || who.active !== 1) return false;
	// Made by staff: the account's first link came with the account, from a coordinator or an admin.
	// A link sent later (an admin's reset for someone who signed up) does not count.
	const first = await db
		.selectFrom('password_tokens')
		.innerJoin('users', 'users.id', 'password_tokens.user_id')
		.select(['password_tokens.created_by', 'password_tokens.created_at', 'users.created_at as account_created_at'])
		.where('password_tokens.user_id', '=', userId)
		.orderBy('password_tokens.created_at')
		.limit(1)
		.executeTakeFirst();
	return Boolean(
		first && first.created_by !== null && first.created_at - first.account_created_at <= MADE_WITH_ACCOUNT_MS
	);
}

export type ReissueResult = { ok: true; token: string; name: string; email: string } | { ok: false };

/** A new set-password link for a created learner; their older unused links stop working. */
export async function reissueLink(
	db: DB,
	cohort: { id: number; name: string },
	userId: number,
	byUserId: number,
	now = Date.now()
): Promise<ReissueResult> {
	if (!(await mayReissue(db, cohort.id, userId))) return { ok: false };
	return db.transaction().execute(async (tx) => {
		const who = (await member(tx, cohort.id, userId))!;
		const token = await reissuePasswordToken(tx, userId, byUserId, now);
		await audit.record(tx, byUserId, 'password_link_issued', `${who.name} <${who.email}>`, cohort.name, now, {
			subjectUserId: userId
		});
		return { ok: true, token, name: who.name, email: who.email } as const;
	});
}

/** The members among `ids`, by name (for a selection's summary, its export and its messages). */
export async function selected(db: DB, cohortId: number, ids: number[]) {
	if (ids.length === 0) return [];
	const rows = await selectInChunks(ids, (chunk) =>
		db
			.selectFrom('cohort_members as cm')
			.innerJoin('users as u', 'u.id', 'cm.user_id')
			.leftJoin('organisations as o', 'o.id', 'u.organisation_id')
			.select(['u.id', 'u.name', 'u.email', 'o.name as organisation'])
			.where('cm.cohort_id', '=', cohortId)
			.where('u.id', 'in', chunk)
			.execute()
	);
	return rows.sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
}

/**
 * A learner's next step in the course: the first lesson (in course order) not yet done, or null when
 * all are done.
 */
export async function nextStep(db: DB, course: CourseInfo, userId: number): Promise<string | null> {
	const lessons = course.modules.flatMap((mod) => mod.lessons);
	if (lessons.length === 0) return null;
	const done = new Set(
		(
			await selectInChunks(
				lessons.map((l) => l.id),
				(chunk) =>
					db
						.selectFrom('lesson_progress')
						.select('lesson_id')
						.where('user_id', '=', userId)
						.where('lesson_id', 'in', chunk)
						.execute()
			)
		).map((r) => r.lesson_id)
	);
	return lessons.find((l) => !done.has(l.id))?.title ?? null;
}
