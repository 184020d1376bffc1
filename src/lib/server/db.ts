// The one database handle. better-sqlite3 underneath Kysely: WAL so that readers never wait for
// the writer, foreign keys enforced, and a busy timeout so that a second process (a CLI run while
// the server is up) waits instead of failing.
import SQLite from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, Migrator, SqliteDialect, type MigrationProvider } from 'kysely';
import type { Database } from '../../../db/schema';
import { migrations } from '../../../db/migrations/index';
import { config } from './config';

export type DB = Kysely<Database>;

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Opens (creating if needed) an SQLite database at `path`, or in memory for ':memory:'. */
export function openDatabase(path: string): DB {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new SQLite(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	// NORMAL in WAL mode keeps the database consistent after a crash; a power cut may lose the
	// last transactions that were not yet checkpointed. See README, "Security and data".
	sqlite.pragma('synchronous = NORMAL');
	return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** Applies every migration not yet applied; throws on the first failure. */
export async function migrate(db: DB): Promise<string[]> {
	const migrator = new Migrator({ db, provider });
	const { error, results } = await migrator.migrateToLatest();
	if (error) throw error;
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** A fresh, migrated in-memory database (for tests). */
export async function createMemoryDatabase(): Promise<DB> {
	const db = openDatabase(':memory:');
	await migrate(db);
	return db;
}

let shared: DB | undefined;
let ready: Promise<DB> | undefined;

/** The application's database, opened and migrated on first use. */
export function getDb(): Promise<DB> {
	ready ??= (async () => {
		shared = openDatabase(config.databasePath);
		await migrate(shared);
		return shared;
	})();
	return ready;
}

/** Closes the shared handle (CLI tools call this before exiting). */
export async function closeDb(): Promise<void> {
	if (shared) await shared.destroy();
	shared = undefined;
	ready = undefined;
}
