import type { Kysely } from 'kysely';

// Security review (issue 13).
//
// 1. Course imports name the person who imported. Until now "no author" (created_by null) also meant
//    "came from an import", which the importer relies on (it compares with the last imported version
//    and archives only what an import brought). That meaning moves to its own flag, `imported`, so
//    that a zip import can carry the importing user as author. Every version without an author so
//    far came from an import.
export async function up(db: Kysely<any>): Promise<void> {
	for (const table of ['lesson_versions', 'quiz_versions']) {
		await db.schema.alterTable(table).addColumn('imported', 'integer', (c) => c.notNull().defaultTo(0)).execute();
		await db.updateTable(table).set({ imported: 1 }).where('created_by', 'is', null).execute();
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['lesson_versions', 'quiz_versions']) await db.schema.alterTable(table).dropColumn('imported').execute();
}
