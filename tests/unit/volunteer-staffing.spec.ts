// What a CSO does with the people who applied to its calls (issue 18): applicants by shift with
// minors flagged and contact details for the organisation applied to only; accepting and declining
// (never past the places, never a withdrawn application, members only); attendance that confirms
// hours once; calendar files and day-before reminders that go out once even when two sweeps run.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import * as staffing from '$lib/server/volunteering/staffing';
import * as reminders from '$lib/server/volunteering/reminders';
import { DAY, HOUR, MINUTE, T0, freshDb } from './helpers';
import {
	insertApplication,
	insertCall,
	insertShift,
	insertVolunteer,
	noticesOf,
	world
} from './volunteer-staffing-fixture';

let db: DB;
let w: Awaited<ReturnType<typeof world>>;
let call: number;
let shift: number;
const NOW = T0;

beforeEach(async () => {
	db = await freshDb();
	w = await world(db);
	call = await insertCall(db, w.org);
	shift = await insertShift(db, call, NOW + 2 * DAY, 3, 2);
});

async function status(applicationId: number) {
	return (
		await db.selectFrom('volunteer_applications').selectAll().where('id', '=', applicationId).executeTakeFirstOrThrow()
	).status;
}

describe('the list of applicants', () => {
	it('shows members the applicants by shift, with contact details and minors flagged with their guardian', async () => {
		const adult = await insertVolunteer(db, 'Ana Adult', { phone: '+383 44 123 456' });
		const minor = await insertVolunteer(db, 'Milan Minor', {
			ageBand: 'under-18',
			guardian: ['Jelena M.', '+383 45 999']
		});
		await insertApplication(db, shift, adult);
		await insertApplication(db, shift, minor, 'applied', 'After school.');
		const view = await staffing.listApplicants(db, w.member, call, w.org, NOW);
		if (!view.ok) throw new Error(view.reason);
		expect(view.member).toBe(true);
		const [a, m] = view.shifts[0].applicants;
		expect(a).toMatchObject({
			name: 'Ana Adult',
			minor: false,
			guardian: null,
			languages: ['sr', 'en'],
			skills: ['events'],
			contact: { email: 'ana.adult@example.org', phone: '+383 44 123 456' }
		});
		expect(m).toMatchObject({
			name: 'Milan Minor',
			minor: true,
			ageBand: 'under-18',
			message: 'After school.',
			guardian: { name: 'Jelena M.', contact: '+383 45 999' }
		});
	});

	it('hides contact details from a coordinator, who may look but is not the organisation applied to', async () => {
		const v = await insertVolunteer(db, 'Ana Adult');
		await insertApplication(db, shift, v);
		const view = await staffing.listApplicants(db, w.coordinator, call, w.org, NOW);
		if (!view.ok) throw new Error(view.reason);
		expect(view.member).toBe(false);
		expect(view.shifts[0].applicants[0].contact).toBeNull();
		expect(JSON.stringify(view)).not.toContain('ana.adult@example.org');
		expect(JSON.stringify(view)).not.toContain('+383');
	});

	it('hides a withdrawn applicant’s contact details again', async () => {
		const v = await insertVolunteer(db, 'Wanda Withdrawn', {
			ageBand: 'under-18',
			guardian: ['Parent', 'parent@example.org']
		});
		await insertApplication(db, shift, v, 'withdrawn');
		const view = await staffing.listApplicants(db, w.member, call, w.org, NOW);
		if (!view.ok) throw new Error(view.reason);
		const applicant = view.shifts[0].applicants[0];
		expect(applicant.contact).toBeNull();
		expect(applicant.guardian).toEqual({ name: 'Parent', contact: '' });
		expect(JSON.stringify(view)).not.toContain('wanda.withdrawn@example.org');
	});

	it('hides contact details once the volunteer has deleted their profile (consent withdrawn)', async () => {
		const past = await insertShift(db, call, NOW - DAY, 2, 2);
		const v = await insertVolunteer(db, 'Gone Profile', {
			phone: '+383 49 777',
			guardian: ['Parent', 'parent@example.org']
		});
		await insertApplication(db, past, v, 'accepted');
		await db.deleteFrom('volunteer_profiles').where('user_id', '=', v).execute();
		const view = await staffing.listApplicants(db, w.member, call, w.org, NOW);
		if (!view.ok) throw new Error(view.reason);
		const applicant = view.shifts.flatMap((s) => s.applicants).find((a) => a.userId === v);
		expect(applicant?.status).toBe('accepted');
		expect(applicant?.contact).toBeNull();
		expect(JSON.stringify(view)).not.toContain('gone.profile@example.org');
		expect(JSON.stringify(view)).not.toContain('+383 49 777');
	});

	it('refuses a member of another organisation, an unconfirmed claim, and a call of another organisation', async () => {
		const v = await insertVolunteer(db, 'Ana Adult');
		await insertApplication(db, shift, v);
		expect(await staffing.listApplicants(db, w.outsider, call, w.org, NOW)).toEqual({ ok: false, reason: 'forbidden' });
		expect(await staffing.listApplicants(db, w.claimant, call, w.org, NOW)).toEqual({ ok: false, reason: 'forbidden' });
		// The other organisation's address with this call's id: not found, whoever asks.
		expect(await staffing.listApplicants(db, w.outsider, call, w.otherOrg, NOW)).toEqual({
			ok: false,
			reason: 'not_found'
		});
		expect(await staffing.listApplicants(db, w.member, 9999, w.org, NOW)).toEqual({ ok: false, reason: 'not_found' });
	});

	it('never shows contact details to an organisation the volunteer did not apply to', async () => {
		const otherCall = await insertCall(db, w.otherOrg, 'Other call');
		const otherShift = await insertShift(db, otherCall, NOW + DAY);
		const v = await insertVolunteer(db, 'Ana Adult');
		await insertApplication(db, shift, v);
		const stranger = await insertVolunteer(db, 'Someone Else');
		await insertApplication(db, otherShift, stranger);
		const view = await staffing.listApplicants(db, w.outsider, otherCall, w.otherOrg, NOW);
		if (!view.ok) throw new Error(view.reason);
		expect(JSON.stringify(view)).not.toContain('ana.adult@example.org');
		expect(view.shifts[0].applicants.map((a) => a.name)).toEqual(['Someone Else']);
	});
});

