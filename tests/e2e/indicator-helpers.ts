// Helpers for the programme results suites (issue 19): a frozen report with figures chosen by the
// test, written straight into this port's e2e database. Other suites (the access matrix) use it too.
import type { IndicatorReport } from '../../src/lib/indicators/report';
import { COORDINATOR } from './cert-helpers';
import { write } from './staffing-helpers';

/** Runs `fn` on this port's e2e database (the staffing suites' helper, under the name used here). */
export const writeDb = write;

export function userByEmail(email: string): { id: number; name: string } {
	return writeDb(
		(db) => db.prepare('SELECT id, name FROM users WHERE email = ?').get(email) as { id: number; name: string }
	);
}

/**
 * A coordinator of a test's own (with the demo coordinator's password), so that the reports a test
 * freezes never count towards the demo coordinator's daily limit of frozen reports, however often the
 * suites run against the same database.
 */
export function freshCoordinator(tag: string): { id: number; email: string; name: string } {
	const email = `ind-${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
	const name = `Coordinator ${tag} ${Math.random().toString(36).slice(2, 6)}`;
	return writeDb((db) => {
		const now = Date.now();
		const { id } = db
			.prepare(
				`INSERT INTO users (email, name, password_hash, role, active, created_at, updated_at)
				 SELECT ?, ?, password_hash, 'coordinator', 1, ?, ? FROM users WHERE email = ? RETURNING id`
			)
			.get(email, name, now, now, COORDINATOR.email) as { id: number };
		return { id, email, name };
	});
}

/** When seeded frozen reports say they were made: long ago, so that they never count towards anyone's
 * daily limit of frozen reports (FREEZES_PER_DAY counts the last 24 hours). */
const LONG_AGO = Date.UTC(2025, 3, 2, 9);

/** A frozen report with figures chosen here (1 Jan – 31 Mar 2026: women 1,234 enrolled; men and
 * "not given" partly hidden; three weeks of lessons, one hidden), as the demo coordinator's, frozen in
 * English. Its gender table was counted over the whole first quarter (its own period). */
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
				total: [1284, 938, 711, 606, 55.4],
				period: { from: '2026-01-01', to: '2026-03-31' }
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
					.get(titleText, JSON.stringify(report.filters), JSON.stringify(report), coordinator.id, LONG_AGO) as {
					id: number;
				}
			).id
	);
}

// A frozen report of 1 January to 31 March 2025 for the exports' tests and the access matrix, with an
// Albanian and a Serbian Cyrillic organisation name and a name that starts like a spreadsheet formula.
export const SNAPSHOT_NAMES = {
	albanian: 'Shoqata Zëri i Çdo Gruas',
	cyrillic: 'Удружење Заједно Ђурђевак',
	formula: '=cmd|calc'
};

/** Inserts a frozen report of 1 January to 31 March 2025 and returns its id. */
export function seedExportSnapshot(title: string, createdBy: number): number {
	return writeDb((db) => {
		const filters = { from: '2025-01-01', to: '2025-03-31', course: null, cohort: null };
		const report = {
			version: 1,
			generatedAt: Date.UTC(2025, 3, 2, 8),
			filters,
			scope: { courseTitle: null, cohortName: null },
			tables: [
				{
					id: 'people-by-organisation',
					rows: [
						{ label: { kind: 'text', text: SNAPSHOT_NAMES.albanian }, cells: [40, 31, 20, 18, 50] },
						{ label: { kind: 'text', text: SNAPSHOT_NAMES.cyrillic }, cells: [12, null, null, null, null] },
						{ label: { kind: 'text', text: SNAPSHOT_NAMES.formula }, cells: [9, 8, 7, 6, 77.8] }
					],
					total: null
				}
			]
		};
		const row = db
			.prepare(
				`INSERT INTO indicator_snapshots (title, filters, report, locale, created_by, created_at)
				 VALUES (?, ?, ?, 'en', ?, ?) RETURNING id`
			)
			.get(title, JSON.stringify(filters), JSON.stringify(report), createdBy, LONG_AGO) as { id: number };
		return row.id;
	});
}
