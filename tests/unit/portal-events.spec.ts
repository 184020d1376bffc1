import { describe, expect, it } from 'vitest';
import * as events from '$lib/server/portal/events';
import * as eventForm from '$lib/server/portal/event-form';
import * as attendees from '$lib/server/portal/attendees';
import { atomFeed, portalFeed, xmlEscape } from '$lib/server/portal/feed';
import { belgradeToEpoch, epochToBelgrade } from '$lib/server/platform/region-time';
import { openCalls } from '$lib/server/portal/listings';
import { listOpenCalls } from '$lib/server/volunteering/call-queries';
import { noticeText } from '$lib/volunteering/volunteer-texts';
import type { DB } from '$lib/server/db/client';
import { DAY, HOUR, freshDb, insertOrganisation, insertUser } from './helpers';

const NOW = Date.UTC(2026, 5, 1, 10, 0, 0);

function form(fields: Record<string, string>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
}

const meeting = {
	kind: 'public-meeting',
	title: 'Javna rasprava o budžetu',
	description: 'Opština poziva građane.',
	municipality: 'zvecan',
	place: 'Sala opštine',
	start_date: '2026-06-20',
	start_time: '18:00',
	official_url: 'https://zvecan.example.org/rasprava'
};

const csoEvent = { ...meeting, kind: 'cso-event', title: 'Akcija čišćenja', official_url: '' };

function parsed(fields: Record<string, string>) {
	const { input, errors } = eventForm.parseEventForm(form(fields), NOW);
	if (!input) throw new Error(`invalid: ${JSON.stringify(errors)}`);
	return input;
}

async function people(db: DB) {
	const orgId = await insertOrganisation(db, 'Most', 'most');
	const otherOrgId = await insertOrganisation(db, 'Drugi', 'drugi');
	const coordinator = {
		id: await insertUser(db, { name: 'C', email: 'c@x.test', role: 'coordinator' }),
		role: 'coordinator',
		organisationId: null
	};
	const member = {
		id: await insertUser(db, { name: 'M', email: 'm@x.test', organisationId: orgId }),
		role: 'learner',
		organisationId: orgId
	};
	const outsider = {
		id: await insertUser(db, { name: 'O', email: 'o@x.test', organisationId: otherOrgId }),
		role: 'learner',
		organisationId: otherOrgId
	};
	const loner = { id: await insertUser(db, { name: 'L', email: 'l@x.test' }), role: 'learner', organisationId: null };
	return { orgId, otherOrgId, coordinator, member, outsider, loner };
}

describe('Belgrade wall clock', () => {
	it('reads summer and winter times with their offsets and refuses impossible dates', () => {
		expect(belgradeToEpoch('2026-06-20', '18:00')).toBe(Date.UTC(2026, 5, 20, 16, 0));
		expect(belgradeToEpoch('2026-01-10', '18:00')).toBe(Date.UTC(2026, 0, 10, 17, 0));
		expect(belgradeToEpoch('2026-02-30', '10:00')).toBeNull();
		expect(belgradeToEpoch('2026-06-20', '25:00')).toBeNull();
		expect(belgradeToEpoch('20-06-2026', '10:00')).toBeNull();
		expect(epochToBelgrade(Date.UTC(2026, 5, 20, 16, 0))).toEqual({ date: '2026-06-20', time: '18:00' });
	});
});

