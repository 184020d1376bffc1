import { sql, type Kysely } from 'kysely';

// An assignment may be an organisation's (issue 16): confirmed members hand it in on the
// organisation's behalf, one thread per organisation, and a course may require it accepted for
// organisation certification. Submissions also keep the language they were handed in in.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('assignments')
		.addColumn('scope', 'text', (c) =>
			c
				.notNull()
				.defaultTo('learner')
				.check(sql`scope in ('learner', 'organisation')`)
		)
		.execute();
	await db.schema.alterTable('courses').addColumn('org_assignment_module', 'text').execute();
	await db.schema
		.alterTable('submissions')
		.addColumn('organisation_id', 'integer', (c) => c.references('organisations.id').onDelete('cascade'))
		.execute();
	await db.schema
		.alterTable('submissions')
		.addColumn('locale', 'text', (c) => c.notNull().defaultTo('en'))
		.execute();
	// One thread per organisation and assignment: two members handing in at once cannot both write
	// the same version.
	await db.schema
		.createIndex('submissions_org_version')
		.unique()
		.on('submissions')
		.columns(['assignment_id', 'organisation_id', 'version'])
		.where(sql.ref('organisation_id'), 'is not', null)
		.execute();
	// The learner's last-used language is read from their newest hand-in (assignments/certify.ts).
	await db.schema.createIndex('submissions_user').on('submissions').columns(['user_id', 'submitted_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('submissions_user').execute();
	await db.schema.dropIndex('submissions_org_version').execute();
	await db.schema.alterTable('submissions').dropColumn('locale').execute();
	await db.schema.alterTable('submissions').dropColumn('organisation_id').execute();
	await db.schema.alterTable('courses').dropColumn('org_assignment_module').execute();
	await db.schema.alterTable('assignments').dropColumn('scope').execute();
}
