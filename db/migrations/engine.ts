import { PostgresAdapter, type Kysely } from 'kysely';

// The migrations run on SQLite and on PostgreSQL (src/lib/server/db/postgres.ts maps the column
// types). Where one must do something differently, it asks here.
export function onPostgres(db: Kysely<any>): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}
