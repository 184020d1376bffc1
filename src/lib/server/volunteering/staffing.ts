// What an organisation does with the people who applied to its calls: see them shift by shift,
// accept or decline them with a message, and after the shift mark who came (which confirms their
// hours). Only confirmed members of the call's organisation (users.organisation_id, read inside each
// write's transaction) decide; coordinators and admins may look. A volunteer's e-mail and phone, and
// a minor's guardian's contact, reach only the members of an organisation the volunteer applied to,
// and only while the application stands (a withdrawn one hides them again) and the volunteer keeps
// their profile (deleting it withdraws the consent to share contact details). Nobody decides on, or
// marks attendance for, their own application: a member who volunteers for their own organisation
// needs another member, as with logged hours.
import type { DB } from '../db/client';
import { inTransaction } from '../db/client';
import type { ApplicationStatus } from '../../../../db/schema';
import { MINOR_BAND } from '../../volunteering/options';
import { hasMarkup } from '../platform/form-text';
import { notify } from '../people/notices';
import { isStaff } from './access';
import { hoursText, insertConfirmedHours, issueCertificates, localDate, minutesInRange, HOURS_LIMITS } from './hours';
import { decisionMail, mailLocale, sendAll, type MailOut } from './staffing-mail';

export const DECISION_MESSAGE_MAX = 1000;
/** Applicants shown per shift; a call with more is far beyond what a small CSO posts. */
export const APPLICANTS_PER_SHIFT = 300;

export type Actor = { id: number; role: string };

export interface Applicant {
	applicationId: number;
	userId: number;
	name: string;
	ageBand: string | null;
	minor: boolean;
	languages: string[];
	skills: string[];
	skillsOther: string;
	message: string;
	status: ApplicationStatus;
	decisionMessage: string;
	attended: boolean | null;
	/** Only for members of the call's organisation, and not for a withdrawn application. */
	contact: { email: string; phone: string } | null;
	/** A minor's guardian; the contact only where `contact` is shown. */
	guardian: { name: string; contact: string } | null;
	/** Minutes of the confirmed hours this shift gave (attendance), if any. */
	hoursMinutes: number | null;
}

export interface ShiftApplicants {
	id: number;
	startsAt: number;
	endsAt: number;
	places: number;
	accepted: number;
	started: boolean;
	ended: boolean;
	/** What attendance credits unless changed: the shift's length within the limits. */
	defaultMinutes: number;
	applicants: Applicant[];
}

export interface CallView {
	id: number;
	title: string;
	organisationId: number;
	status: string;
}

export type ViewResult =
	| { ok: true; call: CallView; member: boolean; shifts: ShiftApplicants[] }
	| { ok: false; reason: 'not_found' | 'forbidden' };

function list(json: string): string[] {
	try {
		const value: unknown = JSON.parse(json);
		return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').slice(0, 50) : [];
	} catch {
		return [];
	}
}

/** Whether the actor may see the applicants of an organisation's call, and as whom. */
async function accessOf(db: DB, actor: Actor, organisationId: number): Promise<'member' | 'staff' | null> {
	const row = await db.selectFrom('users').select('organisation_id').where('id', '=', actor.id).executeTakeFirst();
	if (row && row.organisation_id === organisationId) return 'member';
	if (isStaff(actor)) return 'staff';
	return null;
}

/**
 * The applicants of a call, by shift. `organisationId`, when given, must be the call's (a call of
 * another organisation in the address is not found).
 */
