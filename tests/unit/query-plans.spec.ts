// Queries on a learner's own page read that learner's rows through an index, whatever the size of
// the table: SQLite picks the plan, so the test asks it (EXPLAIN QUERY PLAN) rather than a stopwatch.
import { describe, expect, it } from 'vitest';
import { CompiledQuery } from 'kysely';
import { freshDb } from './helpers';
import { attemptsQuery } from '$lib/server/learning/quizzes';
import { engine } from './engine';

async function plan(db: Awaited<ReturnType<typeof freshDb>>, query: CompiledQuery): Promise<string[]> {
	const result = await db.executeQuery<{ detail: string }>(
		CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters])
	);
	return result.rows.map((r) => r.detail);
}

// SQLite's own plans (EXPLAIN QUERY PLAN): PostgreSQL chooses plans by table statistics, so the
// same shapes are compared on both engines by `npm run bench -- --database both` instead.
describe.skipIf(engine === 'postgres')('query plans', () => {
	it("a learner's attempts at a quiz are found by learner and quiz, not by scanning the quiz's attempts", async () => {
		const db = await freshDb();
		const steps = await plan(db, attemptsQuery(db, 1, 1).compile());
		expect(steps.join('\n')).toMatch(/USING (COVERING )?INDEX \w+ \(user_id=\? AND quiz_id=\?/);
	});
});
