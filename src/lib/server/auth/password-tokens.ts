// One-time "set your password" links for accounts a coordinator creates: `id.secret` like a session
// token, only a hash of the secret stored, valid for 7 days, usable once.
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { DB } from '../db/client';
import { checkPasswordPolicy, hashPassword } from './password';
import { invalidateUserSessions } from './session';

export const PASSWORD_TOKEN_TTL_MS = 7 * 24 * 60 * 60 * 1000;

function random(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

const hash = (secret: string) => sha256(new TextEncoder().encode(secret));

export async function createPasswordToken(
	db: DB,
	userId: number,
	createdBy: number | null,
	now = Date.now()
): Promise<string> {
	const id = random();
	const secret = random();
	await db
		.insertInto('password_tokens')
		.values({
			id,
			user_id: userId,
			secret_hash: hash(secret),
			expires_at: now + PASSWORD_TOKEN_TTL_MS,
			used_at: null,
			created_by: createdBy,
			created_at: now
		})
		.execute();
	return `${id}.${secret}`;
}

export type TokenCheck =
	{ ok: true; userId: number; tokenId: string } | { ok: false; reason: 'invalid' | 'expired' | 'used' };

/** Checks a link's token without using it. */
export async function checkPasswordToken(db: DB, token: string, now = Date.now()): Promise<TokenCheck> {
	const [id, secret, extra] = token.split('.');
	if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64)
		return { ok: false, reason: 'invalid' };
	const row = await db.selectFrom('password_tokens').selectAll().where('id', '=', id).executeTakeFirst();
	if (!row || !constantTimeEqual(hash(secret), new Uint8Array(row.secret_hash)))
		return { ok: false, reason: 'invalid' };
	if (row.used_at !== null) return { ok: false, reason: 'used' };
	if (row.expires_at <= now) return { ok: false, reason: 'expired' };
	return { ok: true, userId: row.user_id, tokenId: row.id };
}

export type UseResult =
	| { ok: true; userId: number }
	| { ok: false; reason: 'invalid' | 'expired' | 'used' }
	| { ok: false; reason: 'password'; problem: string };

/** Sets the password through a link and spends the link; other sign-ins of the account end. */
export async function usePasswordToken(db: DB, token: string, password: unknown, now = Date.now()): Promise<UseResult> {
	const check = await checkPasswordToken(db, token, now);
	if (!check.ok) return check;
	const user = await db.selectFrom('users').select(['email', 'name']).where('id', '=', check.userId).executeTakeFirst();
	if (!user) return { ok: false, reason: 'invalid' };
	const candidate = typeof password === 'string' ? password : '';
	const problem = candidate ? await checkPasswordPolicy(candidate, user) : 'password_required';
	if (problem) return { ok: false, reason: 'password', problem };
	const passwordHash = await hashPassword(candidate);
	return db.transaction().execute(async (tx) => {
		// Spend the token first, guarded on used_at, so that two submissions cannot both succeed.
		const spent = await tx
			.updateTable('password_tokens')
			.set({ used_at: now })
			.where('id', '=', check.tokenId)
			.where('used_at', 'is', null)
			.executeTakeFirst();
		if (Number(spent.numUpdatedRows) === 0) return { ok: false as const, reason: 'used' as const };
		await tx
			.updateTable('users')
			.set({ password_hash: passwordHash, updated_at: now })
			.where('id', '=', check.userId)
			.execute();
		// Any other link made for this account is spent too: the password is set now.
		await tx
			.updateTable('password_tokens')
			.set({ used_at: now })
			.where('user_id', '=', check.userId)
			.where('used_at', 'is', null)
			.execute();
		await invalidateUserSessions(tx, check.userId);
		return { ok: true as const, userId: check.userId };
	});
}
