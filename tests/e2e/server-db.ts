// Where the database of the e2e server on a port lives: one per port, so that two runs on different
// ports never share one. With TEST_DATABASE_URL=postgres://… (the whole suite on PostgreSQL) it is
// the database civic_e2e_<port> in that server; otherwise an SQLite file in tests/.tmp/<port>.
// src/cli/e2e-server.ts creates it; the specs' fixtures (tests/e2e/db.ts) and the specs that start
// a server of their own open the same one.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The PostgreSQL server the suite runs on, or '' for SQLite. */
export const testDatabaseUrl = /^postgres(ql)?:\/\//.test(process.env.TEST_DATABASE_URL?.trim() ?? '')
	? process.env.TEST_DATABASE_URL!.trim()
	: '';
export const e2eEngine: 'sqlite' | 'postgres' = testDatabaseUrl ? 'postgres' : 'sqlite';

/** The directory of a port's uploads, submissions and (on SQLite) database file. */
export function serverDir(port: number | string): string {
	return join(ROOT, 'tests', '.tmp', String(port));
}

/** The name of a port's database in the PostgreSQL server. */
export function postgresName(port: number | string): string {
	return `civic_e2e_${Number(port)}`;
}

/** The address of the PostgreSQL server with another database name. */
export function postgresUrl(name: string): string {
	const url = new URL(testDatabaseUrl);
	url.pathname = `/${name}`;
	return url.toString();
}

/** The location openDatabase() takes for the database of the server on `port`. */
export function serverDatabase(port: number | string): string {
	return testDatabaseUrl ? postgresUrl(postgresName(port)) : join(serverDir(port), 'e2e.sqlite');
}

/**
 * The environment that points a server (src/cli/start.js) at the database of `port`. DATABASE_PATH
 * is set on PostgreSQL too: the uploads, submissions and issuer key are found beside it
 * (src/lib/server/platform/config.ts), so a second server on the same database shares them.
 */
export function serverDatabaseEnv(port: number | string): Record<string, string> {
	const path = join(serverDir(port), 'e2e.sqlite');
	return testDatabaseUrl
		? { DATABASE_URL: serverDatabase(port), DATABASE_PATH: path }
		: { DATABASE_PATH: path, DATABASE_URL: '' };
}
