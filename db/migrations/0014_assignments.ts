import { sql, type Kysely } from 'kysely';

// Practical assignments (issue 16): a module may hold one; learners hand in versions, trainers
// review the latest. A course may require accepted assignments for its certificate, or issue none.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('courses')
		.addColumn('requires_assignments', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema
		.alterTable('courses')
		.addColumn('issues_certificate', 'integer', (c) => c.notNull().defaultTo(1))
		.execute();

	await db.schema
		.createTable('assignments')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('module_id', 'integer', (c) => c.notNull().unique().references('modules.id').onDelete('cascade'))
		// JSON list of accepted kinds: text, pdf, docx, odt, png, jpg.
		.addColumn('accepted', 'text', (c) => c.notNull())
		.addColumn('max_bytes', 'integer', (c) => c.notNull())
		// JSON: the rubric's structure (criterion ids, each level's points).
		.addColumn('rubric', 'text', (c) => c.notNull())
		.addColumn('template', 'text')
		.addColumn('hash', 'text', (c) => c.notNull())
		.addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();

	await db.schema
		.createTable('assignment_texts')
		.addColumn('assignment_id', 'integer', (c) => c.notNull().references('assignments.id').onDelete('cascade'))
		.addColumn('locale', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('body_md', 'text', (c) => c.notNull())
		.addColumn('body_html', 'text', (c) => c.notNull())
		// JSON: criterion titles and level labels, in the rubric's order.
		.addColumn('rubric', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('assignment_texts_pk', ['assignment_id', 'locale'])
		.execute();

	await db.schema
		.createTable('submissions')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('assignment_id', 'integer', (c) => c.notNull().references('assignments.id').onDelete('cascade'))
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('text_md', 'text', (c) => c.notNull())
		.addColumn('file_name', 'text')
		.addColumn('file_kind', 'text')
		.addColumn('file_bytes', 'integer')
		// The stored file's name under the submissions folder (random, never the learner's).
		.addColumn('file_key', 'text')
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('submitted'))
		.addColumn('submitted_at', 'integer', (c) => c.notNull())
		.addColumn('feedback', 'text', (c) => c.notNull().defaultTo(''))
		// JSON: chosen level index per criterion id.
		.addColumn('scores', 'text')
		.addColumn('reviewed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('reviewed_at', 'integer')
		.addUniqueConstraint('submissions_version', ['assignment_id', 'user_id', 'version'])
		.addCheckConstraint('submissions_status', sql`status in ('submitted', 'needs_revision', 'accepted')`)
		.execute();
	await db.schema.createIndex('submissions_queue').on('submissions').columns(['status', 'submitted_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('submissions').execute();
	await db.schema.dropTable('assignment_texts').execute();
	await db.schema.dropTable('assignments').execute();
	await db.schema.alterTable('courses').dropColumn('issues_certificate').execute();
	await db.schema.alterTable('courses').dropColumn('requires_assignments').execute();
}
