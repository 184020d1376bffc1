// What a page shows once after a redirect but cannot put in its address: the set-password links of a
// roster import are secrets. Kept in memory for ten minutes, for the user who made them only (a reload
// shows them again); lost on a restart.
import { randomBytes } from 'node:crypto';
import { Cache } from '../platform/cache';

const store = new Cache<string, { userId: number; value: unknown }>({ max: 1000, ttlMs: 10 * 60 * 1000 });

export function put(userId: number, value: unknown): string {
	const key = randomBytes(12).toString('base64url');
	store.set(key, { userId, value });
	return key;
}

/** The value, for the same user only; null when gone, expired or someone else's. */
export function take<T>(userId: number, key: string | null): T | null {
	if (!key) return null;
	const entry = store.get(key);
	if (!entry || entry.userId !== userId) return null;
	return entry.value as T;
}
