// Sign-in and sign-up throttling, kept in the database so that it survives a restart. Each key may
// fail a few times freely; after that it is locked for a time that doubles with each further
// failure, up to a cap. Failures older than the window are forgotten.
//
// Keys, so that an attacker cannot lock a legitimate user out (see README, "Security and data"):
// - an account from one client address: a few guesses, then the lock. An attacker locks only
//   themselves (and anyone behind their own address);
// - an account from all addresses together: a much higher ceiling, which bounds what a botnet with
//   many addresses can guess against one account;
// - a client address across all accounts: high enough for an NGO office behind one NAT, low
//   enough to bound password spraying (one password tried against many accounts).
//
// An attempt is reserved before the password is checked: the check of every lock and the count of
// the attempt happen in one transaction, so however many requests arrive at once, at most the
// allowed number reach argon2. A reservation that proves right is released afterwards.
import type { DB } from '../db/client';

export interface ThrottleRule {
	freeFailures: number;
	baseLockMs: number;
	maxLockMs: number;
	windowMs: number;
}

const HOUR = 60 * 60_000;

/** One account from one client address. */
export const ACCOUNT_ADDRESS_RULE: ThrottleRule = {
	freeFailures: 5,
	baseLockMs: 30_000,
	maxLockMs: 15 * 60_000,
	windowMs: HOUR
};
/** One account from every address together. */
export const ACCOUNT_RULE: ThrottleRule = {
	freeFailures: 100,
	baseLockMs: 30_000,
	maxLockMs: 15 * 60_000,
	windowMs: HOUR
};
/** One client address, whatever accounts it tries. */
export const ADDRESS_RULE: ThrottleRule = {
	freeFailures: 60,
	baseLockMs: 30_000,
	maxLockMs: 15 * 60_000,
	windowMs: HOUR
};

/** Sign-ups from one client address: every attempt that gets as far as hashing counts. A training
 * session in one office signs up a room of people at once, so the default is generous;
 * `SIGNUP_LIMIT` changes it (the end-to-end tests sign up hundreds of accounts from 127.0.0.1). */
export function signUpRule(): ThrottleRule {
	const configured = Number(process.env.SIGNUP_LIMIT);
	const free = Number.isInteger(configured) && configured > 0 ? configured : 30;
	return { freeFailures: free, baseLockMs: 60_000, maxLockMs: HOUR, windowMs: HOUR };
}

export interface Limit {
	key: string;
	rule: ThrottleRule;
}

/** The limits one sign-in attempt counts against. */
export function signInLimits(email: string, address: string): Limit[] {
	const account = email.slice(0, 254);
	return [
		{ key: `acct-addr:${account}|${address}`, rule: ACCOUNT_ADDRESS_RULE },
		{ key: `acct:${account}`, rule: ACCOUNT_RULE },
		{ key: `addr:${address}`, rule: ADDRESS_RULE }
	];
}

/** The keys that name an account (to forget them when the account is deleted). */
export function accountKeyPatterns(email: string): { exact: string; prefix: string } {
	return { exact: `acct:${email}`, prefix: `acct-addr:${email}|` };
}

/** Milliseconds until the key may try again (0 when it may now). */
export async function lockedFor(db: DB, key: string, now = Date.now()): Promise<number> {
	const row = await db.selectFrom('sign_in_failures').select('locked_until').where('key', '=', key).executeTakeFirst();
	return row ? Math.max(0, row.locked_until - now) : 0;
}

function lockAfter(failures: number, rule: ThrottleRule, now: number): number {
	// The attempt after the last free failure is already refused.
	const over = failures - rule.freeFailures + 1;
	return over > 0 ? now + Math.min(rule.baseLockMs * 2 ** Math.min(over - 1, 20), rule.maxLockMs) : 0;
}

/** Counts a failure and locks the key when it has failed too often. */
export async function recordFailure(db: DB, key: string, rule: ThrottleRule, now = Date.now()): Promise<void> {
	const row = await db.selectFrom('sign_in_failures').selectAll().where('key', '=', key).executeTakeFirst();
	const fresh = !row || now - row.first_failed_at > rule.windowMs;
	const failures = fresh ? 1 : row.failures + 1;
	const firstFailedAt = fresh ? now : row.first_failed_at;
	const lockedUntil = lockAfter(failures, rule, now);
	await db
		.insertInto('sign_in_failures')
		.values({ key, failures, first_failed_at: firstFailedAt, locked_until: lockedUntil })
		.onConflict((oc) =>
			oc.column('key').doUpdateSet({ failures, first_failed_at: firstFailedAt, locked_until: lockedUntil })
		)
		.execute();
}

export type Reservation = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Reserves one attempt under every limit at once: refused (with the longest wait) when any of them is
 * locked, otherwise counted as a failure under all of them before anything is checked. The check and
 * the count are one transaction, and write transactions take turns (SQLite's write lock; on PostgreSQL
 * an advisory lock, db/postgres.ts), so simultaneous attempts are counted one after another, on every
 * instance (tests/unit/concurrency.spec.ts).
 */
export async function reserveAttempt(db: DB, limits: Limit[], now = Date.now()): Promise<Reservation> {
	return db.transaction().execute(async (tx) => {
		const keys = limits.map((l) => l.key);
		const rows = await tx
			.selectFrom('sign_in_failures')
			.select(['key', 'locked_until'])
			.where('key', 'in', keys)
			.execute();
		const wait = Math.max(0, ...rows.map((r) => r.locked_until - now));
		if (wait > 0) return { ok: false as const, retryAfterMs: wait };
		for (const limit of limits) await recordFailure(tx, limit.key, limit.rule, now);
		return { ok: true as const };
	});
}

/**
 * Gives back a reservation whose attempt proved right (or was never checked): one failure less under
 * each limit, and no lock where the count is below the limit again. `clear` keys are forgotten
 * entirely (the owner has shown the password from this address).
 */
export async function releaseAttempt(db: DB, limits: Limit[], clear: string[] = [], now = Date.now()): Promise<void> {
	await db.transaction().execute(async (tx) => {
		for (const { key, rule } of limits) {
			if (clear.includes(key)) {
				await tx.deleteFrom('sign_in_failures').where('key', '=', key).execute();
				continue;
			}
			const row = await tx.selectFrom('sign_in_failures').selectAll().where('key', '=', key).executeTakeFirst();
			if (!row || now - row.first_failed_at > rule.windowMs) continue;
			const failures = Math.max(0, row.failures - 1);
			const lockedUntil = lockAfter(failures, rule, now) === 0 ? 0 : row.locked_until;
			await tx
				.updateTable('sign_in_failures')
				.set({ failures, locked_until: lockedUntil })
				.where('key', '=', key)
				.execute();
		}
	});
}

export async function clearFailures(db: DB, key: string): Promise<void> {
	await db.deleteFrom('sign_in_failures').where('key', '=', key).execute();
}
