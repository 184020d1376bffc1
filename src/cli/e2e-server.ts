// The server the end-to-end tests drive: the real build (rebuilt when sources changed), on a fresh
// database with the demo data, on its own port. With TEST_DATABASE_URL=postgres://… the database is
// civic_e2e_<port> in that PostgreSQL server, dropped and created again here; otherwise an SQLite
// file. Uploads and submissions stay in tests/.tmp/<port> either way (tests/e2e/server-db.ts).
import { rmSync } from 'node:fs';
import pg from 'pg';
import { postgresName, serverDatabaseEnv, serverDir, testDatabaseUrl } from '../../tests/e2e/server-db';

process.env.PORT = process.env.E2E_PORT ?? '4173';
const dir = serverDir(process.env.PORT);
rmSync(dir, { recursive: true, force: true });
if (testDatabaseUrl) {
	// The port is a number, so the name needs no quoting. "with (force)" ends the sessions a killed
	// earlier run may have left open.
	const name = postgresName(process.env.PORT);
	const admin = new pg.Client({ connectionString: testDatabaseUrl });
	await admin.connect();
	try {
		await admin.query(`drop database if exists ${name} with (force)`);
		await admin.query(`create database ${name}`);
	} finally {
		await admin.end();
	}
}
Object.assign(process.env, serverDatabaseEnv(process.env.PORT));
process.env.ORIGIN = `http://localhost:${process.env.PORT}`;
process.env.DEMO = 'on';
// The suites sign up hundreds of accounts from 127.0.0.1; the per-address sign-up limit is tested
// in the unit tests (tests/unit/auth-security.spec.ts).
process.env.SIGNUP_LIMIT = '100000';
await import('./start.js');
