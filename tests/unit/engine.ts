// Which engine the domain tests run on. Without TEST_DATABASE_URL each test gets a fresh SQLite
// database in memory; with TEST_DATABASE_URL=postgres://… (npm run test:postgres) each test gets a
// fresh PostgreSQL database, copied from a template that tests/unit/global-setup.ts migrates once,
// and dropped after the test (tests/unit/setup.ts).
import { randomBytes } from 'node:crypto';
import { threadId } from 'node:worker_threads';
import pg from 'pg';
import { openDatabase, type DB } from '$lib/server/db/client';

export const testDatabaseUrl = process.env.TEST_DATABASE_URL?.trim() || '';
export const engine: 'sqlite' | 'postgres' = testDatabaseUrl ? 'postgres' : 'sqlite';
const PREFIX = 'civic_unit_';
// Each Vitest run has its own template and databases, named by its process (the workers are threads
// of it), so that runs side by side on one server never drop each other's.
export const TEMPLATE = `${PREFIX}${process.pid}_template`;

/** The server's address with another database name. */
export function databaseUrl(name: string): string {
	const url = new URL(testDatabaseUrl);
	url.pathname = `/${name}`;
	return url.toString();
}

let admin: pg.Client | undefined;
async function adminClient(): Promise<pg.Client> {
	if (!admin) {
		admin = new pg.Client({ connectionString: testDatabaseUrl });
		await admin.connect();
	}
	return admin;
}

// A database made inside a test is dropped when the test ends; one made in beforeAll, when the file ends.
const open: { name: string; db: DB; scope: 'test' | 'file' }[] = [];
let serial = 0;
let insideTest = false;

/** Set by tests/unit/setup.ts around each test (a beforeAll runs outside any). */
export function markInsideTest(inside: boolean): void {
	insideTest = inside;
}

/** A new PostgreSQL database with every migration applied, kept until the test ends. */
export async function freshPostgresDb(): Promise<DB> {
	// Workers are threads of one process, each with its own counter: the thread and a random part
	// keep two of them from picking the same name in the same millisecond.
	const name = `${PREFIX}${process.pid}_${threadId}_${Date.now().toString(36)}_${serial++}_${randomBytes(3).toString('hex')}`;
	const client = await adminClient();
	await client.query(`create database ${name} template ${TEMPLATE} strategy file_copy`);
	const db = openDatabase(databaseUrl(name));
	open.push({ name, db, scope: insideTest ? 'test' : 'file' });
	return db;
}

/** Closes and drops the databases made during a test, or with `file`, all that are left. */
export async function dropTestDatabases(scope: 'test' | 'file'): Promise<void> {
	const done = open.filter((o) => scope === 'file' || o.scope === 'test');
	if (done.length === 0) return;
	for (const o of done) open.splice(open.indexOf(o), 1);
	const client = await adminClient();
	for (const { name, db } of done) {
		await db.destroy().catch(() => undefined);
		await client.query(`drop database if exists ${name} with (force)`);
	}
}

/** True for a database of a test run that is no longer running (interrupted), to drop before a new one. */
export function isLeftOver(name: string): boolean {
	const match = new RegExp(`^${PREFIX}(\\d+)_`).exec(name);
	if (!match) return false;
	try {
		process.kill(Number(match[1]), 0);
		return false;
	} catch {
		return true;
	}
}
