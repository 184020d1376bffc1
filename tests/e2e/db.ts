// The e2e server's database, for the fixtures a test writes and the rows it checks: opened through
// the app's own openDatabase (src/lib/server/db/client.ts), so the same Kysely queries run on the
// SQLite file and on PostgreSQL (tests/e2e/server-db.ts says which). Each call opens a handle and
// closes it afterwards: a PostgreSQL pool left open would keep the test worker alive.
import { sql, type RawBuilder } from 'kysely';
import { openDatabase, type DB } from '../../src/lib/server/db/client';
import { serverDatabase } from './server-db';

const PORT = Number(process.env.E2E_PORT ?? 4173);

/** Runs `fn` on the database of the e2e server of this port (or of `port`), then closes it. */
export async function withDb<T>(fn: (db: DB) => Promise<T>, port: number = PORT): Promise<T> {
	const db = openDatabase(serverDatabase(port));
	try {
		return await fn(db);
	} finally {
		await db.destroy();
	}
}

/**
 * A statement written as text with `?` for its values, as a Kysely raw query: Kysely numbers the
 * placeholders for PostgreSQL ($1, $2, …). For the security suites' row counts, written in SQL both
 * engines read alike.
 */
export function rawQuery<T>(text: string, params: readonly unknown[]): RawBuilder<T> {
	const parts = text.split('?');
	if (parts.length - 1 !== params.length) throw new Error(`${params.length} values for ${parts.length - 1} ?: ${text}`);
	const strings = Object.assign([...parts], { raw: [...parts] }) as unknown as TemplateStringsArray;
	return sql<T>(strings, ...params);
}

/**
 * Inserts an account straight into the database, for tests that need many people or a role the demo
 * data does not have. Without a `password_hash` the account cannot sign in.
 */
export async function insertAccount(
	db: DB,
	account: {
		email: string;
		name: string;
		role: 'learner' | 'trainer' | 'coordinator' | 'admin';
		now: number;
		search_text?: string;
		password_hash?: string;
	}
): Promise<number> {
	const { now, ...fields } = account;
	const { id } = await db
		.insertInto('users')
		.values({
			password_hash: 'not-a-real-hash',
			...fields,
			active: 1,
			organisation_id: null,
			requested_organisation_id: null,
			requested_at: null,
			locale: null,
			created_at: now,
			updated_at: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return id;
}
