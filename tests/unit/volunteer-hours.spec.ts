// Volunteer hours (issue 18): a volunteer logs time for an organisation that accepted them; only a
// member of that organisation confirms or rejects it, never the volunteer themself (not even when
// they are a member); every confirmation calls the recognition hook; totals count confirmed hours.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DB } from '$lib/server/db/client';
import * as hours from '$lib/server/volunteering/hours';
import * as recognition from '$lib/server/volunteering/recognition';
import * as staffing from '$lib/server/volunteering/staffing';
import { DAY, HOUR, T0, freshDb } from './helpers';
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
let volunteer: number;
const NOW = T0; // 2025-03-01 10:00 in Belgrade
const TODAY = '2025-03-01';

const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};

beforeEach(async () => {
	db = await freshDb();
	w = await world(db);
	const call = await insertCall(db, w.org);
	const shift = await insertShift(db, call, NOW - 2 * DAY);
	volunteer = await insertVolunteer(db, 'Ana Adult');
	await insertApplication(db, shift, volunteer, 'accepted');
});

async function logged(minutes = 120, organisationId = w.org) {
	const result = await hours.logHours(
		db,
		volunteer,
		{ organisationId, workedOn: TODAY, minutes, note: 'Sorting donations' },
		NOW
	);
	if (!result.ok) throw new Error(JSON.stringify(result.errors));
	return result.id;
}

describe('logging hours', () => {
	it('logs time for an organisation that accepted the volunteer, waiting for confirmation', async () => {
		expect(await hours.organisationsFor(db, volunteer)).toEqual([{ id: w.org, name: 'Udruženje Most' }]);
		const id = await logged();
		const [row] = await hours.listForVolunteer(db, volunteer);
		expect(row).toMatchObject({
			id,
			organisation: 'Udruženje Most',
			minutes: 120,
			status: 'logged',
			note: 'Sorting donations'
		});
		expect(await hours.confirmedMinutes(db, volunteer)).toBe(0);
	});

	it('refuses an organisation without an accepted application', async () => {
		const applicant = await insertVolunteer(db, 'Only Applied');
		const call = await insertCall(db, w.otherOrg);
		await insertApplication(db, await insertShift(db, call, NOW - DAY), applicant, 'applied');
		for (const [who, org] of [
			[volunteer, w.otherOrg],
			[applicant, w.otherOrg]
		])
			expect(
				await hours.logHours(db, who, { organisationId: org, workedOn: TODAY, minutes: 60, note: '' }, NOW)
			).toEqual({
				ok: false,
				errors: { organisation: 'vstaff_organisation_not_yours' }
			});
	});

	it('checks the form: a date not in the future (Belgrade time), 15 minutes to 16 hours, a note of at most 500', () => {
		// 23:30 UTC on 1 March is already 2 March in Belgrade.
		const lateEvening = Date.UTC(2025, 2, 1, 23, 30);
		expect(
			hours.parseLogForm(form({ organisation: '1', worked_on: '2025-03-02', hours: '2' }), lateEvening).errors
		).toEqual({});
		expect(hours.parseLogForm(form({ organisation: '1', worked_on: '2025-03-02', hours: '2' }), NOW).errors).toEqual({
			worked_on: 'vstaff_date_future'
		});
		const bad = hours.parseLogForm(
			form({ organisation: 'x', worked_on: '2025-02-30', hours: '0.1', note: 'n'.repeat(501) }),
			NOW
		);
		expect(bad.errors).toEqual({
			organisation: 'vstaff_organisation_required',
			worked_on: 'vstaff_date_invalid',
			hours: 'vstaff_hours_range',
			note: 'too_long'
		});
		expect(bad.values.note).toHaveLength(501);
		expect(hours.parseLogForm(form({ organisation: '1', worked_on: TODAY, hours: '16.5' }), NOW).errors.hours).toBe(
			'vstaff_hours_range'
		);
		const comma = hours.parseLogForm(form({ organisation: '1', worked_on: TODAY, hours: '2,5' }), NOW);
		expect(comma.errors).toEqual({});
		expect(comma.input.minutes).toBe(150);
		expect(hours.parseLogForm(form({ organisation: '1', worked_on: TODAY, hours: '0.25' }), NOW).input.minutes).toBe(
			15
		);
	});

	it('refuses bad values passed straight to logHours', async () => {
		const base = { organisationId: w.org, workedOn: TODAY, minutes: 60, note: '' };
		expect(await hours.logHours(db, volunteer, { ...base, workedOn: '2025-03-02' }, NOW)).toMatchObject({ ok: false });
		expect(await hours.logHours(db, volunteer, { ...base, minutes: 14 }, NOW)).toMatchObject({ ok: false });
		expect(await hours.logHours(db, volunteer, { ...base, minutes: 961 }, NOW)).toMatchObject({ ok: false });
		expect(await hours.listForVolunteer(db, volunteer)).toEqual([]);
	});
});

