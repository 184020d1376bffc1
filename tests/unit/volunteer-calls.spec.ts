// Calls for volunteers (issue 18): confirmed members of an organisation post calls with shifts,
// coordinators review an organisation's calls until one is approved, spam is held back by limits per
// organisation (checked in the inserting transaction), shifts with applications are never lost, and
// the public sees only open calls with shifts to come.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import * as calls from '$lib/server/volunteering/calls';
import { belgradeToEpoch, belgradeWallClock, parseCallForm, valuesOf } from '$lib/server/volunteering/call-form';
import { createDemoCalls } from '$lib/server/platform/demo-calls';
import { DAY, HOUR, T0, freshDb, insertOrganisation, insertUser } from './helpers';

let db: DB;
let most: number;
let other: number;
let member: number;
let otherMember: number;
let requester: number;
let loner: number;
let coordinator: number;
let courseId: number;
let tutorialId: number;

interface Shift {
	id?: string;
	date: string;
	start: string;
	end: string;
	places: string;
}

/** The wall-clock date `days` after T0 (1 March 2025) in Belgrade. */
const day = (days: number) => belgradeWallClock(T0 + days * DAY).date;

function callForm(
	fields: Partial<Record<'title' | 'description' | 'municipality' | 'place' | 'required_course', string>> = {},
	shifts: Shift[] = [{ date: day(7), start: '10:00', end: '13:00', places: '5' }],
	lists: { skills?: string[]; languages?: string[]; minors?: boolean; remove?: string[] } = {}
): FormData {
	const form = new FormData();
	const values = {
		title: 'Clean-up of the riverbank',
		description: 'Bring gloves.\nWe provide bags.',
		municipality: 'zvecan',
		place: 'Main bridge',
		required_course: '',
		...fields
	};
	for (const [k, v] of Object.entries(values)) form.set(k, v);
	for (const s of lists.skills ?? ['environment']) form.append('skills', s);
	for (const l of lists.languages ?? ['sr', 'sq']) form.append('languages', l);
	if (lists.minors) form.set('minors_allowed', 'on');
	for (const r of lists.remove ?? []) form.append('shift_remove', r);
	for (const s of shifts) {
		form.append('shift_id', s.id ?? '');
		form.append('shift_date', s.date);
		form.append('shift_start', s.start);
		form.append('shift_end', s.end);
		form.append('shift_places', s.places);
	}
	return form;
}

function parsed(form: FormData, now = T0) {
	const result = parseCallForm(form, now);
	expect(result.errors).toEqual({});
	return result.input;
}

async function post(userId: number, organisationId = most, form = callForm(), now = T0) {
	return calls.createCall(db, userId, organisationId, parsed(form, now), 'en', now);
}

async function postOk(userId = member, organisationId = most, form = callForm(), now = T0) {
	const result = await post(userId, organisationId, form, now);
	if (!result.ok) throw new Error(JSON.stringify(result));
	return result;
}

async function status(id: number) {
	return (await db.selectFrom('volunteer_calls').select('status').where('id', '=', id).executeTakeFirstOrThrow())
		.status;
}

