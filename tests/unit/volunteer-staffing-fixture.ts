// Rows for the staffing and hours tests, written straight into the tables with Kysely: an
// organisation with a member, a call with shifts, volunteers with profiles and applications.
import type { DB } from '$lib/server/db/client';
import type { ApplicationStatus } from '../../db/schema';
import { HOUR, T0, insertOrganisation, insertUser } from './helpers';

export async function insertCall(db: DB, organisationId: number, title = 'Clean the riverbank', locale = 'en') {
	const row = await db
		.insertInto('volunteer_calls')
		.values({
			organisation_id: organisationId,
			created_by: null,
			locale,
			title,
			description: 'Bring gloves.',
			municipality: 'zvecan',
			place: 'Ibar bank',
			required_course_id: null,
			reviewed_by: null,
			reviewed_at: null,
			status: 'open',
			created_at: T0,
			updated_at: T0
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export async function insertShift(db: DB, callId: number, startsAt: number, hours = 3, places = 2) {
	const row = await db
		.insertInto('volunteer_shifts')
		.values({ call_id: callId, starts_at: startsAt, ends_at: startsAt + hours * HOUR, places })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export async function insertVolunteer(
	db: DB,
	name: string,
	profile: { ageBand?: string; phone?: string; guardian?: [string, string]; organisationId?: number | null } = {}
) {
	const id = await insertUser(db, {
		name,
		email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.org`,
		organisationId: profile.organisationId ?? null
	});
	await db
		.insertInto('volunteer_profiles')
		.values({
			user_id: id,
			municipality: 'zvecan',
			languages: JSON.stringify(['sr', 'en']),
			skills: JSON.stringify(['events']),
			age_band: profile.ageBand ?? '18-24',
			phone: profile.phone ?? '+383 44 000 111',
			contact_consent_at: T0,
			guardian_name: profile.guardian?.[0] ?? '',
			guardian_contact: profile.guardian?.[1] ?? '',
			guardian_consent_at: profile.guardian ? T0 : null,
			created_at: T0,
			updated_at: T0
		})
		.execute();
	return id;
}

export async function insertApplication(
	db: DB,
	shiftId: number,
	userId: number,
	status: ApplicationStatus = 'applied',
	message = 'I can help.'
) {
	const row = await db
		.insertInto('volunteer_applications')
		.values({
			shift_id: shiftId,
			user_id: userId,
			message,
			status,
			decided_by: null,
			decided_at: null,
			attended: null,
			reminded_at: null,
			created_at: T0,
			updated_at: T0
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** An organisation with a confirmed member, another organisation with its member, a coordinator. */
export async function world(db: DB) {
	const org = await insertOrganisation(db, 'Udruženje Most', 'most');
	const otherOrg = await insertOrganisation(db, 'Other NGO', 'other');
	const member = {
		id: await insertUser(db, { name: 'Mira Member', email: 'mira@example.org', organisationId: org }),
		role: 'learner'
	};
	const outsider = {
		id: await insertUser(db, { name: 'Oskar Outsider', email: 'oskar@example.org', organisationId: otherOrg }),
		role: 'learner'
	};
	const claimant = {
		id: await insertUser(db, { name: 'Rita Requested', email: 'rita@example.org' }),
		role: 'learner'
	};
	await db
		.updateTable('users')
		.set({ requested_organisation_id: org, requested_at: T0 })
		.where('id', '=', claimant.id)
		.execute();
	const coordinator = {
		id: await insertUser(db, { name: 'Kujtim Coordinator', email: 'co@example.org', role: 'coordinator' }),
		role: 'coordinator'
	};
	return { org, otherOrg, member, outsider, claimant, coordinator };
}

export async function noticesOf(db: DB, userId: number) {
	return db
		.selectFrom('notices')
		.select(['kind', 'params', 'link'])
		.where('user_id', '=', userId)
		.orderBy('id')
		.execute();
}