describe('limits on logged hours', () => {
	const base = () => ({ organisationId: w.org, workedOn: TODAY, minutes: 60, note: '' });

	it('keeps a day within 24 hours, logged and confirmed, in all organisations together', async () => {
		// Attendance elsewhere already confirmed 10 hours that day.
		const otherCall = await insertCall(db, w.otherOrg, 'Other');
		const otherApp = await insertApplication(
			db,
			await insertShift(db, otherCall, NOW - 3 * DAY),
			volunteer,
			'accepted'
		);
		await db
			.insertInto('volunteer_hours')
			.values({
				user_id: volunteer,
				organisation_id: w.otherOrg,
				application_id: otherApp,
				worked_on: TODAY,
				minutes: 600,
				status: 'confirmed',
				logged_by: w.outsider.id,
				confirmed_by: w.outsider.id,
				confirmed_at: NOW,
				created_at: NOW
			})
			.execute();
		expect((await hours.logHours(db, volunteer, { ...base(), minutes: 13 * 60 }, NOW)).ok).toBe(true);
		expect(await hours.logHours(db, volunteer, { ...base(), minutes: 75 }, NOW)).toEqual({
			ok: false,
			errors: { hours: 'vstaff_hours_day_full' }
		});
		expect((await hours.logHours(db, volunteer, { ...base(), minutes: 60 }, NOW)).ok).toBe(true);
		// Another day is a new day.
		expect((await hours.logHours(db, volunteer, { ...base(), workedOn: '2025-02-28', minutes: 960 }, NOW)).ok).toBe(
			true
		);
	});

	it('lets only one of two simultaneous entries fill the day or the last waiting place', async () => {
		const both = await Promise.all([
			hours.logHours(db, volunteer, { ...base(), minutes: 13 * 60 }, NOW),
			hours.logHours(db, volunteer, { ...base(), minutes: 13 * 60 }, NOW)
		]);
		expect(both.filter((r) => r.ok)).toHaveLength(1);
		expect(both.filter((r) => !r.ok)).toEqual([{ ok: false, errors: { hours: 'vstaff_hours_day_full' } }]);
		for (let i = 0; i < 18; i++)
			await hours.logHours(db, volunteer, { ...base(), workedOn: '2025-02-28', minutes: 15 }, NOW);
		const last = await Promise.all([
			hours.logHours(db, volunteer, { ...base(), workedOn: '2025-02-27', minutes: 15 }, NOW),
			hours.logHours(db, volunteer, { ...base(), workedOn: '2025-02-27', minutes: 15 }, NOW)
		]);
		expect(last.filter((r) => r.ok)).toHaveLength(1);
		expect(last.filter((r) => !r.ok)).toEqual([
			{ ok: false, errors: { organisation: 'vstaff_hours_too_many_waiting' } }
		]);
	});

	it('keeps at most 20 entries waiting per organisation', async () => {
		const days = ['2025-02-27', '2025-02-28', TODAY];
		for (let i = 0; i < 20; i++)
			expect((await hours.logHours(db, volunteer, { ...base(), workedOn: days[i % 3], minutes: 30 }, NOW)).ok).toBe(
				true
			);
		expect(await hours.logHours(db, volunteer, { ...base(), minutes: 30 }, NOW)).toEqual({
			ok: false,
			errors: { organisation: 'vstaff_hours_too_many_waiting' }
		});
		const [first] = await hours.listForOrganisation(db, w.org, 'logged');
		await hours.decideHours(db, w.member, first.id, 'confirm', NOW);
		expect((await hours.logHours(db, volunteer, { ...base(), minutes: 30 }, NOW)).ok).toBe(true);
	});

	it('refuses a day before the first accepted shift with the organisation (Belgrade date), and year 0000', async () => {
		// The volunteer's shift started on 27 February (beforeEach).
		expect((await hours.logHours(db, volunteer, { ...base(), workedOn: '2025-02-27' }, NOW)).ok).toBe(true);
		for (const workedOn of ['2025-02-26', '0000-01-01'])
			expect(await hours.logHours(db, volunteer, { ...base(), workedOn }, NOW)).toEqual({
				ok: false,
				errors: { worked_on: 'vstaff_date_before_first_shift' }
			});
	});

	it('lists waiting entries oldest first, so a flood of new ones hides none that waits longer', async () => {
		const early = await logged(60);
		const flooder = await insertVolunteer(db, 'Flood Filler');
		const call = await insertCall(db, w.org, 'Flood');
		await insertApplication(db, await insertShift(db, call, NOW - 2 * DAY), flooder, 'accepted');
		for (let i = 0; i < 10; i++) await hours.logHours(db, flooder, { ...base(), minutes: 60 }, NOW + (i + 1) * 1000);
		const waiting = await hours.listForOrganisation(db, w.org, 'logged', 5);
		expect(waiting).toHaveLength(5);
		expect(waiting[0].id).toBe(early);
	});
});

