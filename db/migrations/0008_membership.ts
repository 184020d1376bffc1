import type { Kysely } from 'kysely';

// Security review (issue 13).
//
// 1. Course imports name the person who imported. Until now "no author" (created_by null) also meant
//    "came from an import", which the importer relies on (it compares with the last imported version
//    and archives only what an import brought). That meaning moves to its own flag, `imported`, so
//    that a zip import can carry the importing user as author. Every version without an author so
//    far came from an import.
//
// 2. Membership of an organisation is confirmed before it counts. users.organisation_id now holds
//    only confirmed membership (it opens the profile editor, counts for the organisation's
//    certification and is printed on certificates); a person who chose an organisation at sign-up
//    is requesting membership (requested_organisation_id) until a coordinator, an admin or a
//    confirmed member of that organisation confirms.
//
//    Existing memberships: nothing recorded how they came about, so this decides from what is known.
//    Kept (confirmed): staff accounts (trainers, coordinators, admins: their roles were given by an
//    admin), learners whose account a coordinator or admin made (roster import: they have a
//    set-password link issued by someone), and the two seeded demo learners. Every other learner's
//    membership was self-declared at sign-up and becomes a request, the safe side: an organisation is
//    never left without a way back, since coordinators and admins can confirm anyone, and once one
//    member is confirmed they can confirm the others. Certificates already issued keep what they print.
const DEMO_LEARNERS = ['learner1@example.org', 'learner2@example.org'];

export async function up(db: Kysely<any>): Promise<void> {
	for (const table of ['lesson_versions', 'quiz_versions']) {
		await db.schema
			.alterTable(table)
			.addColumn('imported', 'integer', (c) => c.notNull().defaultTo(0))
			.execute();
		await db.updateTable(table).set({ imported: 1 }).where('created_by', 'is', null).execute();
	}

	await db.schema
		.alterTable('users')
		.addColumn('requested_organisation_id', 'integer', (c) => c.references('organisations.id').onDelete('set null'))
		.execute();
	await db.schema.alterTable('users').addColumn('requested_at', 'integer').execute();
	await db
		.updateTable('users')
		.set((eb) => ({
			requested_organisation_id: eb.ref('organisation_id'),
			requested_at: eb.ref('updated_at'),
			organisation_id: null
		}))
		.where('organisation_id', 'is not', null)
		.where('role', '=', 'learner')
		.where('email', 'not in', DEMO_LEARNERS)
		.where('id', 'not in', db.selectFrom('password_tokens').select('user_id').where('created_by', 'is not', null))
		.execute();
	await db.schema.createIndex('users_requested_organisation').on('users').column('requested_organisation_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('users_requested_organisation').execute();
	await db
		.updateTable('users')
		.set((eb) => ({ organisation_id: eb.ref('requested_organisation_id') }))
		.where('requested_organisation_id', 'is not', null)
		.execute();
	for (const column of ['requested_organisation_id', 'requested_at'])
		await db.schema.alterTable('users').dropColumn(column).execute();
	for (const table of ['lesson_versions', 'quiz_versions'])
		await db.schema.alterTable(table).dropColumn('imported').execute();
}
