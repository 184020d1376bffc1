import type { Kysely } from 'kysely';

// Learning without a connection (issue 21): every step a learner's device sends later is stored once
// per (learner, operation id), with the answer the server gave it, so that sending it again returns
// that answer instead of doing it twice; and quiz attempts say whether they were answered offline.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('offline_operations')
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		// The id the server put in the form (32 hex digits): a lesson's completion or a quiz page's submission key.
		.addColumn('op_id', 'text', (c) => c.notNull())
		// 'lesson' or 'quiz'.
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('course_id', 'integer', (c) => c.references('courses.id').onDelete('cascade'))
		.addColumn('lesson_id', 'integer', (c) => c.references('lessons.id').onDelete('cascade'))
		.addColumn('quiz_id', 'integer', (c) => c.references('quizzes.id').onDelete('cascade'))
		.addColumn('attempt_id', 'integer', (c) => c.references('quiz_attempts.id').onDelete('set null'))
		// 'done' or 'refused'; a refusal's reason (learning/offline.ts Refusal).
		.addColumn('outcome', 'text', (c) => c.notNull())
		.addColumn('reason', 'text')
		// Where the answer points, without the locale: the attempt's result, or the step after the lesson.
		.addColumn('href', 'text', (c) => c.notNull().defaultTo(''))
		// When the learner did it on the device (as the device tells: shown, never trusted for rules).
		.addColumn('answered_at', 'integer')
		.addColumn('received_at', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('offline_operations_pk', ['user_id', 'op_id'])
		.execute();
	await db.schema
		.createIndex('offline_operations_received')
		.on('offline_operations')
		.columns(['user_id', 'received_at'])
		.execute();

	await db.schema
		.alterTable('quiz_attempts')
		.addColumn('answered_offline', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('quiz_attempts').dropColumn('answered_offline').execute();
	await db.schema.dropTable('offline_operations').execute();
}
