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

	// Being enrolled (added to a cohort, a roster import) is not activity: last_activity_at is set at
	// enrolment, so whether the learner did anything yet is kept apart. Existing enrolments count as
	// active when they show any sign of it: a step done, an activity after the enrolment, or a lesson
	// or quiz attempt of theirs in that course.
	await db.schema
		.alterTable('enrolments')
		.addColumn('has_activity', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await sql`update enrolments set has_activity = 1 where units_done > 0 or completed_at is not null or last_activity_at > enrolled_at
		or exists (select 1 from lesson_progress lp join lessons l on l.id = lp.lesson_id join modules m on m.id = l.module_id
			where lp.user_id = enrolments.user_id and m.course_id = enrolments.course_id)
		or exists (select 1 from quiz_attempts qa join quizzes q on q.id = qa.quiz_id join modules m on m.id = q.module_id
			where qa.user_id = enrolments.user_id and m.course_id = enrolments.course_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('enrolments').dropColumn('has_activity').execute();
	await db.schema.dropTable('translation_checks').execute();
}
