// A random secret made on first use and kept in the database (never in the repository). It keys the
// opaque ids of ordering items, so that the ids in a quiz form say nothing about the correct order.
import { createHmac, randomBytes } from 'node:crypto';
import type { DB } from '../db/client';

let cached: string | undefined;

export async function appSecret(db: DB): Promise<string> {
	if (cached) return cached;
	const row = await db.selectFrom('meta').select('value').where('key', '=', 'app_secret').executeTakeFirst();
	if (row) return (cached = row.value);
	const value = randomBytes(32).toString('hex');
	await db
		.insertInto('meta')
		.values({ key: 'app_secret', value })
		.onConflict((oc) => oc.column('key').doNothing())
		.execute();
	const stored = await db.selectFrom('meta').select('value').where('key', '=', 'app_secret').executeTakeFirstOrThrow();
	return (cached = stored.value);
}

/** Forgets the cached secret (tests use a fresh database each time). */
export function resetSecretCache(): void {
	cached = undefined;
}

export function hmac(secret: string, message: string, length = 12): string {
	return createHmac('sha256', secret).update(message).digest('base64url').slice(0, length);
}
