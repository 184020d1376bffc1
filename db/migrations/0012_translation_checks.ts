import { sql, type Kysely } from 'kysely';

// A trainer's check that a translation still fits the English text after the English changed: it
// holds the hashes of the English text checked against and of the translation checked, so that it
// only counts while both are still the texts published (a later change of either makes it void).
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('translation_checks')
		.addColumn('kind', 'text', (c) => c.notNull())
		// lessons.id, quizzes.id, courses.id or modules.id, by kind.
		.addColumn('target_id', 'integer', (c) => c.notNull())
		.addColumn('locale', 'text', (c) => c.notNull())
		.addColumn('source_hash', 'text', (c) => c.notNull())
		.addColumn('translation_hash', 'text', (c) => c.notNull())
		.addColumn('checked_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('checked_at', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('translation_checks_pk', ['kind', 'target_id', 'locale'])
		.addCheckConstraint('translation_checks_kind', sql`kind in ('lesson', 'quiz', 'course', 'module')`)
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('translation_checks').execute();
}
