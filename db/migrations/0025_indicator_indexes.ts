import type { Kysely } from 'kysely';

// Indexes for the programme results report (issue 19, src/lib/server/indicators/), found with
// `npm run bench` (P7): 10,000 learners, 200 organisations, 240,000 lesson completions, 70,000 quiz
// attempts, 28,000 hand-ins. Each one turns a full scan (or a search that then reads every matching
// row of a wide table) into an index search that answers from the index alone; the numbers are the
// statement's CPU time on the bench's database before → after, whole programme / last 90 days of
// one course (tests/.tmp/indicator-plans*.txt have the plans). Two replace an index that is a
// prefix of the new one, so their table keeps its count of indexes.
export async function up(db: Kysely<any>): Promise<void> {
	// learning.ts, quiz pass rate at the first attempt: `left join quiz_attempts on quiz_id = ? and
	// attempt_no = 1 and submitted_at in the period`, counting attempts and summing `passed`. Only
	// (quiz_id, passed, user_id) was there: every attempt at the quiz was read from the table (whose
	// rows carry the answers as JSON) to test attempt_no; 75 → 7 ms / 94 → 18 ms. attempt_no comes
	// first: led by quiz_id, SQLite took this index for a learner's own attempts at a quiz (ordered by
	// attempt_no) instead of quiz_attempts_user_quiz_state, scanning everyone's attempts on the quiz page.
	await db.schema
		.createIndex('quiz_attempts_first')
		.on('quiz_attempts')
		.columns(['attempt_no', 'quiz_id', 'submitted_at', 'passed', 'user_id'])
		.execute();

	// people.ts, language of study: per person, the locale of their latest quiz attempt (`where
	// user_id = ? [and quiz_id in the course's quizzes] order by submitted_at desc, id desc limit 1`).
	// Read backwards from this index, the first entry is the answer, locale included (id is in it so
	// that the tie-break of the order needs no sort either); before, every attempt of the person was
	// read from the table and sorted; 64 → 27 ms / 75 → 31 ms for 10,000 people.
	await db.schema
		.createIndex('quiz_attempts_latest')
		.on('quiz_attempts')
		.columns(['user_id', 'submitted_at', 'id', 'quiz_id', 'locale'])
		.execute();

	// learning.ts, assignments accepted and days to review: decisions (`status in ('accepted',
	// 'needs_revision') and reviewed_at in the period`), with assignment, person and hand-in time.
	// submissions_queue (status, submitted_at) found the rows but read each from the table (with
	// the answer's text); this one is a range search on reviewed_at that covers the query; each of
	// the section's two statements 26 → 16 ms / 25 → 17 ms.
	await db.schema
		.createIndex('submissions_decided')
		.on('submissions')
		.columns(['status', 'reviewed_at', 'assignment_id', 'user_id', 'submitted_at'])
		.execute();

	// learning.ts, lessons per week: completions in the period, `count(distinct user_id)` per week.
	// For one course (`lesson_id in (the course's lessons)`), lesson_progress_lesson (lesson_id,
	// completed_at) found the rows and then read each from the table for user_id; with user_id in the
	// index it is covered: 211 → 92 ms. Replaces lesson_progress_lesson, its prefix.
	await db.schema
		.createIndex('lesson_progress_lesson_time')
		.on('lesson_progress')
		.columns(['lesson_id', 'completed_at', 'user_id'])
		.execute();
	await db.schema.dropIndex('lesson_progress_lesson').execute();
	// For every course: the first completion (`min(completed_at)`, 10 → 0 ms) and the period's
	// completions (a scan of the whole table before: 13 → 1.4 ms for a quarter). Over the whole
	// programme the index is read from end to end, as the table was; the bench's table happens to be
	// stored learner by learner, which makes its scan look ~25 % cheaper than the same scan of a
	// table stored in the order completions happen, as the app writes it.
	await db.schema
		.createIndex('lesson_progress_completed')
		.on('lesson_progress')
		.columns(['completed_at', 'user_id'])
		.execute();

	// people.ts and organisations.ts, who is counted: enrolments made in the period, in one course
	// (`course_id = ? and enrolled_at >= ? and enrolled_at < ?`) or in any (`enrolled_at` alone).
	// enrolments_course (course_id) found the course's enrolments and tested each date; the period
	// alone scanned the table. At the bench's 16,500 enrolments that costs only 1–2 ms; the index
	// keeps it so as enrolments grow. (course_id, enrolled_at) replaces enrolments_course, its prefix.
	await db.schema
		.createIndex('enrolments_course_enrolled')
		.on('enrolments')
		.columns(['course_id', 'enrolled_at'])
		.execute();
	await db.schema.dropIndex('enrolments_course').execute();
	await db.schema.createIndex('enrolments_enrolled').on('enrolments').column('enrolled_at').execute();

	// volunteering.ts, hours and active volunteers: confirmed hours worked in the period (`status =
	// 'confirmed' and worked_on in the period`), per person and minutes. Both other indexes lead with
	// a person or an organisation, so the table was scanned; this covers the query (3,000 entries in
	// the bench: about 1 ms either way, but the table only grows).
	await db.schema
		.createIndex('volunteer_hours_worked')
		.on('volunteer_hours')
		.columns(['status', 'worked_on', 'user_id', 'minutes'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('volunteer_hours_worked').execute();
	await db.schema.dropIndex('enrolments_enrolled').execute();
	await db.schema.createIndex('enrolments_course').on('enrolments').column('course_id').execute();
	await db.schema.dropIndex('enrolments_course_enrolled').execute();
	await db.schema.dropIndex('lesson_progress_completed').execute();
	await db.schema
		.createIndex('lesson_progress_lesson')
		.on('lesson_progress')
		.columns(['lesson_id', 'completed_at'])
		.execute();
	await db.schema.dropIndex('lesson_progress_lesson_time').execute();
	await db.schema.dropIndex('submissions_decided').execute();
	await db.schema.dropIndex('quiz_attempts_latest').execute();
	await db.schema.dropIndex('quiz_attempts_first').execute();
}
