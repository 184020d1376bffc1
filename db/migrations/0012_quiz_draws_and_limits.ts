import type { Kysely } from 'kysely';

// Quizzes that cannot be passed blind: an attempt keeps the paper it was shown (the questions drawn
// from the pool and the order of their options and items), so that its review shows what the
// learner saw; a quiz version may draw its questions from a pool and limit attempts per day.
// Existing attempts keep a null presentation (shown in the order of the version), existing versions
// no daily limit and no draw (every question), so that nothing already taken changes.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('quiz_attempts').addColumn('presentation', 'text').execute();
	await db.schema.alterTable('quiz_versions').addColumn('attempts_per_day', 'integer').execute();
	await db.schema.alterTable('quiz_versions').addColumn('draw', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('quiz_versions').dropColumn('draw').execute();
	await db.schema.alterTable('quiz_versions').dropColumn('attempts_per_day').execute();
	await db.schema.alterTable('quiz_attempts').dropColumn('presentation').execute();
}
