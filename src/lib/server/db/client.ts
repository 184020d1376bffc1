// The one database handle. better-sqlite3 underneath Kysely: WAL so that readers never wait for
// the writer, foreign keys enforced, and a busy timeout so that a second process (a CLI run while
// the server is up) waits instead of failing.
import { Cache } from '../platform/cache';
import SQLite from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import {
	CompiledQuery,
	Kysely,
	Migrator,
	SqliteDialect,
	SqliteDriver,
	type Compilable,
	type DatabaseConnection,
	type Driver,
	type MigrationProvider,
	type SqliteDialectConfig
} from 'kysely';
import type { Database } from '../../../../db/schema';
import { migrations } from '../../../../db/migrations/index';
import { config } from '../platform/config';
import { isPostgresUrl, onPostgres, openPostgres } from './postgres';

export type DB = Kysely<Database>;

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Opens the database at `location`: a postgres:// URL (a pool; src/lib/server/db/postgres.ts), or an
 * SQLite file (created if needed), or SQLite in memory for ':memory:'.
 */
export function openDatabase(location: string): DB {
	return isPostgresUrl(location) ? openPostgres(location) : openSqlite(location);
}

function openSqlite(path: string): DB {
	if (path !== ':memory:') {
		mkdirSync(dirname(path), { recursive: true });
		ownerOnly(path);
	}
	const sqlite = new SQLite(path);
	sqlite.pragma('journal_mode = WAL');
	// SQLite gives the -wal and -shm files the mode of the database file; an older deployment's
	// leftovers are corrected too.
	if (path !== ':memory:')
		for (const side of [`${path}-wal`, `${path}-shm`]) if (existsSync(side)) chmodSync(side, 0o600);
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	// NORMAL in WAL mode keeps the database consistent after a crash; a power cut may lose the
	// last transactions that were not yet checkpointed. See README, "Security and data".
	sqlite.pragma('synchronous = NORMAL');
	// better-sqlite3 builds SQLite with a 16 MB page cache per connection. 4 MB holds the pages the
	// learner pages use (the dashboard's scans read through it); the server's memory budget counts it.
	sqlite.pragma('cache_size = -4000');
	// A checkpoint (copying the WAL back into the database file) runs inside the commit that crosses
	// the threshold. Every 10,000 pages (about 40 MB of WAL) instead of SQLite's 1,000, a page written
	// many times is copied once: quiz submissions ran about 10 % faster (npm run bench, P3).
	sqlite.pragma('wal_autocheckpoint = 10000');
	const writes = { count: 0 };
	const db = new Kysely<Database>({
		dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite, writes) })
	});
	localWrites.set(db, writes);
	return db;
}

/**
 * Transactions begin IMMEDIATE: they take SQLite's write lock at the start instead of at their first
 * write. A deferred transaction that has read and then writes after another connection (a CLI
 * import, a backup, a test's fixture) committed cannot be waited for: SQLite answers "database is
 * locked" at once, without the busy timeout, since the snapshot it read is stale. With IMMEDIATE
 * the begin waits its turn (busy_timeout) and the rest of the transaction cannot fail that way.
 * Inside this process nothing changes: the one connection serves one transaction at a time anyway.
 * Kysely's SQLite driver has no option for it, so its `beginTransaction` is overridden.
 */
class ImmediateSqliteDriver extends SqliteDriver {
	override async beginTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('begin immediate'));
	}
}

