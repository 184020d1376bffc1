import type { Kysely } from 'kysely';

// Why an organisation rejected logged hours (optional, plain text, at most 300 characters), shown to
// the volunteer beside the entry. Empty when none was given or the hours were confirmed.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('volunteer_hours')
		.addColumn('decision_note', 'text', (c) => c.notNull().defaultTo(''))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('volunteer_hours').dropColumn('decision_note').execute();
}
