// Volunteer hours. A volunteer logs time for an organisation that accepted them; only that
// organisation confirms or rejects it, and only confirmed hours count (towards the totals and the
// volunteer certificates). Attendance marked on a shift writes a confirmed row directly
// (staffing.ts, insertConfirmedHours). Nobody confirms their own hours: a volunteer who is also a
// member of the organisation needs another member.
import type { DB } from '../db/client';
import { inTransaction } from '../db/client';
import type { HoursStatus } from '../../../../db/schema';
import { MARKUP_ERROR, cleanText, hasMarkup } from '../platform/form-text';
import { belgradeDate } from '../platform/region-time';
import { notify } from '../people/notices';
import { onHoursConfirmed } from './recognition';

/** Totals of confirmed hours: defined once, in recognition.ts (which counts them for certificates). */
export { confirmedByOrganisation, confirmedMinutes } from './recognition';

export const HOURS_LIMITS = {
	minMinutes: 15,
	maxMinutes: 16 * 60,
	/** A volunteer's hours on one day, logged and confirmed, in all organisations together. */
	perDayMinutes: 24 * 60,
	/** Entries waiting for confirmation, per volunteer and organisation. */
	waitingPerOrganisation: 20,
	note: 500,
	list: 200
} as const;

export type Actor = { id: number; role: string };

/** The date ('YYYY-MM-DD') of an instant in the region's time zone (Europe/Belgrade). */
export const localDate = belgradeDate;