describe('accepting and declining', () => {
	it('checks the profile as it is now: a volunteer who became a minor, or deleted the profile, is not accepted for an adults-only call', async () => {
		const v = await insertVolunteer(db, 'Age Changer');
		const app = await insertApplication(db, shift, v);
		// Applied as an adult, then changed the age band: the call (minors_allowed 0) takes adults only.
		await db.updateTable('volunteer_profiles').set({ age_band: 'under-18' }).where('user_id', '=', v).execute();
		expect(await staffing.decide(db, w.member, { applicationId: app, decision: 'accept', message: '' }, NOW)).toEqual({
			ok: false,
			reason: 'minor_not_allowed'
		});
		expect(await status(app)).toBe('applied');
		const gone = await insertVolunteer(db, 'Profile Gone');
		const app2 = await insertApplication(db, shift, gone);
		await db.deleteFrom('volunteer_profiles').where('user_id', '=', gone).execute();
		expect(await staffing.decide(db, w.member, { applicationId: app2, decision: 'accept', message: '' }, NOW)).toEqual({
			ok: false,
			reason: 'no_profile'
		});
		// Declining stays possible, so the organisation can close the application.
		expect(await staffing.decide(db, w.member, { applicationId: app, decision: 'decline', message: '' }, NOW)).toEqual({
			ok: true
		});
	});

	it('accepts with a message, notifies the volunteer and counts the place', async () => {
		const v = await insertVolunteer(db, 'Ana Adult');
		const app = await insertApplication(db, shift, v);
		expect(
			await staffing.decide(
				db,
				w.member,
				{ applicationId: app, decision: 'accept', message: 'See you at 9.', callId: call },
				NOW
			)
		).toEqual({ ok: true });
		expect(await status(app)).toBe('accepted');
		const [notice] = await noticesOf(db, v);
		expect(notice.kind).toBe('application-accepted');
		expect(JSON.parse(notice.params)).toEqual({ call: 'Clean the riverbank', callId: call, starts: NOW + 2 * DAY });
		const view = await staffing.listApplicants(db, w.member, call, w.org, NOW);
		if (!view.ok) throw new Error(view.reason);
		expect(view.shifts[0].accepted).toBe(1);
		expect(view.shifts[0].applicants[0].decisionMessage).toBe('See you at 9.');
	});

	it('declines with a message that reaches the volunteer', async () => {
		const v = await insertVolunteer(db, 'Ana Adult');
		const app = await insertApplication(db, shift, v);
		const result = await staffing.decide(
			db,
			w.member,
			{ applicationId: app, decision: 'decline', message: 'Full team, sorry.' },
			NOW
		);
		expect(result).toEqual({ ok: true });
		const [notice] = await noticesOf(db, v);
		expect(notice.kind).toBe('application-declined');
		expect(JSON.parse(notice.params).message).toBe('Full team, sorry.');
		// The notice opens the volunteer's history of applications, where the decision is.
		expect(notice.link).toBe('/volunteer');
	});

	it('refuses to accept when the shift is full', async () => {
		const one = await insertShift(db, call, NOW + DAY, 2, 1);
		const first = await insertApplication(db, one, await insertVolunteer(db, 'First'), 'accepted');
		const second = await insertApplication(db, one, await insertVolunteer(db, 'Second'));
		expect(
			await staffing.decide(db, w.member, { applicationId: second, decision: 'accept', message: '' }, NOW)
		).toEqual({
			ok: false,
			reason: 'full'
		});
		expect(await status(second)).toBe('applied');
		expect(await status(first)).toBe('accepted');
	});

	it('lets only one of two simultaneous accepts take the last place', async () => {
		const one = await insertShift(db, call, NOW + DAY, 2, 1);
		const a = await insertApplication(db, one, await insertVolunteer(db, 'First'));
		const b = await insertApplication(db, one, await insertVolunteer(db, 'Second'));
		const member2 = { id: await insertVolunteer(db, 'Second Member', { organisationId: w.org }), role: 'learner' };
		const results = await Promise.all([
			staffing.decide(db, w.member, { applicationId: a, decision: 'accept', message: '' }, NOW),
			staffing.decide(db, member2, { applicationId: b, decision: 'accept', message: '' }, NOW)
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'full' }]);
		const accepted = await db
			.selectFrom('volunteer_applications')
			.select('id')
			.where('shift_id', '=', one)
			.where('status', '=', 'accepted')
			.execute();
		expect(accepted).toHaveLength(1);
	});

	it('refuses to decide a withdrawn application', async () => {
		const app = await insertApplication(db, shift, await insertVolunteer(db, 'Ana'), 'withdrawn');
		for (const decision of ['accept', 'decline'] as const)
			expect(await staffing.decide(db, w.member, { applicationId: app, decision, message: '' }, NOW)).toEqual({
				ok: false,
				reason: 'withdrawn'
			});
		expect(await status(app)).toBe('withdrawn');
	});

	it('refuses to accept for a shift that has ended', async () => {
		const past = await insertShift(db, call, NOW - 5 * HOUR, 3, 5);
		const app = await insertApplication(db, past, await insertVolunteer(db, 'Late'));
		expect(await staffing.decide(db, w.member, { applicationId: app, decision: 'accept', message: '' }, NOW)).toEqual({
			ok: false,
			reason: 'ended'
		});
	});

	it('refuses non-members, coordinators, unconfirmed claims and a foreign call id', async () => {
		const app = await insertApplication(db, shift, await insertVolunteer(db, 'Ana'));
		for (const actor of [w.outsider, w.coordinator, w.claimant])
			expect(await staffing.decide(db, actor, { applicationId: app, decision: 'accept', message: '' }, NOW)).toEqual({
				ok: false,
				reason: 'forbidden'
			});
		const otherCall = await insertCall(db, w.otherOrg, 'Other');
		expect(
			await staffing.decide(
				db,
				w.member,
				{ applicationId: app, decision: 'accept', message: '', callId: otherCall },
				NOW
			)
		).toEqual({ ok: false, reason: 'not_found' });
		expect(await status(app)).toBe('applied');
		expect(await noticesOf(db, w.member.id)).toEqual([]);
	});

	it('bounds the message to 1000 characters and keeps it as plain text', async () => {
		const app = await insertApplication(db, shift, await insertVolunteer(db, 'Ana'));
		expect(
			await staffing.decide(db, w.member, { applicationId: app, decision: 'accept', message: 'x'.repeat(1001) }, NOW)
		).toEqual({
			ok: false,
			reason: 'too_long'
		});
		// Markup is refused (plain text only); a lone '<' is plain text and kept as typed.
		const markup = '<script>alert(1)</script>';
		expect(
			await staffing.decide(db, w.member, { applicationId: app, decision: 'accept', message: markup }, NOW)
		).toEqual({ ok: false, reason: 'volp_err_markup' });
		const html = 'Bring gloves & water, groups < 5';
		expect(await staffing.decide(db, w.member, { applicationId: app, decision: 'accept', message: html }, NOW)).toEqual(
			{ ok: true }
		);
		const row = await db
			.selectFrom('volunteer_applications')
			.select('decision_message')
			.where('id', '=', app)
			.executeTakeFirstOrThrow();
		expect(row.decision_message).toBe(html);
	});
});

