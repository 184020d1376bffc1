// Cohorts against a fresh migrated database holding the demo course of content-fixture.ts: the
// cohort form, creating and changing cohorts, who may see them, members and invitations.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import * as cohorts from '$lib/server/cohorts/cohorts';
import { getCourseBySlug, type CourseInfo } from '$lib/server/catalogue/courses';
import type { Cohort } from '../../db/schema';
import { DAY, T0, insertOrganisation, insertUser } from './helpers';
import { freshContentDb, importOk, removeTempDirs, writeDemo } from './content-fixture';

let db: DB;
let course: CourseInfo;
let coordinator: number;
let admin: number;
let trainer: number;
let otherTrainer: number;
let learner: number;
let orgA: number;
let orgB: number;

beforeEach(async () => {
	db = await freshContentDb();
	await importOk(db, writeDemo());
	course = (await getCourseBySlug(db, 'demo', 'en'))!;
	coordinator = await insertUser(db, { name: 'Vesna Coordinator', email: 'vesna@example.org', role: 'coordinator' });
	admin = await insertUser(db, { name: 'Adem Admin', email: 'adem@example.org', role: 'admin' });
	trainer = await insertUser(db, { name: 'Tina Trainer', email: 'tina@example.org', role: 'trainer' });
	otherTrainer = await insertUser(db, { name: 'Toma Trainer', email: 'toma@example.org', role: 'trainer' });
	learner = await insertUser(db, { name: 'Lena Learner', email: 'lena@example.org' });
	orgA = await insertOrganisation(db, 'Youth Centre Mitrovica', 'youth-centre');
	orgB = await insertOrganisation(db, 'Women’s Network Zvečan', 'womens-network');
});
afterEach(removeTempDirs);

function form(fields: Record<string, string | string[]>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
	return f;
}

const valid = () => ({
	name: '  Spring 2025 ',
	course: String(course.id),
	starts: '2025-03-03',
	ends: '2025-05-30',
	trainers: [String(trainer), String(admin)],
	organisations: [String(orgA)]
});

const input = (over: Partial<cohorts.CohortInput> = {}): cohorts.CohortInput => ({
	name: 'Spring 2025',
	courseId: course.id,
	startsAt: T0,
	endsAt: T0 + 60 * DAY,
	trainerIds: [trainer],
	organisationIds: [orgA],
	...over
});