function validDate(value: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const ms = Date.parse(`${value}T00:00:00Z`);
	return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/**
 * Reads a duration typed in hours ('2', '2.5', '2,5' as Albanian and Serbian write it) as minutes,
 * rounded to the minute; null when it is not a number.
 */
export function parseHoursText(value: string): number | null {
	const text = value.trim().replace(',', '.');
	if (!/^\d{1,3}(\.\d{1,2})?$/.test(text)) return null;
	return Math.round(Number(text) * 60);
}

export function minutesInRange(minutes: number): boolean {
	return Number.isInteger(minutes) && minutes >= HOURS_LIMITS.minMinutes && minutes <= HOURS_LIMITS.maxMinutes;
}

/** Minutes as the hours field shows them ('2.5'). */
export function hoursText(minutes: number): string {
	return String(Math.round((minutes / 60) * 100) / 100);
}

export type HoursField = 'organisation' | 'worked_on' | 'hours' | 'note';
export type HoursErrors = Partial<Record<HoursField, string>>;

export interface HoursInput {
	organisationId: number;
	workedOn: string;
	minutes: number;
}

/** Reads the log-hours form. Error values are message codes; `values` re-fill the form. */
export function parseLogForm(form: FormData, now: number) {
	const values = {
		organisation: cleanText(form.get('organisation')),
		worked_on: cleanText(form.get('worked_on')),
		hours: cleanText(form.get('hours')),
		note: cleanText(form.get('note'))
	};
	const errors: HoursErrors = {};
	if (!/^\d{1,9}$/.test(values.organisation)) errors.organisation = 'vstaff_organisation_required';
	if (!validDate(values.worked_on)) errors.worked_on = 'vstaff_date_invalid';
	else if (values.worked_on > localDate(now)) errors.worked_on = 'vstaff_date_future';
	const minutes = parseHoursText(values.hours);
	if (minutes === null || !minutesInRange(minutes)) errors.hours = 'vstaff_hours_range';
	if ([...values.note].length > HOURS_LIMITS.note) errors.note = 'too_long';
	else if (hasMarkup(values.note)) errors.note = MARKUP_ERROR;
	return {
		values,
		errors,
		input: {
			organisationId: Number(values.organisation) || 0,
			workedOn: values.worked_on,
			minutes: minutes ?? 0,
			note: values.note
		}
	};
}

/**
 * Issues the certificates newly confirmed hours have earned, after the confirming transaction has
 * committed. A failure (say, the signing key cannot be read) is logged and does not undo or fail the
 * confirmation: the volunteer's certificates page issues what is missing on its next visit.
 */
export async function issueCertificates(db: DB, userId: number): Promise<void> {
	try {
		await onHoursConfirmed(db, userId);
	} catch (e) {
		console.error('volunteering: certificate issuance failed; the certificates page will catch up', e);
	}
}

/** The date (Belgrade) of the volunteer's first accepted shift with an organisation; null if none. */
async function firstShiftDate(db: DB, userId: number, organisationId: number): Promise<string | null> {
	const row = await db
		.selectFrom('volunteer_applications as a')
		.innerJoin('volunteer_shifts as s', 's.id', 'a.shift_id')
		.innerJoin('volunteer_calls as c', 'c.id', 's.call_id')
		.select((eb) => eb.fn.min<number | null>('s.starts_at').as('first'))
		.where('a.user_id', '=', userId)
		.where('a.status', '=', 'accepted')
		.where('c.organisation_id', '=', organisationId)
		.executeTakeFirst();
	return row?.first == null ? null : localDate(Number(row.first));
}

/** Organisations the volunteer has an accepted application with: where they may log hours. */
export function organisationsFor(db: DB, userId: number): Promise<{ id: number; name: string }[]> {
	return db
		.selectFrom('volunteer_applications as a')
		.innerJoin('volunteer_shifts as s', 's.id', 'a.shift_id')
		.innerJoin('volunteer_calls as c', 'c.id', 's.call_id')
		.innerJoin('organisations as o', 'o.id', 'c.organisation_id')
		.select(['o.id', 'o.name'])
		.distinct()
		.where('a.user_id', '=', userId)
		.where('a.status', '=', 'accepted')
		.orderBy('o.name')
		.execute();
}

export type LogResult = { ok: true; id: number } | { ok: false; errors: HoursErrors };

/**
 * The volunteer logs time (status 'logged', waiting for the organisation). Inside the transaction
 * that writes: the organisation accepted them, the day is not before their first accepted shift
 * with it (Belgrade date), their hours on that day (logged and confirmed, every organisation) stay
 * within 24, and at most HOURS_LIMITS.waitingPerOrganisation entries wait for the organisation.
 */
export async function logHours(
	db: DB,
	userId: number,
	input: HoursInput & { note: string },
	now = Date.now()
): Promise<LogResult> {
	if (!validDate(input.workedOn)) return { ok: false, errors: { worked_on: 'vstaff_date_invalid' } };
	if (input.workedOn > localDate(now)) return { ok: false, errors: { worked_on: 'vstaff_date_future' } };
	if (!minutesInRange(input.minutes)) return { ok: false, errors: { hours: 'vstaff_hours_range' } };
	if ([...input.note].length > HOURS_LIMITS.note) return { ok: false, errors: { note: 'too_long' } };
	if (hasMarkup(input.note)) return { ok: false, errors: { note: MARKUP_ERROR } };
	return inTransaction(db, async (tx) => {
		const first = await firstShiftDate(tx, userId, input.organisationId);
		if (first === null) return { ok: false as const, errors: { organisation: 'vstaff_organisation_not_yours' } };
		if (input.workedOn < first) return { ok: false as const, errors: { worked_on: 'vstaff_date_before_first_shift' } };
		const day = await tx
			.selectFrom('volunteer_hours')
			.select((eb) => eb.fn.sum<number | null>('minutes').as('total'))
			.where('user_id', '=', userId)
			.where('worked_on', '=', input.workedOn)
			.where('status', 'in', ['logged', 'confirmed'])
			.executeTakeFirst();
		if (Number(day?.total ?? 0) + input.minutes > HOURS_LIMITS.perDayMinutes)
			return { ok: false as const, errors: { hours: 'vstaff_hours_day_full' } };
		const waiting = await tx
			.selectFrom('volunteer_hours')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('user_id', '=', userId)
			.where('organisation_id', '=', input.organisationId)
			.where('status', '=', 'logged')
			.executeTakeFirstOrThrow();
		if (Number(waiting.n) >= HOURS_LIMITS.waitingPerOrganisation)
			return { ok: false as const, errors: { organisation: 'vstaff_hours_too_many_waiting' } };
		const row = await tx
			.insertInto('volunteer_hours')
			.values({
				user_id: userId,
				organisation_id: input.organisationId,
				application_id: null,
				worked_on: input.workedOn,
				minutes: input.minutes,
				note: input.note,
				status: 'logged',
				logged_by: userId,
				confirmed_by: null,
				confirmed_at: null,
				created_at: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		return { ok: true as const, id: row.id };
	});
}

/**
 * Writes a confirmed row for an attended shift, inside the caller's transaction. Returns false when
 * the application already has hours (never twice for one application).
 */
export async function insertConfirmedHours(
	tx: DB,
	row: { userId: number; organisationId: number; applicationId: number; workedOn: string; minutes: number },
	confirmedBy: number,
	now: number
): Promise<boolean> {
	const existing = await tx
		.selectFrom('volunteer_hours')
		.select('id')
		.where('application_id', '=', row.applicationId)
		.executeTakeFirst();
	if (existing) return false;
	await tx
		.insertInto('volunteer_hours')
		.values({
			user_id: row.userId,
			organisation_id: row.organisationId,
			application_id: row.applicationId,
			worked_on: row.workedOn,
			minutes: row.minutes,
			note: '',
			status: 'confirmed',
			logged_by: confirmedBy,
			confirmed_by: confirmedBy,
			confirmed_at: now,
			created_at: now
		})
		.execute();
	return true;
}

export type DecideHoursResult =
	| { ok: true; userId: number }
	| { ok: false; reason: 'not_found' | 'forbidden' | 'own_hours' | 'decided' | 'too_long' | typeof MARKUP_ERROR };

/** The longest reason an organisation may give for rejecting hours. */
export const REJECT_REASON_MAX = 300;

/**
 * A member of the organisation confirms or rejects logged hours. The membership is read from the
 * database inside the transaction (users.organisation_id, confirmed membership only).
 */
export async function decideHours(
	db: DB,
	actor: Actor,
	hoursId: number,
	decision: 'confirm' | 'reject',
	now = Date.now(),
	rejectReason = ''
): Promise<DecideHoursResult> {
	const reason = decision === 'reject' ? cleanText(rejectReason).trim() : '';
	if ([...reason].length > REJECT_REASON_MAX) return { ok: false, reason: 'too_long' };
	if (hasMarkup(reason)) return { ok: false, reason: MARKUP_ERROR };
	const result = await inTransaction(db, async (tx): Promise<DecideHoursResult> => {
		const row = await tx
			.selectFrom('volunteer_hours as h')
			.innerJoin('organisations as o', 'o.id', 'h.organisation_id')
			.select(['h.id', 'h.user_id', 'h.organisation_id', 'h.status', 'h.minutes', 'o.name as organisation'])
			.where('h.id', '=', hoursId)
			.executeTakeFirst();
		if (!row) return { ok: false, reason: 'not_found' };
		const member = await tx.selectFrom('users').select('organisation_id').where('id', '=', actor.id).executeTakeFirst();
		if (!member || member.organisation_id !== row.organisation_id) return { ok: false, reason: 'forbidden' };
		if (row.user_id === actor.id) return { ok: false, reason: 'own_hours' };
		if (row.status !== 'logged') return { ok: false, reason: 'decided' };
		const status: HoursStatus = decision === 'confirm' ? 'confirmed' : 'rejected';
		const updated = await tx
			.updateTable('volunteer_hours')
			.set({ status, confirmed_by: actor.id, confirmed_at: now, decision_note: reason })
			.where('id', '=', hoursId)
			.where('status', '=', 'logged')
			.executeTakeFirst();
		if (Number(updated.numUpdatedRows) !== 1) return { ok: false, reason: 'decided' };
		await notify(
			tx,
			row.user_id,
			decision === 'confirm' ? 'hours-confirmed' : 'hours-rejected',
			{ hours: hoursText(row.minutes), organisation: row.organisation, ...(reason ? { reason } : {}) },
			'/volunteer/hours',
			now
		);
		return { ok: true, userId: row.user_id };
	});
	if (result.ok && decision === 'confirm') await issueCertificates(db, result.userId);
	return result;
}

export interface HoursRow {
	id: number;
	userId: number;
	volunteer: string;
	organisationId: number;
	organisation: string;
	workedOn: string;
	minutes: number;
	note: string;
	status: HoursStatus;
	/** Why the organisation rejected the hours ('' when no reason was given). */
	reason: string;
	fromAttendance: boolean;
}

function hoursQuery(db: DB) {
	return db
		.selectFrom('volunteer_hours as h')
		.innerJoin('users as u', 'u.id', 'h.user_id')
		.innerJoin('organisations as o', 'o.id', 'h.organisation_id')
		.select([
			'h.id',
			'h.user_id',
			'u.name as volunteer',
			'h.organisation_id',
			'o.name as organisation',
			'h.worked_on',
			'h.minutes',
			'h.note',
			'h.status',
			'h.decision_note',
			'h.application_id'
		]);
}

type RawHours = Awaited<ReturnType<ReturnType<typeof hoursQuery>['execute']>>[number];

function toRow(r: RawHours): HoursRow {
	return {
		id: r.id,
		userId: r.user_id,
		volunteer: r.volunteer,
		organisationId: r.organisation_id,
		organisation: r.organisation,
		workedOn: r.worked_on,
		minutes: r.minutes,
		note: r.note,
		status: r.status,
		reason: r.decision_note,
		fromAttendance: r.application_id !== null
	};
}

/** A volunteer's own hours, newest first (at most HOURS_LIMITS.list). */
export async function listForVolunteer(db: DB, userId: number): Promise<HoursRow[]> {
	return (
		await hoursQuery(db)
			.where('h.user_id', '=', userId)
			.orderBy('h.worked_on', 'desc')
			.orderBy('h.id', 'desc')
			.limit(HOURS_LIMITS.list)
			.execute()
	).map(toRow);
}

/**
 * An organisation's hours in one status, at most `limit`. Waiting ('logged') entries come in the
 * order they were logged, oldest first, so that a flood of new entries never hides the ones waiting
 * longest (and each volunteer has at most HOURS_LIMITS.waitingPerOrganisation waiting); decided ones
 * come newest first.
 */
export async function listForOrganisation(
	db: DB,
	organisationId: number,
	status: HoursStatus,
	limit: number = HOURS_LIMITS.list
): Promise<HoursRow[]> {
	const query = hoursQuery(db).where('h.organisation_id', '=', organisationId).where('h.status', '=', status);
	const ordered =
		status === 'logged'
			? query.orderBy('h.created_at').orderBy('h.id')
			: query.orderBy('h.worked_on', 'desc').orderBy('h.id', 'desc');
	return (await ordered.limit(Math.max(1, Math.min(limit, HOURS_LIMITS.list))).execute()).map(toRow);
}

/** Confirmed minutes given to an organisation, in all and per volunteer. */
export async function organisationTotals(
	db: DB,
	organisationId: number
): Promise<{ minutes: number; volunteers: { userId: number; name: string; minutes: number }[] }> {
	const rows = await db
		.selectFrom('volunteer_hours as h')
		.innerJoin('users as u', 'u.id', 'h.user_id')
		.select((eb) => ['u.id as userId', 'u.name', eb.fn.sum<number>('h.minutes').as('minutes')])
		.where('h.organisation_id', '=', organisationId)
		.where('h.status', '=', 'confirmed')
		.groupBy(['u.id', 'u.name'])
		.orderBy('u.name')
		.limit(HOURS_LIMITS.list)
		.execute();
	const volunteers = rows.map((r) => ({ ...r, minutes: Number(r.minutes) }));
	const total = await db
		.selectFrom('volunteer_hours')
		.select((eb) => eb.fn.sum<number | null>('minutes').as('total'))
		.where('organisation_id', '=', organisationId)
		.where('status', '=', 'confirmed')
		.executeTakeFirst();
	return { minutes: Number(total?.total ?? 0), volunteers };
}

/** Whether the user is a confirmed member of the organisation (read from the database). */
export async function isMember(db: DB, userId: number, organisationId: number): Promise<boolean> {
	const row = await db.selectFrom('users').select('organisation_id').where('id', '=', userId).executeTakeFirst();
	return row?.organisation_id === organisationId;
}
