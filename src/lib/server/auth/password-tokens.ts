// One-time password links: `id.secret` like a session token, only a hash of the secret stored, usable
// once. Two purposes: 'set', for accounts a coordinator creates (valid for 7 days), and 'reset', asked
// for on the forgotten-password page (valid for an hour, as it travels by e-mail unasked-for by anyone
// who can see it later, and is asked for again in a minute if it expires).
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { DB } from '../db/client';
import { checkPasswordPolicy, hashPassword } from './password';
import { invalidateUserSessions } from './session';
import { recordFailure, type Limit, type ThrottleRule } from './throttle';
import { DELETED_ACCOUNT_HASH, record as audit } from '../people/audit';
import { isEmail, normaliseEmail } from '../platform/form-text';

export const PASSWORD_TOKEN_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;

export type TokenPurpose = 'set' | 'reset';

function random(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

const hash = (secret: string) => sha256(new TextEncoder().encode(secret));

/** Stores a new link of `purpose`, valid for `ttlMs`, and returns its token. */
async function insertToken(
	db: DB,
	userId: number,
	purpose: TokenPurpose,
	ttlMs: number,
	createdBy: number | null,
	now: number
): Promise<string> {
	const id = random();
	const secret = random();
	await db
		.insertInto('password_tokens')
		.values({
			id,
			user_id: userId,
			secret_hash: hash(secret),
			expires_at: now + ttlMs,
			used_at: null,
			created_by: createdBy,
			created_at: now,
			purpose
		})
		.execute();
	return `${id}.${secret}`;
}

export async function createPasswordToken(
	db: DB,
	userId: number,
	createdBy: number | null,
	now = Date.now()
): Promise<string> {
	return insertToken(db, userId, 'set', PASSWORD_TOKEN_TTL_MS, createdBy, now);
}

/**
 * A new set-password link made by `createdBy` for an account that lost its earlier one: all the
 * account's older unused links (of either purpose) are spent first. Call it inside the caller's
 * transaction; the caller mails or shows the link.
 */
export async function reissuePasswordToken(
	db: DB,
	userId: number,
	createdBy: number,
	now = Date.now()
): Promise<string> {
	await spendUnusedTokens(db, userId, now);
	return createPasswordToken(db, userId, createdBy, now);
}

/**
 * A reset link for an account: valid for an hour; the account's earlier unused reset links are spent,
 * so only the newest mail works.
 */
export async function createResetToken(db: DB, userId: number, now = Date.now()): Promise<string> {
	await db
		.updateTable('password_tokens')
		.set({ used_at: now })
		.where('user_id', '=', userId)
		.where('purpose', '=', 'reset')
		.where('used_at', 'is', null)
		.execute();
	const id = random();
	const secret = random();
	// Inserted from the account's row: for an account that does not exist (a forgotten-password
	// request for an unknown address passes 0) the same statements run and write nothing.
	await db
		.insertInto('password_tokens')
		.columns(['id', 'user_id', 'secret_hash', 'expires_at', 'used_at', 'created_by', 'created_at', 'purpose'])
		.expression((eb) =>
			eb
				.selectFrom('users')
				.select([
					eb.val(id).as('id'),
					'users.id as user_id',
					eb.val(hash(secret)).as('secret_hash'),
					eb.val(now + RESET_TOKEN_TTL_MS).as('expires_at'),
					eb.val(null).as('used_at'),
					eb.val(null).as('created_by'),
					eb.val(now).as('created_at'),
					eb.val('reset').as('purpose')
				])
				.where('users.id', '=', userId)
		)
		.execute();
	return `${id}.${secret}`;
}

/** Spends every unused password link (set or reset) of a person, e.g. when their e-mail or password
 * changes: a link mailed earlier, perhaps to a wrong address, must not work any more. */
export async function spendUnusedTokens(db: DB, userId: number, now = Date.now()): Promise<void> {
	await db
		.updateTable('password_tokens')
		.set({ used_at: now })
		.where('user_id', '=', userId)
		.where('used_at', 'is', null)
		.execute();
}

export type TokenCheck =
	{ ok: true; userId: number; tokenId: string } | { ok: false; reason: 'invalid' | 'expired' | 'used' };

type Found =
	| { ok: true; userId: number; tokenId: string; purpose: string }
	| { ok: false; reason: 'invalid' | 'expired' | 'used' };

async function findToken(db: DB, token: string, now: number, purpose?: TokenPurpose): Promise<Found> {
	const [id, secret, extra] = token.split('.');
	if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64)
		return { ok: false, reason: 'invalid' };
	const row = await db.selectFrom('password_tokens').selectAll().where('id', '=', id).executeTakeFirst();
	if (!row || !constantTimeEqual(hash(secret), new Uint8Array(row.secret_hash)))
		return { ok: false, reason: 'invalid' };
	if (purpose && row.purpose !== purpose) return { ok: false, reason: 'invalid' };
	if (row.used_at !== null) return { ok: false, reason: 'used' };
	if (row.expires_at <= now) return { ok: false, reason: 'expired' };
	return { ok: true, userId: row.user_id, tokenId: row.id, purpose: row.purpose };
}

