// A Kysely handle that compiles for PostgreSQL and runs nothing: it records each statement's SQL and
// answers one empty row, so that a domain function runs to its end. The portability tests use it to
// check that the code stays within what PostgreSQL runs too (issue 22), without a PostgreSQL server.
import {
	Kysely,
	PostgresAdapter,
	PostgresIntrospector,
	PostgresQueryCompiler,
	type DatabaseConnection,
	type Driver
} from 'kysely';
import type { DB } from '$lib/server/db/client';

export function recordingPostgres(): { db: DB; seen: string[] } {
	const seen: string[] = [];
	const connection = {
		executeQuery: async (q: { sql: string }) => {
			seen.push(q.sql);
			return { rows: [{}] };
		},
		streamQuery: async function* () {}
	} as unknown as DatabaseConnection;
	const driver: Driver = {
		init: async () => {},
		acquireConnection: async () => connection,
		beginTransaction: async () => {},
		commitTransaction: async () => {},
		rollbackTransaction: async () => {},
		releaseConnection: async () => {},
		destroy: async () => {}
	};
	const db = new Kysely<never>({
		dialect: {
			createAdapter: () => new PostgresAdapter(),
			createDriver: () => driver,
			createIntrospector: (d) => new PostgresIntrospector(d),
			createQueryCompiler: () => new PostgresQueryCompiler()
		}
	}) as unknown as DB;
	return { db, seen };
}
