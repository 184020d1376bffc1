// Cohorts: a round of the training with a course, dates, trainers and members. Coordinators (and
// admins) manage them; trainers read the dashboards of the cohorts they teach.
import { randomBytes } from 'node:crypto';
import type { DB } from '../db/client';
import type { Cohort } from '../../../../db/schema';
import * as progress from '../learning/progress';
import { cleanText } from '../platform/form-text';
import { fold } from '../../i18n/script';
import { chunked, parseIdList, selectInChunks } from '../db/id-lists';

export type CohortErrors = Partial<Record<'name' | 'course' | 'starts' | 'ends' | 'trainers', string>>;

export interface CohortInput {
	name: string;
	courseId: number;
	startsAt: number;
	endsAt: number;
	trainerIds: number[];
	organisationIds: number[];
}

const DAY = 24 * 60 * 60 * 1000;

function parseDate(value: string): number | null {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
	const ms = Date.parse(`${value}T00:00:00Z`);
	// JavaScript rolls 2027-02-30 over into March; such a date is refused instead.
	return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value ? null : ms;
}

export function formatDateInput(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

/** Reads the cohort form. Error values are message codes; `values` re-fill the form. */
export async function parseCohortForm(db: DB, form: FormData) {
	const name = cleanText(form.get('name'));
	const course = cleanText(form.get('course'));
	const starts = cleanText(form.get('starts'));
	const ends = cleanText(form.get('ends'));
	// More values than the form offers is refused (the form comes back with the first ones ticked).
	const trainerList = parseIdList(form.getAll('trainers'));
	const organisationList = parseIdList(form.getAll('organisations'));
	const tooLong = trainerList === null || organisationList === null;
	const trainerIds = trainerList ?? [];
	const organisationIds = organisationList ?? [];
	const errors: CohortErrors = {};
	if (!name) errors.name = 'cohort_name_required';
	else if ([...name].length > 120) errors.name = 'too_long';
	const courseRow = /^\d{1,9}$/.test(course)
		? await db
				.selectFrom('courses')
				.select('id')
				.where('id', '=', Number(course))
				.where('archived', '=', 0)
				.executeTakeFirst()
		: undefined;
	if (!courseRow) errors.course = 'cohort_course_required';
	const startsAt = parseDate(starts);
	const endsAt = parseDate(ends);
	if (startsAt === null) errors.starts = 'date_invalid';
	if (endsAt === null) errors.ends = 'date_invalid';
	else if (startsAt !== null && endsAt <= startsAt) errors.ends = 'cohort_end_before_start';
	if (tooLong) errors.trainers = 'list_too_long';
	if (trainerIds.length > 0) {
		const found = await selectInChunks(trainerIds, (chunk) =>
			db.selectFrom('users').select('id').where('id', 'in', chunk).where('role', 'in', ['trainer', 'admin']).execute()
		);
		if (found.length !== trainerIds.length) errors.trainers = errors.trainers ?? 'cohort_trainer_unknown';
	}
	if (organisationIds.length > 0) {
		const found = await selectInChunks(organisationIds, (chunk) =>
			db.selectFrom('organisations').select('id').where('id', 'in', chunk).execute()
		);
		if (found.length !== organisationIds.length) errors.trainers = errors.trainers ?? 'organisation_unknown';
	}
	return {
		values: { name, course, starts, ends, trainers: trainerIds, organisations: organisationIds },
		errors,
		input: {
			name,
			courseId: courseRow?.id ?? 0,
			startsAt: startsAt ?? 0,
			endsAt: (endsAt ?? 0) + DAY - 1,
			trainerIds,
			organisationIds
		} as CohortInput
	};
}

async function setLinks(db: DB, cohortId: number, input: CohortInput) {
	await db.deleteFrom('cohort_trainers').where('cohort_id', '=', cohortId).execute();
	await db.deleteFrom('cohort_organisations').where('cohort_id', '=', cohortId).execute();
	// Two variables per row: chunks of rows keep each statement under SQLite's variable limit.
	for (const chunk of chunked(input.trainerIds, 200))
		await db
			.insertInto('cohort_trainers')
			.values(chunk.map((user_id) => ({ cohort_id: cohortId, user_id })))
			.execute();
	for (const chunk of chunked(input.organisationIds, 200))
		await db
			.insertInto('cohort_organisations')
			.values(chunk.map((organisation_id) => ({ cohort_id: cohortId, organisation_id })))
			.execute();
}

export async function createCohort(db: DB, input: CohortInput, byUserId: number, now = Date.now()): Promise<Cohort> {
	return db.transaction().execute(async (tx) => {
		const cohort = await tx
			.insertInto('cohorts')
			.values({
				name: input.name,
				course_id: input.courseId,
				starts_at: input.startsAt,
				ends_at: input.endsAt,
				invite_token: randomBytes(18).toString('base64url'),
				created_by: byUserId,
				created_at: now,
				updated_at: now
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		await setLinks(tx, cohort.id, input);
		return cohort;
	});
}

export async function updateCohort(db: DB, id: number, input: CohortInput, now = Date.now()): Promise<void> {
	await db.transaction().execute(async (tx) => {
		await tx
			.updateTable('cohorts')
			.set({
				name: input.name,
				course_id: input.courseId,
				starts_at: input.startsAt,
				ends_at: input.endsAt,
				updated_at: now
			})
			.where('id', '=', id)
			.execute();
		await setLinks(tx, id, input);
	});
}

export async function setArchived(db: DB, id: number, archived: boolean): Promise<void> {
	await db
		.updateTable('cohorts')
		.set({ archived: archived ? 1 : 0, updated_at: Date.now() })
		.where('id', '=', id)
		.execute();
}

export function getCohort(db: DB, id: number): Promise<Cohort | undefined> {
	return db.selectFrom('cohorts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The cohort's members by name (the first 500), for the members page. */
export function members(db: DB, cohortId: number): Promise<{ id: number; name: string; email: string }[]> {
	return db
		.selectFrom('cohort_members as cm')
		.innerJoin('users as u', 'u.id', 'cm.user_id')
		.select(['u.id', 'u.name', 'u.email'])
		.where('cm.cohort_id', '=', cohortId)
		.orderBy('u.name')
		.limit(500)
		.execute();
}

export async function trainerIds(db: DB, cohortId: number): Promise<number[]> {
	return (await db.selectFrom('cohort_trainers').select('user_id').where('cohort_id', '=', cohortId).execute()).map(
		(r) => r.user_id
	);
}

export async function organisationIds(db: DB, cohortId: number): Promise<number[]> {
	return (
		await db.selectFrom('cohort_organisations').select('organisation_id').where('cohort_id', '=', cohortId).execute()
	).map((r) => r.organisation_id);
}

/** Who may see a cohort's dashboard: coordinators and admins, and the cohort's trainers (read-only). */
export async function access(
	db: DB,
	user: { id: number; role: string },
	cohortId: number
): Promise<'manage' | 'read' | null> {
	if (user.role === 'admin' || user.role === 'coordinator') return 'manage';
	if (user.role === 'trainer') {
		const row = await db
			.selectFrom('cohort_trainers')
			.select('user_id')
			.where('cohort_id', '=', cohortId)
			.where('user_id', '=', user.id)
			.executeTakeFirst();
		return row ? 'read' : null;
	}
	return null;
}

/** Cohorts a user can see, with member counts: all for coordinators and admins, taught ones for trainers. */
export async function listCohorts(db: DB, user: { id: number; role: string }, includeArchived = false) {
	let q = db
		.selectFrom('cohorts')
		.leftJoin('cohort_members', 'cohort_members.cohort_id', 'cohorts.id')
		.select((eb) => [
			'cohorts.id',
			'cohorts.name',
			'cohorts.course_id',
			'cohorts.starts_at',
			'cohorts.ends_at',
			'cohorts.archived',
			eb.fn.count<number>('cohort_members.user_id').as('members')
		])
		.groupBy([
			'cohorts.id',
			'cohorts.name',
			'cohorts.course_id',
			'cohorts.starts_at',
			'cohorts.ends_at',
			'cohorts.archived'
		])
		.orderBy('cohorts.starts_at', 'desc');
	if (!includeArchived) q = q.where('cohorts.archived', '=', 0);
	if (user.role === 'trainer') {
		q = q.where(
			'cohorts.id',
			'in',
			db.selectFrom('cohort_trainers').select('cohort_id').where('user_id', '=', user.id)
		);
	} else if (user.role !== 'admin' && user.role !== 'coordinator') return [];
	return q.execute();
}

/** Adds learners to a cohort and enrols them in its course. Returns how many were new members. */
export async function addMembers(db: DB, cohort: Cohort, userIds: number[], now = Date.now()): Promise<number> {
	if (userIds.length === 0) return 0;
	return db.transaction().execute(async (tx) => {
		let added = 0;
		for (const userId of userIds) {
			const r = await tx
				.insertInto('cohort_members')
				.values({ cohort_id: cohort.id, user_id: userId, joined_at: now })
				.onConflict((oc) => oc.columns(['cohort_id', 'user_id']).doNothing())
				.executeTakeFirst();
			if (Number(r.numInsertedOrUpdatedRows ?? 0) > 0) added++;
			await progress.enrol(tx, userId, cohort.course_id, now);
		}
		return added;
	});
}

/**
 * Adds the people ticked in the members form (their ids as sent): only active accounts count.
 * More than MAX_FORM_LIST values is refused.
 */
export async function addPeople(
	db: DB,
	cohort: Cohort,
	values: readonly unknown[],
	now = Date.now()
): Promise<{ ok: true; added: number } | { ok: false; reason: 'none' | 'too_many' }> {
	const ids = parseIdList(values);
	if (ids === null) return { ok: false, reason: 'too_many' };
	if (ids.length === 0) return { ok: false, reason: 'none' };
	const found = await selectInChunks(ids, (chunk) =>
		// Learners only, as the picker lists them: staff are not made members (and so not messaged or moved).
		db
			.selectFrom('users')
			.select('id')
			.where('id', 'in', chunk)
			.where('active', '=', 1)
			.where('role', '=', 'learner')
			.execute()
	);
	return {
		ok: true,
		added: await addMembers(
			db,
			cohort,
			found.map((u) => u.id),
			now
		)
	};
}

export function findByInviteToken(db: DB, token: string) {
	if (!/^[A-Za-z0-9_-]{10,64}$/.test(token)) return Promise.resolve(undefined);
	return db.selectFrom('cohorts').selectAll().where('invite_token', '=', token).executeTakeFirst();
}

/** The cohorts a learner belongs to (their name and dates on "My learning"). */
export function cohortsOfLearner(db: DB, userId: number) {
	return db
		.selectFrom('cohort_members')
		.innerJoin('cohorts', 'cohorts.id', 'cohort_members.cohort_id')
		.select(['cohorts.id', 'cohorts.name', 'cohorts.course_id', 'cohorts.starts_at', 'cohorts.ends_at'])
		.where('cohort_members.user_id', '=', userId)
		.where('cohorts.archived', '=', 0)
		.execute();
}

function candidateQuery(db: DB, cohortId: number, query: string) {
	const q = fold(cleanText(query)).slice(0, 100);
	let base = db
		.selectFrom('users')
		.leftJoin('organisations', 'organisations.id', 'users.organisation_id')
		.where('users.active', '=', 1)
		.where('users.role', '=', 'learner')
		.where('users.id', 'not in', db.selectFrom('cohort_members').select('user_id').where('cohort_id', '=', cohortId));
	if (q) base = base.where('users.search_text', 'like', `%${q.replace(/[%_\\]/g, '')}%`);
	return base;
}

/** Active learners not yet in the cohort matching a search, for the "add existing users" picker. */
export async function candidates(db: DB, cohortId: number, query: string) {
	return candidateQuery(db, cohortId, query)
		.select(['users.id', 'users.name', 'users.email', 'organisations.name as organisationName'])
		.orderBy('users.name')
		.limit(50)
		.execute();
}

export const CANDIDATE_PAGE_SIZE = 50;

/** One page of the people the picker can add (all of them without a search), and how many there are. */
export async function candidatePage(db: DB, cohortId: number, query: string, page = 1) {
	const [rows, count] = await Promise.all([
		candidateQuery(db, cohortId, query)
			.select(['users.id', 'users.name', 'users.email', 'organisations.name as organisationName'])
			.orderBy('users.name')
			.orderBy('users.id')
			.limit(CANDIDATE_PAGE_SIZE)
			.offset((Math.max(1, page) - 1) * CANDIDATE_PAGE_SIZE)
			.execute(),
		candidateQuery(db, cohortId, query)
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirst()
	]);
	return { rows, total: Number(count?.n ?? 0) };
}
