// Migration 0025: the indexes of the programme results report. SQLite's plan for each query shape the
// indicators use must be an index search answered from the index (no full scan, no read of the wide
// table rows), and the migration can be undone and done again.
import { describe, expect, it } from 'vitest';
import { sql, type Compilable } from 'kysely';
import type { DB } from '$lib/server/db/client';
import * as m0025 from '../../db/migrations/0025_indicator_indexes';
import { freshDb } from './helpers';
import { engine } from './engine';

async function plan(db: DB, query: Compilable): Promise<string> {
	const compiled = query.compile();
	const rows = await sql<{ detail: string }>`explain query plan ${sql.raw(compiled.sql.replace(/\?/g, '0'))}`.execute(
		db
	);
	return rows.rows.map((r) => r.detail).join('\n');
}

async function indexNames(db: DB): Promise<string[]> {
	const rows = await sql<{
		name: string;
	}>`select name from sqlite_master where type = 'index' and name not like 'sqlite_%'`.execute(db);
	return rows.rows.map((r) => r.name);
}

const FROM = 1_700_000_000_000;
const UNTIL = 1_710_000_000_000;

// SQLite's own plans (EXPLAIN QUERY PLAN): PostgreSQL chooses plans by table statistics, so the
// same shapes are compared on both engines by `npm run bench -- --database both` instead.
describe.skipIf(engine === 'postgres')('indicator indexes (migration 0025)', () => {
	it('answers the first attempts of a quiz in a period from quiz_attempts_first alone', async () => {
		const db = await freshDb();
		const q = db
			.selectFrom('quizzes as q')
			.leftJoin('quiz_attempts as a', (j) =>
				j
					.onRef('a.quiz_id', '=', 'q.id')
					.on('a.attempt_no', '=', 1)
					.on('a.submitted_at', '>=', FROM)
					.on('a.submitted_at', '<', UNTIL)
			)
			.select((eb) => [eb.fn.count<number>('a.id').as('first'), eb.fn.sum<number>('a.passed').as('passed')])
			.groupBy('q.id');
		expect(await plan(db, q)).toMatch(
			/SEARCH a USING COVERING INDEX quiz_attempts_first \(attempt_no=\? AND quiz_id=\? AND submitted_at>\? AND submitted_at<\?\)/
		);
	});

	it('finds a person’s latest quiz locale without sorting their attempts', async () => {
		const db = await freshDb();
		const q = db
			.selectFrom('quiz_attempts as qa')
			.select('qa.locale')
			.where('qa.user_id', '=', 1)
			.orderBy('qa.submitted_at', 'desc')
			.orderBy('qa.id', 'desc')
			.limit(1);
		for (const query of [q, q.where('qa.quiz_id', 'in', [1, 2])]) {
			const p = await plan(db, query);
			expect(p).toMatch(/SEARCH qa USING COVERING INDEX quiz_attempts_latest \(user_id=\?\)/);
			expect(p).not.toMatch(/TEMP B-TREE/);
		}
	});

	it('reads the decisions on hand-ins in a period from submissions_decided alone', async () => {
		const db = await freshDb();
		const q = db
			.selectFrom('submissions as s')
			.where('s.status', '=', 'accepted')
			.where('s.reviewed_at', '>=', FROM)
			.where('s.reviewed_at', '<', UNTIL)
			.select((eb) => [
				eb.fn.count<number>('s.user_id').distinct().as('people'),
				eb.fn.sum<number>(eb(eb.ref('s.reviewed_at'), '-', eb.ref('s.submitted_at'))).as('ms'),
				's.assignment_id'
			])
			.groupBy('s.assignment_id');
		expect(await plan(db, q)).toMatch(
			/SEARCH s USING COVERING INDEX submissions_decided \(status=\? AND reviewed_at>\? AND reviewed_at<\?\)/
		);
	});

	it('counts lesson completions of a period, of one course or of all, from an index alone', async () => {
		const db = await freshDb();
		const all = db
			.selectFrom('lesson_progress as lp')
			.where('lp.completed_at', '>=', FROM)
			.where('lp.completed_at', '<', UNTIL)
			.select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('lp.user_id').distinct().as('people')]);
		expect(await plan(db, all)).toMatch(
			/SEARCH lp USING COVERING INDEX lesson_progress_completed \(completed_at>\? AND completed_at<\?\)/
		);
		const first = db.selectFrom('lesson_progress as lp').select((eb) => eb.fn.min('lp.completed_at').as('first'));
		expect(await plan(db, first)).toMatch(/SEARCH lp USING COVERING INDEX lesson_progress_completed/);
		const course = db
			.selectFrom('lesson_progress as lp')
			.where('lp.lesson_id', 'in', [1, 2, 3])
			.where('lp.completed_at', '>=', FROM)
			.where('lp.completed_at', '<', UNTIL)
			.select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('lp.user_id').distinct().as('people')]);
		expect(await plan(db, course)).toMatch(/USING COVERING INDEX lesson_progress_(lesson_time|completed)/);
	});

	it('finds the enrolments of a period, in one course or in any, by an index search', async () => {
		const db = await freshDb();
		const course = db
			.selectFrom('enrolments as e')
			.select('e.user_id')
			.where('e.course_id', '=', 1)
			.where('e.enrolled_at', '>=', FROM)
			.where('e.enrolled_at', '<', UNTIL);
		expect(await plan(db, course)).toMatch(
			/SEARCH e USING INDEX enrolments_course_enrolled \(course_id=\? AND enrolled_at>\? AND enrolled_at<\?\)/
		);
		const any = db
			.selectFrom('enrolments as e')
			.select('e.user_id')
			.where('e.enrolled_at', '>=', FROM)
			.where('e.enrolled_at', '<', UNTIL);
		expect(await plan(db, any)).toMatch(
			/SEARCH e USING INDEX enrolments_enrolled \(enrolled_at>\? AND enrolled_at<\?\)/
		);
	});

	it('sums confirmed volunteer hours of a period from volunteer_hours_worked alone', async () => {
		const db = await freshDb();
		const q = db
			.selectFrom('volunteer_hours as h')
			.where('h.status', '=', 'confirmed')
			.where('h.worked_on', '>=', '2025-01-01')
			.where('h.worked_on', '<', '2025-04-01')
			.select((eb) => [
				eb.fn.count<number>('h.user_id').distinct().as('people'),
				eb.fn.sum<number>('h.minutes').as('minutes')
			]);
		expect(await plan(db, q)).toMatch(
			/SEARCH h USING COVERING INDEX volunteer_hours_worked \(status=\? AND worked_on>\? AND worked_on<\?\)/
		);
	});

	it('can be undone, giving back the indexes it replaced, and done again', async () => {
		const db = await freshDb();
		const added = [
			'quiz_attempts_first',
			'quiz_attempts_latest',
			'submissions_decided',
			'lesson_progress_lesson_time',
			'lesson_progress_completed',
			'enrolments_course_enrolled',
			'enrolments_enrolled',
			'volunteer_hours_worked'
		];
		const replaced = ['lesson_progress_lesson', 'enrolments_course'];
		let names = await indexNames(db);
		for (const name of added) expect(names).toContain(name);
		for (const name of replaced) expect(names).not.toContain(name);
		await m0025.down(db);
		names = await indexNames(db);
		for (const name of added) expect(names).not.toContain(name);
		for (const name of replaced) expect(names).toContain(name);
		await m0025.up(db);
		names = await indexNames(db);
		for (const name of added) expect(names).toContain(name);
	});
});
