// A counter bumped whenever published content changes, so that caches of course structure know
// when to refresh, even when the change was made by another process (`npm run content:import`).
import { sql } from 'kysely';
import type { DB } from '../db';

export async function bumpContentGeneration(db: DB): Promise<void> {
	await db
		.insertInto('meta')
		.values({ key: 'content_generation', value: '1' })
		.onConflict((oc) => oc.column('key').doUpdateSet({ value: sql`cast(cast(value as integer) + 1 as text)` }))
		.execute();
}

export async function contentGeneration(db: DB): Promise<number> {
	const row = await db.selectFrom('meta').select('value').where('key', '=', 'content_generation').executeTakeFirst();
	return Number(row?.value ?? 0);
}
