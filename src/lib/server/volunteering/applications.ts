// The volunteer's side of applications (issue 18): the open calls that fit a profile, applying to one
// shift of a call with a short message, withdrawing, and the history. The organisation's side
// (accepting, declining, attendance) is volunteering/staffing.ts, on the same table.
//
// A shift is full when as many volunteers are accepted as it has places: applying does not take a
// place, so that an organisation can choose among more applicants than it has places. Every rule is
// checked inside the transaction that writes the application, so two requests sent at once cannot
// both pass a check that only one of them may pass; the unique (shift, user) constraint backs the
// "only once" rule.
import type { DB } from '../db/client';
import type { ExpressionBuilder } from 'kysely';
import type { ApplicationStatus, Database, VolunteerShiftTable } from '../../../../db/schema';
import * as v from 'valibot';
import { cleanText, hasMarkup } from '../platform/form-text';
import { parseStoredJson } from '../db/json';
import { getProfile, type VolunteerProfile } from './profiles';
import { belgradeWallClock } from '../platform/region-time';
import type { Availability } from '../../volunteering/options';
import { isUniqueViolation } from '../db/errors';

export const MESSAGE_LIMIT = 1000;
/** How many fitting calls the dashboard lists, and how many applications the history shows. */
export const LIST_LIMIT = 30;
export const HISTORY_LIMIT = 100;

const codeList = v.array(v.string());
const codes = (text: string, column: string) => parseStoredJson(codeList, text, column);

/** Accepted volunteers of the shift aliased `shift` in the outer query (a portable correlated count). */
function acceptedCount(eb: ExpressionBuilder<Database & { shift: VolunteerShiftTable }, 'shift'>) {
	return eb
		.selectFrom('volunteer_applications as acc')
		.select((inner) => inner.fn.countAll<number>().as('n'))
		.whereRef('acc.shift_id', '=', 'shift.id')
		.where('acc.status', '=', 'accepted')
		.as('accepted');
}

/** Evenings start at 17:00 on the region's clock. */
const EVENING_FROM = '17:00';

/**
 * When a shift starts, in the volunteer's terms, read on the region's wall clock (Europe/Belgrade,
 * whatever the server's time zone): Saturday and Sunday are 'weekends'; Monday to Friday from 17:00
 * on are 'evenings', before 17:00 'weekdays'.
 */
export function shiftAvailability(startsAt: number): Availability {
	const { date, time } = belgradeWallClock(startsAt);
	const [y, mo, d] = date.split('-').map(Number);
	const weekday = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
	if (weekday === 0 || weekday === 6) return 'weekends';
	return time >= EVENING_FROM ? 'evenings' : 'weekdays';
}

/** Whether a shift starting then suits a volunteer free at these times (none ticked: any time). */
export function fitsAvailability(availability: readonly Availability[], startsAt: number): boolean {
	return availability.length === 0 || availability.includes(shiftAvailability(startsAt));
}

export interface FittingCall {
	id: number;
	title: string;
	organisation: string;
	organisationSlug: string;
	municipality: string;
	place: string;
	/** The first future shift with a place left at a time the volunteer is free. */
	nextShiftId: number;
	nextShiftAt: number;
}

/**
 * Open calls that fit a profile: a future shift with a place left; the call's municipality is the
 * volunteer's, or either says 'other' (elsewhere: the volunteer or the call is not bound to one of
 * the four); a skill in common or none asked; a language in common or none asked; minors see only
 * calls open to minors; and the shift starts when the volunteer said they are free (weekdays,
 * evenings, weekends on Belgrade's clock; none ticked means any time).
 */
export async function fittingCalls(db: DB, profile: VolunteerProfile, now = Date.now()): Promise<FittingCall[]> {
	let query = db
		.selectFrom('volunteer_shifts as shift')
		.innerJoin('volunteer_calls as call', 'call.id', 'shift.call_id')
		.innerJoin('organisations as org', 'org.id', 'call.organisation_id')
		.select([
			'call.id',
			'call.title',
			'call.municipality',
			'call.place',
			'call.skills',
			'call.languages',
			'org.name as organisation',
			'org.slug as organisationSlug',
			'shift.id as shiftId',
			'shift.starts_at',
			'shift.places'
		])
		.select(acceptedCount)
		.where('call.status', '=', 'open')
		.where('shift.starts_at', '>', now)
		// A shift the volunteer already applied to is in their history, not offered again.
		.where(({ not, exists, selectFrom }) =>
			not(
				exists(
					selectFrom('volunteer_applications as mine')
						.select('mine.id')
						.whereRef('mine.shift_id', '=', 'shift.id')
						.where('mine.user_id', '=', profile.userId)
						.where('mine.status', '<>', 'withdrawn')
				)
			)
		);
	if (profile.minor) query = query.where('call.minors_allowed', '=', 1);
	if (profile.municipality !== 'other') query = query.where('call.municipality', 'in', [profile.municipality, 'other']);
	const rows = await query.orderBy('shift.starts_at').orderBy('shift.id').limit(2000).execute();
	const out: FittingCall[] = [];
	const seen = new Set<number>();
	for (const r of rows) {
		if (seen.has(r.id) || Number(r.accepted) >= r.places) continue;
		if (!fitsAvailability(profile.availability, r.starts_at)) continue;
		const skills = codes(r.skills, 'volunteer_calls.skills');
		const languages = codes(r.languages, 'volunteer_calls.languages');
		if (skills.length > 0 && !skills.some((s) => (profile.skills as string[]).includes(s))) continue;
		if (languages.length > 0 && !languages.some((l) => (profile.languages as string[]).includes(l))) continue;
		seen.add(r.id);
		out.push({
			id: r.id,
			title: r.title,
			organisation: r.organisation,
			organisationSlug: r.organisationSlug,
			municipality: r.municipality,
			place: r.place,
			nextShiftId: r.shiftId,
			nextShiftAt: r.starts_at
		});
		if (out.length >= LIST_LIMIT) break;
	}
	return out;
}