export async function listApplicants(
	db: DB,
	actor: Actor,
	callId: number,
	organisationId?: number,
	now = Date.now()
): Promise<ViewResult> {
	const call = await db
		.selectFrom('volunteer_calls')
		.select(['id', 'title', 'organisation_id', 'status'])
		.where('id', '=', callId)
		.executeTakeFirst();
	if (!call || (organisationId !== undefined && call.organisation_id !== organisationId))
		return { ok: false, reason: 'not_found' };
	const access = await accessOf(db, actor, call.organisation_id);
	if (!access) return { ok: false, reason: 'forbidden' };
	const member = access === 'member';

	const shifts = await db
		.selectFrom('volunteer_shifts')
		.select(['id', 'starts_at', 'ends_at', 'places'])
		.where('call_id', '=', callId)
		.orderBy('starts_at')
		.orderBy('id')
		.limit(200)
		.execute();
	const shiftIds = shifts.map((s) => s.id);
	const rows =
		shiftIds.length === 0
			? []
			: await db
					.selectFrom('volunteer_applications as a')
					.innerJoin('users as u', 'u.id', 'a.user_id')
					.leftJoin('volunteer_profiles as p', 'p.user_id', 'a.user_id')
					.leftJoin('volunteer_hours as h', 'h.application_id', 'a.id')
					.select([
						'a.id',
						'a.shift_id',
						'a.user_id',
						'a.message',
						'a.status',
						'a.decision_message',
						'a.attended',
						'u.name',
						'u.email',
						'p.age_band',
						'p.contact_consent_at',
						'p.languages',
						'p.skills',
						'p.skills_other',
						'p.phone',
						'p.guardian_name',
						'p.guardian_contact',
						'h.minutes as hours_minutes'
					])
					.where('a.shift_id', 'in', shiftIds)
					.orderBy('a.created_at')
					.orderBy('a.id')
					.execute();

	const byShift = new Map<number, Applicant[]>();
	for (const r of rows) {
		const minor = r.age_band === MINOR_BAND;
		// Contact details: members of the organisation applied to, while the application stands and the
		// volunteer still has a profile with their consent to share them (a deleted profile withdraws it).
		const showContact = member && r.status !== 'withdrawn' && r.contact_consent_at != null;
		const applicant: Applicant = {
			applicationId: r.id,
			userId: r.user_id,
			name: r.name,
			ageBand: r.age_band,
			minor,
			languages: list(r.languages ?? '[]'),
			skills: list(r.skills ?? '[]'),
			skillsOther: r.skills_other ?? '',
			message: r.message,
			status: r.status,
			decisionMessage: r.decision_message,
			attended: r.attended === null ? null : r.attended === 1,
			contact: showContact ? { email: r.email, phone: r.phone ?? '' } : null,
			guardian: minor ? { name: r.guardian_name ?? '', contact: showContact ? (r.guardian_contact ?? '') : '' } : null,
			hoursMinutes: r.hours_minutes ?? null
		};
		const group = byShift.get(r.shift_id) ?? [];
		if (group.length < APPLICANTS_PER_SHIFT) group.push(applicant);
		byShift.set(r.shift_id, group);
	}
	return {
		ok: true,
		call: { id: call.id, title: call.title, organisationId: call.organisation_id, status: call.status },
		member,
		shifts: shifts.map((s) => {
			const applicants = byShift.get(s.id) ?? [];
			return {
				id: s.id,
				startsAt: s.starts_at,
				endsAt: s.ends_at,
				places: s.places,
				accepted: applicants.filter((a) => a.status === 'accepted').length,
				started: s.starts_at <= now,
				ended: s.ends_at <= now,
				defaultMinutes: shiftMinutes(s.starts_at, s.ends_at),
				applicants
			};
		})
	};
}

export type DecideReason =
	| 'not_found'
	| 'forbidden'
	| 'own_application'
	| 'no_profile'
	| 'minor_not_allowed'
	| 'withdrawn'
	| 'full'
	| 'ended'
	| 'unchanged'
	| 'attended'
	| 'too_long'
	| 'volp_err_markup';
export type DecideResult = { ok: true } | { ok: false; reason: DecideReason };

/** The application with its shift and call, for a write. */
function applicationRow(tx: DB, applicationId: number) {
	return tx
		.selectFrom('volunteer_applications as a')
		.innerJoin('volunteer_shifts as s', 's.id', 'a.shift_id')
		.innerJoin('volunteer_calls as c', 'c.id', 's.call_id')
		.innerJoin('users as u', 'u.id', 'a.user_id')
		.select([
			'a.id',
			'a.user_id',
			'a.status',
			'a.attended',
			'a.shift_id',
			's.starts_at',
			's.ends_at',
			's.places',
			'c.id as call_id',
			'c.title',
			'c.locale',
			'c.organisation_id',
			'c.minors_allowed',
			'u.email'
		])
		.where('a.id', '=', applicationId)
		.executeTakeFirst();
}

