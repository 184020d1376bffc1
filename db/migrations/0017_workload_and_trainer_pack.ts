import type { Kysely } from 'kysely';

// Honest workload and the trainer pack (issue 17): a module states the time its exercises and
// assignment take, apart from the lessons' reading time; a course keeps its trainers' session plans
// and printable templates (Markdown from content/, rendered to PDF on request).
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('modules')
		.addColumn('exercise_minutes', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema
		.createTable('course_documents')
		.addColumn('course_id', 'integer', (c) => c.notNull().references('courses.id').onDelete('cascade'))
		// 'session:<module slug>' (a module's session plan) or 'template:<slug>' (a printable template).
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('locale', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('body_md', 'text', (c) => c.notNull())
		// JSON list of template slugs a session plan hands out ('[]' for a template).
		.addColumn('templates', 'text', (c) => c.notNull().defaultTo('[]'))
		.addPrimaryKeyConstraint('course_documents_pk', ['course_id', 'name', 'locale'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('course_documents').execute();
	await db.schema.alterTable('modules').dropColumn('exercise_minutes').execute();
}
