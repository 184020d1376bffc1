import type { Kysely } from 'kysely';

// Assignments edited in the browser (issue 16): a revision for the "changed meanwhile" check, and
// whether a Markdown answer is accepted (before this, always; files may now be the only way).
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('assignments')
		.addColumn('edit_revision', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema
		.alterTable('assignments')
		.addColumn('accepts_text', 'integer', (c) => c.notNull().defaultTo(1))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('assignments').dropColumn('accepts_text').execute();
	await db.schema.alterTable('assignments').dropColumn('edit_revision').execute();
}
