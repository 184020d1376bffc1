// Backups are taken from a file database while another connection keeps writing, as the server
// does; a restore must bring back exactly the snapshot the backup reported.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import {
	closeSync,
	copyFileSync,
	existsSync,
	mkdtempSync,
	openSync,
	rmSync,
	statSync,
	writeFileSync,
	writeSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { migrations } from '../../db/migrations/index';
import { migrate, openDatabase, type DB } from '$lib/server/db/client';
import {
	backupDatabase,
	checkIntegrity,
	copyKeyFile,
	countRows,
	keyFileFor,
	restoreDatabase
} from '$lib/server/platform/backup';

let dir: string;
let source: string;
let db: DB;

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'civicsteps-backup-'));
	source = join(dir, 'live.sqlite');
	db = openDatabase(source);
	await migrate(db);
});

afterEach(async () => {
	await db.destroy();
	rmSync(dir, { recursive: true, force: true });
});

let serial = 0;
async function addOrganisation(): Promise<number> {
	serial += 1;
	const now = Date.now();
	const row = await db
		.insertInto('organisations')
		.values({
			slug: `org-${serial}`,
			name: `Organisation ${serial}`,
			description: 'x'.repeat(800),
			created_at: now,
			updated_at: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

async function organisationCount(): Promise<number> {
	const r = await db
		.selectFrom('organisations')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

describe('backup while the database is in use', () => {
	it('copies one consistent snapshot while another connection keeps writing, and restores it', async () => {
		const committedBefore: number[] = [];
		for (let i = 0; i < 300; i++) committedBefore.push(await addOrganisation());

		// The writer commits one row per turn of the event loop until the backup has finished.
		let backingUp = true;
		let writtenDuring = 0;
		const writer = (async () => {
			for (let i = 0; backingUp && i < 100_000; i++) {
				await addOrganisation();
				writtenDuring++;
				await new Promise((r) => setImmediate(r));
			}
		})();
		const out = join(dir, 'backups', 'copy.sqlite');
		const result = await backupDatabase(source, out);
		backingUp = false;
		await writer;

		expect(writtenDuring).toBeGreaterThan(0);
		const backedUp = result.counts.organisations;
		expect(backedUp).toBeGreaterThanOrEqual(committedBefore.length);
		expect(backedUp).toBeLessThanOrEqual(await organisationCount());
		expect(await checkIntegrity(out)).toEqual(['ok']);
		expect(statSync(out).mode & 0o777).toBe(0o600);
		// One self-contained file: no -wal needed beside it.
		expect(existsSync(`${out}-wal`)).toBe(false);

		const target = join(dir, 'restored', 'civicsteps.sqlite');
		const restored = await restoreDatabase(out, target);
		expect(restored.counts).toEqual(result.counts);
		expect(await checkIntegrity(target)).toEqual(['ok']);
		const check = new SQLite(target, { readonly: true });
		const ids = new Set((check.prepare('SELECT id FROM organisations').all() as { id: number }[]).map((r) => r.id));
		check.close();
		expect(committedBefore.every((id) => ids.has(id))).toBe(true);
		// The snapshot is a prefix of the writes: ids 1..n with nothing missing in between.
		expect(Math.max(...ids)).toBe(ids.size);
	});

	it('refuses an existing name, and a restore over an existing database without overwrite', async () => {
		await addOrganisation();
		const out = join(dir, 'copy.sqlite');
		await backupDatabase(source, out);
		await expect(backupDatabase(source, out)).rejects.toThrow(/already exists/);
		await expect(restoreDatabase(out, source)).rejects.toThrow(/--force/);
	});

	it('refuses a damaged backup and leaves the database alone', async () => {
		await addOrganisation();
		const out = join(dir, 'copy.sqlite');
		await backupDatabase(source, out);
		const bytes = statSync(out).size;
		// Overwrite the pages after the first one (schema and tables) with garbage.
		const garbage = Buffer.alloc(Math.min(8192, bytes - 4096), 0xab);
		const handle = openSync(out, 'r+');
		writeSync(handle, garbage, 0, garbage.length, 4096);
		closeSync(handle);
		const target = join(dir, 'target.sqlite');
		writeFileSync(target, 'the old database');
		await expect(restoreDatabase(out, target, { overwrite: true })).rejects.toThrow(/integrity|malformed/);
		expect(statSync(target).size).toBe('the old database'.length);
	});

	it('names the migrations of a backup from a newer version, and none for a backup of this one', async () => {
		await addOrganisation();
		const known = Object.keys(migrations);
		const current = join(dir, 'current.sqlite');
		await backupDatabase(source, current);
		const same = await restoreDatabase(current, join(dir, 'same.sqlite'), { knownMigrations: known });
		expect(same.unknownMigrations).toEqual([]);

		await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('9999_from_the_future', '2030-01-01')`.execute(db);
		const newer = join(dir, 'newer.sqlite');
		await backupDatabase(source, newer);
		const restored = await restoreDatabase(newer, join(dir, 'restored.sqlite'), { knownMigrations: known });
		expect(restored.unknownMigrations).toEqual(['9999_from_the_future']);
	});

	it('removes a stale WAL beside the target instead of replaying it onto the restored file', async () => {
		for (let i = 0; i < 20; i++) await addOrganisation();
		const out = join(dir, 'copy.sqlite');
		const result = await backupDatabase(source, out);

		// Another database, left with uncheckpointed writes in its WAL as after a crash.
		const target = join(dir, 'other.sqlite');
		const other = new SQLite(target);
		other.pragma('journal_mode = WAL');
		other.pragma('wal_autocheckpoint = 0');
		other.exec('CREATE TABLE t (x TEXT)');
		const insert = other.prepare('INSERT INTO t VALUES (?)');
		for (let i = 0; i < 200; i++) insert.run('y'.repeat(500));
		copyFileSync(`${target}-wal`, join(dir, 'stale-wal'));
		other.close();
		copyFileSync(join(dir, 'stale-wal'), `${target}-wal`);

		await restoreDatabase(out, target, { overwrite: true });
		expect(existsSync(`${target}-wal`)).toBe(false);
		expect(await checkIntegrity(target)).toEqual(['ok']);
		expect(await countRows(target)).toEqual(result.counts);
	});
});

describe('issuer key beside the backup', () => {
	it('is copied with mode 0600 and never silently replaces a different key', () => {
		const key = join(dir, 'issuer-key.json');
		writeFileSync(key, '{"kty":"EC","d":"secret"}', { mode: 0o644 });
		const beside = keyFileFor(join(dir, 'backups', 'civicsteps-x.sqlite'));
		expect(beside).toBe(join(dir, 'backups', 'civicsteps-x.issuer-key.json'));
		expect(copyKeyFile(key, beside)).toBe(true);
		expect(statSync(beside).mode & 0o777).toBe(0o600);
		expect(copyKeyFile(join(dir, 'missing.json'), beside)).toBe(false);
		writeFileSync(key, '{"kty":"EC","d":"another"}');
		expect(() => copyKeyFile(beside, key)).toThrow(/different key/);
		expect(copyKeyFile(beside, key, true)).toBe(true);
	});
});
