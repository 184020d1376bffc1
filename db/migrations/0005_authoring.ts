import type { Kysely } from 'kysely';

// Authoring in the browser: which trainers may edit which course, drafts of lesson texts per locale
// (learners never see them), and a revision counter per lesson for the optimistic edit check.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('course_authors')
		.addColumn('course_id', 'integer', (c) => c.notNull().references('courses.id').onDelete('cascade'))
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addPrimaryKeyConstraint('course_authors_pk', ['course_id', 'user_id'])
		.execute();
	await db.schema
		.createTable('lesson_drafts')
		.addColumn('lesson_id', 'integer', (c) => c.notNull().references('lessons.id').onDelete('cascade'))
		.addColumn('locale', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('body_md', 'text', (c) => c.notNull())
		.addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('lesson_drafts_pk', ['lesson_id', 'locale'])
		.execute();
	await db.schema
		.createTable('quiz_drafts')
		.addColumn('quiz_id', 'integer', (c) => c.notNull().references('quizzes.id').onDelete('cascade'))
		.addColumn('locale', 'text', (c) => c.notNull())
		.addColumn('data', 'text', (c) => c.notNull())
		.addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('quiz_drafts_pk', ['quiz_id', 'locale'])
		.execute();
	await db.schema
		.alterTable('quizzes')
		.addColumn('edit_revision', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema
		.alterTable('lessons')
		.addColumn('edit_revision', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema
		.alterTable('lesson_versions')
		.addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
		.execute();
	// The Markdown of course and module introductions, so that a course can be exported again.
	await db.schema
		.alterTable('course_texts')
		.addColumn('body_md', 'text', (c) => c.notNull().defaultTo(''))
		.execute();
	await db.schema
		.alterTable('module_texts')
		.addColumn('body_md', 'text', (c) => c.notNull().defaultTo(''))
		.execute();
	// When each language's text last changed, to show a translation as outdated.
	await db.schema
		.alterTable('course_texts')
		.addColumn('updated_at', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema
		.alterTable('module_texts')
		.addColumn('updated_at', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('module_texts').dropColumn('updated_at').execute();
	await db.schema.alterTable('course_texts').dropColumn('updated_at').execute();
	await db.schema.alterTable('module_texts').dropColumn('body_md').execute();
	await db.schema.alterTable('course_texts').dropColumn('body_md').execute();
	await db.schema.alterTable('lesson_versions').dropColumn('note').execute();
	await db.schema.alterTable('lessons').dropColumn('edit_revision').execute();
	await db.schema.alterTable('quizzes').dropColumn('edit_revision').execute();
	await db.schema.dropTable('quiz_drafts').execute();
	await db.schema.dropTable('lesson_drafts').execute();
	await db.schema.dropTable('course_authors').execute();
}