describe('parseCohortForm', () => {
	it('reads a valid form: dates as UTC midnights, the end date inclusive to its last millisecond', async () => {
		const r = await cohorts.parseCohortForm(db, form(valid()));
		expect(r.errors).toEqual({});
		expect(r.input).toEqual({
			name: 'Spring 2025',
			courseId: course.id,
			startsAt: Date.UTC(2025, 2, 3),
			endsAt: Date.UTC(2025, 4, 31) - 1,
			trainerIds: [trainer, admin],
			organisationIds: [orgA]
		});
		expect(cohorts.formatDateInput(r.input.startsAt)).toBe('2025-03-03');
		expect(cohorts.formatDateInput(r.input.endsAt)).toBe('2025-05-30');
	});

	it('accepts no trainers or organisations, and drops repeated ids', async () => {
		const r = await cohorts.parseCohortForm(
			db,
			form({ ...valid(), trainers: [String(trainer), String(trainer)], organisations: [String(orgB), String(orgB)] })
		);
		expect(r.errors).toEqual({});
		expect(r.input.trainerIds).toEqual([trainer]);
		expect(r.input.organisationIds).toEqual([orgB]);
		const none = await cohorts.parseCohortForm(db, form({ ...valid(), trainers: [], organisations: [] }));
		expect(none.errors).toEqual({});
		expect(none.input).toMatchObject({ trainerIds: [], organisationIds: [] });
	});

	it('reports a missing or too long name and keeps what was typed', async () => {
		expect((await cohorts.parseCohortForm(db, form({ ...valid(), name: '   ' }))).errors).toEqual({
			name: 'cohort_name_required'
		});
		const long = 'Ž'.repeat(121);
		const r = await cohorts.parseCohortForm(db, form({ ...valid(), name: long }));
		expect(r.errors).toEqual({ name: 'too_long' });
		expect(r.values.name).toBe(long);
		expect((await cohorts.parseCohortForm(db, form({ ...valid(), name: 'Ž'.repeat(120) }))).errors).toEqual({});
	});

	it('requires an existing course that is not archived', async () => {
		for (const value of ['', 'abc', '999999', '1.5', '-1']) {
			expect((await cohorts.parseCohortForm(db, form({ ...valid(), course: value }))).errors, value).toEqual({
				course: 'cohort_course_required'
			});
		}
		await db.updateTable('courses').set({ archived: 1 }).where('id', '=', course.id).execute();
		expect((await cohorts.parseCohortForm(db, form(valid()))).errors).toEqual({ course: 'cohort_course_required' });
	});

	it('refuses malformed dates', async () => {
		for (const value of ['', '3.3.2025', '2025-3-3', '2025-13-01', '2025-03-03T10:00']) {
			const r = await cohorts.parseCohortForm(db, form({ ...valid(), starts: value, ends: value }));
			expect(r.errors, value).toEqual({ starts: 'date_invalid', ends: 'date_invalid' });
			expect(r.values.starts).toBe(value);
		}
	});

	it('refuses a day that does not exist in the calendar instead of moving it to the next month', async () => {
		// Date.parse would read 2025-02-30 as 2 March: a typo must not quietly become another date.
		for (const value of ['2025-02-30', '2025-02-29', '2025-04-31']) {
			const r = await cohorts.parseCohortForm(db, form({ ...valid(), starts: value, ends: '2025-06-30' }));
			expect(r.errors, value).toEqual({ starts: 'date_invalid' });
		}
	});

	it('wants the end date after the start date', async () => {
		expect((await cohorts.parseCohortForm(db, form({ ...valid(), ends: '2025-03-02' }))).errors).toEqual({
			ends: 'cohort_end_before_start'
		});
		expect((await cohorts.parseCohortForm(db, form({ ...valid(), ends: '2025-03-03' }))).errors).toEqual({
			ends: 'cohort_end_before_start'
		});
		const twoDays = await cohorts.parseCohortForm(db, form({ ...valid(), ends: '2025-03-04' }));
		expect(twoDays.errors).toEqual({});
		expect(twoDays.input.endsAt - twoDays.input.startsAt).toBe(2 * DAY - 1);
	});

	it('accepts only trainers and admins as trainers, and only existing organisations', async () => {
		for (const id of [learner, coordinator, 999_999]) {
			expect((await cohorts.parseCohortForm(db, form({ ...valid(), trainers: [String(id)] }))).errors).toEqual({
				trainers: 'cohort_trainer_unknown'
			});
		}
		expect(
			(await cohorts.parseCohortForm(db, form({ ...valid(), organisations: [String(orgA), '999999'] }))).errors
		).toEqual({
			trainers: 'organisation_unknown'
		});
	});
});

describe('createCohort and updateCohort', () => {
	it('creates a cohort with its trainers, organisations and an invitation token', async () => {
		const cohort = await cohorts.createCohort(db, input(), coordinator, T0 - DAY);
		expect(cohort).toMatchObject({
			name: 'Spring 2025',
			course_id: course.id,
			starts_at: T0,
			ends_at: T0 + 60 * DAY,
			archived: 0,
			created_by: coordinator,
			created_at: T0 - DAY
		});
		expect(cohort.invite_token).toMatch(/^[A-Za-z0-9_-]{24}$/);
		expect(await cohorts.trainerIds(db, cohort.id)).toEqual([trainer]);
		expect(await cohorts.organisationIds(db, cohort.id)).toEqual([orgA]);
		const second = await cohorts.createCohort(db, input(), coordinator, T0);
		expect(second.invite_token).not.toBe(cohort.invite_token);
	});

	it('replaces the trainers and organisations when a cohort is changed, and keeps its token', async () => {
		const cohort = await cohorts.createCohort(db, input(), coordinator, T0);
		await cohorts.updateCohort(
			db,
			cohort.id,
			input({
				name: 'Spring 2025 (Zvečan)',
				endsAt: T0 + 90 * DAY,
				trainerIds: [otherTrainer],
				organisationIds: [orgB]
			}),
			T0 + DAY
		);
		expect(await cohorts.getCohort(db, cohort.id)).toMatchObject({
			name: 'Spring 2025 (Zvečan)',
			ends_at: T0 + 90 * DAY,
			updated_at: T0 + DAY,
			invite_token: cohort.invite_token
		});
		expect(await cohorts.trainerIds(db, cohort.id)).toEqual([otherTrainer]);
		expect(await cohorts.organisationIds(db, cohort.id)).toEqual([orgB]);
		await cohorts.updateCohort(db, cohort.id, input({ trainerIds: [], organisationIds: [] }), T0 + 2 * DAY);
		expect(await cohorts.trainerIds(db, cohort.id)).toEqual([]);
		expect(await cohorts.organisationIds(db, cohort.id)).toEqual([]);
	});
});

