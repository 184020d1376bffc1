// The engines the benchmark measures. SQLite is the file the seed wrote; PostgreSQL is a database
// of its own (civic_ops_bench) on a server, filled from that file by npm run db:copy's code, so that
// both engines serve exactly the same rows.
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { openDatabase, type DB } from '../../src/lib/server/db/client';
import { copyDatabase } from '../../src/lib/server/platform/db-copy';

export type Engine = 'sqlite' | 'postgres';

export interface BenchTarget {
	engine: Engine;
	/** For the table's column headings and the notes. */
	label: string;
	/** The seeded SQLite file. On PostgreSQL it still names the folder of the issuer key and uploads. */
	databasePath: string;
	/** The PostgreSQL database; null on SQLite. */
	databaseUrl: string | null;
}

export const ENGINE_LABEL: Record<Engine, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
const BENCH_DATABASE = 'civic_ops_bench';

/** The server: --database-url, else TEST_DATABASE_URL, else the test cluster (.ci/pg-start prints its URL). */
export function postgresServer(url: string | null): string {
	if (url) return url;
	const fromEnv = process.env.TEST_DATABASE_URL?.trim();
	if (fromEnv) return fromEnv;
	const printed = execFileSync('.ci/pg-start', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
	const last = printed.trim().split('\n').pop() ?? '';
	if (!/^postgres(ql)?:\/\//.test(last)) throw new Error(`.ci/pg-start printed no postgres:// URL:\n${printed}`);
	return last;
}

/**
 * Makes civic_ops_bench afresh on the server and copies the seeded SQLite file into it, files of the
 * upload folders included. Byte order for text (C.UTF-8), as on SQLite, when the server has it.
 */
export async function preparePostgres(
	serverUrl: string,
	sqlitePath: string,
	folders: { uploadsDir: string; submissionsDir: string },
	log: (line: string) => void
): Promise<{ url: string; seconds: number }> {
	const admin = new pg.Client({ connectionString: serverUrl });
	await admin.connect();
	try {
		await admin.query(`drop database if exists ${BENCH_DATABASE} with (force)`);
		try {
			await admin.query(`create database ${BENCH_DATABASE} template template0 encoding 'UTF8' locale 'C.UTF-8'`);
		} catch {
			await admin.query(`create database ${BENCH_DATABASE}`);
		}
	} finally {
		await admin.end();
	}
	const url = new URL(serverUrl);
	url.pathname = `/${BENCH_DATABASE}`;
	const started = performance.now();
	const source = openDatabase(sqlitePath);
	const target = openDatabase(url.toString());
	try {
		const report = await copyDatabase(source, target, { ...folders, chunkRows: 2000 });
		for (const warning of report.warnings) log(`Warning: ${warning}`);
	} finally {
		await source.destroy();
		await target.destroy();
	}
	// Fresh statistics, as autovacuum would make them soon after a real copy.
	const analyse = new pg.Client({ connectionString: url.toString() });
	await analyse.connect();
	try {
		await analyse.query('analyze');
	} finally {
		await analyse.end();
	}
	return { url: url.toString(), seconds: (performance.now() - started) / 1000 };
}

export interface LoggedQuery {
	sql: string;
	parameters: readonly unknown[];
	ms: number;
}

/**
 * Times every query of a handle on any engine: Kysely's `log` option belongs to the dialect the app's
 * openDatabase builds, so on PostgreSQL the time runs from the plugin's first look at the query to
 * its result (compiling it for the log comes after).
 */
export function timedDatabase(location: string, onQuery: (query: LoggedQuery) => void): DB {
	const started = new WeakMap<object, { at: number; node: RootOperationNode }>();
	let db: DB | null = null;
	const plugin: KyselyPlugin = {
		transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
			started.set(args.queryId, { at: performance.now(), node: args.node });
			return args.node;
		},
		async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
			const entry = started.get(args.queryId);
			// A query compiled once and run many times (preparedQuery) is timed on its first run only.
			started.delete(args.queryId);
			if (entry && db) {
				const ms = performance.now() - entry.at;
				const compiled = db.getExecutor().compileQuery(entry.node, args.queryId);
				onQuery({ sql: compiled.sql, parameters: compiled.parameters, ms });
			}
			return args.result;
		}
	};
	db = openDatabase(location).withPlugin(plugin);
	return db;
}
