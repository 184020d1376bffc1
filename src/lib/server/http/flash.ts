// What a page shows once after a redirect but cannot put in its address: the set-password links of a
// roster import are secrets. Kept in memory for ten minutes, for the user who made them only (a reload
// shows them again); lost on a restart.
import { randomBytes } from 'node:crypto';

const TTL_MS = 10 * 60 * 1000;
const store = new Map<string, { userId: number; expires: number; value: unknown }>();

export function put(userId: number, value: unknown, now = Date.now()): string {
	for (const [key, entry] of store) if (entry.expires < now) store.delete(key);
	const key = randomBytes(12).toString('base64url');
	store.set(key, { userId, expires: now + TTL_MS, value });
	return key;
}

/** The value, for the same user only; null when gone, expired or someone else's. */
export function take<T>(userId: number, key: string | null, now = Date.now()): T | null {
	if (!key) return null;
	const entry = store.get(key);
	if (!entry || entry.userId !== userId || entry.expires < now) return null;
	return entry.value as T;
}
