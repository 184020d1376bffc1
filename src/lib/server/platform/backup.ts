// Backups of the SQLite database, taken while the server runs, and their restore.
//
// This module is SQLite-specific on purpose (the online backup API, PRAGMA integrity_check): it is
// the operations side of the database. Only the copy itself needs better-sqlite3's own API; every
// query on a backup file goes through Kysely over that file's own connection, never the server's.
// A PostgreSQL deployment would use pg_dump instead.
//
// A backup file holds personal data (names, e-mail addresses, password hashes), so it is written
// with mode 0600, like the issuer key that is copied beside it.
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Database } from '../../../../db/schema';

/** The tables whose row counts a backup and a restore print: what an operator would check. */
export const MAIN_TABLES = [
	'users',
	'organisations',
	'sessions',
	'courses',
	'lessons',
	'enrolments',
	'lesson_progress',
	'quiz_attempts',
	'certificates',
	'cohorts',
	'cohort_members'
] as const;

export type TableCounts = Record<string, number>;

export interface BackupResult {
	file: string;
	bytes: number;
	/** Row counts of the main tables in the backup file itself, i.e. at the moment of the snapshot. */
	counts: TableCounts;
}

export interface RestoreResult {
	file: string;
	counts: TableCounts;
	/** Migrations recorded in the backup that this version of CivicSteps does not know. */
	unknownMigrations: string[];
}

/** The name of a backup made now, e.g. `civicsteps-2025-03-01T09-00-00.000Z.sqlite` (no colons: they are not portable). */
export function defaultBackupName(now = new Date()): string {
	return `civicsteps-${now.toISOString().replace(/:/g, '-')}.sqlite`;
}

/** Where the issuer key of a backup is kept: beside it, `<name>.issuer-key.json`. */
export function keyFileFor(backupPath: string): string {
	const ext = extname(backupPath);
	return join(dirname(backupPath), `${basename(backupPath, ext)}.issuer-key.json`);
}

/** A database file as a backup sees it: the app's tables and Kysely's record of migrations. */
interface BackupFile extends Database {
	kysely_migration: { name: string; timestamp: string };
}

/** Kysely over its own connection to a database file; closing it closes the file. */
function fileDatabase(path: string, options: { readonly?: boolean } = { readonly: true }): Kysely<BackupFile> {
	const database = new SQLite(path, { readonly: options.readonly ?? false, fileMustExist: true });
	return new Kysely<BackupFile>({ dialect: new SqliteDialect({ database }) });
}

async function withFile<T>(path: string, work: (db: Kysely<BackupFile>) => Promise<T>, writable = false): Promise<T> {
	const db = fileDatabase(path, { readonly: !writable });
	try {
		return await work(db);
	} finally {
		await db.destroy();
	}
}

/** Runs `PRAGMA integrity_check` on a database file; returns `['ok']` when it is sound, else the problems. */
export function checkIntegrity(path: string): Promise<string[]> {
	return withFile(path, async (db) => {
		const { rows } = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db);
		return rows.map((row) => row.integrity_check);
	});
}

/** Row counts of the main tables present in a database file. */
export function countRows(path: string): Promise<TableCounts> {
	return withFile(path, countWith);
}

async function countWith(db: Kysely<BackupFile>): Promise<TableCounts> {
	const present = new Set((await db.introspection.getTables()).map((table) => table.name));
	const counts: TableCounts = {};
	for (const table of MAIN_TABLES) {
		if (!present.has(table)) continue;
		const row = await db
			.selectFrom(table)
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		counts[table] = Number(row.n);
	}
	return counts;
}

/**
 * Copies a live database to `outPath` with SQLite's online backup API, while other connections
 * (the server) keep reading and writing. The copy is one consistent snapshot: every transaction
 * committed before it is in, none committed after it. Refuses to overwrite an existing file.
 */
