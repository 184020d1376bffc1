// Where the dashboard's time goes: the domain calls that /cohorts/[id] makes, run in this process on
// the benchmark database (after the server stopped, so nothing competes), each timed, with every SQL
// statement timed by Kysely's query log.
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../../db/schema';
import { isPostgresUrl } from '../../src/lib/server/db/postgres';
import { timedDatabase } from './engines';
import * as courses from '../../src/lib/server/catalogue/courses';
import * as dashboard from '../../src/lib/server/cohorts/dashboard';
import * as organisations from '../../src/lib/server/people/organisations';

export interface Breakdown {
	calls: { name: string; ms: number }[];
	slowestQueries: { sql: string; ms: number }[];
	queryCount: number;
}

/** `location`: the SQLite file, or the postgres:// URL of the same data. */
export async function dashboardBreakdown(location: string, cohortId: number, courseSlug: string): Promise<Breakdown> {
	const queries: { sql: string; ms: number }[] = [];
	const db = isPostgresUrl(location)
		? timedDatabase(location, (q) => queries.push({ sql: q.sql, ms: q.ms }))
		: new Kysely<Database>({
				dialect: new SqliteDialect({ database: new SQLite(location) }),
				log: (event) => {
					if (event.level === 'query') queries.push({ sql: event.query.sql, ms: event.queryDurationMillis });
				}
			});
	try {
		const course = await courses.getCourseBySlug(db, courseSlug, 'en');
		const cohort = await db.selectFrom('cohorts').selectAll().where('id', '=', cohortId).executeTakeFirstOrThrow();
		if (!course) throw new Error(`no course ${courseSlug}`);
		// The calls of src/routes/cohorts/[id]/+page.server.ts for its first page, one after another.
		const steps: [string, () => Promise<unknown>][] = [
			['dashboard.summary', () => dashboard.summary(db, cohort, course)],
			['dashboard.learnerPage', () => dashboard.learnerPage(db, cohort, course, { page: 1, sort: 'name' })],
			['dashboard.moduleShares', () => dashboard.moduleShares(db, cohort, course)],
			['dashboard.weeklyProgress', () => dashboard.weeklyProgress(db, cohort, course)],
			['organisations.organisationChoices', () => organisations.organisationChoices(db)]
		];
		let calls: Breakdown['calls'] = [];
		// The first round warms SQLite's and the OS's caches, as the server's warm-up requests did.
		for (let round = 0; round < 2; round++) {
			queries.length = 0;
			calls = [];
			for (const [name, run] of steps) {
				const started = performance.now();
				await run();
				calls.push({ name, ms: performance.now() - started });
			}
		}
		const slowestQueries = [...queries]
			.sort((a, b) => b.ms - a.ms)
			.slice(0, 5)
			.map((q) => ({ sql: q.sql.replace(/\s+/g, ' ').slice(0, 300), ms: q.ms }));
		return { calls, slowestQueries, queryCount: queries.length };
	} finally {
		await db.destroy();
	}
}
