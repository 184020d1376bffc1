// Sessions as Lucia's guide teaches them (without the deprecated `lucia` package): the cookie holds
// `id.secret`; the database holds the id and only a SHA-256 hash of the secret, so a leaked database
// or log gives no usable cookie. The secret is compared in constant time.
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { inTransaction, preparedQuery, type DB } from '../db/client';
import type { Role } from '../../../../db/schema';

/** A session ends after this long without a request. */
export const INACTIVITY_TIMEOUT_MS = 30 * 24 * 60 * 60 * 1000;
/** `last_verified_at` is written at most this often, so most requests only read. */
export const REFRESH_INTERVAL_MS = 60 * 60 * 1000;

export interface SessionUser {
	id: number;
	name: string;
	email: string;
	role: Role;
	organisationId: number | null;
}

export interface ValidSession {
	id: string;
	userId: number;
	lastVerifiedAt: number;
	/** True when the expiry moved and the cookie should be set again. */
	refreshed: boolean;
}

function randomString(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

function hashSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

/** A user keeps at most this many sessions: a new sign-in beyond it ends the oldest. Without a cap,
 * a script signing in again and again would fill the table (and the user's "sign-ins" list). */
export const MAX_SESSIONS_PER_USER = 20;

/** Creates a session and returns the token for the cookie; the token is not stored anywhere. */
export async function createSession(
	db: DB,
	userId: number,
	meta: { userAgent?: string; ip?: string } = {},
	now = Date.now()
): Promise<{ token: string; id: string; expiresAt: Date }> {
	const id = randomString();
	const secret = randomString();
	// The insert and the trim are one transaction, so simultaneous sign-ins cannot together leave
	// more than the cap.
	await inTransaction(db, async (tx) => {
		await tx
			.insertInto('sessions')
			.values({
				id,
				user_id: userId,
				secret_hash: hashSecret(secret),
				created_at: now,
				last_verified_at: now,
				user_agent: (meta.userAgent ?? '').slice(0, 300),
				ip: (meta.ip ?? '').slice(0, 64)
			})
			.execute();
		const keep = tx
			.selectFrom('sessions')
			.select('id')
			.where('user_id', '=', userId)
			.where('id', '!=', id)
			.orderBy('created_at', 'desc')
			.orderBy('last_verified_at', 'desc')
			.limit(MAX_SESSIONS_PER_USER - 1);
		await tx
			.deleteFrom('sessions')
			.where('user_id', '=', userId)
			.where('id', '!=', id)
			.where('id', 'not in', keep)
			.execute();
	});
	return { token: `${id}.${secret}`, id, expiresAt: new Date(now + INACTIVITY_TIMEOUT_MS) };
}

// Every request with a cookie makes this query: compiled once (see preparedQuery).
const sessionRow = preparedQuery(
	(db: DB, id: string) =>
		db
			.selectFrom('sessions')
			.innerJoin('users', 'users.id', 'sessions.user_id')
			.select([
				'sessions.id',
				'sessions.secret_hash',
				'sessions.last_verified_at',
				'users.id as user_id',
				'users.name',
				'users.email',
				'users.role',
				'users.organisation_id',
				'users.active'
			])
			.where('sessions.id', '=', id),
	['placeholder']
);

/**
 * Checks a cookie token. Returns the session and its (active) user, or null for a malformed,
 * unknown, tampered, expired or revoked token, or a deactivated user. An expired session is deleted.
 */
export async function validateSessionToken(
	db: DB,
	token: string,
	now = Date.now()
): Promise<{ session: ValidSession; user: SessionUser } | null> {
	const parts = token.split('.');
	if (parts.length !== 2 || parts[0].length === 0 || parts[0].length > 64 || parts[1].length > 64) {
		return null;
	}
	const [id, secret] = parts;
	const [row] = await sessionRow(db, id);
	if (!row) return null;
	if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.secret_hash))) return null;
	if (now - row.last_verified_at >= INACTIVITY_TIMEOUT_MS || !row.active) {
		await invalidateSession(db, id);
		return null;
	}
	let lastVerifiedAt = row.last_verified_at;
	let refreshed = false;
	if (now - row.last_verified_at >= REFRESH_INTERVAL_MS) {
		lastVerifiedAt = now;
		refreshed = true;
		await db.updateTable('sessions').set({ last_verified_at: now }).where('id', '=', id).execute();
	}
	return {
		session: { id, userId: row.user_id, lastVerifiedAt, refreshed },
		user: {
			id: row.user_id,
			name: row.name,
			email: row.email,
			role: row.role,
			organisationId: row.organisation_id
		}
	};
}

export function sessionExpiry(session: ValidSession): Date {
	return new Date(session.lastVerifiedAt + INACTIVITY_TIMEOUT_MS);
}

export async function invalidateSession(db: DB, sessionId: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends a user's sessions, all of them or all but one (the one in use). */
export async function invalidateUserSessions(db: DB, userId: number, exceptSessionId?: string): Promise<void> {
	let query = db.deleteFrom('sessions').where('user_id', '=', userId);
	if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
	await query.execute();
}

/** Revokes one of the user's own sessions; false when it is not theirs (or gone). */
export async function revokeOwnSession(db: DB, userId: number, sessionId: string): Promise<boolean> {
	const result = await db
		.deleteFrom('sessions')
		.where('id', '=', sessionId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}

export interface SessionSummary {
	id: string;
	createdAt: number;
	lastVerifiedAt: number;
	userAgent: string;
	ip: string;
}

/** The user's active sign-ins, most recent first. */
export async function listSessions(db: DB, userId: number, now = Date.now()): Promise<SessionSummary[]> {
	const rows = await db
		.selectFrom('sessions')
		.select(['id', 'created_at', 'last_verified_at', 'user_agent', 'ip'])
		.where('user_id', '=', userId)
		.where('last_verified_at', '>', now - INACTIVITY_TIMEOUT_MS)
		.orderBy('last_verified_at', 'desc')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		createdAt: r.created_at,
		lastVerifiedAt: r.last_verified_at,
		userAgent: r.user_agent,
		ip: r.ip
	}));
}