export async function backupDatabase(sourcePath: string, outPath: string): Promise<BackupResult> {
	if (!existsSync(sourcePath)) throw new Error(`no database at ${sourcePath}`);
	if (existsSync(outPath)) throw new Error(`${outPath} already exists; choose another name`);
	mkdirSync(dirname(outPath), { recursive: true, mode: 0o700 });
	// Written under a temporary name and renamed at the end, so that an interrupted backup never
	// looks like a complete one.
	const partial = `${outPath}.partial`;
	rmSync(partial, { force: true });
	const source = new SQLite(sourcePath, { fileMustExist: true });
	try {
		source.pragma('busy_timeout = 5000');
		// A write from another connection between two backup steps makes SQLite start the copy
		// again, so under steady writes a page-by-page backup could restart for ever. Copying all
		// pages in one step reads one snapshot (in WAL mode readers never block the writer), at
		// the cost of holding this process's event loop for the copy: fine for a CLI.
		await source.backup(partial, { progress: () => 0x7fffffff });
	} catch (e) {
		rmSync(partial, { force: true });
		throw e;
	} finally {
		source.close();
	}
	chmodSync(partial, 0o600);
	const counts = await withFile(
		partial,
		async (copy) => {
			// The copy keeps the source's WAL flag; a rollback-journal file is one self-contained file
			// that can be moved and copied without a -wal beside it.
			await sql`PRAGMA journal_mode = DELETE`.execute(copy);
			return countWith(copy);
		},
		true
	);
	renameSync(partial, outPath);
	return { file: outPath, bytes: statSync(outPath).size, counts };
}

/**
 * Puts a backup in place of the database at `targetPath`. The server must be stopped: a running
 * server keeps its open file and would go on writing to the replaced one. Checks the backup with
 * `PRAGMA integrity_check` first, removes the old -wal and -shm files (a stale WAL replayed onto
 * the restored file would corrupt it) and swaps the file in with one rename.
 */
export async function restoreDatabase(
	backupPath: string,
	targetPath: string,
	options: { overwrite?: boolean; knownMigrations?: string[] } = {}
): Promise<RestoreResult> {
	if (!existsSync(backupPath)) throw new Error(`no backup at ${backupPath}`);
	if (existsSync(targetPath) && !options.overwrite) {
		throw new Error(`${targetPath} exists; stop the server and confirm with --force to replace it`);
	}
	const problems = await checkIntegrity(backupPath);
	if (problems.length !== 1 || problems[0] !== 'ok') {
		throw new Error(`the backup fails the integrity check: ${problems.slice(0, 5).join('; ')}`);
	}
	const unknownMigrations = options.knownMigrations ? await migrationsNotIn(backupPath, options.knownMigrations) : [];
	mkdirSync(dirname(targetPath), { recursive: true });
	const incoming = `${targetPath}.restoring`;
	try {
		copyFileSync(backupPath, incoming);
		chmodSync(incoming, 0o600);
		for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${targetPath}${suffix}`, { force: true });
		renameSync(incoming, targetPath);
	} catch (e) {
		rmSync(incoming, { force: true });
		throw e;
	}
	return { file: targetPath, counts: await countRows(targetPath), unknownMigrations };
}

function migrationsNotIn(path: string, known: string[]): Promise<string[]> {
	return withFile(path, async (db) => {
		const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
		if (!tables.some((table) => table.name === 'kysely_migration')) return [];
		const applied = await db.selectFrom('kysely_migration').select('name').execute();
		return applied.map((row) => row.name).filter((name) => !known.includes(name));
	});
}

/**
 * Copies a key file (the issuer's private JWK) to `to` with mode 0600. Returns false when there is
 * no key at `from`. Refuses to replace a different key at `to` unless `overwrite` is set: every
 * certificate signed with the old key would stop verifying.
 */
export function copyKeyFile(from: string, to: string, overwrite = false): boolean {
	if (!existsSync(from)) return false;
	if (!overwrite && keyDiffers(from, to))
		throw new Error(`${to} holds a different key; confirm with --force to replace it`);
	mkdirSync(dirname(to), { recursive: true, mode: 0o700 });
	const incoming = `${to}.incoming`;
	copyFileSync(from, incoming);
	chmodSync(incoming, 0o600);
	renameSync(incoming, to);
	return true;
}

/** True when both key files exist and differ (so copying one over the other would change the key). */
export function keyDiffers(from: string, to: string): boolean {
	return existsSync(from) && existsSync(to) && !readFileSync(to).equals(readFileSync(from));
}