/**
 * Accepts or declines an application, with an optional message to the volunteer. Accepting refuses a
 * full shift (counted inside the transaction, so two members accepting the last place at once cannot
 * both succeed) and a shift that has ended; a withdrawn application cannot be decided.
 * `callId`, when given, must be the application's call.
 */
export async function decide(
	db: DB,
	actor: Actor,
	input: { applicationId: number; decision: 'accept' | 'decline'; message: string; callId?: number },
	now = Date.now()
): Promise<DecideResult> {
	const message = input.message.trim();
	if ([...message].length > DECISION_MESSAGE_MAX) return { ok: false, reason: 'too_long' };
	if (hasMarkup(message)) return { ok: false, reason: 'volp_err_markup' };
	let mail: MailOut | null = null;
	const result = await inTransaction(db, async (tx): Promise<DecideResult> => {
		const app = await applicationRow(tx, input.applicationId);
		if (!app || (input.callId !== undefined && app.call_id !== input.callId)) return { ok: false, reason: 'not_found' };
		if ((await accessOf(tx, actor, app.organisation_id)) !== 'member') return { ok: false, reason: 'forbidden' };
		if (app.user_id === actor.id) return { ok: false, reason: 'own_application' };
		if (app.status === 'withdrawn') return { ok: false, reason: 'withdrawn' };
		if (app.attended !== null) return { ok: false, reason: 'attended' };
		const status: ApplicationStatus = input.decision === 'accept' ? 'accepted' : 'declined';
		if (app.status === status) return { ok: false, reason: 'unchanged' };
		if (status === 'accepted') {
			if (app.ends_at <= now) return { ok: false, reason: 'ended' };
			// The profile as it is now, not as it was at applying: a volunteer may have changed the age
			// band since, or deleted the profile (and with it the consent to be contacted).
			const profile = await tx
				.selectFrom('volunteer_profiles')
				.select('age_band')
				.where('user_id', '=', app.user_id)
				.executeTakeFirst();
			if (!profile) return { ok: false, reason: 'no_profile' };
			if (profile.age_band === MINOR_BAND && !app.minors_allowed) return { ok: false, reason: 'minor_not_allowed' };
			const taken = await tx
				.selectFrom('volunteer_applications')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('shift_id', '=', app.shift_id)
				.where('status', '=', 'accepted')
				.executeTakeFirstOrThrow();
			if (Number(taken.n) >= app.places) return { ok: false, reason: 'full' };
		}
		const updated = await tx
			.updateTable('volunteer_applications')
			.set({ status, decision_message: message, decided_by: actor.id, decided_at: now, updated_at: now })
			.where('id', '=', app.id)
			.where('status', '=', app.status)
			.executeTakeFirst();
		if (Number(updated.numUpdatedRows) !== 1) return { ok: false, reason: 'unchanged' };
		await notify(
			tx,
			app.user_id,
			status === 'accepted' ? 'application-accepted' : 'application-declined',
			status === 'accepted'
				? { call: app.title, callId: app.call_id, starts: app.starts_at }
				: { call: app.title, callId: app.call_id, message },
			// Accepted: the shifts to come with their calendar files; declined: the history of applications.
			status === 'accepted' ? '/volunteer/hours' : '/volunteer',
			now
		);
		mail = decisionMail({
			to: app.email,
			locale: mailLocale(app.locale),
			accepted: status === 'accepted',
			call: app.title,
			callId: app.call_id,
			starts: app.starts_at,
			message
		});
		return { ok: true };
	});
	// After the commit: a slow mail server must not hold the database.
	if (result.ok && mail) await sendAll([mail]);
	return result;
}

export type AttendanceReason =
	'not_found' | 'forbidden' | 'own_hours' | 'not_accepted' | 'not_started' | 'already' | 'minutes' | 'over_shift';
export type AttendanceResult = { ok: true; minutes: number | null } | { ok: false; reason: AttendanceReason };