describe('parseEventForm', () => {
	it('accepts a public meeting with its official https page', () => {
		const { input, errors } = eventForm.parseEventForm(form(meeting), NOW);
		expect(errors).toEqual({});
		expect(input).toMatchObject({
			kind: 'public-meeting',
			startsAt: Date.UTC(2026, 5, 20, 16, 0),
			endsAt: null,
			deadlineAt: null,
			officialUrl: 'https://zvecan.example.org/rasprava'
		});
	});

	it('refuses javascript:, data:, http: and credentialed links', () => {
		for (const url of [
			'javascript:alert(1)',
			'JAVASCRIPT:alert(1)',
			'data:text/html,<script>alert(1)</script>',
			'http://zvecan.example.org',
			'https://user:pw@zvecan.example.org',
			'https://localhost',
			`https://example.org/${'a'.repeat(500)}`
		]) {
			const { input, errors } = eventForm.parseEventForm(form({ ...meeting, official_url: url }), NOW);
			expect(input, url).toBeNull();
			expect(errors.official_url, url).toBe('portal_url_invalid');
		}
	});

	it('keeps dates within reach: no start or deadline years ahead, no end a month after the start', () => {
		const far = eventForm.parseEventForm(
			form({ ...meeting, start_date: '9999-12-31', deadline_date: '1000-01-01' }),
			NOW
		).errors;
		expect(far.start_date).toBe('portal_start_too_far');
		expect(far.deadline_date).toBe('portal_deadline_out_of_range');
		const long = eventForm.parseEventForm(form({ ...meeting, end_date: '2026-09-01', end_time: '10:00' }), NOW).errors;
		expect(long.end_date).toBe('portal_end_too_late');
	});

	it('lets an edit keep a start already past, but not move the start into the past', () => {
		const started = belgradeToEpoch('2026-06-01', '18:00')!;
		const later = started + 30 * 24 * 60 * 60 * 1000;
		const kept = eventForm.parseEventForm(form({ ...meeting, start_date: '2026-06-01' }), later, started);
		expect(kept.errors).toEqual({});
		const moved = eventForm.parseEventForm(form({ ...meeting, start_date: '2020-01-01' }), later, started);
		expect(moved.errors.start_date).toBe('portal_start_past');
	});

	it('requires the official link for meetings and consultations only', () => {
		expect(eventForm.parseEventForm(form({ ...meeting, official_url: '' }), NOW).errors.official_url).toBe(
			'portal_url_required'
		);
		expect(
			eventForm.parseEventForm(form({ ...meeting, kind: 'consultation', official_url: '' }), NOW).errors.official_url
		).toBe('portal_url_required');
		expect(eventForm.parseEventForm(form(csoEvent), NOW).errors).toEqual({});
	});

	it('refuses bad lengths, kinds, municipalities and dates, one message per field', () => {
		const { errors } = eventForm.parseEventForm(
			form({
				...meeting,
				kind: 'petition',
				title: 'x'.repeat(151),
				description: 'y'.repeat(3001),
				municipality: 'belgrade',
				start_date: '2026-05-01',
				end_date: '2026-04-01',
				end_time: '10:00',
				deadline_date: 'soon'
			}),
			NOW
		);
		expect(errors).toMatchObject({
			kind: 'portal_kind_invalid',
			title: 'too_long',
			description: 'too_long',
			municipality: 'portal_municipality_invalid',
			start_date: 'portal_start_past',
			end_date: 'portal_end_before_start',
			deadline_date: 'portal_deadline_invalid'
		});
		expect(eventForm.parseEventForm(form({ ...meeting, title: '  ' }), NOW).errors.title).toBe('portal_title_required');
		expect(eventForm.parseEventForm(form({ ...meeting, start_time: '' }), NOW).errors.start_date).toBe(
			'portal_start_invalid'
		);
	});

	it('reads a deadline day without a time as the end of that day', () => {
		const input = parsed({ ...meeting, kind: 'consultation', deadline_date: '2026-06-15' });
		expect(input.deadlineAt).toBe(Date.UTC(2026, 5, 15, 21, 59));
	});
});

