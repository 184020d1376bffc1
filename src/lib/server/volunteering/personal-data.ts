// The volunteer network's part of the personal-data rights (people/privacy.ts): what an export holds
// about a person's volunteering, and what deleting the account removes.
import type { DB } from '../db/client';
import { parseStoredJson } from '../db/json';
import * as v from 'valibot';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const codeList = v.array(v.string());
const noticeParams = v.record(v.string(), v.union([v.string(), v.number()]));

/** A person's volunteer profile, applications, hours, event attendance and notices, as plain JSON. */
export async function volunteeringExport(db: DB, userId: number) {
	const [profile, applications, hours, events, notices] = await Promise.all([
		db.selectFrom('volunteer_profiles').selectAll().where('user_id', '=', userId).executeTakeFirst(),
		db
			.selectFrom('volunteer_applications as a')
			.innerJoin('volunteer_shifts as shift', 'shift.id', 'a.shift_id')
			.innerJoin('volunteer_calls as call', 'call.id', 'shift.call_id')
			.innerJoin('organisations as org', 'org.id', 'call.organisation_id')
			.select([
				'call.title',
				'org.name as organisation',
				'shift.starts_at',
				'shift.ends_at',
				'a.message',
				'a.status',
				'a.decision_message',
				'a.decided_at',
				'a.attended',
				'a.created_at',
				'a.updated_at'
			])
			.where('a.user_id', '=', userId)
			.orderBy('a.id')
			.execute(),
		db
			.selectFrom('volunteer_hours as h')
			.innerJoin('organisations as org', 'org.id', 'h.organisation_id')
			.select([
				'org.name as organisation',
				'h.worked_on',
				'h.minutes',
				'h.note',
				'h.status',
				'h.confirmed_at',
				'h.created_at'
			])
			.where('h.user_id', '=', userId)
			.orderBy('h.id')
			.execute(),
		db
			.selectFrom('portal_event_attendees as att')
			.innerJoin('portal_events as e', 'e.id', 'att.event_id')
			.select(['e.title', 'e.starts_at', 'att.created_at'])
			.where('att.user_id', '=', userId)
			.orderBy('e.starts_at')
			.execute(),
		db
			.selectFrom('notices')
			.select(['kind', 'params', 'link', 'created_at', 'read_at'])
			.where('user_id', '=', userId)
			.orderBy('id')
			.execute()
	]);
	return {
		profile: profile
			? {
					municipality: profile.municipality,
					languages: parseStoredJson(codeList, profile.languages, 'volunteer_profiles.languages'),
					skills: parseStoredJson(codeList, profile.skills, 'volunteer_profiles.skills'),
					skillsOther: profile.skills_other,
					availability: parseStoredJson(codeList, profile.availability, 'volunteer_profiles.availability'),
					ageBand: profile.age_band,
					phone: profile.phone,
					contactConsentAt: iso(profile.contact_consent_at),
					guardianName: profile.guardian_name,
					guardianContact: profile.guardian_contact,
					guardianConsentAt: iso(profile.guardian_consent_at),
					hidden: profile.hidden === 1,
					createdAt: iso(profile.created_at),
					updatedAt: iso(profile.updated_at)
				}
			: null,
		applications: applications.map((a) => ({
			call: a.title,
			organisation: a.organisation,
			shiftStartsAt: iso(a.starts_at),
			shiftEndsAt: iso(a.ends_at),
			message: a.message,
			status: a.status,
			decisionMessage: a.decision_message,
			decidedAt: iso(a.decided_at),
			attended: a.attended === null ? null : a.attended === 1,
			appliedAt: iso(a.created_at),
			updatedAt: iso(a.updated_at)
		})),
		hours: hours.map((h) => ({
			organisation: h.organisation,
			workedOn: h.worked_on,
			minutes: h.minutes,
			note: h.note,
			status: h.status,
			confirmedAt: iso(h.confirmed_at),
			loggedAt: iso(h.created_at)
		})),
		events: events.map((e) => ({ event: e.title, startsAt: iso(e.starts_at), signedUpAt: iso(e.created_at) })),
		notices: notices.map((n) => ({
			kind: n.kind,
			params: parseStoredJson(noticeParams, n.params, 'notices.params'),
			link: n.link,
			createdAt: iso(n.created_at),
			readAt: iso(n.read_at)
		}))
	};
}

/** Removes a person's volunteering data (inside the account deletion's transaction). */
export async function deleteVolunteering(db: DB, userId: number): Promise<void> {
	await db.deleteFrom('volunteer_hours').where('user_id', '=', userId).execute();
	await db.deleteFrom('volunteer_applications').where('user_id', '=', userId).execute();
	await db.deleteFrom('portal_event_attendees').where('user_id', '=', userId).execute();
	await db.deleteFrom('notices').where('user_id', '=', userId).execute();
	await db.deleteFrom('volunteer_profiles').where('user_id', '=', userId).execute();
}
