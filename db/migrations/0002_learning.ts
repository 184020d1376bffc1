import type { Kysely } from 'kysely';

// Courses, modules, versioned lessons and quizzes, enrolments, progress and quiz attempts.
// Texts are stored per locale; lessons and quizzes per version, so that a learner's record keeps
// pointing at exactly what they saw.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('meta')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('value', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('courses')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('slug', 'text', (c) => c.notNull().unique())
		.addColumn('pass_mark', 'integer', (c) => c.notNull().defaultTo(70))
		.addColumn('certificate_modules', 'text', (c) => c.notNull().defaultTo('all'))
		.addColumn('org_min_certified', 'integer', (c) => c.notNull().defaultTo(2))
		.addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema
		.createTable('course_texts')
		.addColumn('course_id', 'integer', (c) => c.notNull().references('courses.id').onDelete('cascade'))
		.addColumn('locale', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('summary', 'text', (c) => c.notNull())
		.addColumn('body_html', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('course_texts_pk', ['course_id', 'locale'])
		.execute();

	await db.schema
		.createTable('modules')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('course_id', 'integer', (c) => c.notNull().references('courses.id').onDelete('cascade'))
		.addColumn('slug', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
		.addUniqueConstraint('modules_course_slug', ['course_id', 'slug'])
		.execute();
	await db.schema
		.createTable('module_texts')
		.addColumn('module_id', 'integer', (c) => c.notNull().references('modules.id').onDelete('cascade'))
		.addColumn('locale', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('summary', 'text', (c) => c.notNull())
		.addColumn('objectives', 'text', (c) => c.notNull())
		.addColumn('body_html', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('module_texts_pk', ['module_id', 'locale'])
		.execute();

	await db.schema
		.createTable('lessons')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('module_id', 'integer', (c) => c.notNull().references('modules.id').onDelete('cascade'))
		.addColumn('slug', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('minutes', 'integer', (c) => c.notNull())
		.addColumn('current_version_id', 'integer')
		.addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
		.addUniqueConstraint('lessons_module_slug', ['module_id', 'slug'])
		.execute();
	await db.schema
		.createTable('lesson_versions')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('lesson_id', 'integer', (c) => c.notNull().references('lessons.id').onDelete('cascade'))
		.addColumn('number', 'integer', (c) => c.notNull())
		.addColumn('hash', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addUniqueConstraint('lesson_versions_number', ['lesson_id', 'number'])
		.execute();
	await db.schema
		.createTable('lesson_texts')
		.addColumn('version_id', 'integer', (c) => c.notNull().references('lesson_versions.id').onDelete('cascade'))
		.addColumn('locale', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('body_md', 'text', (c) => c.notNull())
		.addColumn('body_html', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('lesson_texts_pk', ['version_id', 'locale'])
		.execute();

	await db.schema
		.createTable('quizzes')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('module_id', 'integer', (c) => c.notNull().unique().references('modules.id').onDelete('cascade'))
		.addColumn('current_version_id', 'integer')
		.addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema
		.createTable('quiz_versions')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('quiz_id', 'integer', (c) => c.notNull().references('quizzes.id').onDelete('cascade'))
		.addColumn('number', 'integer', (c) => c.notNull())
		.addColumn('hash', 'text', (c) => c.notNull())
		.addColumn('pass_mark', 'integer', (c) => c.notNull())
		.addColumn('max_attempts', 'integer')
		.addColumn('wait_minutes', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('answer_key', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addUniqueConstraint('quiz_versions_number', ['quiz_id', 'number'])
		.execute();
	await db.schema
		.createTable('quiz_texts')
		.addColumn('version_id', 'integer', (c) => c.notNull().references('quiz_versions.id').onDelete('cascade'))
		.addColumn('locale', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('questions', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('quiz_texts_pk', ['version_id', 'locale'])
		.execute();

	await db.schema
		.createTable('enrolments')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('course_id', 'integer', (c) => c.notNull().references('courses.id').onDelete('cascade'))
		.addColumn('enrolled_at', 'integer', (c) => c.notNull())
		.addColumn('last_activity_at', 'integer', (c) => c.notNull())
		.addColumn('completed_at', 'integer')
		.addUniqueConstraint('enrolments_user_course', ['user_id', 'course_id'])
		.execute();
	await db.schema.createIndex('enrolments_course').on('enrolments').column('course_id').execute();

	await db.schema
		.createTable('lesson_progress')
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('lesson_id', 'integer', (c) => c.notNull().references('lessons.id').onDelete('cascade'))
		.addColumn('lesson_version_id', 'integer', (c) => c.notNull().references('lesson_versions.id'))
		.addColumn('completed_at', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('lesson_progress_pk', ['user_id', 'lesson_id'])
		.execute();
	await db.schema
		.createIndex('lesson_progress_lesson')
		.on('lesson_progress')
		.columns(['lesson_id', 'completed_at'])
		.execute();

	await db.schema
		.createTable('quiz_attempts')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('quiz_id', 'integer', (c) => c.notNull().references('quizzes.id').onDelete('cascade'))
		.addColumn('quiz_version_id', 'integer', (c) => c.notNull().references('quiz_versions.id'))
		.addColumn('attempt_no', 'integer', (c) => c.notNull())
		.addColumn('submission_key', 'text', (c) => c.notNull())
		.addColumn('locale', 'text', (c) => c.notNull())
		.addColumn('answers', 'text', (c) => c.notNull())
		.addColumn('results', 'text', (c) => c.notNull())
		.addColumn('score', 'integer', (c) => c.notNull())
		.addColumn('passed', 'integer', (c) => c.notNull())
		.addColumn('submitted_at', 'integer', (c) => c.notNull())
		.addUniqueConstraint('quiz_attempts_submission', ['user_id', 'submission_key'])
		.execute();
	await db.schema.createIndex('quiz_attempts_user_quiz').on('quiz_attempts').columns(['user_id', 'quiz_id']).execute();
	await db.schema.createIndex('quiz_attempts_quiz').on('quiz_attempts').columns(['quiz_id', 'submitted_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of [
		'quiz_attempts',
		'lesson_progress',
		'enrolments',
		'quiz_texts',
		'quiz_versions',
		'quizzes',
		'lesson_texts',
		'lesson_versions',
		'lessons',
		'module_texts',
		'modules',
		'course_texts',
		'courses',
		'meta'
	]) {
		await db.schema.dropTable(t).execute();
	}
}
