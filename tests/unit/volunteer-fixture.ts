// Fixtures for the volunteer tests: profiles through the domain module, calls and shifts as rows
// (the calls module is built elsewhere; these tests need only what is stored).
import type { DB } from '$lib/server/db/client';
import { saveProfile, type ProfileInput } from '$lib/server/volunteering/profiles';
import { DAY, HOUR, T0 } from './helpers';

export const ADULT: ProfileInput = {
	municipality: 'zvecan',
	languages: ['sr', 'en'],
	skills: ['events', 'writing'],
	skillsOther: '',
	availability: ['weekends'],
	ageBand: '25-34',
	phone: '+383 44 123 456',
	guardianName: '',
	guardianContact: ''
};

export const MINOR: ProfileInput = {
	...ADULT,
	ageBand: 'under-18',
	guardianName: 'Mira Petrović',
	guardianContact: '+383 44 654 321'
};

export async function addProfile(db: DB, userId: number, input: Partial<ProfileInput> = {}): Promise<void> {
	await saveProfile(db, userId, { ...ADULT, ...input }, T0);
}

export interface CallRow {
	organisationId: number;
	title?: string;
	municipality?: string;
	skills?: string[];
	languages?: string[];
	minorsAllowed?: boolean;
	status?: 'pending' | 'open' | 'declined' | 'closed';
	requiredCourseId?: number | null;
}

export async function addCall(db: DB, call: CallRow): Promise<number> {
	const row = await db
		.insertInto('volunteer_calls')
		.values({
			organisation_id: call.organisationId,
			created_by: null,
			locale: 'en',
			title: call.title ?? 'Clean-up of the Ibar bank',
			description: 'Bring gloves.',
			municipality: call.municipality ?? 'zvecan',
			place: 'Town square',
			skills: JSON.stringify(call.skills ?? []),
			languages: JSON.stringify(call.languages ?? []),
			required_course_id: call.requiredCourseId ?? null,
			minors_allowed: call.minorsAllowed ? 1 : 0,
			status: call.status ?? 'open',
			reviewed_by: null,
			reviewed_at: null,
			created_at: T0,
			updated_at: T0
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** A shift `inDays` after T0, two hours long. */
export async function addShift(db: DB, callId: number, inDays: number, places = 3): Promise<number> {
	const starts = T0 + inDays * DAY;
	const row = await db
		.insertInto('volunteer_shifts')
		.values({ call_id: callId, starts_at: starts, ends_at: starts + 2 * HOUR, places })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Marks an application accepted directly (the organisation's side is another module). */
export async function accept(db: DB, applicationId: number): Promise<void> {
	await db
		.updateTable('volunteer_applications')
		.set({ status: 'accepted', decided_at: T0 })
		.where('id', '=', applicationId)
		.execute();
}
