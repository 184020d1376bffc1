// Guesses at a signed-in person's current password (changing the e-mail address or the password,
// deleting the account): a few in a quarter of an hour, then a lock, so that a session left open
// cannot be used to guess the password, each guess costing an argon2 hash. Keyed by the account.
// As at sign-in, the attempt is reserved (checked and counted in one transaction) before the password
// is checked, and given back when the password proved right.
import type { DB } from '../db/client';
import { releaseAttempt, reserveAttempt, type Limit, type Reservation, type ThrottleRule } from './throttle';

const QUARTER_HOUR = 15 * 60_000;

/** Five guesses in fifteen minutes, then fifteen minutes' wait. */
export const CONFIRM_RULE: ThrottleRule = {
	freeFailures: 5,
	baseLockMs: QUARTER_HOUR,
	maxLockMs: QUARTER_HOUR,
	windowMs: QUARTER_HOUR
};

const limits = (userId: number): Limit[] => [{ key: `pw-confirm:${userId}`, rule: CONFIRM_RULE }];

/** Reserves one guess for the account; refused (with the wait) when it has guessed wrong too often. */
export function reservePasswordGuess(db: DB, userId: number, now = Date.now()): Promise<Reservation> {
	return reserveAttempt(db, limits(userId), now);
}

/** Gives the guess back: the password proved right (or was never checked). */
export function releasePasswordGuess(db: DB, userId: number, now = Date.now()): Promise<void> {
	return releaseAttempt(db, limits(userId), [], now);
}

/** Minutes to show for a wait, at least one. */
export const waitMinutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

export type Guarded<T> = { throttled: true; retryAfterMs: number } | { throttled: false; result: T };

/**
 * Runs an action that checks the current password under the limit: refused without running when the
 * account has guessed wrong too often; the guess is given back unless `wrong` says the password was
 * wrong.
 */
export async function guardPasswordGuess<T>(
	db: DB,
	userId: number,
	run: () => Promise<T>,
	wrong: (result: T) => boolean,
	now = Date.now()
): Promise<Guarded<T>> {
	const reservation = await reservePasswordGuess(db, userId, now);
	if (!reservation.ok) return { throttled: true, retryAfterMs: reservation.retryAfterMs };
	let result: T;
	try {
		result = await run();
	} catch (e) {
		await releasePasswordGuess(db, userId, now);
		throw e;
	}
	if (!wrong(result)) await releasePasswordGuess(db, userId, now);
	return { throttled: false, result };
}
