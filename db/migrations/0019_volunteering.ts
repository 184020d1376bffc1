import type { Kysely } from 'kysely';

// The volunteer network and the civil-society portal (issue 18). Volunteers are ordinary accounts
// with a volunteer profile; confirmed members of an organisation post calls with shifts; volunteers
// apply to shifts; the organisation decides, marks attendance and confirms hours (only confirmed
// hours count towards a volunteer certificate). The portal calendar lists public meetings,
// consultations, CSO events and trainings; people say they will attend and get a reminder.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('volunteer_profiles')
		.addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
		// Codes from volunteering/options.ts: a municipality, JSON lists of languages, skills and availability.
		.addColumn('municipality', 'text', (c) => c.notNull())
		.addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('skills', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('skills_other', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('availability', 'text', (c) => c.notNull().defaultTo('[]'))
		// 'under-18' marks a minor; the other bands are adults.
		.addColumn('age_band', 'text', (c) => c.notNull())
		.addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
		// Explicit consent to be contacted by the organisations the volunteer applies to.
		.addColumn('contact_consent_at', 'integer', (c) => c.notNull())
		// Minors: a parent or guardian's consent, with who gave it and how to reach them.
		.addColumn('guardian_name', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('guardian_contact', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('guardian_consent_at', 'integer')
		// 1: the volunteer paused their profile; organisations they never applied to see nothing.
		.addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('volunteer_calls')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		// The language the call is written in (calls are not translated).
		.addColumn('locale', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull())
		.addColumn('municipality', 'text', (c) => c.notNull())
		.addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('skills', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]'))
		// A course volunteers must have completed first (null: none).
		.addColumn('required_course_id', 'integer', (c) => c.references('courses.id').onDelete('set null'))
		.addColumn('minors_allowed', 'integer', (c) => c.notNull().defaultTo(0))
		// 'pending' (waits for a coordinator), 'open', 'declined', 'closed'.
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
		.addColumn('review_note', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('reviewed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('reviewed_at', 'integer')
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('volunteer_calls_status')
		.on('volunteer_calls')
		.columns(['status', 'created_at'])
		.execute();
	await db.schema
		.createIndex('volunteer_calls_organisation')
		.on('volunteer_calls')
		.columns(['organisation_id', 'created_at'])
		.execute();

	await db.schema
		.createTable('volunteer_shifts')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('call_id', 'integer', (c) => c.notNull().references('volunteer_calls.id').onDelete('cascade'))
		.addColumn('starts_at', 'integer', (c) => c.notNull())
		.addColumn('ends_at', 'integer', (c) => c.notNull())
		.addColumn('places', 'integer', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('volunteer_shifts_call')
		.on('volunteer_shifts')
		.columns(['call_id', 'starts_at'])
		.execute();

	await db.schema
		.createTable('volunteer_applications')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('shift_id', 'integer', (c) => c.notNull().references('volunteer_shifts.id').onDelete('cascade'))
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
		// 'applied', 'accepted', 'declined', 'withdrawn'.
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('applied'))
		.addColumn('decision_message', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('decided_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('decided_at', 'integer')
		// null: not yet marked; 1 came; 0 did not come.
		.addColumn('attended', 'integer')
		// When the day-before reminder went out (null: not yet).
		.addColumn('reminded_at', 'integer')
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.addUniqueConstraint('volunteer_applications_once', ['shift_id', 'user_id'])
		.execute();
	await db.schema
		.createIndex('volunteer_applications_user')
		.on('volunteer_applications')
		.columns(['user_id', 'created_at'])
		.execute();

	await db.schema
		.createTable('volunteer_hours')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
		.addColumn('application_id', 'integer', (c) => c.references('volunteer_applications.id').onDelete('set null'))
		// The day worked, 'YYYY-MM-DD', and the time in minutes.
		.addColumn('worked_on', 'text', (c) => c.notNull())
		.addColumn('minutes', 'integer', (c) => c.notNull())
		.addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
		// 'logged' (by the volunteer, waits for the organisation), 'confirmed', 'rejected'.
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('logged'))
		.addColumn('logged_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('confirmed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('confirmed_at', 'integer')
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('volunteer_hours_user').on('volunteer_hours').columns(['user_id', 'status']).execute();
	await db.schema
		.createIndex('volunteer_hours_organisation')
		.on('volunteer_hours')
		.columns(['organisation_id', 'status'])
		.execute();

	await db.schema
		.createTable('portal_events')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		// 'public-meeting', 'consultation', 'cso-event', 'training'.
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('locale', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('municipality', 'text', (c) => c.notNull())
		.addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('starts_at', 'integer', (c) => c.notNull())
		.addColumn('ends_at', 'integer')
		// Consultations: the last moment to take part.
		.addColumn('deadline_at', 'integer')
		// The official page (municipal meetings and consultations link there; we build no petition system).
		.addColumn('official_url', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('organisation_id', 'integer', (c) => c.references('organisations.id').onDelete('cascade'))
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('cancelled', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('portal_events_starts').on('portal_events').columns(['starts_at']).execute();

	await db.schema
		.createTable('portal_event_attendees')
		.addColumn('event_id', 'integer', (c) => c.notNull().references('portal_events.id').onDelete('cascade'))
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('reminded_at', 'integer')
		.addPrimaryKeyConstraint('portal_event_attendees_pk', ['event_id', 'user_id'])
		.execute();

	// In-app notices: what a person should know (a decision, a reminder) when no e-mail goes out.
	await db.schema
		.createTable('notices')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		// A message key with JSON parameters, rendered in the reader's language.
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('params', 'text', (c) => c.notNull().defaultTo('{}'))
		.addColumn('link', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('read_at', 'integer')
		.execute();
	await db.schema.createIndex('notices_user').on('notices').columns(['user_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'notices',
		'portal_event_attendees',
		'portal_events',
		'volunteer_hours',
		'volunteer_applications',
		'volunteer_shifts',
		'volunteer_calls',
		'volunteer_profiles'
	])
		await db.schema.dropTable(table).execute();
}