async function insertCourse(slug: string, issues: number, archived = 0) {
	const { id } = await db
		.insertInto('courses')
		.values({
			slug,
			pass_mark: 70,
			certificate_modules: 'all',
			org_min_certified: 2,
			issues_certificate: issues,
			archived,
			created_at: T0,
			updated_at: T0
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('course_texts')
		.values([
			{ course_id: id, locale: 'en', title: `Course ${slug}`, summary: '', body_html: '' },
			{ course_id: id, locale: 'sq', title: `Kursi ${slug}`, summary: '', body_html: '' }
		])
		.execute();
	return id;
}

async function apply(shiftId: number, status: 'applied' | 'accepted' | 'withdrawn' = 'applied') {
	const volunteer = await insertUser(db, {
		name: 'Volunteer',
		email: `v-${Math.random().toString(36).slice(2)}@example.org`
	});
	await db
		.insertInto('volunteer_applications')
		.values({ shift_id: shiftId, user_id: volunteer, status, created_at: T0, updated_at: T0 })
		.execute();
}

beforeEach(async () => {
	db = await freshDb();
	most = await insertOrganisation(db, 'Udruženje Most', 'most');
	other = await insertOrganisation(db, 'Other NGO', 'other');
	member = await insertUser(db, { name: 'Member', email: 'member@example.org', organisationId: most });
	otherMember = await insertUser(db, { name: 'Other', email: 'other@example.org', organisationId: other });
	loner = await insertUser(db, { name: 'Loner', email: 'loner@example.org' });
	requester = await insertUser(db, { name: 'Requester', email: 'req@example.org' });
	await db.updateTable('users').set({ requested_organisation_id: most }).where('id', '=', requester).execute();
	coordinator = await insertUser(db, { name: 'Coordinator', email: 'co@example.org', role: 'coordinator' });
	courseId = await insertCourse('certified', 1);
	tutorialId = await insertCourse('tutorial', 0);
});

describe('the form of a call', () => {
	it('reads shifts as Europe/Belgrade local time, in winter and in summer', () => {
		expect(belgradeToEpoch('2025-03-10', '10:00')).toBe(Date.UTC(2025, 2, 10, 9, 0));
		expect(belgradeToEpoch('2025-07-01', '10:00')).toBe(Date.UTC(2025, 6, 1, 8, 0));
		expect(belgradeWallClock(Date.UTC(2025, 6, 1, 8, 0))).toEqual({ date: '2025-07-01', time: '10:00' });
		// Either side of the daylight-saving changes (30 March and 26 October 2025).
		expect(belgradeToEpoch('2025-03-30', '01:30')).toBe(Date.UTC(2025, 2, 30, 0, 30));
		expect(belgradeToEpoch('2025-03-30', '03:30')).toBe(Date.UTC(2025, 2, 30, 1, 30));
		expect(belgradeToEpoch('2025-10-26', '10:00')).toBe(Date.UTC(2025, 9, 26, 9, 0));
		expect(belgradeToEpoch('2025-02-30', '10:00')).toBeNull();
		expect(belgradeToEpoch('2025-03-10', '24:00')).toBeNull();
	});

	it('keeps a valid call, ignoring empty shift rows and repeated choices', () => {
		const form = callForm({}, [
			{ date: day(7), start: '10:00', end: '13:00', places: '5' },
			{ date: '', start: '', end: '', places: '' },
			{ date: day(8), start: '09:30', end: '11:00', places: '200' }
		]);
		form.append('skills', 'environment');
		const { input, errors } = parseCallForm(form, T0);
		expect(errors).toEqual({});
		expect(input.shifts).toHaveLength(2);
		expect(input.skills).toEqual(['environment']);
		expect(input.shifts[0].endsAt - input.shifts[0].startsAt).toBe(3 * HOUR);
	});

	it('refuses bad input with a message per field, keeping the values typed', () => {
		const long = 'x'.repeat(121);
		const { values, errors } = parseCallForm(
			callForm(
				{
					title: long,
					description: 'y'.repeat(4001),
					municipality: 'paris',
					place: 'z'.repeat(201),
					required_course: 'a'
				},
				[
					{ date: day(7), start: '13:00', end: '10:00', places: '5' },
					{ date: day(-1), start: '10:00', end: '11:00', places: '5' },
					{ date: day(400), start: '10:00', end: '11:00', places: '5' },
					{ date: day(7), start: '10:00', end: '11:00', places: '0' },
					{ date: day(7), start: '10:00', end: '11:00', places: '201' },
					{ date: 'soon', start: '10:00', end: '11:00', places: '2' }
				],
				{ skills: ['juggling'], languages: ['de'] }
			),
			T0
		);
		expect(errors).toEqual({
			title: 'vcall_err_title_long',
			description: 'vcall_err_description_long',
			municipality: 'vcall_err_municipality',
			place: 'vcall_err_place_long',
			required_course: 'vcall_err_course',
			skills: 'vcall_err_list',
			languages: 'vcall_err_list',
			'shift-0': 'vcall_err_shift_end_before_start',
			'shift-1': 'vcall_err_shift_past',
			'shift-2': 'vcall_err_shift_far',
			'shift-3': 'vcall_err_shift_places',
			'shift-4': 'vcall_err_shift_places',
			'shift-5': 'vcall_err_shift_time'
		});
		expect(values.title).toBe(long);
		expect(values.shifts[0]).toMatchObject({ start: '13:00', end: '10:00' });
	});

	it('asks for a title, a description and 1 to 10 shifts', () => {
		expect(parseCallForm(callForm({ title: '', description: '' }, []), T0).errors).toEqual({
			title: 'vcall_err_title_required',
			description: 'vcall_err_description_required',
			shifts: 'vcall_err_no_shifts'
		});
		const eleven = Array.from({ length: 11 }, (_, i) => ({
			date: day(i + 2),
			start: '10:00',
			end: '11:00',
			places: '1'
		}));
		expect(parseCallForm(callForm({}, eleven), T0).errors.shifts).toBe('vcall_err_too_many_shifts');
	});
});

describe('posting a call', () => {
	it('is for confirmed members, coordinators and admins only', async () => {
		expect(await post(otherMember)).toEqual({ ok: false, reason: 'forbidden' });
		expect(await post(requester)).toEqual({ ok: false, reason: 'forbidden' });
		expect(await post(loner)).toEqual({ ok: false, reason: 'forbidden' });
		expect(await post(member, 999)).toEqual({ ok: false, reason: 'not_found' });
		expect((await post(member)).ok).toBe(true);
		expect((await post(coordinator)).ok).toBe(true);
		await db.updateTable('users').set({ active: 0 }).where('id', '=', member).execute();
		expect(await post(member)).toEqual({ ok: false, reason: 'forbidden' });
	});

	it('accepts only a course that issues certificates and is not archived', async () => {
		const archived = await insertCourse('old', 1, 1);
		for (const id of [tutorialId, archived, 9999])
			expect(await post(member, most, callForm({ required_course: String(id) }))).toEqual({
				ok: false,
				reason: 'invalid',
				errors: { required_course: 'vcall_err_course' }
			});
		const { id } = await postOk(member, most, callForm({ required_course: String(courseId) }));
		expect((await calls.getCall(db, id, 'sq'))?.requiredCourse).toEqual({ id: courseId, title: 'Kursi certified' });
		expect(await calls.courseChoices(db, 'en')).toEqual([{ id: courseId, title: 'Course certified' }]);
	});
});

describe('review by coordinators', () => {
	it('keeps the first calls pending; once one is approved, new calls open at once', async () => {
		const first = await postOk();
		const second = await postOk();
		expect(first.status).toBe('pending');
		expect(second.status).toBe('pending');
		expect((await calls.pendingCalls(db)).map((c) => c.id)).toEqual([first.id, second.id]);

		expect(await calls.approveCall(db, member, first.id, T0)).toEqual({ ok: false, reason: 'forbidden' });
		expect(await calls.approveCall(db, coordinator, first.id, T0)).toEqual({ ok: true });
		expect(await status(first.id)).toBe('open');
		expect(await calls.approveCall(db, coordinator, first.id, T0)).toEqual({ ok: false, reason: 'not_pending' });
		expect(await calls.approveCall(db, coordinator, 999, T0)).toEqual({ ok: false, reason: 'not_found' });
		const notice = await db.selectFrom('notices').selectAll().where('user_id', '=', member).executeTakeFirstOrThrow();
		expect(notice.kind).toBe('call-approved');
		expect(JSON.parse(notice.params)).toEqual({ call: 'Clean-up of the riverbank', callId: first.id });

		expect((await postOk()).status).toBe('open');
		// The earlier pending call still waits for its own review; another organisation is not trusted.
		expect(await status(second.id)).toBe('pending');
		expect((await postOk(otherMember, other)).status).toBe('pending');
	});

	it('declines with a note, tells the author, and an edit sends the call back to review', async () => {
		const { id } = await postOk();
		expect(await calls.declineCall(db, coordinator, id, '   ', T0)).toEqual({ ok: false, reason: 'note_required' });
		expect(await calls.declineCall(db, coordinator, id, 'n'.repeat(1001), T0)).toEqual({
			ok: false,
			reason: 'note_too_long'
		});
		expect(await calls.declineCall(db, otherMember, id, 'No', T0)).toEqual({ ok: false, reason: 'forbidden' });
		expect(await calls.declineCall(db, coordinator, id, 'Please name the place.', T0)).toEqual({ ok: true });
		const call = await calls.getCall(db, id);
		expect(call).toMatchObject({ status: 'declined', reviewNote: 'Please name the place.' });
		const notice = await db.selectFrom('notices').selectAll().where('user_id', '=', member).executeTakeFirstOrThrow();
		expect(notice.kind).toBe('call-declined');
		expect(JSON.parse(notice.params)).toEqual({ call: call!.title, callId: id, note: 'Please name the place.' });

		const edited = await calls.updateCall(db, member, id, parsed(callForm({ place: 'Town hall' })), T0);
		expect(edited).toEqual({ ok: true, id, status: 'pending' });
	});

	it('takes one decision only when two coordinators decide at once', async () => {
		const { id } = await postOk();
		const second = await insertUser(db, { name: 'Second', email: 'co2@example.org', role: 'coordinator' });
		const results = await Promise.all([
			calls.approveCall(db, coordinator, id, T0),
			calls.declineCall(db, second, id, 'Too vague', T0)
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.filter((r) => !r.ok && r.reason === 'not_pending')).toHaveLength(1);
		const notices = await db.selectFrom('notices').select('kind').where('user_id', '=', member).execute();
		expect(notices).toHaveLength(1);
	});

	it('lets members of the organisation and coordinators close a call, nobody else', async () => {
		const { id } = await postOk();
		expect(await calls.closeCall(db, otherMember, id, T0)).toEqual({ ok: false, reason: 'forbidden' });
		expect(await calls.closeCall(db, requester, id, T0)).toEqual({ ok: false, reason: 'forbidden' });
		expect(await calls.closeCall(db, member, id, T0)).toEqual({ ok: true });
		expect(await calls.closeCall(db, coordinator, id, T0)).toEqual({ ok: false, reason: 'already_closed' });
		expect(await calls.updateCall(db, member, id, parsed(callForm()), T0)).toEqual({ ok: false, reason: 'closed' });
		// Closed before approval: the organisation is still not trusted.
		expect((await postOk()).status).toBe('pending');
	});
});

describe('spam limits', () => {
	it('holds at most 3 pending calls of an organisation', async () => {
		for (let i = 0; i < 3; i++) await postOk();
		expect(await post(member)).toEqual({
			ok: false,
			reason: 'limited',
			errors: { form: 'vcall_err_too_many_pending' }
		});
		// Other organisations are not held back.
		expect((await post(otherMember, other)).ok).toBe(true);
	});

	it('counts simultaneous posts inside the transaction: only 3 of 8 get through', async () => {
		const results = await Promise.all(Array.from({ length: 8 }, () => post(member)));
		expect(results.filter((r) => r.ok)).toHaveLength(3);
		expect(results.filter((r) => !r.ok && r.reason === 'limited')).toHaveLength(5);
		expect((await calls.listOrganisationCalls(db, most)).length).toBe(3);
	});

	it('allows at most 10 calls in any 24 hours, even for a trusted organisation', async () => {
		const first = await postOk();
		await calls.approveCall(db, coordinator, first.id, T0);
		const results = await Promise.all(
			Array.from({ length: 12 }, (_, i) => post(member, most, callForm(), T0 + i * HOUR))
		);
		expect(results.filter((r) => r.ok)).toHaveLength(9);
		expect(results.filter((r) => !r.ok && 'errors' in r && r.errors.form === 'vcall_err_too_many_today')).toHaveLength(
			3
		);
		expect((await post(member, most, callForm(), T0 + DAY + 1)).ok).toBe(true);
	});
});

describe('editing a call', () => {
	async function twoShiftCall() {
		const { id } = await postOk(
			member,
			most,
			callForm({}, [
				{ date: day(7), start: '10:00', end: '13:00', places: '5' },
				{ date: day(8), start: '10:00', end: '13:00', places: '5' }
			])
		);
		const call = (await calls.getCall(db, id))!;
		return { id, call, values: valuesOf(call) };
	}

	it('refuses removing a shift that has applications, by clearing its row or ticking remove', async () => {
		const { id, call, values } = await twoShiftCall();
		await apply(call.shifts[1].id, 'withdrawn');
		const [kept, applied] = values.shifts;
		for (const form of [
			callForm({}, [kept]),
			callForm({}, [kept, applied], { remove: [applied.id] }),
			callForm({}, [kept, { id: applied.id, date: '', start: '', end: '', places: '' }])
		])
			expect(await calls.updateCall(db, member, id, parsed(form), T0)).toEqual({
				ok: false,
				reason: 'invalid',
				errors: { shifts: 'vcall_err_remove_applied' }
			});
		expect((await calls.getCall(db, id))!.shifts).toHaveLength(2);
	});

	it('removes a shift without applications, adds new ones and changes places down to those accepted', async () => {
		const { id, call, values } = await twoShiftCall();
		await apply(call.shifts[0].id, 'accepted');
		await apply(call.shifts[0].id, 'accepted');
		await apply(call.shifts[0].id, 'applied');
		const [first, second] = values.shifts;
		const below = await calls.updateCall(db, member, id, parsed(callForm({}, [{ ...first, places: '1' }, second])), T0);
		expect(below).toEqual({
			ok: false,
			reason: 'invalid',
			errors: { [`shift-id-${first.id}`]: 'vcall_err_places_below_accepted' }
		});
		const saved = await calls.updateCall(
			db,
			member,
			id,
			parsed(
				callForm({ title: 'New title' }, [
					{ ...first, places: '2' },
					{ date: day(9), start: '08:00', end: '09:00', places: '3' }
				])
			),
			T0
		);
		expect(saved).toEqual({ ok: true, id, status: 'pending' });
		const after = (await calls.getCall(db, id))!;
		expect(after.title).toBe('New title');
		expect(after.shifts.map((s) => [s.places, s.accepted, s.placesLeft, s.applications])).toEqual([
			[2, 2, 0, 3],
			[3, 0, 3, 0]
		]);
	});

	it('refuses shifts of another call and people outside the organisation', async () => {
		const { id, values } = await twoShiftCall();
		const otherCall = await postOk(otherMember, other);
		const foreign = (await calls.getCall(db, otherCall.id))!.shifts[0].id;
		const result = await calls.updateCall(
			db,
			member,
			id,
			parsed(callForm({}, [{ ...values.shifts[0], id: String(foreign) }, values.shifts[1]])),
			T0
		);
		expect(result).toEqual({
			ok: false,
			reason: 'invalid',
			errors: { [`shift-id-${foreign}`]: 'vcall_err_shift_unknown' }
		});
		for (const who of [otherMember, requester, loner])
			expect(await calls.updateCall(db, who, id, parsed(callForm()), T0)).toEqual({ ok: false, reason: 'forbidden' });
		expect(await calls.updateCall(db, member, 999, parsed(callForm()), T0)).toEqual({ ok: false, reason: 'not_found' });
		expect((await calls.updateCall(db, coordinator, id, parsed(callForm({}, values.shifts)), T0)).ok).toBe(true);
	});

	it('keeps a shift that has begun when its times are unchanged', async () => {
		const { id, call, values } = await twoShiftCall();
		const later = call.shifts[0].startsAt + HOUR;
		const unchanged = (sid: number, s: number, e: number) =>
			call.shifts.some((x) => x.id === sid && x.startsAt === s && x.endsAt === e);
		const form = callForm({}, values.shifts);
		expect(parseCallForm(form, later).errors).toEqual({ 'shift-0': 'vcall_err_shift_past' });
		const { input, errors } = parseCallForm(form, later, unchanged);
		expect(errors).toEqual({});
		expect((await calls.updateCall(db, member, id, input, later)).ok).toBe(true);
	});
});

describe('listings', () => {
	async function openCall(fields: Record<string, string>, lists = {}, shifts?: Shift[], org = most, who = member) {
		const { id } = await postOk(who, org, callForm(fields, shifts, lists));
		if ((await status(id)) === 'pending') await calls.approveCall(db, coordinator, id, T0);
		return id;
	}

	it('lists open calls with shifts to come, soonest first, with filters', async () => {
		const zvecan = await openCall({ title: 'Zvečan', municipality: 'zvecan' }, { skills: ['it'], languages: ['sr'] });
		const north = await openCall(
			{ title: 'North', municipality: 'mitrovica-north' },
			{ skills: ['social-media', 'it'], languages: ['sq'] },
			[{ date: day(3), start: '10:00', end: '11:00', places: '2' }]
		);
		const pending = await postOk(otherMember, other);
		const closed = await openCall({ title: 'Closed' });
		await calls.closeCall(db, member, closed, T0);
		const all = await calls.listOpenCalls(db, {}, T0);
		expect(all.calls.map((c) => c.id)).toEqual([north, zvecan]);
		expect(all.calls[0]).toMatchObject({
			organisation: { name: 'Udruženje Most', slug: 'most' },
			skills: ['social-media', 'it'],
			nextStart: belgradeToEpoch(day(3), '10:00')
		});
		expect(all.calls.some((c) => c.id === pending.id)).toBe(false);

		const ids = async (f: calls.CallFilters) => (await calls.listOpenCalls(db, f, T0)).calls.map((c) => c.id);
		expect(await ids({ municipality: 'zvecan' })).toEqual([zvecan]);
		expect(await ids({ skill: 'it' })).toEqual([north, zvecan]);
		expect(await ids({ skill: 'social-media' })).toEqual([north]);
		expect(await ids({ language: 'sq' })).toEqual([north]);
		expect(await ids({ language: 'sq', municipality: 'zvecan' })).toEqual([]);
		// Unknown codes are no filter at all (and never reach the SQL).
		expect(await ids({ skill: '%', municipality: "x' or 1=1" })).toEqual([north, zvecan]);
		// Once every shift has begun, the call leaves the list.
		expect((await calls.listOpenCalls(db, {}, T0 + 5 * DAY)).calls.map((c) => c.id)).toEqual([zvecan]);
	});

	it('pages through at most 50 calls at a time', async () => {
		const first = await postOk();
		await calls.approveCall(db, coordinator, first.id, T0);
		const rows = Array.from({ length: 54 }, (_, i) => ({
			organisation_id: most,
			created_by: member,
			locale: 'en',
			title: `Call ${i}`,
			description: 'd',
			municipality: 'zvecan',
			status: 'open' as const,
			created_at: T0,
			updated_at: T0
		}));
		for (const row of rows) {
			const { id } = await db.insertInto('volunteer_calls').values(row).returning('id').executeTakeFirstOrThrow();
			await db
				.insertInto('volunteer_shifts')
				.values({ call_id: id, starts_at: T0 + DAY + id * HOUR, ends_at: T0 + DAY + id * HOUR + HOUR, places: 1 })
				.execute();
		}
		const big = await calls.listOpenCalls(db, { page: 1 }, T0, 500);
		expect(big.calls).toHaveLength(50);
		expect(big).toMatchObject({ total: 55, pages: 2 });
		const last = await calls.listOpenCalls(db, { page: 99 }, T0);
		expect(last).toMatchObject({ page: 3, pages: 3 });
		expect(last.calls).toHaveLength(15);
	});

	it('shows an organisation all its calls and only its own', async () => {
		const waiting = await postOk();
		const declined = await postOk();
		await calls.declineCall(db, coordinator, declined.id, 'Not this one', T0);
		await postOk(otherMember, other);
		const mine = await calls.listOrganisationCalls(db, most);
		expect(mine.map((c) => [c.id, c.status, c.shifts.length])).toEqual([
			[declined.id, 'declined', 1],
			[waiting.id, 'pending', 1]
		]);
		expect(calls.mayManage({ role: 'learner', organisationId: most }, most)).toBe(true);
		expect(calls.mayManage({ role: 'learner', organisationId: other }, most)).toBe(false);
		expect(calls.mayManage({ role: 'learner', organisationId: null }, most)).toBe(false);
		expect(calls.mayManage({ role: 'coordinator', organisationId: null }, most)).toBe(true);
		expect(calls.mayManage(null, most)).toBe(false);
	});
});

describe('the demo call', () => {
	it('is an approved, open call of the first demo organisation with two shifts to come', async () => {
		const demo = await insertOrganisation(db, 'Demo Youth Association', 'demo-youth-association');
		const id = await createDemoCalls(db, T0);
		expect(id).not.toBeNull();
		const call = (await calls.getCall(db, id!))!;
		expect(call).toMatchObject({ status: 'open', organisation: { id: demo } });
		expect(call.shifts).toHaveLength(2);
		expect(call.shifts.every((s) => s.startsAt > T0)).toBe(true);
		expect((await calls.listOpenCalls(db, {}, T0)).calls.map((c) => c.id)).toEqual([id]);
		expect(await createDemoCalls(db, T0)).toBeNull();
	});
});

describe('telling volunteers what changed', () => {
	async function volunteerOn(shiftId: number, state: 'applied' | 'accepted' | 'withdrawn', remindedAt: number | null) {
		const user = await insertUser(db, {
			name: `V ${state}`,
			email: `${state}-${Math.random().toString(36).slice(2)}@example.org`
		});
		await db
			.insertInto('volunteer_applications')
			.values({
				shift_id: shiftId,
				user_id: user,
				status: state,
				created_at: T0,
				updated_at: T0,
				reminded_at: remindedAt
			})
			.execute();
		return user;
	}
	const noticesOf = (userId: number) =>
		db.selectFrom('notices').select(['kind', 'params', 'link']).where('user_id', '=', userId).execute();
	const reminded = async (shiftId: number) =>
		(
			await db
				.selectFrom('volunteer_applications')
				.select(['user_id', 'reminded_at'])
				.where('shift_id', '=', shiftId)
				.orderBy('user_id')
				.execute()
		).map((r) => r.reminded_at);

	it('moving a shift resets its reminders and tells accepted and applied volunteers the new time', async () => {
		const { id } = await postOk();
		const shiftId = (await calls.getCall(db, id))!.shifts[0].id;
		const accepted = await volunteerOn(shiftId, 'accepted', T0);
		const applied = await volunteerOn(shiftId, 'applied', T0);
		const withdrawn = await volunteerOn(shiftId, 'withdrawn', null);

		// Only the places change: nothing to tell, the reminder stays sent.
		const same = callForm({}, [{ id: String(shiftId), date: day(7), start: '10:00', end: '13:00', places: '6' }]);
		expect((await calls.updateCall(db, member, id, parsed(same), T0)).ok).toBe(true);
		expect(await noticesOf(accepted)).toEqual([]);
		expect(await reminded(shiftId)).toEqual([T0, T0, null]);

		const moved = callForm({}, [{ id: String(shiftId), date: day(8), start: '11:00', end: '13:00', places: '6' }]);
		expect((await calls.updateCall(db, member, id, parsed(moved), T0)).ok).toBe(true);
		expect(await reminded(shiftId)).toEqual([null, null, null]);
		const starts = belgradeToEpoch(day(8), '11:00');
		for (const user of [accepted, applied]) {
			const notices = await noticesOf(user);
			expect(notices.map((n) => n.kind)).toEqual(['shift-changed']);
			expect(JSON.parse(notices[0].params)).toEqual({ call: 'Clean-up of the riverbank', callId: id, starts });
			expect(notices[0].link).toBe(`/calls/${id}`);
		}
		expect(await noticesOf(withdrawn)).toEqual([]);

		// Only the end moves: still a change worth telling.
		const longer = callForm({}, [{ id: String(shiftId), date: day(8), start: '11:00', end: '14:00', places: '6' }]);
		expect((await calls.updateCall(db, member, id, parsed(longer), T0)).ok).toBe(true);
		expect((await noticesOf(accepted)).map((n) => n.kind)).toEqual(['shift-changed', 'shift-changed']);
	});

	it('closing a call declines pending applications and tells them and the accepted volunteers of shifts to come', async () => {
		const form = callForm({}, [
			{ date: day(7), start: '10:00', end: '13:00', places: '5' },
			{ date: day(9), start: '10:00', end: '13:00', places: '5' }
		]);
		const { id } = await postOk(member, most, form);
		const [early, late] = (await calls.getCall(db, id))!.shifts.map((s) => s.id);
		const pending = await volunteerOn(late, 'applied', null);
		const acceptedLate = await volunteerOn(late, 'accepted', null);
		const acceptedEarly = await volunteerOn(early, 'accepted', null);
		const withdrawn = await volunteerOn(late, 'withdrawn', null);

		// Closed after the first shift took place: its volunteers have nothing more to learn.
		const later = T0 + 8 * DAY;
		expect(await calls.closeCall(db, member, id, later)).toEqual({ ok: true });
		const app = await db
			.selectFrom('volunteer_applications')
			.select(['status', 'decision_message', 'decided_at'])
			.where('user_id', '=', pending)
			.executeTakeFirstOrThrow();
		expect(app).toMatchObject({ status: 'declined', decision_message: '' });
		for (const user of [pending, acceptedLate]) {
			const notices = await noticesOf(user);
			expect(notices.map((n) => n.kind)).toEqual(['call-closed']);
			expect(JSON.parse(notices[0].params)).toEqual({ call: 'Clean-up of the riverbank', callId: id });
		}
		expect(await noticesOf(acceptedEarly)).toEqual([]);
		expect(await noticesOf(withdrawn)).toEqual([]);
		const accepted = await db
			.selectFrom('volunteer_applications')
			.select('status')
			.where('user_id', '=', acceptedLate)
			.executeTakeFirstOrThrow();
		expect(accepted.status).toBe('accepted');
	});

	it('says a declining note is too long, apart from a missing one', async () => {
		const { id } = await postOk();
		expect(await calls.declineCall(db, coordinator, id, 'n'.repeat(1001), T0)).toEqual({
			ok: false,
			reason: 'note_too_long'
		});
		expect(await calls.declineCall(db, coordinator, id, '', T0)).toEqual({ ok: false, reason: 'note_required' });
		expect(await calls.declineCall(db, coordinator, id, 'n'.repeat(1000), T0)).toEqual({ ok: true });
	});
});

describe('closing a call twice at once', () => {
	it('declines and tells each volunteer once', async () => {
		const { id } = await postOk();
		const shiftId = (await calls.getCall(db, id))!.shifts[0].id;
		await apply(shiftId, 'applied');
		const results = await Promise.all([calls.closeCall(db, member, id, T0), calls.closeCall(db, coordinator, id, T0)]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.filter((r) => !r.ok && r.reason === 'already_closed')).toHaveLength(1);
		const notices = await db.selectFrom('notices').select('kind').where('kind', '=', 'call-closed').execute();
		expect(notices).toHaveLength(1);
	});
});
