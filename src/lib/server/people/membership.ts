// Membership of an organisation. Choosing an organisation at sign-up is only a request: membership
// opens the organisation's profile editor, counts towards its certification and is printed on
// certificates, so somebody who knows the organisation confirms it first (a coordinator, an admin,
// or a confirmed member of that organisation). users.organisation_id holds confirmed membership only;
// the request waits in users.requested_organisation_id, so that nothing that reads membership can
// mistake a claim for the real thing.
import type { DB } from '../db/client';
import * as audit from './audit';

export type Actor = { id: number; role: string };

export interface MembershipRequest {
	organisationId: number;
	name: string;
	slug: string;
	requestedAt: number;
}

/** The organisation a user asked to join and that has not yet been decided, if any. */
export async function requestOf(db: DB, userId: number): Promise<MembershipRequest | null> {
	const row = await db
		.selectFrom('users')
		.innerJoin('organisations', 'organisations.id', 'users.requested_organisation_id')
		.select(['organisations.id', 'organisations.name', 'organisations.slug', 'users.requested_at'])
		.where('users.id', '=', userId)
		.executeTakeFirst();
	return row ? { organisationId: row.id, name: row.name, slug: row.slug, requestedAt: row.requested_at ?? 0 } : null;
}

export interface PendingRequest {
	userId: number;
	name: string;
	email: string;
	organisationId: number;
	organisationName: string;
	organisationSlug: string;
	requestedAt: number;
}

/** Requests waiting for a decision, oldest first: for one organisation, or (null) for all of them. */
export function pendingRequests(db: DB, organisationId: number | null): Promise<PendingRequest[]> {
	let q = db
		.selectFrom('users')
		.innerJoin('organisations', 'organisations.id', 'users.requested_organisation_id')
		.select([
			'users.id as userId',
			'users.name',
			'users.email',
			'organisations.id as organisationId',
			'organisations.name as organisationName',
			'organisations.slug as organisationSlug',
			'users.requested_at as requestedAt'
		])
		.where('users.active', '=', 1);
	if (organisationId !== null) q = q.where('users.requested_organisation_id', '=', organisationId);
	return q
		.orderBy('users.requested_at')
		.orderBy('users.id')
		.limit(500)
		.execute()
		.then((rows) => rows.map((r) => ({ ...r, requestedAt: r.requestedAt ?? 0 })));
}

/**
 * Who may decide on requests to join an organisation: coordinators and admins for every
 * organisation, and confirmed members of that organisation (read from the database, not from what
 * the caller believes: a person who is only requesting membership decides nothing).
 */
export async function mayDecide(db: DB, actor: Actor, organisationId: number): Promise<boolean> {
	if (actor.role === 'admin' || actor.role === 'coordinator') return true;
	const row = await db
		.selectFrom('users')
		.select('id')
		.where('id', '=', actor.id)
		.where('organisation_id', '=', organisationId)
		.where('active', '=', 1)
		.executeTakeFirst();
	return Boolean(row);
}

export type DecideResult = { ok: true } | { ok: false; reason: 'forbidden' | 'not_found' };

/** Confirms (the person becomes a member) or declines (they stay an independent learner) a request. */
export async function decide(
	db: DB,
	actor: Actor,
	input: { userId: number; organisationId: number; decision: 'confirm' | 'decline' },
	now = Date.now()
): Promise<DecideResult> {
	if (!(await mayDecide(db, actor, input.organisationId))) return { ok: false, reason: 'forbidden' };
	return db.transaction().execute(async (tx) => {
		const target = await tx
			.selectFrom('users')
			.innerJoin('organisations', 'organisations.id', 'users.requested_organisation_id')
			.select(['users.name', 'users.email', 'organisations.name as organisation'])
			.where('users.id', '=', input.userId)
			.where('users.requested_organisation_id', '=', input.organisationId)
			.executeTakeFirst();
		if (!target) return { ok: false as const, reason: 'not_found' as const };
		const confirm = input.decision === 'confirm';
		await tx
			.updateTable('users')
			.set({
				...(confirm ? { organisation_id: input.organisationId } : {}),
				requested_organisation_id: null,
				requested_at: null,
				updated_at: now
			})
			.where('id', '=', input.userId)
			.execute();
		await audit.record(
			tx,
			actor.id,
			confirm ? 'membership_confirmed' : 'membership_declined',
			target.organisation,
			`${target.name} <${target.email}>`,
			now
		);
		return { ok: true as const };
	});
}

/** The person takes back their request. */
export async function withdraw(db: DB, userId: number, now = Date.now()): Promise<boolean> {
	const r = await db
		.updateTable('users')
		.set({ requested_organisation_id: null, requested_at: null, updated_at: now })
		.where('id', '=', userId)
		.where('requested_organisation_id', 'is not', null)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) > 0;
}