class ImmediateSqliteDialect extends SqliteDialect {
	readonly #settings: SqliteDialectConfig;
	constructor(settings: SqliteDialectConfig) {
		super(settings);
		this.#settings = settings;
	}
	override createDriver(): Driver {
		return new ImmediateSqliteDriver(this.#settings);
	}
}

const localWrites = new WeakMap<DB, { count: number }>();
const dataVersion = CompiledQuery.raw('pragma data_version');
const currentSnapshot = CompiledQuery.raw('select pg_current_snapshot()::text as snapshot');

/**
 * A value that changes whenever the database may have changed: a count of the write statements
 * this process ran, and SQLite's data_version, which changes when another connection (a CLI import,
 * a restore) commits. Read it before reading the data it guards: a write that commits meanwhile
 * makes the next reading differ. Every write counts, even those no page shows (a session's refresh):
 * telling them apart would be a list to keep right by hand, and they are rare.
 */
export async function dataGeneration(db: DB): Promise<string> {
	if (onPostgres(db)) {
		// PostgreSQL's snapshot lists the transactions running and the next transaction id: it changes
		// when a write transaction starts or commits on any instance sharing the database.
		const { rows } = await db.executeQuery<{ snapshot: string }>(currentSnapshot);
		return rows[0]?.snapshot ?? '';
	}
	const local = localWrites.get(db)?.count ?? 0;
	const { rows } = await db.executeQuery<{ data_version: number }>(dataVersion);
	return `${local}.${rows[0]?.data_version ?? 0}`;
}

/** The database holds names, e-mail addresses and password hashes: readable by its owner only, like
 * the issuer key, whatever the umask. Made empty with 0600 before SQLite opens it (SQLite would use
 * 0644), and an existing file from before this rule is set to 0600. */
function ownerOnly(path: string): void {
	if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
	chmodSync(path, 0o600);
}

/**
 * A read query that nearly every request makes (the session, the learner's record), written with
 * Kysely and compiled once per database handle; each call runs the compiled SQL with its own values
 * through Kysely's `executeQuery`. Building and compiling the query each time allocated about 8 KB,
 * which the garbage collector then spent a good part of a lesson page's time on (`npm run bench`).
 *
 * It goes through Kysely's driver like every other query, never around it: SQLite has one
 * connection here and Kysely lends it to one transaction at a time, so a read made while another
 * request's transaction is open waits for its commit or rollback instead of reading its uncommitted
 * rows (tests/unit/db.spec.ts).
 *
 * `build` is called once with `placeholders`, values that must differ from each other and from any
 * constant in the query: each parameter of the compiled query must be one of them (checked), and
 * each call puts its own values in their places (a value may be used more than once).
 */
export function preparedQuery<P extends unknown[], R>(build: (db: DB, ...params: P) => Compilable<R>, placeholders: P) {
	const compiled = new WeakMap<DB, { query: CompiledQuery<R>; slots: number[] }>();
	return async (db: DB, ...params: P): Promise<R[]> => {
		let entry = compiled.get(db);
		if (!entry) {
			const query = build(db, ...placeholders).compile();
			const slots = query.parameters.map((p) => placeholders.indexOf(p));
			if (slots.includes(-1) || new Set(placeholders).size !== placeholders.length) {
				throw new Error(`preparedQuery: the parameters of ${query.sql} are not the placeholders given`);
			}
			entry = { query, slots };
			// A transaction is a handle of its own, used for a few queries: not worth keeping.
			if (!db.isTransaction) compiled.set(db, entry);
		}
		const { query, slots } = entry;
		const result = await db.executeQuery<R>({
			query: query.query,
			queryId: query.queryId,
			sql: query.sql,
			parameters: slots.map((i) => params[i])
		});
		return result.rows;
	};
}

/**
 * Kysely asks the driver to prepare every query afresh, and preparing (parsing and planning the
 * SQL) cost as much as running the query on the lesson page. Statements are kept by their SQL text
 * and reused: Kysely runs them synchronously (`all`/`run`, no streaming here), so a statement is
 * never busy when it is handed out again. The cache is bounded because queries with IN-lists of
 * varying length make new SQL texts.
 */
export function withStatementCache(sqlite: SQLite.Database, writes = { count: 0 }, max = 1000) {
	const statements = new Cache<string, SQLite.Statement>({ max });
	return {
		close: () => {
			statements.clear();
			sqlite.close();
		},
		prepare: (sql: string) => {
			let statement = statements.get(sql);
			if (!statement) statements.set(sql, (statement = sqlite.prepare(sql)));
			// Kysely prepares each statement right before running it, in the same turn of the event
			// loop, and a transaction holds the one connection until it ends: a reader that sees the
			// new count reads after this write (dataGeneration).
			if (!statement.readonly) writes.count++;
			return statement;
		}
	};
}

/**
 * Runs `work` in a transaction: the caller's own when `db` already is one (Kysely does not nest
 * them), a new one otherwise. For domain functions that must write atomically and may be called
 * from inside a larger transaction.
 */
export function inTransaction<T>(db: DB, work: (tx: DB) => Promise<T>): Promise<T> {
	return db.isTransaction ? work(db) : db.transaction().execute(work);
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
		shared = openDatabase(config.database);
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