describe('attendance', () => {
	async function startedShiftWithAccepted() {
		const started = await insertShift(db, call, NOW - HOUR, 4, 3);
		const volunteer = await insertVolunteer(db, 'Ana Adult');
		const app = await insertApplication(db, started, volunteer, 'accepted');
		return { started, volunteer, app };
	}
	const hoursOf = (app: number) =>
		db.selectFrom('volunteer_hours').selectAll().where('application_id', '=', app).execute();

	it('"came" creates exactly one confirmed hours row of the shift’s length, even when sent twice at once', async () => {
		const { app, volunteer } = await startedShiftWithAccepted();
		const results = await Promise.all([
			staffing.markAttendance(db, w.member, { applicationId: app, came: true }, NOW),
			staffing.markAttendance(db, w.member, { applicationId: app, came: true }, NOW)
		]);
		expect(results.filter((r) => r.ok)).toEqual([{ ok: true, minutes: 240 }]);
		expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'already' }]);
		const rows = await hoursOf(app);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			user_id: volunteer,
			organisation_id: w.org,
			status: 'confirmed',
			minutes: 240,
			confirmed_by: w.member.id
		});
		expect((await noticesOf(db, volunteer)).map((n) => n.kind)).toEqual(['hours-confirmed']);
	});

	it('never counts an application twice, even when its hours were written some other way', async () => {
		const { app, volunteer } = await startedShiftWithAccepted();
		await db
			.insertInto('volunteer_hours')
			.values({
				user_id: volunteer,
				organisation_id: w.org,
				application_id: app,
				worked_on: '2025-03-01',
				minutes: 60,
				status: 'confirmed',
				logged_by: w.member.id,
				confirmed_by: w.member.id,
				confirmed_at: NOW,
				created_at: NOW
			})
			.execute();
		expect(await staffing.markAttendance(db, w.member, { applicationId: app, came: true }, NOW)).toEqual({
			ok: false,
			reason: 'already'
		});
		expect(await hoursOf(app)).toHaveLength(1);
		const row = await db
			.selectFrom('volunteer_applications')
			.select('attended')
			.where('id', '=', app)
			.executeTakeFirstOrThrow();
		expect(row.attended).toBeNull();
	});

	it('takes edited minutes within 15 minutes and 16 hours', async () => {
		const { app } = await startedShiftWithAccepted();
		expect(await staffing.markAttendance(db, w.member, { applicationId: app, came: true, minutes: 10 }, NOW)).toEqual({
			ok: false,
			reason: 'minutes'
		});
		expect(
			await staffing.markAttendance(db, w.member, { applicationId: app, came: true, minutes: 17 * 60 }, NOW)
		).toEqual({
			ok: false,
			reason: 'minutes'
		});
		expect(await hoursOf(app)).toHaveLength(0);
		expect(await staffing.markAttendance(db, w.member, { applicationId: app, came: true, minutes: 150 }, NOW)).toEqual({
			ok: true,
			minutes: 150
		});
	});

	it('"did not come" writes no hours, and may be corrected to "came" once', async () => {
		const { app } = await startedShiftWithAccepted();
		expect(await staffing.markAttendance(db, w.member, { applicationId: app, came: false }, NOW)).toEqual({
			ok: true,
			minutes: null
		});
		expect(await hoursOf(app)).toHaveLength(0);
		expect(await staffing.markAttendance(db, w.member, { applicationId: app, came: false }, NOW)).toEqual({
			ok: false,
			reason: 'already'
		});
		expect((await staffing.markAttendance(db, w.member, { applicationId: app, came: true }, NOW)).ok).toBe(true);
		expect(await staffing.markAttendance(db, w.member, { applicationId: app, came: true }, NOW)).toEqual({
			ok: false,
			reason: 'already'
		});
		expect(await hoursOf(app)).toHaveLength(1);
	});

	it('waits for the shift to start, needs an accepted application and a member', async () => {
		const future = await insertApplication(db, shift, await insertVolunteer(db, 'Future'), 'accepted');
		expect(await staffing.markAttendance(db, w.member, { applicationId: future, came: true }, NOW)).toEqual({
			ok: false,
			reason: 'not_started'
		});
		const { started } = await startedShiftWithAccepted();
		const applied = await insertApplication(db, started, await insertVolunteer(db, 'Applied'));
		expect(await staffing.markAttendance(db, w.member, { applicationId: applied, came: true }, NOW)).toEqual({
			ok: false,
			reason: 'not_accepted'
		});
		const accepted = await insertApplication(db, started, await insertVolunteer(db, 'Accepted'), 'accepted');
		expect(await staffing.markAttendance(db, w.outsider, { applicationId: accepted, came: true }, NOW)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await hoursOf(accepted)).toHaveLength(0);
	});

	it('refuses a member deciding on or marking attendance for their own application', async () => {
		const started = await insertShift(db, call, NOW - HOUR, 1, 3);
		const own = await insertApplication(db, shift, w.member.id);
		expect(await staffing.decide(db, w.member, { applicationId: own, decision: 'accept', message: '' }, NOW)).toEqual({
			ok: false,
			reason: 'own_application'
		});
		expect(await status(own)).toBe('applied');
		const ownAccepted = await insertApplication(db, started, w.member.id, 'accepted');
		expect(
			await staffing.markAttendance(db, w.member, { applicationId: ownAccepted, came: true, minutes: 960 }, NOW)
		).toEqual({ ok: false, reason: 'own_hours' });
		expect(await staffing.markAttendance(db, w.member, { applicationId: ownAccepted, came: false }, NOW)).toEqual({
			ok: false,
			reason: 'own_hours'
		});
		expect(await hoursOf(ownAccepted)).toHaveLength(0);
		// Another member may.
		const other = { id: await insertVolunteer(db, 'Second Member', { organisationId: w.org }), role: 'learner' };
		expect(await staffing.markAttendance(db, other, { applicationId: ownAccepted, came: true }, NOW)).toEqual({
			ok: true,
			minutes: 60
		});
	});

	it('credits at most the shift’s length, rounded up to 15 minutes (at least 15): the form may lower it only', async () => {
		const oneHour = await insertShift(db, call, NOW - 2 * HOUR, 1, 3);
		const a = await insertApplication(db, oneHour, await insertVolunteer(db, 'One Hour'), 'accepted');
		expect(await staffing.markAttendance(db, w.member, { applicationId: a, came: true, minutes: 960 }, NOW)).toEqual({
			ok: false,
			reason: 'over_shift'
		});
		expect(await staffing.markAttendance(db, w.member, { applicationId: a, came: true, minutes: 75 }, NOW)).toEqual({
			ok: false,
			reason: 'over_shift'
		});
		expect(await hoursOf(a)).toHaveLength(0);
		expect(await staffing.markAttendance(db, w.member, { applicationId: a, came: true, minutes: 45 }, NOW)).toEqual({
			ok: true,
			minutes: 45
		});
		expect(staffing.shiftMinutes(NOW, NOW + 50 * MINUTE)).toBe(60);
		expect(staffing.shiftMinutes(NOW, NOW + 61 * MINUTE)).toBe(75);
		expect(staffing.shiftMinutes(NOW, NOW + 5 * MINUTE)).toBe(15);
		expect(staffing.shiftMinutes(NOW, NOW + 20 * HOUR)).toBe(16 * 60);
		const short = await insertShift(db, call, NOW - 2 * HOUR, 50 / 60, 3);
		const b = await insertApplication(db, short, await insertVolunteer(db, 'Fifty Minutes'), 'accepted');
		expect(await staffing.markAttendance(db, w.member, { applicationId: b, came: true, minutes: 60 }, NOW)).toEqual({
			ok: true,
			minutes: 60
		});
	});

	it('freezes the decision once attendance is marked', async () => {
		const { app } = await startedShiftWithAccepted();
		await staffing.markAttendance(db, w.member, { applicationId: app, came: true }, NOW);
		expect(await staffing.decide(db, w.member, { applicationId: app, decision: 'decline', message: '' }, NOW)).toEqual({
			ok: false,
			reason: 'attended'
		});
	});
});

