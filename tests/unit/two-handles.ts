// Two database handles on one database, as two app instances have: on SQLite a file in a temporary
// folder opened twice, on PostgreSQL two pools on a database copied from the migrated template.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrate, openDatabase, type DB } from '$lib/server/db/client';
import { TEMPLATE, databaseUrl, engine, testDatabaseUrl } from './engine';

let serial = 0;

export interface TwoHandles {
	one: DB;
	other: DB;
	/** Opens yet another handle on the same database (closed by `close`). */
	open(): DB;
	close(): Promise<void>;
}

export async function twoHandles(): Promise<TwoHandles> {
	const opened: DB[] = [];
	if (engine === 'postgres') {
		const name = `civic_shared_${process.pid}_${Date.now().toString(36)}_${serial++}`;
		const admin = new pg.Client({ connectionString: testDatabaseUrl });
		await admin.connect();
		await admin.query(`create database ${name} template ${TEMPLATE} strategy file_copy`);
		const open = () => {
			const db = openDatabase(databaseUrl(name));
			opened.push(db);
			return db;
		};
		return {
			one: open(),
			other: open(),
			open,
			async close() {
				for (const db of opened) await db.destroy();
				await admin.query(`drop database if exists ${name} with (force)`);
				await admin.end();
			}
		};
	}
	const dir = mkdtempSync(join(tmpdir(), 'civic-shared-'));
	const path = join(dir, 'civicsteps.db');
	const open = () => {
		const db = openDatabase(path);
		opened.push(db);
		return db;
	};
	const one = open();
	await migrate(one);
	return {
		one,
		other: open(),
		open,
		async close() {
			for (const db of opened) await db.destroy();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