describe('certificates after a confirmation', () => {
	it('a failing issuance is logged and the confirmation still succeeds', async () => {
		const hook = vi.spyOn(recognition, 'onHoursConfirmed').mockRejectedValue(new Error('no signing key'));
		const logError = vi.spyOn(console, 'error').mockImplementation(() => {});
		try {
			const id = await logged(60);
			expect(await hours.decideHours(db, w.member, id, 'confirm', NOW)).toEqual({ ok: true, userId: volunteer });
			const call = await insertCall(db, w.org, 'Second call');
			const app = await insertApplication(db, await insertShift(db, call, NOW - 3 * HOUR, 2), volunteer, 'accepted');
			expect(await staffing.markAttendance(db, w.member, { applicationId: app, came: true }, NOW)).toEqual({
				ok: true,
				minutes: 120
			});
			expect(hook).toHaveBeenCalledTimes(2);
			expect(logError).toHaveBeenCalledTimes(2);
		} finally {
			hook.mockRestore();
			logError.mockRestore();
		}
		expect(await hours.confirmedMinutes(db, volunteer)).toBe(180);
	});
});

describe('confirming and rejecting', () => {
	it('a member confirms: notice, recognition hook, totals', async () => {
		const hook = vi.spyOn(recognition, 'onHoursConfirmed');
		const id = await logged(150);
		expect(await hours.decideHours(db, w.member, id, 'confirm', NOW)).toEqual({ ok: true, userId: volunteer });
		expect(hook).toHaveBeenCalledWith(db, volunteer);
		hook.mockRestore();
		expect(await hours.confirmedMinutes(db, volunteer)).toBe(150);
		expect(await hours.confirmedByOrganisation(db, volunteer)).toEqual([
			{ organisationId: w.org, name: 'Udruženje Most', minutes: 150 }
		]);
		expect(await hours.organisationTotals(db, w.org)).toEqual({
			minutes: 150,
			volunteers: [{ userId: volunteer, name: 'Ana Adult', minutes: 150 }]
		});
		const [notice] = await noticesOf(db, volunteer);
		expect(notice.kind).toBe('hours-confirmed');
		expect(JSON.parse(notice.params)).toEqual({ hours: '2.5', organisation: 'Udruženje Most' });
		expect(await hours.decideHours(db, w.member, id, 'reject', NOW)).toEqual({ ok: false, reason: 'decided' });
	});

	it('a member rejects: the hours do not count', async () => {
		const id = await logged();
		expect(await hours.decideHours(db, w.member, id, 'reject', NOW)).toMatchObject({ ok: true });
		expect(await hours.confirmedMinutes(db, volunteer)).toBe(0);
		expect((await noticesOf(db, volunteer)).map((n) => n.kind)).toEqual(['hours-rejected']);
		expect(await hours.listForOrganisation(db, w.org, 'logged')).toEqual([]);
		expect((await hours.listForOrganisation(db, w.org, 'rejected')).map((h) => h.id)).toEqual([id]);
	});

	it('a rejection may give a reason: plain text, bounded, kept with the hours for the volunteer', async () => {
		const id = await logged();
		expect(await hours.decideHours(db, w.member, id, 'reject', NOW, '<b>x</b>')).toEqual({
			ok: false,
			reason: 'volp_err_markup'
		});
		expect(await hours.decideHours(db, w.member, id, 'reject', NOW, 'x'.repeat(301))).toEqual({
			ok: false,
			reason: 'too_long'
		});
		expect(
			await hours.decideHours(db, w.member, id, 'reject', NOW, '  We had no shift that day.\u0007 ')
		).toMatchObject({ ok: true });
		const [row] = await hours.listForVolunteer(db, volunteer);
		expect(row).toMatchObject({ status: 'rejected', reason: 'We had no shift that day.' });
		const [notice] = await noticesOf(db, volunteer);
		expect(JSON.parse(notice.params)).toMatchObject({ reason: 'We had no shift that day.' });
	});

	it('the volunteer can never confirm their own hours, even as a member of the organisation', async () => {
		const id = await logged();
		expect(await hours.decideHours(db, { id: volunteer, role: 'learner' }, id, 'confirm', NOW)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		await db.updateTable('users').set({ organisation_id: w.org }).where('id', '=', volunteer).execute();
		expect(await hours.decideHours(db, { id: volunteer, role: 'learner' }, id, 'confirm', NOW)).toEqual({
			ok: false,
			reason: 'own_hours'
		});
		expect(await hours.confirmedMinutes(db, volunteer)).toBe(0);
	});

	it('refuses members of other organisations, unconfirmed claims, coordinators and unknown ids', async () => {
		const id = await logged();
		for (const actor of [w.outsider, w.claimant, w.coordinator])
			expect(await hours.decideHours(db, actor, id, 'confirm', NOW)).toEqual({ ok: false, reason: 'forbidden' });
		expect(await hours.decideHours(db, w.member, 99999, 'confirm', NOW)).toEqual({ ok: false, reason: 'not_found' });
		expect(await hours.confirmedMinutes(db, volunteer)).toBe(0);
	});

	it('two members confirming at once confirm once', async () => {
		const id = await logged();
		const other = { id: await insertVolunteer(db, 'Second Member', { organisationId: w.org }), role: 'learner' };
		const results = await Promise.all([
			hours.decideHours(db, w.member, id, 'confirm', NOW),
			hours.decideHours(db, other, id, 'reject', NOW)
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'decided' }]);
		expect(await noticesOf(db, volunteer)).toHaveLength(1);
	});

	it('attendance hours count in the totals and are listed as confirmed', async () => {
		const call = await insertCall(db, w.org, 'Second call');
		const shift = await insertShift(db, call, NOW - 3 * HOUR, 2, 3);
		const app = await insertApplication(db, shift, volunteer, 'accepted');
		const hook = vi.spyOn(recognition, 'onHoursConfirmed');
		expect(await staffing.markAttendance(db, w.member, { applicationId: app, came: true }, NOW)).toEqual({
			ok: true,
			minutes: 120
		});
		expect(hook).toHaveBeenCalledWith(db, volunteer);
		hook.mockRestore();
		await hours.decideHours(db, w.member, await logged(60), 'confirm', NOW);
		expect(await hours.confirmedMinutes(db, volunteer)).toBe(180);
		const confirmed = await hours.listForOrganisation(db, w.org, 'confirmed');
		expect(confirmed.map((h) => h.fromAttendance).sort()).toEqual([false, true]);
	});
});