describe('calendar files and reminders', () => {
	it('gives the volunteer an .ics of an accepted shift, and nobody else', async () => {
		const v = await insertVolunteer(db, 'Ana');
		const app = await insertApplication(db, shift, v, 'accepted');
		const file = await reminders.shiftCalendar(db, v, app);
		expect(file?.filename).toBe(`shift-${app}.ics`);
		expect(file?.body).toContain('BEGIN:VEVENT');
		expect(file?.body).toContain('SUMMARY:Clean the riverbank');
		expect(file?.body).toContain(`UID:shift-${app}@civicsteps`);
		expect(await reminders.shiftCalendar(db, w.member.id, app)).toBeNull();
		const pending = await insertApplication(db, shift, await insertVolunteer(db, 'Pending'));
		expect(await reminders.shiftCalendar(db, v, pending)).toBeNull();
		expect((await reminders.upcomingShifts(db, v, NOW)).map((s) => s.applicationId)).toEqual([app]);
	});

	async function insertEvent(startsAt: number, cancelled = 0) {
		const row = await db
			.insertInto('portal_events')
			.values({
				kind: 'public-meeting',
				locale: 'sq',
				title: 'Municipal assembly',
				municipality: 'zvecan',
				starts_at: startsAt,
				ends_at: null,
				deadline_at: null,
				organisation_id: null,
				created_by: null,
				cancelled,
				created_at: T0,
				updated_at: T0
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		return row.id;
	}

	it('reminds once of shifts and events starting within 24 hours, even when two sweeps run at once', async () => {
		const soonShift = await insertShift(db, call, NOW + 20 * HOUR);
		const v = await insertVolunteer(db, 'Ana');
		const due = await insertApplication(db, soonShift, v, 'accepted');
		await insertApplication(db, soonShift, await insertVolunteer(db, 'Not accepted'));
		await insertApplication(db, shift, await insertVolunteer(db, 'Later'), 'accepted'); // in 2 days
		const soonEvent = await insertEvent(NOW + 3 * HOUR);
		const cancelledEvent = await insertEvent(NOW + 3 * HOUR, 1);
		const laterEvent = await insertEvent(NOW + 2 * DAY + 2 * HOUR);
		for (const eventId of [soonEvent, cancelledEvent, laterEvent])
			await db
				.insertInto('portal_event_attendees')
				.values({ event_id: eventId, user_id: v, created_at: T0, reminded_at: null })
				.execute();

		const [first, second] = await Promise.all([
			reminders.sendDueReminders(db, NOW),
			reminders.sendDueReminders(db, NOW)
		]);
		expect(first.shifts + second.shifts).toBe(1);
		expect(first.events + second.events).toBe(1);
		const notices = await noticesOf(db, v);
		expect(notices.map((n) => n.kind).sort()).toEqual(['event-reminder', 'shift-reminder']);
		expect(JSON.parse(notices.find((n) => n.kind === 'shift-reminder')!.params)).toEqual({
			call: 'Clean the riverbank',
			callId: call,
			starts: NOW + 20 * HOUR
		});
		expect(JSON.parse(notices.find((n) => n.kind === 'event-reminder')!.params)).toEqual({
			event: 'Municipal assembly',
			eventId: soonEvent,
			starts: NOW + 3 * HOUR
		});
		const row = await db
			.selectFrom('volunteer_applications')
			.select('reminded_at')
			.where('id', '=', due)
			.executeTakeFirstOrThrow();
		expect(row.reminded_at).toBe(NOW);

		// Ten minutes later nothing new is due; a day later the later shift and event are.
		expect(await reminders.sendDueReminders(db, NOW + 10 * MINUTE)).toMatchObject({ shifts: 0, events: 0 });
		expect(await reminders.sendDueReminders(db, NOW + DAY + 3 * HOUR)).toMatchObject({ shifts: 1, events: 1 });
		expect((await noticesOf(db, v)).length).toBe(3);
	});
});

describe('reminders that must not go out', () => {
	it('skips shifts of calls no longer open and people whose account is inactive', async () => {
		const soon = await insertShift(db, call, NOW + 5 * HOUR);
		const closedCall = await insertCall(db, w.org, 'Closed call');
		const declinedCall = await insertCall(db, w.org, 'Declined call');
		await db.updateTable('volunteer_calls').set({ status: 'closed' }).where('id', '=', closedCall).execute();
		await db.updateTable('volunteer_calls').set({ status: 'declined' }).where('id', '=', declinedCall).execute();
		const v = await insertVolunteer(db, 'Active Ana');
		const inactive = await insertVolunteer(db, 'Inactive Ivo');
		await db.updateTable('users').set({ active: 0 }).where('id', '=', inactive).execute();
		await insertApplication(db, soon, v, 'accepted');
		await insertApplication(db, soon, inactive, 'accepted');
		await insertApplication(db, await insertShift(db, closedCall, NOW + 5 * HOUR), v, 'accepted');
		await insertApplication(db, await insertShift(db, declinedCall, NOW + 5 * HOUR), v, 'accepted');
		const event = await db
			.insertInto('portal_events')
			.values({
				kind: 'public-meeting',
				locale: 'sq',
				title: 'Assembly',
				municipality: 'zvecan',
				starts_at: NOW + 3 * HOUR,
				ends_at: null,
				deadline_at: null,
				organisation_id: null,
				created_by: null,
				cancelled: 0,
				created_at: T0,
				updated_at: T0
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		for (const user of [v, inactive])
			await db
				.insertInto('portal_event_attendees')
				.values({ event_id: event.id, user_id: user, created_at: T0, reminded_at: null })
				.execute();
		expect(await reminders.sendDueReminders(db, NOW)).toMatchObject({ shifts: 1, events: 1 });
		expect((await noticesOf(db, v)).map((n) => JSON.parse(n.params).call ?? JSON.parse(n.params).event).sort()).toEqual(
			['Assembly', 'Clean the riverbank']
		);
		expect(await noticesOf(db, inactive)).toEqual([]);
	});
});

describe('e-mails', () => {
	it('are written in the call’s language, with the decision message as plain text, and not sent without SMTP', async () => {
		const { decisionMail, reminderMail, sendAll } = await import('$lib/server/volunteering/staffing-mail');
		const accepted = decisionMail({
			to: 'a@example.org',
			locale: 'sq',
			accepted: true,
			call: 'Pastrimi i lumit',
			callId: 1,
			starts: NOW,
			message: '<b>Mirë se vini</b>'
		});
		expect(accepted.subject).toBe('Jeni pranuar: Pastrimi i lumit');
		expect(accepted.text).toContain('<b>Mirë se vini</b>');
		expect(accepted.text).toContain('/sq/volunteer/hours');
		const reminder = reminderMail({
			to: 'a@example.org',
			locale: 'sr-Latn',
			kind: 'shift',
			title: 'Čišćenje parka',
			starts: NOW,
			place: 'Zvečan',
			path: '/volunteer/hours'
		});
		expect(reminder.subject).toBe('Podsetnik: Čišćenje parka');
		const smtp = process.env.SMTP_URL;
		delete process.env.SMTP_URL;
		expect(await sendAll([accepted, reminder])).toBe(0);
		if (smtp !== undefined) process.env.SMTP_URL = smtp;
	});
});
