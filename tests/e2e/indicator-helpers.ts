// Helpers for the programme results suites (issue 19): a frozen report with figures chosen by the
// test, written straight into this port's e2e database. Other suites (the access matrix) use it too.
import type { IndicatorReport } from '../../src/lib/indicators/report';
import { insertAccount } from './db';
import { COORDINATOR } from './cert-helpers';
import { write } from './staffing-helpers';

/** Runs `fn` on this port's e2e database (the staffing suites' helper, under the name used here). */
export const writeDb = write;

export function userByEmail(email: string): Promise<{ id: number; name: string }> {
	return writeDb((db) =>
		db.selectFrom('users').select(['id', 'name']).where('email', '=', email).executeTakeFirstOrThrow()
	);
}

/**
 * A coordinator of a test's own (with the demo coordinator's password), so that the reports a test
 * freezes never count towards the demo coordinator's daily limit of frozen reports, however often the
 * suites run against the same database.
 */
export function freshCoordinator(tag: string): Promise<{ id: number; email: string; name: string }> {
	const email = `ind-${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
	const name = `Coordinator ${tag} ${Math.random().toString(36).slice(2, 6)}`;
	return writeDb((db) =>
		db.transaction().execute(async (tx) => {
			const now = Date.now();
			const { password_hash } = await tx
				.selectFrom('users')
				.select('password_hash')
				.where('email', '=', COORDINATOR.email)
				.executeTakeFirstOrThrow();
			const id = await insertAccount(tx, { email, name, password_hash, role: 'coordinator', now });
			return { id, email, name };
		})
	);
}

/** When seeded frozen reports say they were made: long ago, so that they never count towards anyone's
 * daily limit of frozen reports (FREEZES_PER_DAY counts the last 24 hours). */
const LONG_AGO = Date.UTC(2025, 3, 2, 9);

/** A frozen report with figures chosen here (1 Jan – 31 Mar 2026: women 1,234 enrolled; men and
 * "not given" partly hidden; three weeks of lessons, one hidden), as the demo coordinator's, frozen in
 * English. Its gender table was counted over the whole first quarter (its own period). */
export async function seedSnapshot(titleText: string): Promise<number> {
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
	const coordinator = await userByEmail(COORDINATOR.email);
	return insertSnapshot(titleText, report.filters, report, coordinator.id);
}

/** Writes a frozen report in English, made long ago, and returns its id. */
async function insertSnapshot(title: string, filters: object, report: object, createdBy: number): Promise<number> {
	const row = await writeDb((db) =>
		db
			.insertInto('indicator_snapshots')
			.values({
				title,
				filters: JSON.stringify(filters),
				report: JSON.stringify(report),
				locale: 'en',
				created_by: createdBy,
				created_at: LONG_AGO
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	);
	return row.id;
}

// A frozen report of 1 January to 31 March 2025 for the exports' tests and the access matrix, with an
// Albanian and a Serbian Cyrillic organisation name and a name that starts like a spreadsheet formula.
export const SNAPSHOT_NAMES = {
	albanian: 'Shoqata Zëri i Çdo Gruas',
	cyrillic: 'Удружење Заједно Ђурђевак',
	formula: '=cmd|calc'
};

/** Inserts a frozen report of 1 January to 31 March 2025 and returns its id. */
export function seedExportSnapshot(title: string, createdBy: number): Promise<number> {
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
	return insertSnapshot(title, filters, report, createdBy);
}