describe('access and listCohorts', () => {
	let taught: Cohort;
	let other: Cohort;

	beforeEach(async () => {
		taught = await cohorts.createCohort(db, input({ name: 'Taught', startsAt: T0 }), coordinator, T0);
		other = await cohorts.createCohort(
			db,
			input({ name: 'Other', startsAt: T0 + 30 * DAY, trainerIds: [otherTrainer] }),
			coordinator,
			T0
		);
		await cohorts.addMembers(db, taught, [learner], T0);
	});

	it('lets coordinators and admins manage every cohort', async () => {
		for (const user of [
			{ id: coordinator, role: 'coordinator' },
			{ id: admin, role: 'admin' }
		]) {
			expect(await cohorts.access(db, user, taught.id)).toBe('manage');
			expect(await cohorts.access(db, user, other.id)).toBe('manage');
		}
	});

	it('lets a trainer read only the cohorts they teach', async () => {
		expect(await cohorts.access(db, { id: trainer, role: 'trainer' }, taught.id)).toBe('read');
		expect(await cohorts.access(db, { id: trainer, role: 'trainer' }, other.id)).toBeNull();
		expect(await cohorts.access(db, { id: otherTrainer, role: 'trainer' }, other.id)).toBe('read');
		expect(await cohorts.access(db, { id: otherTrainer, role: 'trainer' }, taught.id)).toBeNull();
	});

	it('gives learners no access, even to their own cohort', async () => {
		expect(await cohorts.access(db, { id: learner, role: 'learner' }, taught.id)).toBeNull();
		expect(await cohorts.access(db, { id: learner, role: 'learner' }, other.id)).toBeNull();
	});

	it('lists every cohort for coordinators, newest start first, with member counts', async () => {
		const list = await cohorts.listCohorts(db, { id: coordinator, role: 'coordinator' });
		expect(list.map((c) => [c.name, Number(c.members)])).toEqual([
			['Other', 0],
			['Taught', 1]
		]);
		expect(await cohorts.listCohorts(db, { id: admin, role: 'admin' })).toHaveLength(2);
	});

	it('lists only taught cohorts for a trainer and none for a learner', async () => {
		expect((await cohorts.listCohorts(db, { id: trainer, role: 'trainer' })).map((c) => c.name)).toEqual(['Taught']);
		expect((await cohorts.listCohorts(db, { id: otherTrainer, role: 'trainer' })).map((c) => c.name)).toEqual([
			'Other'
		]);
		expect(await cohorts.listCohorts(db, { id: learner, role: 'learner' })).toEqual([]);
	});

	it('hides archived cohorts unless asked', async () => {
		await cohorts.setArchived(db, other.id, true);
		expect((await cohorts.listCohorts(db, { id: coordinator, role: 'coordinator' })).map((c) => c.name)).toEqual([
			'Taught'
		]);
		expect((await cohorts.listCohorts(db, { id: coordinator, role: 'coordinator' }, true)).map((c) => c.name)).toEqual([
			'Other',
			'Taught'
		]);
		await cohorts.setArchived(db, other.id, false);
		expect(await cohorts.listCohorts(db, { id: coordinator, role: 'coordinator' })).toHaveLength(2);
	});
});

