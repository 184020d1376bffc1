// Helpers for the programme results suites (issue 19): a frozen report with figures chosen by the
// test, written straight into this port's e2e database. Other suites (the access matrix) use it too.
import Database from 'better-sqlite3';
import type { IndicatorReport } from '../../src/lib/indicators/report';
import { COORDINATOR } from './cert-helpers';
import { DB_FILE } from './security-helpers';

export function writeDb<T>(fn: (db: Database.Database) => T): T {
	const db = new Database(DB_FILE, { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	try {
		return fn(db);
	} finally {
		db.close();
	}
}

export function userByEmail(email: string): { id: number; name: string } {
	return writeDb(
		(db) => db.prepare('SELECT id, name FROM users WHERE email = ?').get(email) as { id: number; name: string }
	);
}

/** A frozen report with figures chosen here (1 Jan – 31 Mar 2026: women 1,234 enrolled; men and
 * "not given" partly hidden; three weeks of lessons, one hidden), as the demo coordinator's. */
export function seedSnapshot(titleText: string): number {
	const report: IndicatorReport = {
		version: 1,
		generatedAt: Date.UTC(2026, 2, 31, 10),
		filters: { from: '2026-01-01', to: '2026-03-31', course: null, cohort: null },
		scope: { courseTitle: null, cohortName: null },
		tables: [
			{
				id: 'people-by-gender',
				rows: [
					{ label: { kind: 'gender', code: 'woman' }, cells: [1234, 900, 700, 600, 56.7] },
					{ label: { kind: 'gender', code: 'man' }, cells: [40, 30, null, null, null] },
					{ label: { kind: 'not-given' }, cells: [10, 8, null, null, null] }
				],
				total: [1284, 938, 711, 606, 55.4]
			},
			{
				id: 'quiz-first-attempt',
				rows: [{ label: { kind: 'text', text: 'Module one: planning' }, cells: [20, 15, 75] }],
				total: null
			},
			{
				id: 'lessons-per-week',
				rows: [
					{ label: { kind: 'week', start: '2026-03-02' }, cells: [42] },
					{ label: { kind: 'week', start: '2026-03-09' }, cells: [null] },
					{ label: { kind: 'week', start: '2026-03-16' }, cells: [17] }
				],
				total: [64]
			}
		]
	};
	const coordinator = userByEmail(COORDINATOR.email);
	return writeDb(
		(db) =>
			(
				db
					.prepare(
						`INSERT INTO indicator_snapshots (title, filters, report, locale, created_by, created_at)
						 VALUES (?, ?, ?, 'en', ?, ?) RETURNING id`
					)
					.get(titleText, JSON.stringify(report.filters), JSON.stringify(report), coordinator.id, Date.now()) as {
					id: number;
				}
			).id
	);
}