/**
 * The most attendance credits for a shift, and its default: the shift's length rounded up to the
 * next 15 minutes, within the limits of one hours entry (at least 15 minutes, at most 16 hours).
 */
export function shiftMinutes(startsAt: number, endsAt: number): number {
	const minutes = Math.ceil(Math.max(0, endsAt - startsAt) / (15 * 60000)) * 15;
	return Math.min(HOURS_LIMITS.maxMinutes, Math.max(HOURS_LIMITS.minMinutes, minutes));
}

/**
 * After a shift has started, a member marks whether an accepted volunteer came. "Came" writes a
 * confirmed hours row (the shift's length unless `minutes` says otherwise) in the same transaction,
 * never twice for one application. "Did not come" may later be corrected to "came"; "came" is final.
 */
export async function markAttendance(
	db: DB,
	actor: Actor,
	input: { applicationId: number; came: boolean; minutes?: number | null; callId?: number },
	now = Date.now()
): Promise<AttendanceResult> {
	if (input.came && input.minutes != null && !minutesInRange(input.minutes)) return { ok: false, reason: 'minutes' };
	const result = await inTransaction(db, async (tx): Promise<AttendanceResult & { userId?: number }> => {
		const app = await applicationRow(tx, input.applicationId);
		if (!app || (input.callId !== undefined && app.call_id !== input.callId)) return { ok: false, reason: 'not_found' };
		if ((await accessOf(tx, actor, app.organisation_id)) !== 'member') return { ok: false, reason: 'forbidden' };
		if (app.user_id === actor.id) return { ok: false, reason: 'own_hours' };
		if (app.status !== 'accepted') return { ok: false, reason: 'not_accepted' };
		if (app.starts_at > now) return { ok: false, reason: 'not_started' };
		// The form may lower the time credited, never raise it above the shift's length.
		const most = shiftMinutes(app.starts_at, app.ends_at);
		if (input.came && input.minutes != null && input.minutes > most) return { ok: false, reason: 'over_shift' };
		if (app.attended === 1 || (app.attended === 0 && !input.came)) return { ok: false, reason: 'already' };
		if (input.came) {
			const counted = await tx
				.selectFrom('volunteer_hours')
				.select('id')
				.where('application_id', '=', app.id)
				.executeTakeFirst();
			if (counted) return { ok: false, reason: 'already' };
		}
		const updated = await tx
			.updateTable('volunteer_applications')
			.set({ attended: input.came ? 1 : 0, updated_at: now })
			.where('id', '=', app.id)
			.where((eb) => (app.attended === null ? eb('attended', 'is', null) : eb('attended', '=', app.attended)))
			.executeTakeFirst();
		if (Number(updated.numUpdatedRows) !== 1) return { ok: false, reason: 'already' };
		if (!input.came) return { ok: true, minutes: null };
		const minutes = input.minutes ?? most;
		const written = await insertConfirmedHours(
			tx,
			{
				userId: app.user_id,
				organisationId: app.organisation_id,
				applicationId: app.id,
				// The day the shift started, in the region's time zone.
				workedOn: localDate(app.starts_at),
				minutes
			},
			actor.id,
			now
		);
		// A row written before (by whatever path) means this attendance was already counted: undo all.
		if (!written) throw new AlreadyCounted();
		const org = await tx
			.selectFrom('organisations')
			.select('name')
			.where('id', '=', app.organisation_id)
			.executeTakeFirst();
		await notify(
			tx,
			app.user_id,
			'hours-confirmed',
			{ hours: hoursText(minutes), organisation: org?.name ?? '' },
			'/volunteer/hours',
			now
		);
		return { ok: true, minutes, userId: app.user_id };
	}).catch((e: unknown) => {
		if (e instanceof AlreadyCounted) return { ok: false as const, reason: 'already' as const };
		throw e;
	});
	if (result.ok && result.minutes !== null && 'userId' in result && result.userId !== undefined)
		await issueCertificates(db, result.userId);
	if (result.ok) return { ok: true, minutes: result.minutes };
	return result;
}

class AlreadyCounted extends Error {}

/** Reads an application id from a form field; null when it is not one. */
export function idFromForm(value: FormDataEntryValue | null): number | null {
	return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : null;
}
