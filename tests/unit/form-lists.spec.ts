// Security review, issue 13: 40,000 values in one multi-select field ended in "too many SQL
// variables" and a 500. A list that long is refused with a message; lists that are allowed never
// reach SQLite's variable limit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import * as cohorts from '$lib/server/cohorts/cohorts';
import { getCourseBySlug, type CourseInfo } from '$lib/server/catalogue/courses';
import { insertUser } from './helpers';
import { freshContentDb, importOk, removeTempDirs, writeDemo } from './content-fixture';

let db: DB;
let course: CourseInfo;
let trainer: number;
let learners: number[];

beforeEach(async () => {
	db = await freshContentDb();
	await importOk(db, writeDemo());
	course = (await getCourseBySlug(db, 'demo', 'en'))!;
	trainer = await insertUser(db, { name: 'Tina Trainer', email: 'tina@example.org', role: 'trainer' });
	learners = [];
	for (let i = 0; i < 3; i++)
		learners.push(await insertUser(db, { name: `Learner ${i}`, email: `learner-${i}@example.org` }));
});
afterEach(removeTempDirs);

const many = (n: number, first = 1) => Array.from({ length: n }, (_, i) => String(first + i));

function cohortForm(trainers: string[], organisations: string[] = []): FormData {
	const f = new FormData();
	for (const [k, v] of [
		['name', 'Spring'],
		['course', String(course.id)],
		['starts', '2025-03-03'],
		['ends', '2025-05-30']
	])
		f.append(k, v);
	for (const t of trainers) f.append('trainers', t);
	for (const o of organisations) f.append('organisations', o);
	return f;
}

describe('lists in forms', () => {
	it('the cohort form refuses 40,000 trainers or organisations with a message, and keeps the other values', async () => {
		const trainers = await cohorts.parseCohortForm(db, cohortForm(many(40_000)));
		expect(trainers.errors).toEqual({ trainers: 'list_too_long' });
		expect(trainers.values.name).toBe('Spring');
		const organisations = await cohorts.parseCohortForm(db, cohortForm([String(trainer)], many(40_000)));
		expect(organisations.errors).toEqual({ trainers: 'list_too_long' });
	});

	it('the cohort form still takes a long list that is allowed', async () => {
		const r = await cohorts.parseCohortForm(db, cohortForm([String(trainer), ...many(450, 100_000)]));
		// Unknown ids, but a clear answer rather than an error.
		expect(r.errors).toEqual({ trainers: 'cohort_trainer_unknown' });
	});

	it('adding 40,000 people to a cohort is refused; a list of people is added', async () => {
		const r = await cohorts.parseCohortForm(db, cohortForm([String(trainer)]));
		const cohort = await cohorts.createCohort(db, r.input, trainer);
		expect(await cohorts.addPeople(db, cohort, many(40_000))).toEqual({ ok: false, reason: 'too_many' });
		expect(await cohorts.addPeople(db, cohort, [])).toEqual({ ok: false, reason: 'none' });
		expect(await cohorts.addPeople(db, cohort, [...learners.map(String), ...many(400, 100_000)])).toEqual({
			ok: true,
			added: 3
		});
	});

	it('links and lookups over hundreds of ids stay under the variable limit', async () => {
		const ids: number[] = [];
		for (let i = 0; i < 450; i++)
			ids.push(await insertUser(db, { name: `T ${i}`, email: `t-${i}@example.org`, role: 'trainer' }));
		const r = await cohorts.parseCohortForm(db, cohortForm(ids.map(String)));
		expect(r.errors).toEqual({});
		const cohort = await cohorts.createCohort(db, r.input, trainer);
		const linked = await db
			.selectFrom('cohort_trainers')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('cohort_id', '=', cohort.id)
			.executeTakeFirstOrThrow();
		expect(Number(linked.n)).toBe(450);
	});
});
