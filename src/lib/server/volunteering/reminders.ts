// Reminders of accepted shifts and of portal events people said they will attend: a calendar file
// per accepted shift (the phone's calendar reminds a day before), and a sweep, every ten minutes in
// the running server, that sends an in-app notice (and an e-mail when SMTP is set) for what starts
// within the next 24 hours. Each reminder is claimed with a conditional UPDATE (reminded_at is null),
// so two sweeps at once, or two server processes, never remind anybody twice.
import type { DB } from '../db/client';
import { calendarFile, type CalendarEntry } from '../platform/ics';
import { config } from '../platform/config';
import { notify } from '../people/notices';
import { mailLocale, reminderMail, sendAll, type MailOut } from './staffing-mail';
import { scheduleSweep } from '../platform/sweep';

export const REMINDER_WINDOW_MS = 24 * 60 * 60 * 1000;
export const SWEEP_INTERVAL_MS = 10 * 60 * 1000;
/** Reminders sent per sweep at most; the rest go out ten minutes later. */
const SWEEP_BATCH = 500;

export interface UpcomingShift {
	applicationId: number;
	callId: number;
	call: string;
	organisation: string;
	place: string;
	startsAt: number;
	endsAt: number;
}

function shiftQuery(db: DB, userId: number) {
	return db
		.selectFrom('volunteer_applications as a')
		.innerJoin('volunteer_shifts as s', 's.id', 'a.shift_id')
		.innerJoin('volunteer_calls as c', 'c.id', 's.call_id')
		.innerJoin('organisations as o', 'o.id', 'c.organisation_id')
		.select([
			'a.id as applicationId',
			'c.id as callId',
			'c.title as call',
			'o.name as organisation',
			'c.place',
			's.starts_at as startsAt',
			's.ends_at as endsAt'
		])
		.where('a.user_id', '=', userId)
		.where('a.status', '=', 'accepted');
}

/** The volunteer's accepted shifts that have not ended yet, soonest first. */
export function upcomingShifts(db: DB, userId: number, now = Date.now()): Promise<UpcomingShift[]> {
	return shiftQuery(db, userId).where('s.ends_at', '>', now).orderBy('s.starts_at').limit(100).execute();
}

/** The .ics of one accepted shift, for the volunteer themself only (null for anybody else). */
export async function shiftCalendar(
	db: DB,
	userId: number,
	applicationId: number
): Promise<{ filename: string; body: string } | null> {
	const shift = await shiftQuery(db, userId).where('a.id', '=', applicationId).executeTakeFirst();
	if (!shift) return null;
	const entry: CalendarEntry = {
		uid: `shift-${shift.applicationId}@civicsteps`,
		start: shift.startsAt,
		end: shift.endsAt,
		summary: shift.call,
		description: shift.organisation,
		location: shift.place || undefined,
		url: `${config.origin}/volunteer/hours`
	};
	return { filename: `shift-${shift.applicationId}.ics`, body: calendarFile(shift.call, [entry]) };
}

export interface SweepResult {
	shifts: number;
	events: number;
	mailed: number;
}

/**
 * Reminds of the accepted shifts of open calls and the (not cancelled) events that start within the
 * next 24 hours and have not been reminded of; never an inactive account. Safe to run concurrently: a reminder is sent by whoever claims it.
 */
