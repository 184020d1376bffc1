import { sql, type Kysely } from 'kysely';

// Course and module texts (title, summary, objectives, introduction) get drafts and versions, as
// lessons have them. course_texts and module_texts stay the published texts that learner pages read;
// drafts wait beside them, and every publication records a snapshot of all languages.
//
// One pair of tables for both kinds, keyed by kind and id, rather than four near-identical tables:
// the code that drafts, publishes and compares them is the same for both. The id cannot carry a
// foreign key this way; courses and modules are never deleted (only archived), so nothing is left
// pointing nowhere.
//
// Existing courses and modules get a version 1 holding their current texts, marked as coming from
// the content import (no author), so that their history starts with what learners see today.
const LOCALES = ['en', 'sq', 'sr-Latn', 'sr-Cyrl'];

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('structure_drafts')
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('target_id', 'integer', (c) => c.notNull())
		.addColumn('locale', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('summary', 'text', (c) => c.notNull())
		// A JSON list of strings (modules only; '[]' for courses).
		.addColumn('objectives', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('body_md', 'text', (c) => c.notNull())
		.addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('updated_at', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('structure_drafts_pk', ['kind', 'target_id', 'locale'])
		.addCheckConstraint('structure_drafts_kind', sql`kind in ('course', 'module')`)
		.execute();
	await db.schema
		.createTable('structure_versions')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('target_id', 'integer', (c) => c.notNull())
		.addColumn('number', 'integer', (c) => c.notNull())
		// JSON: locale → { title, summary, objectives, body } for every language published.
		.addColumn('texts', 'text', (c) => c.notNull())
		.addColumn('created_at', 'integer', (c) => c.notNull())
		.addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
		.addUniqueConstraint('structure_versions_number', ['kind', 'target_id', 'number'])
		.addCheckConstraint('structure_versions_kind', sql`kind in ('course', 'module')`)
		.execute();
	await db.schema
		.alterTable('courses')
		.addColumn('edit_revision', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema
		.alterTable('modules')
		.addColumn('edit_revision', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();

	const now = Date.now();
	const snapshot = (rows: { locale: string; title: string; summary: string; objectives?: string; body_md: string }[]) =>
		JSON.stringify(
			Object.fromEntries(
				LOCALES.flatMap((locale) => {
					const r = rows.find((x) => x.locale === locale);
					return r
						? [
								[
									locale,
									{
										title: r.title,
										summary: r.summary,
										objectives: r.objectives ? (JSON.parse(r.objectives) as string[]) : [],
										body: r.body_md
									}
								]
							]
						: [];
				})
			)
		);
	const baseline = async (
		kind: 'course' | 'module',
		rows: {
			target_id: number;
			locale: string;
			title: string;
			summary: string;
			objectives?: string;
			body_md: string;
			updated_at: number;
		}[]
	) => {
		const byTarget = new Map<number, typeof rows>();
		for (const r of rows) byTarget.set(r.target_id, [...(byTarget.get(r.target_id) ?? []), r]);
		for (const [target_id, texts] of byTarget) {
			const latest = Math.max(...texts.map((t) => t.updated_at));
			await db
				.insertInto('structure_versions')
				.values({
					kind,
					target_id,
					number: 1,
					texts: snapshot(texts),
					created_at: latest > 0 ? latest : now,
					created_by: null,
					note: ''
				})
				.execute();
		}
	};
	await baseline(
		'course',
		await db
			.selectFrom('course_texts')
			.select(['course_id as target_id', 'locale', 'title', 'summary', 'body_md', 'updated_at'])
			.execute()
	);
	await baseline(
		'module',
		await db
			.selectFrom('module_texts')
			.select(['module_id as target_id', 'locale', 'title', 'summary', 'objectives', 'body_md', 'updated_at'])
			.execute()
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('modules').dropColumn('edit_revision').execute();
	await db.schema.alterTable('courses').dropColumn('edit_revision').execute();
	await db.schema.dropTable('structure_versions').execute();
	await db.schema.dropTable('structure_drafts').execute();
}
