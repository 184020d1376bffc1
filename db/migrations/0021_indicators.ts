import type { Kysely } from 'kysely';

// Programme results for the funder (issue 19).
//
// `demographics`: what a person chose to tell about themselves for the programme's aggregate figures,
// asked once and editable or withdrawable on My account. Every answer is optional and
// 'prefer-not' is an answer. Community (ethnicity) is special-category data: it is stored only with
// an explicit consent (`community_consent_at`); withdrawing the consent erases it. No page ever shows
// it per person; the indicators count it only in aggregates of five or more.
//
// `indicator_snapshots`: a report frozen on a date, stored with its figures (already suppressed:
// a snapshot never holds a count under five) so that the numbers sent to the funder can be shown
// again unchanged.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('demographics')
		.addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
		// Codes from src/lib/indicators/options.ts; null = not answered.
		.addColumn('gender', 'text')
		.addColumn('age_band', 'text')
		.addColumn('community', 'text')
		.addColumn('community_consent_at', 'integer')
		// When the person answered or said "not now": the question is not asked again.
		.addColumn('asked_at', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('indicator_snapshots')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('title', 'text', (c) => c.notNull())
		// JSON ReportFilters and IndicatorReport (src/lib/indicators/report.ts).
		.addColumn('filters', 'text', (c) => c.notNull())
		.addColumn('report', 'text', (c) => c.notNull())
		// The language the text labels (organisation and module names) were taken in.
		.addColumn('locale', 'text', (c) => c.notNull())
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('indicator_snapshots_created').on('indicator_snapshots').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('indicator_snapshots').execute();
	await db.schema.dropTable('demographics').execute();
}
