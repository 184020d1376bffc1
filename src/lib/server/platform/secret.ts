// A random secret made on first use and kept in the database (never in the repository). It keys the
// opaque ids of ordering items, so that the ids in a quiz form say nothing about the correct order.
import { createHmac, randomBytes } from 'node:crypto';
import type { DB } from '../db/client';
import { perDatabase } from './cache';

// Per database handle: a fresh (test) database has a secret of its own.
const secrets = perDatabase<'secret', string>({ max: 1 });

export async function appSecret(db: DB): Promise<string> {
	return secrets(db).getOrLoad('secret', async () => {
		const row = await db.selectFrom('meta').select('value').where('key', '=', 'app_secret').executeTakeFirst();
		if (row) return row.value;
		await db
			.insertInto('meta')
			.values({ key: 'app_secret', value: randomBytes(32).toString('hex') })
			.onConflict((oc) => oc.column('key').doNothing())
			.execute();
		const stored = await db
			.selectFrom('meta')
			.select('value')
			.where('key', '=', 'app_secret')
			.executeTakeFirstOrThrow();
		return stored.value;
	});
}

export function hmac(secret: string, message: string, length = 12): string {
	return createHmac('sha256', secret).update(message).digest('base64url').slice(0, length);
}
