// P7: the programme results report (issue 19) without HTTP: buildReport and each of its sections run
// in this process on the benchmark database (after the server stopped, so nothing competes), with the
// server's page cache (4 MB), every SQL statement timed by Kysely's query log and its plan asked of
// SQLite (EXPLAIN QUERY PLAN), so that a full scan shows which query needs an index.
import SQLite from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../../db/schema';
import type { ReportFilters } from '../../src/lib/indicators/report';
import { filterChoices } from '../../src/lib/server/indicators/choices';
import { resolveScope } from '../../src/lib/server/indicators/filters';
import { learningTables } from '../../src/lib/server/indicators/learning';
import { organisationsTables } from '../../src/lib/server/indicators/organisations';
import { peopleTables } from '../../src/lib/server/indicators/people';
import { buildReport } from '../../src/lib/server/indicators/report';
import { volunteeringTables } from '../../src/lib/server/indicators/volunteering';
import { percentile } from './load';
import * as m0025 from '../../db/migrations/0025_indicator_indexes';
import { isPostgresUrl } from '../../src/lib/server/db/postgres';
import { timedDatabase } from './engines';

export interface QueryTiming {
	section: string;
	sql: string;
	ms: number;
	/** EXPLAIN QUERY PLAN, one line per step. */
	plan: string[];
	/** Steps that read a whole table (SCAN without an index search). */
	scans: string[];
}

export interface ReportTiming {
	name: string;
	filters: ReportFilters;
	/** buildReport, warm: median and fastest of `runs`, wall clock. */
	median: number;
	min: number;
	/** Median CPU time of this process per run (user + system): barely moved by other work on the machine. */
	cpuMedian: number;
	runs: number;
	tables: number;
	sections: { name: string; ms: number; queries: number }[];
	queries: QueryTiming[];
}

const SECTIONS = [
	['organisations', organisationsTables],
	['people', peopleTables],
	['learning', learningTables],
	['volunteering', volunteeringTables]
] as const;

/** Lines of a plan that read every row of a table (or of an index, in its order, without a search). */
function fullScans(plan: string[]): string[] {
	return plan.filter((line) => /\bSCAN\b/.test(line) && !/CONSTANT ROW|SUBQUERY|LIST SUBQUERY|CO-ROUTINE/.test(line));
}

/** `location`: the SQLite file, or the postgres:// URL of the same data (then without plans: EXPLAIN
 * QUERY PLAN is SQLite's, and its SCAN lines are what the table counts). */
export async function measureReport(
	location: string,
	cases: { name: string; filters: ReportFilters }[],
	now: number,
	runs: number,
	coordinator: { id: number; role: string }
): Promise<ReportTiming[]> {
	const log: { sql: string; parameters: readonly unknown[]; ms: number }[] = [];
	const postgres = isPostgresUrl(location);
	const sqlite = postgres ? null : new SQLite(location, { readonly: true });
	// As the server's connection (src/lib/server/db/client.ts): the scans read through a 4 MB cache.
	sqlite?.pragma('cache_size = -4000');
	const db = sqlite
		? new Kysely<Database>({
				dialect: new SqliteDialect({ database: sqlite }),
				log: (event) => {
					if (event.level === 'query') log.push({ sql: event.query.sql, parameters: event.query.parameters, ms: event.queryDurationMillis });
				}
			})
		: timedDatabase(location, (q) => log.push(q));
	const results: ReportTiming[] = [];
	try {
		for (const c of cases) {
			const resolved = await resolveScope(db, c.filters, 'en', now);
			if (!resolved.ok) throw new Error(`the report's filters ${JSON.stringify(c.filters)} do not resolve: ${JSON.stringify(resolved.errors)}`);
			const times: number[] = [];
			const cpu: number[] = [];
			let tables = 0;
			// Two warm-up runs, as the server's warm-up requests.
			for (let i = 0; i < runs + 2; i++) {
				const started = performance.now();
				const cpuBefore = process.cpuUsage();
				const report = await buildReport(db, resolved.scope, resolved.names);
				const used = process.cpuUsage(cpuBefore);
				if (i >= 2) {
					times.push(performance.now() - started);
					cpu.push((used.user + used.system) / 1000);
				}
				tables = report.tables.length;
			}
			times.sort((a, b) => a - b);
			cpu.sort((a, b) => a - b);
			const sections: ReportTiming['sections'] = [];
			const queries: QueryTiming[] = [];
			// The sections, then the page's other call (the choices of its filter form).
			const steps: [string, () => Promise<unknown>][] = [
				...SECTIONS.map(([name, run]) => [name, () => run(db, resolved.scope)] as [string, () => Promise<unknown>]),
				['page: filterChoices', () => filterChoices(db, coordinator, 'en')]
			];
			for (const [name, run] of steps) {
				log.length = 0;
				const started = performance.now();
				await run();
				sections.push({ name, ms: performance.now() - started, queries: log.length });
				for (const q of log) {
					let plan: string[] = [];
					try {
						if (sqlite)
							plan = (sqlite.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])) as { id: number; parent: number; detail: string }[]).map(
							(row) => row.detail
						);
					} catch (e) {
						plan = [`(no plan: ${e instanceof Error ? e.message : String(e)})`];
					}
					queries.push({ section: name, sql: q.sql.replace(/\s+/g, ' '), ms: q.ms, plan, scans: fullScans(plan) });
				}
			}
			results.push({ name: c.name, filters: c.filters, median: percentile(times, 50), min: times[0], cpuMedian: percentile(cpu, 50), runs, tables, sections, queries });
		}
	} finally {
		await db.destroy();
	}
	return results;
}

/**
 * A copy of the database at `path` without migration 0025's indexes (its `down`), to measure the
 * report as it was before them: the before/after of every run, on the same data.
 */
export async function copyWithoutIndicatorIndexes(path: string, copy: string): Promise<void> {
	const source = new SQLite(path, { readonly: true });
	try {
		// The online backup copies what the write-ahead log holds too.
		await source.backup(copy);
	} finally {
		source.close();
	}
	const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(copy) }) });
	try {
		await m0025.down(db);
	} finally {
		await db.destroy();
	}
}

/** Every query with its time and plan, slowest first, for reading (tests/.tmp/indicator-plans.txt). */
export function writePlans(file: string, timings: ReportTiming[]): void {
	const out: string[] = [];
	for (const t of timings) {
		out.push(`=== ${t.name} ${JSON.stringify(t.filters)}: buildReport median ${t.median.toFixed(1)} ms, fastest ${t.min.toFixed(1)} ms, CPU ${t.cpuMedian.toFixed(1)} ms (${t.runs} runs)`);
		for (const s of t.sections) out.push(`  ${s.name}: ${s.ms.toFixed(1)} ms, ${s.queries} queries`);
		for (const q of [...t.queries].sort((a, b) => b.ms - a.ms)) {
			out.push('', `--- [${q.section}] ${q.ms.toFixed(2)} ms${q.scans.length ? `, FULL SCANS: ${q.scans.join('; ')}` : ''}`, q.sql, ...q.plan.map((l) => `    ${l}`));
		}
		out.push('');
	}
	mkdirSync('tests/.tmp', { recursive: true });
	writeFileSync(file, `${out.join('\n')}\n`);
}
