// A frozen programme results report (issue 19) written straight into this port's e2e database, as
// the freeze form stores it, with an Albanian and a Serbian Cyrillic organisation name and a name
// that starts like a spreadsheet formula: the exports' tests and the access matrix download it.
import Database from 'better-sqlite3';
import { DB_FILE } from './security-helpers';

export const SNAPSHOT_NAMES = {
	albanian: 'Shoqata Zëri i Çdo Gruas',
	cyrillic: 'Удружење Заједно Ђурђевак',
	formula: '=cmd|calc'
};

/** Inserts a frozen report of 1 January to 31 March 2025 and returns its id. */
export function seedSnapshot(title: string, createdBy: number): number {
	const db = new Database(DB_FILE, { fileMustExist: true });
	try {
		db.pragma('busy_timeout = 5000');
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
			.get(title, JSON.stringify(filters), JSON.stringify(report), createdBy, Date.now()) as { id: number };
		return row.id;
	} finally {
		db.close();
	}
}