/** Checks a link's token without using it; with `purpose`, a link made for another purpose is invalid. */
export async function checkPasswordToken(
	db: DB,
	token: string,
	now = Date.now(),
	purpose?: TokenPurpose
): Promise<TokenCheck> {
	const found = await findToken(db, token, now, purpose);
	return found.ok ? { ok: true, userId: found.userId, tokenId: found.tokenId } : found;
}

export type UseResult =
	| { ok: true; userId: number }
	| { ok: false; reason: 'invalid' | 'expired' | 'used' }
	| { ok: false; reason: 'password'; problem: string };

/**
 * Sets the password through a link and spends the link; other sign-ins of the account end. With
 * `purpose`, only a link of that purpose works. A reset is written to the audit log.
 */
export async function usePasswordToken(
	db: DB,
	token: string,
	password: unknown,
	now = Date.now(),
	purpose?: TokenPurpose
): Promise<UseResult> {
	const check = await findToken(db, token, now, purpose);
	if (!check.ok) return check;
	const user = await db
		.selectFrom('users')
		.select(['email', 'name', 'active'])
		.where('id', '=', check.userId)
		.executeTakeFirst();
	// A reset never reopens a deactivated account.
	if (!user || (check.purpose === 'reset' && !user.active)) return { ok: false, reason: 'invalid' };
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
		// Whichever page the link was opened at, a reset is on record.
		if (check.purpose === 'reset')
			await audit(tx, check.userId, 'password_reset', user.email, '', now, { subjectUserId: check.userId });
		return { ok: true as const, userId: check.userId };
	});
}

// Forgotten passwords. Asking must not tell whether an address has an account: every request is
// counted and answered alike, the link is made in the same transaction as the count, and the route
// sends the mail without waiting for it (SMTP's delay would otherwise tell). The keys hold a hash of
// the address, not the address: the table outlives deleted accounts.

/** Requests for one address (whoever asks): a few an hour, so a mailbox cannot be flooded. */
export const RESET_ACCOUNT_RULE: ThrottleRule = {
	freeFailures: 3,
	baseLockMs: 10 * 60_000,
	maxLockMs: 60 * 60_000,
	windowMs: 60 * 60_000
};
/** Requests from one client address, whatever addresses it names: enough for an office. */
export const RESET_CLIENT_RULE: ThrottleRule = {
	freeFailures: 20,
	baseLockMs: 10 * 60_000,
	maxLockMs: 60 * 60_000,
	windowMs: 60 * 60_000
};

export function resetLimits(email: string, address: string): Limit[] {
	const account = encodeHexLowerCase(sha256(new TextEncoder().encode(email))).slice(0, 32);
	return [
		{ key: `reset-acct:${account}`, rule: RESET_ACCOUNT_RULE },
		{ key: `reset-addr:${address}`, rule: RESET_CLIENT_RULE }
	];
}

export interface ResetMail {
	to: string;
	name: string;
	/** The account's chosen language, or null (then the page's). */
	locale: string | null;
	token: string;
}

export type ResetRequest =
	| { ok: true; mail: ResetMail | null }
	| { ok: false; reason: 'email' }
	| { ok: false; reason: 'throttled'; retryAfterMs: number };

/**
 * A forgotten-password request: counted per address and per client, and, for an active account, a
 * reset link to mail (`mail`; null otherwise: the caller answers the same either way).
 */
export async function requestPasswordReset(
	db: DB,
	emailInput: unknown,
	clientAddress: string,
	now = Date.now()
): Promise<ResetRequest> {
	const email = normaliseEmail(emailInput).slice(0, 300);
	if (!isEmail(email)) return { ok: false, reason: 'email' };
	const limits = resetLimits(email, clientAddress);
	return db.transaction().execute(async (tx) => {
		const locks = await tx
			.selectFrom('sign_in_failures')
			.select('locked_until')
			.where(
				'key',
				'in',
				limits.map((l) => l.key)
			)
			.execute();
		const wait = Math.max(0, ...locks.map((r) => r.locked_until - now));
		if (wait > 0) return { ok: false as const, reason: 'throttled' as const, retryAfterMs: wait };
		for (const limit of limits) await recordFailure(tx, limit.key, limit.rule, now);
		const user = await tx
			.selectFrom('users')
			.select(['id', 'name', 'email', 'active', 'password_hash', 'locale'])
			.where('email', '=', email)
			.executeTakeFirst();
		// A deactivated or deleted account gets nothing: a reset must not reopen it. The same statements
		// run either way (for account 0, which writes nothing), so the time taken does not tell.
		const eligible = !!user && !!user.active && user.password_hash !== DELETED_ACCOUNT_HASH;
		const token = await createResetToken(tx, eligible ? user.id : 0, now);
		if (!eligible) return { ok: true as const, mail: null };
		return { ok: true as const, mail: { to: user.email, name: user.name, locale: user.locale, token } };
	});
}