export interface ApplyShift {
	id: number;
	startsAt: number;
	endsAt: number;
	places: number;
	left: number;
}

export interface ApplyCall {
	id: number;
	title: string;
	organisation: string;
	municipality: string;
	place: string;
	minorsAllowed: boolean;
	requiredCourseId: number | null;
	shifts: ApplyShift[];
}

/** An open call with its shifts that have not started (full ones too, with 0 left); null otherwise. */
export async function callForApplying(db: DB, callId: number, now = Date.now()): Promise<ApplyCall | null> {
	const call = await db
		.selectFrom('volunteer_calls as call')
		.innerJoin('organisations as org', 'org.id', 'call.organisation_id')
		.select([
			'call.id',
			'call.title',
			'call.municipality',
			'call.place',
			'call.minors_allowed',
			'call.required_course_id',
			'org.name as organisation'
		])
		.where('call.id', '=', callId)
		.where('call.status', '=', 'open')
		.executeTakeFirst();
	if (!call) return null;
	const shifts = await db
		.selectFrom('volunteer_shifts as shift')
		.select(['shift.id', 'shift.starts_at', 'shift.ends_at', 'shift.places'])
		.select(acceptedCount)
		.where('shift.call_id', '=', callId)
		.where('shift.starts_at', '>', now)
		.orderBy('shift.starts_at')
		.orderBy('shift.id')
		.limit(200)
		.execute();
	return {
		id: call.id,
		title: call.title,
		organisation: call.organisation,
		municipality: call.municipality,
		place: call.place,
		minorsAllowed: call.minors_allowed === 1,
		requiredCourseId: call.required_course_id,
		shifts: shifts.map((s) => ({
			id: s.id,
			startsAt: s.starts_at,
			endsAt: s.ends_at,
			places: s.places,
			left: Math.max(0, s.places - Number(s.accepted))
		}))
	};
}

/** Whether a user has completed a course: a certificate that stands, or a completed enrolment. */
export async function hasCompletedCourse(db: DB, userId: number, courseId: number): Promise<boolean> {
	const certificate = await db
		.selectFrom('certificates')
		.select('id')
		.where('user_id', '=', userId)
		.where('course_id', '=', courseId)
		.where('kind', '=', 'learner')
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	if (certificate) return true;
	const enrolment = await db
		.selectFrom('enrolments')
		.select('id')
		.where('user_id', '=', userId)
		.where('course_id', '=', courseId)
		.where('completed_at', 'is not', null)
		.executeTakeFirst();
	return Boolean(enrolment);
}

export type ApplyRefusal =
	| 'no_profile'
	| 'profile_hidden'
	| 'not_found'
	| 'shift_not_found'
	| 'shift_started'
	| 'shift_full'
	| 'already_applied'
	| 'minors_not_allowed'
	| 'message_too_long'
	/** The message looks like HTML (a tag or a comment): plain text only. */
	| 'volp_err_markup';

export type ApplyResult =
	| { ok: true; applicationId: number }
	| { ok: false; reason: ApplyRefusal }
	| { ok: false; reason: 'course_required'; courseId: number };

/** Cleans an application message (plain text; the length is checked by apply). */
export function cleanMessage(value: unknown): string {
	return cleanText(value);
}

/**
 * Applies to one shift of an open call. A withdrawn application to the same shift is sent again
 * (the same row, as the (shift, user) pair is unique); any other earlier application is refused.
 */
