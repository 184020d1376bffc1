// Whose versions a hand-in joins. A learner's assignment is theirs alone; an organisation's
// assignment (scope organisation) has one thread per organisation, handed in by any confirmed member
// on its behalf and seen by every confirmed member. Membership is read from the database each time:
// a membership only requested at sign-up (users.requested_organisation_id) gives no right here.
import type { ExpressionBuilder } from 'kysely';
import type { DB } from '../db/client';
import type { AssignmentScope, Database } from '../../../../db/schema';

export interface Thread {
	assignmentId: number;
	/** Set for an organisation's assignment; then the thread is the organisation's. */
	organisationId: number | null;
	userId: number;
}

/** A learner's own thread of an assignment. */
export const learnerThread = (assignmentId: number, userId: number): Thread => ({
	assignmentId,
	organisationId: null,
	userId
});

/** The organisation a person is a confirmed member of, or null. */
export async function confirmedOrganisation(db: DB, userId: number): Promise<number | null> {
	const row = await db
		.selectFrom('users')
		.select('organisation_id')
		.where('id', '=', userId)
		.where('active', '=', 1)
		.executeTakeFirst();
	return row?.organisation_id ?? null;
}

/** The thread a person works in, or null for an organisation's assignment when they are no confirmed member. */
export async function threadOf(
	db: DB,
	assignment: { id: number; scope: AssignmentScope },
	userId: number
): Promise<Thread | null> {
	if (assignment.scope === 'learner') return { assignmentId: assignment.id, organisationId: null, userId };
	const organisationId = await confirmedOrganisation(db, userId);
	return organisationId === null ? null : { assignmentId: assignment.id, organisationId, userId };
}

/** The versions of one thread, as a condition on `submissions`. */
export function inThread(t: Thread) {
	return (eb: ExpressionBuilder<Database, 'submissions'>) =>
		eb.and([
			eb('submissions.assignment_id', '=', t.assignmentId),
			t.organisationId !== null
				? eb('submissions.organisation_id', '=', t.organisationId)
				: eb.and([eb('submissions.user_id', '=', t.userId), eb('submissions.organisation_id', 'is', null)])
		]);
}

/** The thread a stored version belongs to. */
export const threadOfRow = (r: { assignment_id: number; user_id: number; organisation_id: number | null }): Thread => ({
	assignmentId: r.assignment_id,
	organisationId: r.organisation_id,
	userId: r.user_id
});

/**
 * The organisations (of these) whose thread of the assignment ends in an accepted version: what
 * organisation certification needs when the course requires the organisation's assignment.
 */
export async function organisationsAccepted(
	db: DB,
	assignmentId: number,
	organisationIds: number[]
): Promise<Set<number>> {
	if (organisationIds.length === 0) return new Set();
	const rows = await db
		.selectFrom('submissions')
		.select('organisation_id')
		.where('assignment_id', '=', assignmentId)
		.where('organisation_id', 'in', organisationIds)
		.where('status', '=', 'accepted')
		.execute();
	return new Set(rows.map((r) => r.organisation_id as number));
}
