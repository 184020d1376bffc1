// Start-up on several instances at once: on PostgreSQL the preparation (migrate, signing key, import
// of content/, demo data) runs under one session-level advisory lock, so that two instances started
// together do it one after the other: the second finds everything done and changes nothing. Without
// it both would import the same new lesson versions and both would seed the demo accounts.
import { sql } from 'kysely';
import type { DB } from './client';
import { onPostgres } from './postgres';

/** Any 64-bit number, other than the write lock's (postgres.ts): taken by nothing else. */
export const STARTUP_LOCK = 2202200023;

/**
 * Runs `work` while holding the start-up lock of the database `db` is on. The lock is held by one
 * connection of `db` for the whole of `work`, which uses its own handle (it may migrate and open the
 * application's pool); it is released when `work` ends or fails, or with the connection if the
 * process dies. On SQLite (one server) `work` just runs.
 */
export async function withStartupLock<T>(db: DB, work: () => Promise<T>): Promise<T> {
	if (!onPostgres(db)) return work();
	return db.connection().execute(async (connection) => {
		await sql`select pg_advisory_lock(${sql.lit(STARTUP_LOCK)})`.execute(connection);
		try {
			return await work();
		} finally {
			await sql`select pg_advisory_unlock(${sql.lit(STARTUP_LOCK)})`.execute(connection);
		}
	});
}