describe('members and invitations', () => {
	let cohort: Cohort;
	beforeEach(async () => {
		cohort = await cohorts.createCohort(db, input(), coordinator, T0);
	});

	const enrolment = (userId: number) =>
		db
			.selectFrom('enrolments')
			.select(['enrolled_at', 'last_activity_at'])
			.where('user_id', '=', userId)
			.where('course_id', '=', course.id)
			.executeTakeFirst();

	it('adds learners, enrols them in the course and counts only the new members', async () => {
		const bora = await insertUser(db, { name: 'Bora', email: 'bora@example.org' });
		expect(await cohorts.addMembers(db, cohort, [learner, bora], T0 + DAY)).toBe(2);
		expect(await enrolment(learner)).toEqual({ enrolled_at: T0 + DAY, last_activity_at: T0 + DAY });
		expect(await cohorts.addMembers(db, cohort, [learner, bora], T0 + 2 * DAY)).toBe(0);
		expect(await cohorts.addMembers(db, cohort, [], T0 + 2 * DAY)).toBe(0);
		const members = await db
			.selectFrom('cohort_members')
			.select(['user_id', 'joined_at'])
			.where('cohort_id', '=', cohort.id)
			.orderBy('user_id')
			.execute();
		expect(members).toEqual([
			{ user_id: learner, joined_at: T0 + DAY },
			{ user_id: bora, joined_at: T0 + DAY }
		]);
	});

	it('keeps an earlier enrolment as it was', async () => {
		await db
			.insertInto('enrolments')
			.values({
				user_id: learner,
				course_id: course.id,
				enrolled_at: T0 - 9 * DAY,
				last_activity_at: T0 - 5 * DAY,
				completed_at: null,
				units_done: 2
			})
			.execute();
		await cohorts.addMembers(db, cohort, [learner], T0);
		const row = await db
			.selectFrom('enrolments')
			.select(['enrolled_at', 'last_activity_at', 'units_done'])
			.where('user_id', '=', learner)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ enrolled_at: T0 - 9 * DAY, last_activity_at: T0 - 5 * DAY, units_done: 2 });
	});

	it('finds a cohort by its invitation token and nothing for a wrong or malformed one', async () => {
		expect((await cohorts.findByInviteToken(db, cohort.invite_token))?.id).toBe(cohort.id);
		expect(await cohorts.findByInviteToken(db, 'A'.repeat(24))).toBeUndefined();
		for (const bad of [
			'',
			'short',
			`${cohort.invite_token}'--`,
			'%'.repeat(24),
			'x'.repeat(65),
			`${cohort.invite_token.slice(0, 20)} or 1`
		]) {
			expect(await cohorts.findByInviteToken(db, bad), bad).toBeUndefined();
		}
	});

	it('lists a learner’s cohorts, without archived ones', async () => {
		const autumn = await cohorts.createCohort(db, input({ name: 'Autumn' }), coordinator, T0);
		await cohorts.addMembers(db, cohort, [learner], T0);
		await cohorts.addMembers(db, autumn, [learner], T0);
		expect((await cohorts.cohortsOfLearner(db, learner)).map((c) => c.name).sort()).toEqual(['Autumn', 'Spring 2025']);
		await cohorts.setArchived(db, autumn.id, true);
		expect(await cohorts.cohortsOfLearner(db, learner)).toEqual([
			{ id: cohort.id, name: 'Spring 2025', course_id: course.id, starts_at: T0, ends_at: T0 + 60 * DAY }
		]);
		expect(await cohorts.cohortsOfLearner(db, trainer)).toEqual([]);
	});

	it('offers active learners who are not yet members, matched without regard to script or accents', async () => {
		const milos = await insertUser(db, { name: 'Милош Јовановић', email: 'milos@example.org', organisationId: orgA });
		const dorde = await insertUser(db, { name: 'Đorđe Šćepanović', email: 'djordje@example.org' });
		await insertUser(db, { name: 'Miloš Gone', email: 'gone@example.org', active: false });
		expect((await cohorts.candidates(db, cohort.id, 'milos')).map((c) => c.name)).toEqual(['Милош Јовановић']);
		expect((await cohorts.candidates(db, cohort.id, 'ŠĆEPAN')).map((c) => c.id)).toEqual([dorde]);
		expect(await cohorts.candidates(db, cohort.id, 'jovanovic')).toEqual([
			{ id: milos, name: 'Милош Јовановић', email: 'milos@example.org', organisationName: 'Youth Centre Mitrovica' }
		]);
		await cohorts.addMembers(db, cohort, [milos], T0);
		expect(await cohorts.candidates(db, cohort.id, 'milos')).toEqual([]);
		// A LIKE wildcard typed into the search is not a wildcard.
		expect(await cohorts.candidates(db, cohort.id, '%')).toEqual(await cohorts.candidates(db, cohort.id, ''));
		expect(await cohorts.candidates(db, cohort.id, 'x%y')).toEqual([]);
		const all = await cohorts.candidates(db, cohort.id, '');
		expect(all.map((c) => c.id)).not.toContain(milos);
		expect(all.map((c) => c.name)).toEqual([...all.map((c) => c.name)].sort());
	});
});