export async function apply(
	db: DB,
	request: { userId: number; callId: number; shiftId: number; message: unknown },
	now = Date.now()
): Promise<ApplyResult> {
	const message = cleanMessage(request.message);
	if ([...message].length > MESSAGE_LIMIT) return { ok: false, reason: 'message_too_long' };
	if (hasMarkup(message)) return { ok: false, reason: 'volp_err_markup' };
	try {
		return await db.transaction().execute(async (tx): Promise<ApplyResult> => {
			const profile = await getProfile(tx, request.userId);
			if (!profile) return { ok: false, reason: 'no_profile' };
			if (profile.hidden) return { ok: false, reason: 'profile_hidden' };
			const call = await tx
				.selectFrom('volunteer_calls')
				.select(['id', 'status', 'minors_allowed', 'required_course_id'])
				.where('id', '=', request.callId)
				.executeTakeFirst();
			if (!call || call.status !== 'open') return { ok: false, reason: 'not_found' };
			const shift = await tx
				.selectFrom('volunteer_shifts as shift')
				.select(['shift.id', 'shift.starts_at', 'shift.places'])
				.select(acceptedCount)
				.where('shift.id', '=', request.shiftId)
				.where('shift.call_id', '=', call.id)
				.executeTakeFirst();
			if (!shift) return { ok: false, reason: 'shift_not_found' };
			if (shift.starts_at <= now) return { ok: false, reason: 'shift_started' };
			if (profile.minor && call.minors_allowed !== 1) return { ok: false, reason: 'minors_not_allowed' };
			if (call.required_course_id !== null && !(await hasCompletedCourse(tx, request.userId, call.required_course_id)))
				return { ok: false, reason: 'course_required', courseId: call.required_course_id };
			const earlier = await tx
				.selectFrom('volunteer_applications')
				.select(['id', 'status'])
				.where('shift_id', '=', shift.id)
				.where('user_id', '=', request.userId)
				.executeTakeFirst();
			if (earlier && earlier.status !== 'withdrawn') return { ok: false, reason: 'already_applied' };
			if (Number(shift.accepted) >= shift.places) return { ok: false, reason: 'shift_full' };
			if (earlier) {
				await tx
					.updateTable('volunteer_applications')
					.set({
						status: 'applied',
						message,
						decision_message: '',
						decided_by: null,
						decided_at: null,
						attended: null,
						reminded_at: null,
						updated_at: now
					})
					.where('id', '=', earlier.id)
					.execute();
				return { ok: true, applicationId: earlier.id };
			}
			const row = await tx
				.insertInto('volunteer_applications')
				.values({
					shift_id: shift.id,
					user_id: request.userId,
					message,
					status: 'applied',
					created_at: now,
					updated_at: now
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			return { ok: true, applicationId: row.id };
		});
	} catch (e) {
		// Another request of the same person won the race between the check and the insert.
		if (isUniqueViolation(e)) return { ok: false, reason: 'already_applied' };
		throw e;
	}
}

export type WithdrawResult = { ok: true } | { ok: false; reason: 'not_found' | 'not_open' | 'shift_started' };

/** Withdraws one's own application (applied or accepted) to a shift that has not started. */
export async function withdraw(
	db: DB,
	userId: number,
	applicationId: number,
	now = Date.now()
): Promise<WithdrawResult> {
	return db.transaction().execute(async (tx): Promise<WithdrawResult> => {
		const row = await tx
			.selectFrom('volunteer_applications as a')
			.innerJoin('volunteer_shifts as shift', 'shift.id', 'a.shift_id')
			.select(['a.id', 'a.status', 'shift.starts_at'])
			.where('a.id', '=', applicationId)
			// Somebody else's application is answered as if it did not exist.
			.where('a.user_id', '=', userId)
			.executeTakeFirst();
		if (!row) return { ok: false, reason: 'not_found' };
		if (row.status !== 'applied' && row.status !== 'accepted') return { ok: false, reason: 'not_open' };
		if (row.starts_at <= now) return { ok: false, reason: 'shift_started' };
		await tx
			.updateTable('volunteer_applications')
			.set({ status: 'withdrawn', updated_at: now })
			.where('id', '=', row.id)
			.execute();
		return { ok: true };
	});
}

export interface ApplicationEntry {
	id: number;
	callId: number;
	callTitle: string;
	organisation: string;
	shiftStartsAt: number;
	shiftEndsAt: number;
	status: ApplicationStatus;
	decisionMessage: string;
	appliedAt: number;
	canWithdraw: boolean;
}

/** A volunteer's applications, newest shift first. */
export async function history(db: DB, userId: number, now = Date.now()): Promise<ApplicationEntry[]> {
	const rows = await db
		.selectFrom('volunteer_applications as a')
		.innerJoin('volunteer_shifts as shift', 'shift.id', 'a.shift_id')
		.innerJoin('volunteer_calls as call', 'call.id', 'shift.call_id')
		.innerJoin('organisations as org', 'org.id', 'call.organisation_id')
		.select([
			'a.id',
			'a.status',
			'a.decision_message',
			'a.created_at',
			'shift.starts_at',
			'shift.ends_at',
			'call.id as callId',
			'call.title',
			'org.name as organisation'
		])
		.where('a.user_id', '=', userId)
		.orderBy('shift.starts_at', 'desc')
		.orderBy('a.id', 'desc')
		.limit(HISTORY_LIMIT)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		callId: r.callId,
		callTitle: r.title,
		organisation: r.organisation,
		shiftStartsAt: r.starts_at,
		shiftEndsAt: r.ends_at,
		status: r.status,
		decisionMessage: r.decision_message,
		appliedAt: r.created_at,
		canWithdraw: (r.status === 'applied' || r.status === 'accepted') && r.starts_at > now
	}));
}