export async function sendDueReminders(db: DB, now = Date.now()): Promise<SweepResult> {
	const until = now + REMINDER_WINDOW_MS;
	const mails: MailOut[] = [];
	let shifts = 0;
	let events = 0;

	const dueShifts = await db
		.selectFrom('volunteer_applications as a')
		.innerJoin('volunteer_shifts as s', 's.id', 'a.shift_id')
		.innerJoin('volunteer_calls as c', 'c.id', 's.call_id')
		.innerJoin('users as u', 'u.id', 'a.user_id')
		.select(['a.id', 'a.user_id', 'c.id as call_id', 'c.title', 'c.place', 'c.locale', 's.starts_at', 'u.email'])
		.where('a.status', '=', 'accepted')
		// Only shifts of calls still open (not closed or declined), and only active accounts.
		.where('c.status', '=', 'open')
		.where('u.active', '=', 1)
		.where('a.reminded_at', 'is', null)
		.where('s.starts_at', '>', now)
		.where('s.starts_at', '<=', until)
		.orderBy('s.starts_at')
		.limit(SWEEP_BATCH)
		.execute();
	for (const r of dueShifts) {
		const claimed = await db.transaction().execute(async (tx) => {
			const updated = await tx
				.updateTable('volunteer_applications')
				.set({ reminded_at: now })
				.where('id', '=', r.id)
				.where('reminded_at', 'is', null)
				.where('status', '=', 'accepted')
				// Checked again at the claim: the call may have closed since the list was read.
				.where('shift_id', 'in', (eb) =>
					eb
						.selectFrom('volunteer_shifts as s2')
						.innerJoin('volunteer_calls as c2', 'c2.id', 's2.call_id')
						.select('s2.id')
						.where('c2.status', '=', 'open')
				)
				.executeTakeFirst();
			if (Number(updated.numUpdatedRows) !== 1) return false;
			await notify(
				tx,
				r.user_id,
				'shift-reminder',
				{ call: r.title, callId: r.call_id, starts: r.starts_at },
				'/volunteer/hours',
				now
			);
			return true;
		});
		if (!claimed) continue;
		shifts++;
		mails.push(
			reminderMail({
				to: r.email,
				locale: mailLocale(r.locale),
				kind: 'shift',
				title: r.title,
				starts: r.starts_at,
				place: r.place,
				path: '/volunteer/hours'
			})
		);
	}

	const dueEvents = await db
		.selectFrom('portal_event_attendees as t')
		.innerJoin('portal_events as e', 'e.id', 't.event_id')
		.innerJoin('users as u', 'u.id', 't.user_id')
		.select(['t.event_id', 't.user_id', 'e.title', 'e.place', 'e.locale', 'e.starts_at', 'u.email'])
		.where('t.reminded_at', 'is', null)
		// Never for a cancelled event, nor to an inactive account.
		.where('e.cancelled', '=', 0)
		.where('u.active', '=', 1)
		.where('e.starts_at', '>', now)
		.where('e.starts_at', '<=', until)
		.orderBy('e.starts_at')
		.limit(SWEEP_BATCH)
		.execute();
	for (const r of dueEvents) {
		const claimed = await db.transaction().execute(async (tx) => {
			const updated = await tx
				.updateTable('portal_event_attendees')
				.set({ reminded_at: now })
				.where('event_id', '=', r.event_id)
				.where('user_id', '=', r.user_id)
				.where('reminded_at', 'is', null)
				// Checked again at the claim: the event may have been cancelled since the list was read.
				.where('event_id', 'in', (eb) =>
					eb.selectFrom('portal_events as e2').select('e2.id').where('e2.cancelled', '=', 0)
				)
				.executeTakeFirst();
			if (Number(updated.numUpdatedRows) !== 1) return false;
			await notify(
				tx,
				r.user_id,
				'event-reminder',
				{ event: r.title, eventId: r.event_id, starts: r.starts_at },
				`/calendar/${r.event_id}`,
				now
			);
			return true;
		});
		if (!claimed) continue;
		events++;
		mails.push(
			reminderMail({
				to: r.email,
				locale: mailLocale(r.locale),
				kind: 'event',
				title: r.title,
				starts: r.starts_at,
				place: r.place,
				path: `/calendar/${r.event_id}`
			})
		);
	}

	// After the claims are committed: a slow mail server never holds the database.
	const mailed = await sendAll(mails);
	return { shifts, events, mailed };
}

let timer: ReturnType<typeof setInterval> | undefined;

/**
 * Runs sendDueReminders every SWEEP_INTERVAL_MS in the running server (once soon after start-up).
 * The timer does not keep the process alive; failures are logged and the next sweep tries again.
 */
export function scheduleReminders(getDb: () => Promise<DB>, intervalMs = SWEEP_INTERVAL_MS): void {
	if (timer) return;
	timer = scheduleSweep('reminders', async () => sendDueReminders(await getDb()), intervalMs, 30_000);
}
