import { describe, expect, it } from 'vitest';
import * as applications from '$lib/server/volunteering/applications';
import * as profiles from '$lib/server/volunteering/profiles';
import type { DB } from '$lib/server/db/client';
import { DAY, HOUR, T0, freshDb, insertOrganisation, insertUser } from './helpers';
import { MINOR, accept, addCall, addProfile, addShift } from './volunteer-fixture';

async function world() {
	const db = await freshDb();
	const org = await insertOrganisation(db, 'Udruženje Most', 'most');
	const ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
	await addProfile(db, ana);
	return { db, org, ana };
}

async function volunteer(db: DB, email: string) {
	const id = await insertUser(db, { name: email.split('@')[0], email });
	await addProfile(db, id);
	return id;
}

async function addCourse(db: DB, slug: string) {
	const row = await db
		.insertInto('courses')
		.values({
			slug,
			pass_mark: 70,
			certificate_modules: 'all',
			org_min_certified: 1,
			created_at: T0,
			updated_at: T0
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

describe('fittingCalls', () => {
	it('lists open calls with a future shift with a place left, matching place, skills, languages and age', async () => {
		const { db, org, ana } = await world();
		// Free at any time (no availability ticked): this test is about the other criteria.
		await addProfile(db, ana, { availability: [] });
		const profile = (await profiles.getProfile(db, ana))!;
		const fits = await addCall(db, { organisationId: org, title: 'Fits', skills: ['events'], languages: ['sr'] });
		await addShift(db, fits, 3);
		const anywhere = await addCall(db, { organisationId: org, title: 'Anywhere', municipality: 'other' });
		await addShift(db, anywhere, 2);
		const elsewhere = await addCall(db, { organisationId: org, title: 'Elsewhere', municipality: 'leposavic' });
		await addShift(db, elsewhere, 2);
		const otherSkills = await addCall(db, { organisationId: org, title: 'Skills', skills: ['care'] });
		await addShift(db, otherSkills, 2);
		const otherLanguage = await addCall(db, { organisationId: org, title: 'Language', languages: ['sq'] });
		await addShift(db, otherLanguage, 2);
		const pending = await addCall(db, { organisationId: org, title: 'Pending', status: 'pending' });
		await addShift(db, pending, 2);
		const past = await addCall(db, { organisationId: org, title: 'Past' });
		await addShift(db, past, -1);
		const full = await addCall(db, { organisationId: org, title: 'Full' });
		const fullShift = await addShift(db, full, 2, 1);
		const other = await volunteer(db, 'ben@example.org');
		const taken = await applications.apply(db, { userId: other, callId: full, shiftId: fullShift, message: '' }, T0);
		if (!taken.ok) throw new Error(taken.reason);
		await accept(db, taken.applicationId);

		const list = await applications.fittingCalls(db, profile, T0);
		expect(list.map((c) => c.title)).toEqual(['Anywhere', 'Fits']);
		expect(list[1]).toMatchObject({ organisation: 'Udruženje Most', place: 'Town square', nextShiftAt: T0 + 3 * DAY });

		// A minor sees only the calls open to minors.
		const minor = await insertUser(db, { name: 'Mia', email: 'mia@example.org' });
		await profiles.saveProfile(db, minor, { ...MINOR, availability: [] }, T0);
		await addShift(db, await addCall(db, { organisationId: org, title: 'Teens', minorsAllowed: true }), 4);
		const forMinor = await applications.fittingCalls(db, (await profiles.getProfile(db, minor))!, T0);
		expect(forMinor.map((c) => c.title)).toEqual(['Teens']);
	});
});

describe('fittingCalls and the volunteer’s own applications', () => {
	it('leaves out shifts the volunteer already applied to, unless the application was withdrawn', async () => {
		const { db, org, ana } = await world();
		await addProfile(db, ana, { availability: [] });
		const call = await addCall(db, { organisationId: org, title: 'Two shifts' });
		const first = await addShift(db, call, 2);
		await addShift(db, call, 5);
		const applied = await applications.apply(db, { userId: ana, callId: call, shiftId: first, message: '' }, T0);
		if (!applied.ok) throw new Error(applied.reason);
		const profile = (await profiles.getProfile(db, ana))!;
		// The call still fits through its second shift, offered next.
		expect((await applications.fittingCalls(db, profile, T0)).map((c) => c.nextShiftAt)).toEqual([T0 + 5 * DAY]);
		const only = await addCall(db, { organisationId: org, title: 'One shift' });
		const single = await addShift(db, only, 3);
		const second = await applications.apply(db, { userId: ana, callId: only, shiftId: single, message: '' }, T0);
		if (!second.ok) throw new Error(second.reason);
		expect((await applications.fittingCalls(db, profile, T0)).map((c) => c.title)).toEqual(['Two shifts']);
		await applications.withdraw(db, ana, second.applicationId, T0);
		expect((await applications.fittingCalls(db, profile, T0)).map((c) => c.title).sort()).toEqual([
			'One shift',
			'Two shifts'
		]);
	});
});

describe('availability', () => {
	// T0 is Saturday 1 March 2025, 09:00 UTC = 10:00 in Belgrade (CET, UTC+1).
	it('reads a shift’s start on Belgrade’s clock: weekends, evenings from 17:00, weekdays before', () => {
		expect(applications.shiftAvailability(T0)).toBe('weekends');
		expect(applications.shiftAvailability(T0 + DAY)).toBe('weekends');
		expect(applications.shiftAvailability(T0 + 2 * DAY)).toBe('weekdays');
		// Monday 15:59 UTC is 16:59 in Belgrade; 16:00 UTC is 17:00.
		expect(applications.shiftAvailability(T0 + 2 * DAY + 7 * HOUR - 60_000)).toBe('weekdays');
		expect(applications.shiftAvailability(T0 + 2 * DAY + 7 * HOUR)).toBe('evenings');
		// Friday 23:30 UTC is already Saturday 00:30 in Belgrade.
		expect(applications.shiftAvailability(T0 + 6 * DAY + 14.5 * HOUR)).toBe('weekends');
		// Summer time (CEST, UTC+2): Wednesday 2 July 2025 15:00 UTC is 17:00 in Belgrade.
		expect(applications.shiftAvailability(Date.UTC(2025, 6, 2, 15, 0))).toBe('evenings');
		expect(applications.shiftAvailability(Date.UTC(2025, 6, 2, 14, 59))).toBe('weekdays');
		expect(applications.fitsAvailability([], T0)).toBe(true);
		expect(applications.fitsAvailability(['weekdays', 'evenings'], T0)).toBe(false);
	});

	it('lists a call only when a shift with a place left starts when the volunteer is free', async () => {
		const { db, org, ana } = await world();
		const monday = await addCall(db, { organisationId: org, title: 'Monday morning' });
		await addShift(db, monday, 2);
		const evening = await addCall(db, { organisationId: org, title: 'Monday evening' });
		await addShift(db, evening, 2 + 7 / 24);
		const both = await addCall(db, { organisationId: org, title: 'Monday or Sunday' });
		await addShift(db, both, 2);
		const sunday = await addShift(db, both, 8);
		const fullWeekend = await addCall(db, { organisationId: org, title: 'Full Sunday' });
		const fullShift = await addShift(db, fullWeekend, 1, 1);
		await addShift(db, fullWeekend, 3);
		const ben = await volunteer(db, 'ben@example.org');
		const taken = await applications.apply(
			db,
			{ userId: ben, callId: fullWeekend, shiftId: fullShift, message: '' },
			T0
		);
		if (!taken.ok) throw new Error(taken.reason);
		await accept(db, taken.applicationId);

		const titles = async (availability: ('weekdays' | 'evenings' | 'weekends')[]) => {
			await addProfile(db, ana, { availability });
			const list = await applications.fittingCalls(db, (await profiles.getProfile(db, ana))!, T0);
			return list.map((c) => c.title);
		};
		// Weekends only: the Sunday shift of the call with two, not its Monday one; the full Sunday does not count.
		expect(await titles(['weekends'])).toEqual(['Monday or Sunday']);
		const list = await applications.fittingCalls(db, (await profiles.getProfile(db, ana))!, T0);
		expect(list[0]).toMatchObject({ nextShiftId: sunday, nextShiftAt: T0 + 8 * DAY });
		expect(await titles(['evenings'])).toEqual(['Monday evening']);
		expect(await titles(['weekdays'])).toEqual(['Monday morning', 'Monday or Sunday', 'Full Sunday']);
		expect(await titles([])).toEqual(['Monday morning', 'Monday or Sunday', 'Monday evening', 'Full Sunday']);
	});
});

describe('apply', () => {
	it('applies once, with the message as plain text', async () => {
		const { db, org, ana } = await world();
		const call = await addCall(db, { organisationId: org });
		const shift = await addShift(db, call, 2);
		const result = await applications.apply(
			db,
			{ userId: ana, callId: call, shiftId: shift, message: '  Hello, 3 < 5 & I <3 gardens\u0000 ' },
			T0
		);
		expect(result.ok).toBe(true);
		expect(await applications.apply(db, { userId: ana, callId: call, shiftId: shift, message: '' }, T0)).toEqual({
			ok: false,
			reason: 'already_applied'
		});
		const h = await applications.history(db, ana, T0);
		expect(h).toMatchObject([{ callTitle: 'Clean-up of the Ibar bank', status: 'applied', canWithdraw: true }]);
		const row = await db.selectFrom('volunteer_applications').select('message').executeTakeFirstOrThrow();
		expect(row.message).toBe('Hello, 3 < 5 & I <3 gardens');
	});

	it('refuses without a profile, with a hidden profile, and a message that is too long or has markup', async () => {
		const { db, org, ana } = await world();
		const call = await addCall(db, { organisationId: org });
		const shift = await addShift(db, call, 2);
		const nobody = await insertUser(db, { name: 'Nobody', email: 'no@example.org' });
		const ask = (userId: number, message = '') =>
			applications.apply(db, { userId, callId: call, shiftId: shift, message }, T0);
		expect(await ask(nobody)).toEqual({ ok: false, reason: 'no_profile' });
		expect(await ask(ana, 'x'.repeat(1001))).toEqual({ ok: false, reason: 'message_too_long' });
		expect(await ask(ana, 'Hi <script>alert(1)</script>')).toEqual({ ok: false, reason: 'volp_err_markup' });
		await profiles.setHidden(db, ana, true);
		expect(await ask(ana)).toEqual({ ok: false, reason: 'profile_hidden' });
		await profiles.setHidden(db, ana, false);
		expect((await ask(ana, 'x'.repeat(1000))).ok).toBe(true);
	});

	it('refuses calls that are not open, foreign or started shifts, full shifts, and minors where not allowed', async () => {
		const { db, org, ana } = await world();
		const ask = (callId: number, shiftId: number, userId = ana, now = T0) =>
			applications.apply(db, { userId, callId, shiftId, message: '' }, now);
		for (const status of ['pending', 'declined', 'closed'] as const) {
			const call = await addCall(db, { organisationId: org, status });
			expect(await ask(call, await addShift(db, call, 2))).toEqual({ ok: false, reason: 'not_found' });
		}
		expect(await ask(9999, 1)).toEqual({ ok: false, reason: 'not_found' });
		const call = await addCall(db, { organisationId: org });
		const otherCall = await addCall(db, { organisationId: org });
		const foreignShift = await addShift(db, otherCall, 2);
		expect(await ask(call, foreignShift)).toEqual({ ok: false, reason: 'shift_not_found' });
		const shift = await addShift(db, call, 1, 1);
		expect(await ask(call, shift, ana, T0 + DAY)).toEqual({ ok: false, reason: 'shift_started' });
		expect(await ask(call, shift, ana, T0 + DAY + HOUR)).toEqual({ ok: false, reason: 'shift_started' });
		const ben = await volunteer(db, 'ben@example.org');
		const benApplied = await ask(call, shift, ben);
		if (!benApplied.ok) throw new Error(benApplied.reason);
		await accept(db, benApplied.applicationId);
		expect(await ask(call, shift)).toEqual({ ok: false, reason: 'shift_full' });
		const minor = await insertUser(db, { name: 'Mia', email: 'mia@example.org' });
		await profiles.saveProfile(db, minor, MINOR, T0);
		const adultsOnly = await addCall(db, { organisationId: org });
		expect(await ask(adultsOnly, await addShift(db, adultsOnly, 2), minor)).toEqual({
			ok: false,
			reason: 'minors_not_allowed'
		});
		const teens = await addCall(db, { organisationId: org, minorsAllowed: true });
		expect((await ask(teens, await addShift(db, teens, 2), minor)).ok).toBe(true);
	});

	it('asks for a required course: a standing certificate or a completed enrolment will do', async () => {
		const { db, org, ana } = await world();
		const course = await addCourse(db, 'first-aid');
		const call = await addCall(db, { organisationId: org, requiredCourseId: course });
		const shift = await addShift(db, call, 2);
		const ask = () => applications.apply(db, { userId: ana, callId: call, shiftId: shift, message: '' }, T0);
		expect(await ask()).toEqual({ ok: false, reason: 'course_required', courseId: course });
		const cert = await db
			.insertInto('certificates')
			.values({
				code: 'AAAA-BBBB-CCCC',
				kind: 'learner',
				course_id: course,
				user_id: ana,
				organisation_id: null,
				recipient_name: 'Ana',
				organisation_name: null,
				course_title: 'First aid',
				locale: 'en',
				issuer_name: 'CivicSteps',
				issued_at: T0,
				credential: '',
				revoked_at: T0,
				revoked_reason: 'test',
				revoked_by: null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		expect(await ask()).toMatchObject({ ok: false, reason: 'course_required' });
		await db.updateTable('certificates').set({ revoked_at: null }).where('id', '=', cert.id).execute();
		expect((await ask()).ok).toBe(true);

		const ben = await volunteer(db, 'ben@example.org');
		expect(await applications.hasCompletedCourse(db, ben, course)).toBe(false);
		await db
			.insertInto('enrolments')
			.values({ user_id: ben, course_id: course, enrolled_at: T0, last_activity_at: T0, completed_at: T0 })
			.execute();
		expect(await applications.hasCompletedCourse(db, ben, course)).toBe(true);
	});

	it('withdraws an own open application before the shift, and may apply again on the same row', async () => {
		const { db, org, ana } = await world();
		const call = await addCall(db, { organisationId: org });
		const shift = await addShift(db, call, 2);
		const first = await applications.apply(db, { userId: ana, callId: call, shiftId: shift, message: 'one' }, T0);
		if (!first.ok) throw new Error(first.reason);
		const ben = await volunteer(db, 'ben@example.org');
		expect(await applications.withdraw(db, ben, first.applicationId, T0)).toEqual({ ok: false, reason: 'not_found' });
		expect(await applications.withdraw(db, ana, first.applicationId, T0 + 2 * DAY)).toEqual({
			ok: false,
			reason: 'shift_started'
		});
		expect(await applications.withdraw(db, ana, first.applicationId, T0)).toEqual({ ok: true });
		expect(await applications.withdraw(db, ana, first.applicationId, T0)).toEqual({ ok: false, reason: 'not_open' });
		expect((await applications.history(db, ana, T0))[0]).toMatchObject({ status: 'withdrawn', canWithdraw: false });
		const again = await applications.apply(db, { userId: ana, callId: call, shiftId: shift, message: 'two' }, T0);
		expect(again).toEqual({ ok: true, applicationId: first.applicationId });
		const rows = await db.selectFrom('volunteer_applications').select(['status', 'message']).execute();
		expect(rows).toEqual([{ status: 'applied', message: 'two' }]);
		// A declined application is not sent again.
		await db.updateTable('volunteer_applications').set({ status: 'declined', decision_message: 'Sorry' }).execute();
		expect(await applications.apply(db, { userId: ana, callId: call, shiftId: shift, message: '' }, T0)).toEqual({
			ok: false,
			reason: 'already_applied'
		});
		expect((await applications.history(db, ana, T0))[0]).toMatchObject({
			status: 'declined',
			decisionMessage: 'Sorry'
		});
	});
});

describe('races', () => {
	it('the same volunteer applying twice at once makes one application', async () => {
		const { db, org, ana } = await world();
		const call = await addCall(db, { organisationId: org });
		const shift = await addShift(db, call, 2, 1);
		const results = await Promise.all(
			Array.from({ length: 5 }, () =>
				applications.apply(db, { userId: ana, callId: call, shiftId: shift, message: '' }, T0)
			)
		);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.filter((r) => !r.ok)).toEqual(Array(4).fill({ ok: false, reason: 'already_applied' }));
		const rows = await db.selectFrom('volunteer_applications').select('id').execute();
		expect(rows).toHaveLength(1);
	});

	it('applies at once to the last place while it is being filled: none gets past a full shift', async () => {
		const { db, org, ana } = await world();
		const call = await addCall(db, { organisationId: org });
		const shift = await addShift(db, call, 2, 1);
		const ben = await volunteer(db, 'ben@example.org');
		const cid = await volunteer(db, 'cid@example.org');
		const benApplied = await applications.apply(db, { userId: ben, callId: call, shiftId: shift, message: '' }, T0);
		if (!benApplied.ok) throw new Error(benApplied.reason);
		// The organisation fills the last place in a transaction of its own, and two volunteers apply
		// while it is still open: they wait for it (transactions take turns on both engines) and then
		// see the shift full. They are sent only once the fill holds the transaction, since otherwise
		// which comes first is up to the connection pool.
		let filling!: () => void;
		const insideFill = new Promise<void>((resolve) => (filling = resolve));
		const fill = db.transaction().execute(async (tx) => {
			await tx
				.updateTable('volunteer_applications')
				.set({ status: 'accepted' })
				.where('id', '=', benApplied.applicationId)
				.execute();
			filling();
			await new Promise((resolve) => setTimeout(resolve, 50));
		});
		await insideFill;
		const [, a, c] = await Promise.all([
			fill,
			applications.apply(db, { userId: ana, callId: call, shiftId: shift, message: '' }, T0),
			applications.apply(db, { userId: cid, callId: call, shiftId: shift, message: '' }, T0)
		]);
		expect([a, c]).toEqual([
			{ ok: false, reason: 'shift_full' },
			{ ok: false, reason: 'shift_full' }
		]);
		const open = await db
			.selectFrom('volunteer_applications')
			.select('user_id')
			.where('shift_id', '=', shift)
			.execute();
		expect(open.map((r) => r.user_id)).toEqual([ben]);
	});

	it('applies at once to a shift with one place left: each is recorded, pending the organisation', async () => {
		const { db, org } = await world();
		const call = await addCall(db, { organisationId: org });
		const shift = await addShift(db, call, 2, 1);
		const people = await Promise.all(['b', 'c', 'd'].map((n) => volunteer(db, `${n}@example.org`)));
		const results = await Promise.all(
			people.map((userId) => applications.apply(db, { userId, callId: call, shiftId: shift, message: '' }, T0))
		);
		// Applying takes no place: the organisation chooses whom to accept among them.
		expect(results.every((r) => r.ok)).toBe(true);
		const accepted = await db
			.selectFrom('volunteer_applications')
			.select('id')
			.where('status', '=', 'accepted')
			.execute();
		expect(accepted).toHaveLength(0);
	});
});
