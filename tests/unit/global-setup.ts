// Before the domain tests run on PostgreSQL: drop what an interrupted run left, and migrate the
// template that each test's database is copied from (tests/unit/engine.ts).
import pg from 'pg';
import { migrate, openDatabase } from '$lib/server/db/client';
import { TEMPLATE, databaseUrl, engine, isLeftOver, testDatabaseUrl } from './engine';

export default async function setup(): Promise<(() => Promise<void>) | void> {
	if (engine !== 'postgres') return;
	const admin = new pg.Client({ connectionString: testDatabaseUrl });
	await admin.connect();
	try {
		const { rows } = await admin.query<{ datname: string }>('select datname from pg_database');
		for (const { datname } of rows) {
			if (isLeftOver(datname)) await admin.query(`drop database ${datname} with (force)`);
		}
		await admin.query(`create database ${TEMPLATE}`);
		const db = openDatabase(databaseUrl(TEMPLATE));
		await migrate(db);
		await db.destroy();
	} finally {
		await admin.end();
	}
	return async () => {
		const client = new pg.Client({ connectionString: testDatabaseUrl });
		await client.connect();
		await client.query(`drop database if exists ${TEMPLATE} with (force)`);
		await client.end();
	};
}
