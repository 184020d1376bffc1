import type { Kysely } from 'kysely';

// Search that ignores case, accents and script on both engines (issue 22): PostgreSQL's LIKE tells
// case apart where SQLite's does not (for ASCII only, at that). Like users.search_text, these columns
// hold the text folded in TypeScript (src/lib/i18n/script.ts `fold`), written with the row; rows from
// before this migration are filled in at start-up (src/cli/prepare.ts), since a migration imports
// nothing from src/.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('certificates').addColumn('search_text', 'text').execute();
	await db.schema.alterTable('audit_log').addColumn('search_text', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('audit_log').dropColumn('search_text').execute();
	await db.schema.alterTable('certificates').dropColumn('search_text').execute();
}
