import { sql, type Kysely } from 'kysely';
import { onPostgres } from './engine';

// Volunteer certificates (issue 18): confirmed volunteer hours earn a certificate at 20, 50 and 100
// hours, with the same verify page, PDF and signed credential as course certificates. Such a
// certificate belongs to no course, so `course_id` becomes nullable; `hours` is the threshold
// reached and `organisations` the JSON list of the organisations whose confirmed hours count.
// SQLite cannot relax NOT NULL in place, so the table is rebuilt. Nothing references
// certificates.id by foreign key, but the id is each credential's index in the signed revocation
// list (credentialStatus), so every id is copied as it is and the AUTOINCREMENT sequence is kept:
// a new certificate must never take the index of an earlier one.
//
// Kysely's migrator runs SQLite migrations outside a transaction (its SQLite adapter does not claim
// transactional DDL), so a crash between dropping the old table and renaming the new one would leave
// no certificates table and a migration that can never run again. SQLite does roll back DDL, so the
// whole rebuild is one transaction.
//
// PostgreSQL relaxes NOT NULL and adds columns and constraints in place, and its migrator already
// runs each migration in a transaction; its identity sequence is untouched, so no id is reused.
export async function up(db: Kysely<any>): Promise<void> {
	if (onPostgres(db)) return alterInPlace(db);
	await db.transaction().execute((tx) => rebuild(tx));
}

async function alterInPlace(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('certificates')
		.alterColumn('course_id', (c) => c.dropNotNull())
		.execute();
	await db.schema.alterTable('certificates').addColumn('hours', 'integer').execute();
	await db.schema
		.alterTable('certificates')
		.addColumn('organisations', 'text', (c) => c.notNull().defaultTo('[]'))
		.execute();
	await db.schema
		.alterTable('certificates')
		.addCheckConstraint('certificates_kind', sql`kind in ('learner', 'organisation', 'volunteer')`)
		.execute();
	await db.schema.alterTable('certificates').addCheckConstraint('certificates_subject', subjectRule).execute();
	await volunteerHoursIndex(db);
}

const subjectRule = sql`(kind = 'volunteer' and course_id is null and hours is not null) or (kind <> 'volunteer' and course_id is not null and hours is null)`;

// One volunteer certificate per person and threshold: two confirmations at once cannot both issue it.
function volunteerHoursIndex(db: Kysely<any>) {
	return db.schema
		.createIndex('certificates_volunteer_hours')
		.unique()
		.on('certificates')
		.columns(['user_id', 'hours'])
		.where(sql.ref('kind'), '=', 'volunteer')
		.execute();
}

async function rebuild(db: Kysely<any>): Promise<void> {
	const before = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'certificates'`.execute(db);
	await db.schema
		.createTable('certificates_next')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('code', 'text', (c) => c.notNull().unique())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('course_id', 'integer', (c) => c.references('courses.id'))
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
		.addColumn('hours', 'integer')
		.addColumn('organisations', 'text', (c) => c.notNull().defaultTo('[]'))
		.addUniqueConstraint('certificates_learner_course', ['user_id', 'course_id'])
		.addUniqueConstraint('certificates_org_course', ['organisation_id', 'course_id'])
		.addCheckConstraint('certificates_kind', sql`kind in ('learner', 'organisation', 'volunteer')`)
		// A course certificate names its course; a volunteer certificate names its hours and no course.
		.addCheckConstraint('certificates_subject', subjectRule)
		.execute();
	const columns = sql.raw(
		'id, code, kind, course_id, user_id, organisation_id, recipient_name, organisation_name, course_title, ' +
			'locale, issuer_name, issued_at, credential, note, revoked_at, revoked_reason, revoked_by'
	);
	await sql`insert into certificates_next (${columns}) select ${columns} from certificates`.execute(db);
	await db.schema.dropTable('certificates').execute();
	await db.schema.alterTable('certificates_next').renameTo('certificates').execute();
	const seq = before.rows[0]?.seq;
	if (seq !== undefined) {
		await sql`update sqlite_sequence set seq = max(seq, ${seq}) where name = 'certificates'`.execute(db);
		await sql`insert into sqlite_sequence (name, seq) select 'certificates', ${seq} where not exists (select 1 from sqlite_sequence where name = 'certificates')`.execute(
			db
		);
	}
	await db.schema.createIndex('certificates_course').on('certificates').columns(['course_id', 'kind']).execute();
	await volunteerHoursIndex(db);
}

// Back to course certificates only. The relaxed course_id and the `hours` column (held by a check
// constraint) stay: with no volunteer rows left they change nothing for the older code.
export async function down(db: Kysely<any>): Promise<void> {
	const run = (work: (tx: Kysely<any>) => Promise<void>) =>
		db.isTransaction ? work(db) : db.transaction().execute(work);
	await run(async (tx) => {
		await tx.deleteFrom('certificates').where('kind', '=', 'volunteer').execute();
		await tx.schema.dropIndex('certificates_volunteer_hours').execute();
		await tx.schema.alterTable('certificates').dropColumn('organisations').execute();
	});
}