describe('who adds which entries', () => {
	it('lets coordinators add every kind, members only CSO events and trainings, others nothing', async () => {
		const db = await freshDb();
		const { coordinator, member, loner, orgId } = await people(db);
		expect(events.mayAdd(loner)).toBe(false);
		expect(await events.createEvent(db, loner, parsed(csoEvent), 'en', NOW)).toEqual({
			ok: false,
			reason: 'forbidden'
		});

		const official = await events.createEvent(db, coordinator, parsed(meeting), 'sr-Latn', NOW);
		expect(official.ok).toBe(true);

		const refused = await events.createEvent(db, member, parsed(meeting), 'en', NOW);
		expect(refused).toEqual({ ok: false, reason: 'invalid', errors: { kind: 'portal_kind_not_allowed' } });
		expect(await events.createEvent(db, member, parsed({ ...meeting, kind: 'consultation' }), 'en', NOW)).toMatchObject(
			{
				ok: false
			}
		);

		const own = await events.createEvent(db, member, parsed(csoEvent), 'en', NOW);
		expect(own.ok).toBe(true);
		const training = await events.createEvent(db, member, parsed({ ...csoEvent, kind: 'training' }), 'en', NOW);
		expect(training.ok).toBe(true);
		if (!own.ok || !official.ok) throw new Error('not created');
		expect((await events.getEvent(db, own.id))?.organisation_id).toBe(orgId);
		expect((await events.getEvent(db, official.id))?.organisation_id).toBeNull();
	});

	it('lets the organisation and coordinators edit and cancel, not another organisation', async () => {
		const db = await freshDb();
		const { coordinator, member, outsider } = await people(db);
		const created = await events.createEvent(db, member, parsed(csoEvent), 'en', NOW);
		if (!created.ok) throw new Error('not created');
		const changed = parsed({ ...csoEvent, title: 'Nova akcija' });
		expect(await events.updateEvent(db, outsider, created.id, changed, NOW)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect(await events.cancelEvent(db, outsider, created.id, NOW)).toEqual({ ok: false, reason: 'forbidden' });
		expect(await events.updateEvent(db, member, created.id, parsed(meeting), NOW)).toMatchObject({
			ok: false,
			reason: 'invalid'
		});
		expect(await events.updateEvent(db, member, created.id, changed, NOW)).toEqual({ ok: true, id: created.id });
		expect((await events.getEvent(db, created.id))?.title).toBe('Nova akcija');
		expect(await events.updateEvent(db, coordinator, 9999, changed, NOW)).toEqual({ ok: false, reason: 'not_found' });
		expect(await events.cancelEvent(db, coordinator, created.id, NOW)).toEqual({ ok: true, id: created.id });
		const cancelled = await events.getEvent(db, created.id);
		expect(cancelled?.cancelled).toBe(1);
	});
});

describe('spam limit', () => {
	it('lets through exactly the limit when many entries are posted at once', async () => {
		const db = await freshDb();
		const { member, orgId } = await people(db);
		const colleague = {
			id: await insertUser(db, { name: 'M2', email: 'm2@x.test', organisationId: orgId }),
			role: 'learner',
			organisationId: orgId
		};
		const input = parsed(csoEvent);
		const results = await Promise.all(
			Array.from({ length: 16 }, (_, i) => events.createEvent(db, i % 2 ? member : colleague, input, 'en', NOW))
		);
		expect(results.filter((r) => r.ok)).toHaveLength(events.LIMITS.perWindow);
		expect(results.filter((r) => !r.ok && r.reason === 'rate_limited')).toHaveLength(16 - events.LIMITS.perWindow);
		// A day later the organisation may post again.
		expect((await events.createEvent(db, member, input, 'en', NOW + DAY + 1)).ok).toBe(true);
	});
});

describe('spam limit for coordinators', () => {
	it('is higher for coordinators, and counted per coordinator', async () => {
		const db = await freshDb();
		const { coordinator, member } = await people(db);
		const input = parsed(meeting);
		const results = await Promise.all(
			Array.from({ length: events.LIMITS.staffPerWindow + 2 }, () =>
				events.createEvent(db, coordinator, input, 'en', NOW)
			)
		);
		expect(results.filter((r) => r.ok)).toHaveLength(events.LIMITS.staffPerWindow);
		// The coordinator's entries do not use up an organisation's allowance.
		expect((await events.createEvent(db, member, parsed(csoEvent), 'en', NOW)).ok).toBe(true);
	});
});

describe('I will attend', () => {
	it('sets and takes back attendance, counts, and refuses cancelled and past entries', async () => {
		const db = await freshDb();
		const { coordinator, member, loner } = await people(db);
		const created = await events.createEvent(db, coordinator, parsed(meeting), 'en', NOW);
		if (!created.ok) throw new Error('not created');
		expect(await attendees.setAttendance(db, loner.id, created.id, true, NOW)).toEqual({ ok: true, attending: true });
		expect(await attendees.setAttendance(db, member.id, created.id, true, NOW)).toEqual({ ok: true, attending: true });
		expect(await attendees.attendance(db, created.id, loner.id)).toEqual({ count: 2, attending: true });
		expect(await attendees.setAttendance(db, loner.id, created.id, false, NOW)).toEqual({ ok: true, attending: false });
		expect(await attendees.attendance(db, created.id, loner.id)).toEqual({ count: 1, attending: false });

		const starts = Date.UTC(2026, 5, 20, 16, 0);
		expect(await attendees.setAttendance(db, loner.id, created.id, true, starts + HOUR)).toEqual({
			ok: false,
			reason: 'past'
		});
		expect(await attendees.setAttendance(db, loner.id, 424242, true, NOW)).toEqual({ ok: false, reason: 'not_found' });
		await events.cancelEvent(db, coordinator, created.id, NOW);
		expect(await attendees.setAttendance(db, loner.id, created.id, true, NOW)).toEqual({
			ok: false,
			reason: 'cancelled'
		});
	});

	it('keeps one row per person when the same person clicks twice at once', async () => {
		const db = await freshDb();
		const { coordinator, loner } = await people(db);
		const created = await events.createEvent(db, coordinator, parsed(meeting), 'en', NOW);
		if (!created.ok) throw new Error('not created');
		const results = await Promise.all(
			[1, 2, 3].map(() => attendees.setAttendance(db, loner.id, created.id, true, NOW))
		);
		expect(results.every((r) => r.ok)).toBe(true);
		expect((await attendees.attendance(db, created.id, loner.id)).count).toBe(1);
	});
});

describe('lists', () => {
	it('lists upcoming entries soonest first, filtered, with cancelled ones left out on request', async () => {
		const db = await freshDb();
		const { coordinator, member } = await people(db);
		const a = await events.createEvent(db, coordinator, parsed({ ...meeting, start_date: '2026-07-01' }), 'en', NOW);
		const b = await events.createEvent(db, member, parsed(csoEvent), 'en', NOW);
		if (!a.ok || !b.ok) throw new Error('not created');
		expect((await events.listUpcoming(db, {}, NOW)).map((e) => e.id)).toEqual([b.id, a.id]);
		expect((await events.listUpcoming(db, { kind: 'public-meeting' }, NOW)).map((e) => e.id)).toEqual([a.id]);
		expect(await events.listUpcoming(db, { municipality: 'leposavic' }, NOW)).toEqual([]);
		await events.cancelEvent(db, member, b.id, NOW);
		expect((await events.listUpcoming(db, { activeOnly: true }, NOW)).map((e) => e.id)).toEqual([a.id]);
		// Over: not listed any more.
		expect(await events.listUpcoming(db, {}, Date.UTC(2026, 6, 2))).toEqual([]);
	});

	it('lists open calls with a shift ahead only', async () => {
		const db = await freshDb();
		const { orgId } = await people(db);
		const call = async (status: 'open' | 'pending', start: number) => {
			const row = await db
				.insertInto('volunteer_calls')
				.values({
					organisation_id: orgId,
					locale: 'en',
					title: `Call ${status} ${start}`,
					description: '',
					municipality: 'zvecan',
					status,
					created_at: NOW,
					updated_at: NOW
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await db
				.insertInto('volunteer_shifts')
				.values({ call_id: row.id, starts_at: start, ends_at: start + HOUR, places: 3 })
				.execute();
			return row.id;
		};
		const open = await call('open', NOW + DAY);
		await call('pending', NOW + DAY);
		await call('open', NOW - DAY);
		expect((await openCalls(db, { limit: 5 }, NOW)).map((c) => c.id)).toEqual([open]);
	});
});

describe('Atom feed', () => {
	it('escapes hostile titles and drops characters XML forbids', () => {
		const hostile = '</title><script>alert("x")</script> & \u0001 <![CDATA[';
		expect(xmlEscape(hostile)).toBe(
			'&lt;/title&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;  &lt;![CDATA['
		);
		const xml = atomFeed({
			title: 'T',
			subtitle: 'S',
			selfUrl: 'https://civic.example/en/feed.xml',
			homeUrl: 'https://civic.example/en',
			items: [
				{
					url: 'https://civic.example/en/calendar/1?a=1&b=2',
					title: hostile,
					summary: 'x',
					updated: NOW,
					category: 'cso-event'
				}
			]
		});
		expect(xml).not.toContain('<script>');
		expect(xml).toContain('href="https://civic.example/en/calendar/1?a=1&amp;b=2"');
		expect(xml.match(/<entry>/g)).toHaveLength(1);
	});

	it('holds upcoming entries with absolute links', async () => {
		const db = await freshDb();
		const { coordinator } = await people(db);
		const created = await events.createEvent(
			db,
			coordinator,
			parsed({ ...meeting, title: 'Sastanak & <3 grada' }),
			'en',
			NOW
		);
		if (!created.ok) throw new Error('not created');
		const xml = await portalFeed(db, 'https://civic.example', NOW);
		expect(xml).toContain(`<id>https://civic.example/en/calendar/${created.id}</id>`);
		expect(xml).toContain('Sastanak &amp; &lt;3 grada');
		expect(xml).not.toContain('<3');
	});
});

describe('telling attendees what changed', () => {
	const noticesOf = (db: DB, userId: number) =>
		db.selectFrom('notices').select(['kind', 'params', 'link']).where('user_id', '=', userId).execute();

	it('moving an entry resets the reminders and tells those who said they would attend', async () => {
		const db = await freshDb();
		const { coordinator, member, loner } = await people(db);
		const created = await events.createEvent(db, coordinator, parsed(meeting), 'en', NOW);
		if (!created.ok) throw new Error('not created');
		await attendees.setAttendance(db, loner.id, created.id, true, NOW);
		await attendees.setAttendance(db, member.id, created.id, true, NOW);
		await db.updateTable('portal_event_attendees').set({ reminded_at: NOW }).execute();

		// The description changes only: nothing to tell.
		await events.updateEvent(db, coordinator, created.id, parsed({ ...meeting, description: 'Novo.' }), NOW);
		expect(await noticesOf(db, loner.id)).toEqual([]);

		const moved = await events.updateEvent(
			db,
			coordinator,
			created.id,
			parsed({ ...meeting, start_time: '19:00' }),
			NOW
		);
		expect(moved.ok).toBe(true);
		const rows = await db.selectFrom('portal_event_attendees').select('reminded_at').execute();
		expect(rows.map((r) => r.reminded_at)).toEqual([null, null]);
		for (const user of [loner, member]) {
			const notices = await noticesOf(db, user.id);
			expect(notices.map((n) => n.kind)).toEqual(['event-changed']);
			expect(JSON.parse(notices[0].params)).toEqual({
				event: meeting.title,
				eventId: created.id,
				starts: Date.UTC(2026, 5, 20, 17, 0)
			});
			expect(notices[0].link).toBe(`/calendar/${created.id}`);
		}
		expect(await noticesOf(db, coordinator.id)).toEqual([]);
	});

	it('cancelling an entry tells those who said they would attend, once', async () => {
		const db = await freshDb();
		const { coordinator, loner, outsider } = await people(db);
		const created = await events.createEvent(db, coordinator, parsed(meeting), 'en', NOW);
		if (!created.ok) throw new Error('not created');
		await attendees.setAttendance(db, loner.id, created.id, true, NOW);
		expect(await events.cancelEvent(db, outsider, created.id, NOW)).toEqual({ ok: false, reason: 'forbidden' });
		expect(await noticesOf(db, loner.id)).toEqual([]);
		expect((await events.cancelEvent(db, coordinator, created.id, NOW)).ok).toBe(true);
		expect((await events.cancelEvent(db, coordinator, created.id, NOW)).ok).toBe(true);
		const notices = await noticesOf(db, loner.id);
		expect(notices.map((n) => n.kind)).toEqual(['event-cancelled']);
		expect(JSON.parse(notices[0].params)).toEqual({ event: meeting.title, eventId: created.id });
	});
});

describe('I will attend, as a wanted state', () => {
	it('sets the state asked for, however often it is sent', async () => {
		const db = await freshDb();
		const { coordinator, loner } = await people(db);
		const created = await events.createEvent(db, coordinator, parsed(meeting), 'en', NOW);
		if (!created.ok) throw new Error('not created');
		// A double submit of "I will attend" leaves the person attending.
		const twice = await Promise.all([1, 2].map(() => attendees.setAttendance(db, loner.id, created.id, true, NOW)));
		expect(twice).toEqual([
			{ ok: true, attending: true },
			{ ok: true, attending: true }
		]);
		expect(await attendees.attendance(db, created.id, loner.id)).toEqual({ count: 1, attending: true });
		// A stale tab's "I will not attend" sent twice leaves the person not attending.
		expect(await attendees.setAttendance(db, loner.id, created.id, false, NOW)).toEqual({ ok: true, attending: false });
		expect(await attendees.setAttendance(db, loner.id, created.id, false, NOW)).toEqual({ ok: true, attending: false });
		expect(await attendees.attendance(db, created.id, loner.id)).toEqual({ count: 0, attending: false });
	});
});

describe('open calls in the portal', () => {
	async function openCall(db: DB, orgId: number, title: string, createdAt: number, reviewedAt: number | null) {
		const row = await db
			.insertInto('volunteer_calls')
			.values({
				organisation_id: orgId,
				locale: 'en',
				title,
				description: '',
				municipality: 'zvecan',
				status: 'open',
				reviewed_at: reviewedAt,
				created_at: createdAt,
				updated_at: createdAt
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await db
			.insertInto('volunteer_shifts')
			.values({ call_id: row.id, starts_at: NOW + 5 * DAY, ends_at: NOW + 5 * DAY + HOUR, places: 3 })
			.execute();
		return row.id;
	}

	it('dates and orders a call by its approval, not its first draft', async () => {
		const db = await freshDb();
		const { orgId } = await people(db);
		const approvedLate = await openCall(db, orgId, 'Approved late', NOW - 10 * DAY, NOW - HOUR);
		const trusted = await openCall(db, orgId, 'Opened at once', NOW - 2 * DAY, null);
		expect((await openCalls(db, { limit: 5 }, NOW)).map((c) => c.id)).toEqual([approvedLate, trusted]);
		expect((await openCalls(db, { limit: 1 }, NOW)).map((c) => c.id)).toEqual([approvedLate]);
		const xml = await portalFeed(db, 'https://civic.example', NOW);
		const first = xml.indexOf('Approved late');
		expect(first).toBeGreaterThan(0);
		expect(first).toBeLessThan(xml.indexOf('Opened at once'));
		expect(xml).toContain(`<updated>${new Date(NOW - HOUR).toISOString()}</updated>`);
		expect(xml).not.toContain(`<updated>${new Date(NOW - 10 * DAY).toISOString()}</updated>`);
	});

	it('agrees with the calls list on which calls are open with a shift to come', async () => {
		const db = await freshDb();
		const { orgId } = await people(db);
		const a = await openCall(db, orgId, 'A', NOW - DAY, null);
		const b = await openCall(db, orgId, 'B', NOW - 2 * DAY, null);
		const past = await openCall(db, orgId, 'Past', NOW - DAY, null);
		await db
			.updateTable('volunteer_shifts')
			.set({ starts_at: NOW - DAY })
			.where('call_id', '=', past)
			.execute();
		const closed = await openCall(db, orgId, 'Closed', NOW - DAY, null);
		await db.updateTable('volunteer_calls').set({ status: 'closed' }).where('id', '=', closed).execute();
		const portal = (await openCalls(db, { limit: 10 }, NOW)).map((c) => c.id);
		const list = (await listOpenCalls(db, {}, NOW)).calls.map((c) => c.id);
		expect(portal).toEqual([a, b]);
		expect([...list].sort()).toEqual([...portal].sort());
	});
});

describe('texts of the new notices', () => {
	it('reads moved and cancelled shifts, calls and entries as sentences, not as the unknown notice', () => {
		const starts = Date.UTC(2026, 5, 20, 16, 0);
		const unknown = noticeText('no-such-kind', {});
		const texts = [
			noticeText('shift-changed', { call: 'Clean-up', callId: 1, starts }),
			noticeText('call-closed', { call: 'Clean-up', callId: 1 }),
			noticeText('event-changed', { event: 'Forum', eventId: 2, starts }),
			noticeText('event-cancelled', { event: 'Forum', eventId: 2 })
		];
		for (const text of texts) expect(text).not.toBe(unknown);
		expect(texts[0]).toContain('Clean-up');
		expect(texts[0]).toContain('2026');
		expect(texts[1]).toContain('Clean-up');
		expect(texts[2]).toContain('Forum');
		expect(texts[2]).toContain('2026');
		expect(texts[3]).toContain('Forum');
	});
});
