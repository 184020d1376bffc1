// Sign-in throttling, kept in the database so that it survives a restart. Each key (an account's
// e-mail, a client's IP) may fail a few times freely; after that it is locked for a time that
// doubles with each further failure, up to a cap. Failures older than the window are forgotten.
import type { DB } from '../db';

export interface ThrottleRule {
	freeFailures: number;
	baseLockMs: number;
	maxLockMs: number;
	windowMs: number;
}

export const EMAIL_RULE: ThrottleRule = {
	freeFailures: 5,
	baseLockMs: 30_000,
	maxLockMs: 15 * 60_000,
	windowMs: 60 * 60_000
};
export const IP_RULE: ThrottleRule = {
	freeFailures: 20,
	baseLockMs: 30_000,
	maxLockMs: 15 * 60_000,
	windowMs: 60 * 60_000
};

/** Milliseconds until the key may try again (0 when it may now). */
export async function lockedFor(db: DB, key: string, now = Date.now()): Promise<number> {
	const row = await db
		.selectFrom('sign_in_failures')
		.select('locked_until')
		.where('key', '=', key)
		.executeTakeFirst();
	return row ? Math.max(0, row.locked_until - now) : 0;
}

/** Counts a failure and locks the key when it has failed too often. */
export async function recordFailure(db: DB, key: string, rule: ThrottleRule, now = Date.now()): Promise<void> {
	const row = await db
		.selectFrom('sign_in_failures')
		.selectAll()
		.where('key', '=', key)
		.executeTakeFirst();
	const fresh = !row || now - row.first_failed_at > rule.windowMs;
	const failures = fresh ? 1 : row.failures + 1;
	// The attempt after the last free failure is already refused.
	const over = failures - rule.freeFailures + 1;
	const lockedUntil =
		over > 0 ? now + Math.min(rule.baseLockMs * 2 ** Math.min(over - 1, 20), rule.maxLockMs) : 0;
	await db
		.insertInto('sign_in_failures')
		.values({ key, failures, first_failed_at: fresh ? now : row.first_failed_at, locked_until: lockedUntil })
		.onConflict((oc) =>
			oc.column('key').doUpdateSet({
				failures,
				first_failed_at: fresh ? now : row!.first_failed_at,
				locked_until: lockedUntil
			})
		)
		.execute();
}

export async function clearFailures(db: DB, key: string): Promise<void> {
	await db.deleteFrom('sign_in_failures').where('key', '=', key).execute();
}
