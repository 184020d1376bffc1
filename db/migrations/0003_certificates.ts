import type { Kysely } from 'kysely';

// Certificates of learners and of organisations, and coordinators' decisions on organisations.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('certificates')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('code', 'text', (c) => c.notNull().unique())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('course_id', 'integer', (c) => c.notNull().references('courses.id'))
		.addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('organisation_id', 'integer', (c) => c.references('organisations.id').onDelete('set null'))
		.addColumn('recipient_name', 'text', (c) => c.notNull())
		.addColumn('organisation_name', 'text')
		.addColumn('course_title', 'text', (c) => c.notNull())
		.addColumn('locale', 'text', (c) => c.notNull())
		.addColumn('issuer_name', 'text', (c) => c.notNull())
		.addColumn('issued_at', 'integer', (c) => c.notNull())
		.addColumn('credential', 'text', (c) => c.notNull())
		.addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('revoked_at', 'integer')
		.addColumn('revoked_reason', 'text')
		.addColumn('revoked_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		// One certificate per learner per course and per organisation per course (NULLs are distinct).
		.addUniqueConstraint('certificates_learner_course', ['user_id', 'course_id'])
		.addUniqueConstraint('certificates_org_course', ['organisation_id', 'course_id'])
		.execute();
	await db.schema.createIndex('certificates_course').on('certificates').columns(['course_id', 'kind']).execute();

	await db.schema
		.createTable('organisation_decisions')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
		.addColumn('course_id', 'integer', (c) => c.notNull().references('courses.id'))
		.addColumn('decision', 'text', (c) => c.notNull())
		.addColumn('note', 'text', (c) => c.notNull())
		.addColumn('decided_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('decided_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('organisation_decisions_org')
		.on('organisation_decisions')
		.columns(['organisation_id', 'course_id'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('organisation_decisions').execute();
	await db.schema.dropTable('certificates').execute();
}
