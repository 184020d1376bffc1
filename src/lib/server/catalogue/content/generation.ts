// A counter bumped whenever published content changes, so that caches of course structure know
// when to refresh, even when the change was made by another process (`npm run content:import`).
import { sql } from 'kysely';
import { preparedQuery, type DB } from '../../db/client';

export async function bumpContentGeneration(db: DB): Promise<void> {
	await db
		.insertInto('meta')
		.values({ key: 'content_generation', value: '1' })
		.onConflict((oc) =>
			oc.column('key').doUpdateSet({ value: sql`cast(cast(${sql.ref('meta.value')} as integer) + 1 as text)` })
		)
		.execute();
}

// Read on every course, lesson and quiz page: compiled once (see preparedQuery).
const metaValue = preparedQuery(
	(db: DB, key: string) => db.selectFrom('meta').select('value').where('key', '=', key),
	['content_generation']
);

export async function contentGeneration(db: DB): Promise<number> {
	const [row] = await metaValue(db, 'content_generation');
	return Number(row?.value ?? 0);
}
