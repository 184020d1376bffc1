// What a page shows once after a redirect but cannot put in its address: the set-password links of a
// roster import are secrets. Kept in the database (table flash_values), since the redirect's GET may
// reach another app instance than the POST that made them; for ten minutes, for the user who made
// them only (a reload shows them again). The value is encrypted with AES-256-GCM under a key derived
// from the app secret, so that a dump of the table, a log of its rows or a replica's copy does not
// hand out live links by itself.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { DB } from '../db/client';
import { appSecret } from '../platform/secret';

export const FLASH_TTL_MS = 10 * 60 * 1000;
/** Expired rows removed by one put: enough to keep up, small enough to never slow a request down. */
const SWEEP_BATCH = 100;
const KEY_SHAPE = /^[A-Za-z0-9_-]{16}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

// A key of its own, derived rather than the app secret itself, so that no other use of the secret
// (the HMAC of ordering ids) ever meets this cipher.
function cipherKey(secret: string): Buffer {
	return Buffer.from(hkdfSync('sha256', secret, '', 'civicsteps flash values v1', 32));
}

// The row's key and owner are authenticated with the value: a row copied under another key or user
// does not decrypt.
const associated = (key: string, userId: number) => Buffer.from(`${key}:${userId}`);

function seal(secret: string, key: string, userId: number, value: unknown): string {
	const iv = randomBytes(IV_BYTES);
	const cipher = createCipheriv('aes-256-gcm', cipherKey(secret), iv);
	cipher.setAAD(associated(key, userId));
	const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
	return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

function open(secret: string, key: string, userId: number, sealed: string): unknown {
	const bytes = Buffer.from(sealed, 'base64url');
	if (bytes.length < IV_BYTES + TAG_BYTES) return null;
	try {
		const decipher = createDecipheriv('aes-256-gcm', cipherKey(secret), bytes.subarray(0, IV_BYTES));
		decipher.setAAD(associated(key, userId));
		decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
		const text = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
		return JSON.parse(text.toString('utf8'));
	} catch {
		// Altered, or sealed under another secret (a database restored beside another's meta): gone.
		return null;
	}
}

/** Keeps `value` (JSON) for `userId` for ten minutes; returns the key to put in the redirect's address. */
export async function put(db: DB, userId: number, value: unknown, now = Date.now()): Promise<string> {
	const secret = await appSecret(db);
	await db
		.deleteFrom('flash_values')
		.where('key', 'in', (eb) =>
			eb.selectFrom('flash_values').select('key').where('expires_at', '<=', now).limit(SWEEP_BATCH)
		)
		.execute();
	const key = randomBytes(12).toString('base64url');
	await db
		.insertInto('flash_values')
		.values({ key, user_id: userId, value: seal(secret, key, userId, value), expires_at: now + FLASH_TTL_MS })
		.execute();
	return key;
}

/** The value, for the same user only; null when gone, expired or someone else's. Not deleted: a reload shows it again. */
export async function take<T>(db: DB, userId: number, key: string | null, now = Date.now()): Promise<T | null> {
	if (!key || !KEY_SHAPE.test(key)) return null;
	const row = await db
		.selectFrom('flash_values')
		.select('value')
		.where('key', '=', key)
		.where('user_id', '=', userId)
		.where('expires_at', '>', now)
		.executeTakeFirst();
	if (!row) return null;
	return open(await appSecret(db), key, userId, row.value) as T | null;
}
