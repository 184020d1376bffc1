import type { Kysely } from 'kysely';

// Cohorts (a round of the training with dates and trainers), their members, one-time
// set-password links, per-question answers of quiz attempts (for quiz insight), and per-learner
// counters on enrolments so that a dashboard of thousands of learners reads one row per learner.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('cohorts')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('course_id', 'integer', (c) => c.notNull().references('courses.id'))
		.addColumn('starts_at', 'integer', (c) => c.notNull())
		.addColumn('ends_at', 'integer', (c) => c.notNull())
		.addColumn('invite_token', 'text', (c) => c.notNull().unique())
		.addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema
		.createTable('cohort_trainers')
		.addColumn('cohort_id', 'integer', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addPrimaryKeyConstraint('cohort_trainers_pk', ['cohort_id', 'user_id'])
		.execute();
	await db.schema
		.createTable('cohort_organisations')
		.addColumn('cohort_id', 'integer', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
		.addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
		.addPrimaryKeyConstraint('cohort_organisations_pk', ['cohort_id', 'organisation_id'])
		.execute();
	await db.schema
		.createTable('cohort_members')
		.addColumn('cohort_id', 'integer', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('joined_at', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('cohort_members_pk', ['cohort_id', 'user_id'])
		.execute();
	await db.schema.createIndex('cohort_members_user').on('cohort_members').column('user_id').execute();

	await db.schema
		.createTable('password_tokens')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('secret_hash', 'blob', (c) => c.notNull())
		.addColumn('expires_at', 'integer', (c) => c.notNull())
		.addColumn('used_at', 'integer')
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('password_tokens_user').on('password_tokens').column('user_id').execute();

	await db.schema
		.createTable('quiz_answers')
		.addColumn('attempt_id', 'integer', (c) => c.notNull().references('quiz_attempts.id').onDelete('cascade'))
		.addColumn('quiz_id', 'integer', (c) => c.notNull())
		.addColumn('user_id', 'integer', (c) => c.notNull())
		.addColumn('attempt_no', 'integer', (c) => c.notNull())
		.addColumn('question_id', 'text', (c) => c.notNull())
		.addColumn('answer', 'text', (c) => c.notNull())
		.addColumn('credit', 'real', (c) => c.notNull())
		.addPrimaryKeyConstraint('quiz_answers_pk', ['attempt_id', 'question_id'])
		.execute();
	await db.schema
		.createIndex('quiz_answers_quiz')
		.on('quiz_answers')
		.columns(['quiz_id', 'attempt_no', 'question_id'])
		.execute();

	// Covers "who passed which quiz" for the dashboard's per-module shares.
	await db.schema
		.createIndex('quiz_attempts_passed')
		.on('quiz_attempts')
		.columns(['quiz_id', 'passed', 'user_id'])
		.execute();
	await db.schema
		.alterTable('enrolments')
		.addColumn('units_done', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema.createIndex('enrolments_course_user').on('enrolments').columns(['course_id', 'user_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('enrolments_course_user').execute();
	await db.schema.dropIndex('quiz_attempts_passed').execute();
	await db.schema.alterTable('enrolments').dropColumn('units_done').execute();
	for (const t of [
		'quiz_answers',
		'password_tokens',
		'cohort_members',
		'cohort_organisations',
		'cohort_trainers',
		'cohorts'
	]) {
		await db.schema.dropTable(t).execute();
	}
}
