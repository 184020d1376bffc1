import { sql, type Kysely } from 'kysely';

// Hand-ins after organisation assignments (issue 16):
// - The table-wide rule "one version number per assignment and person" came from when every thread
//   was a person's. An organisation's thread counts its versions itself, so a member who moved to
//   another organisation (or an assignment whose scope changed) collided with it. The rule now holds
//   for a learner's own thread only, beside the organisation one of 0016. SQLite cannot drop a table
//   constraint, so the table is rebuilt (nothing references it).
// - `text_html`: the answer rendered once, when it is handed in, instead of on every page view.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('submissions_next')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('assignment_id', 'integer', (c) => c.notNull().references('assignments.id').onDelete('cascade'))
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('text_md', 'text', (c) => c.notNull())
		// Null: an empty answer, one too complex to render in time, or one handed in before this column.
		.addColumn('text_html', 'text')
		.addColumn('file_name', 'text')
		.addColumn('file_kind', 'text')
		.addColumn('file_bytes', 'integer')
		.addColumn('file_key', 'text')
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('submitted'))
		.addColumn('submitted_at', 'integer', (c) => c.notNull())
		.addColumn('feedback', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('scores', 'text')
		.addColumn('reviewed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('reviewed_at', 'integer')
		.addColumn('organisation_id', 'integer', (c) => c.references('organisations.id').onDelete('cascade'))
		.addColumn('locale', 'text', (c) => c.notNull().defaultTo('en'))
		.addCheckConstraint('submissions_status', sql`status in ('submitted', 'needs_revision', 'accepted')`)
		.execute();
	const columns = sql.raw(
		'id, assignment_id, user_id, version, text_md, file_name, file_kind, file_bytes, file_key, status, ' +
			'submitted_at, feedback, scores, reviewed_by, reviewed_at, organisation_id, locale'
	);
	await sql`insert into submissions_next (${columns}) select ${columns} from submissions`.execute(db);
	await db.schema.dropTable('submissions').execute();
	await db.schema.alterTable('submissions_next').renameTo('submissions').execute();
	await indexes(db);
	await db.schema
		.createIndex('submissions_learner_version')
		.unique()
		.on('submissions')
		.columns(['assignment_id', 'user_id', 'version'])
		.where(sql.ref('organisation_id'), 'is', null)
		.execute();
}

async function indexes(db: Kysely<any>) {
	await db.schema.createIndex('submissions_queue').on('submissions').columns(['status', 'submitted_at']).execute();
	await db.schema
		.createIndex('submissions_org_version')
		.unique()
		.on('submissions')
		.columns(['assignment_id', 'organisation_id', 'version'])
		.where(sql.ref('organisation_id'), 'is not', null)
		.execute();
	await db.schema.createIndex('submissions_user').on('submissions').columns(['user_id', 'submitted_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('submissions_learner_version').execute();
	await db.schema.alterTable('submissions').dropColumn('text_html').execute();
}
