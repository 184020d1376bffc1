// The coordinators' network view (volunteering/network.ts): every figure from a small network
// written straight into the tables, with the rows that must not count (paused profiles, deactivated
// accounts, logged and rejected hours, past shifts, calls not open) beside the ones that must.
import { beforeEach, describe, expect, it } from 'vitest';
import { recordingPostgres } from './postgres-recorder';
import type { DB } from '$lib/server/db/client';
import { lastMonths, networkView, parseFilter, type NetworkView } from '$lib/server/volunteering/network';
import { networkCsv, type CsvLabels } from '$lib/server/volunteering/network-csv';
import { DAY, insertOrganisation, insertUser, freshDb } from './helpers';

// 15 June 2026, noon in Kosovo: the last 12 months are 2025-07 … 2026-06.
const NOW = Date.UTC(2026, 5, 15, 10, 0, 0);
const at = (iso: string) => Date.parse(iso);

let db: DB;
let org: number;
const users: Record<string, number> = {};

async function profile(
	key: string,
	values: {
		municipality: string;
		age: string;
		languages: string[];
		hidden?: boolean;
		created: string;
		active?: boolean;
	}
) {
	const id = await insertUser(db, { name: `Volunteer ${key}`, email: `${key}@example.test`, active: values.active });
	users[key] = id;
	await db
		.insertInto('volunteer_profiles')
		.values({
			user_id: id,
			municipality: values.municipality,
			age_band: values.age,
			languages: JSON.stringify(values.languages),
			hidden: values.hidden ? 1 : 0,
			contact_consent_at: at(values.created),
			created_at: at(values.created),
			updated_at: at(values.created)
		})
		.execute();
}

async function hours(key: string, workedOn: string, minutes: number, status: 'logged' | 'confirmed' | 'rejected') {
	await db
		.insertInto('volunteer_hours')
		.values({ user_id: users[key], organisation_id: org, worked_on: workedOn, minutes, status, created_at: NOW })
		.execute();
}

async function call(status: 'pending' | 'open' | 'declined' | 'closed', municipality: string): Promise<number> {
	const row = await db
		.insertInto('volunteer_calls')
		.values({
			organisation_id: org,
			locale: 'en',
			title: `Call ${status}`,
			description: 'Help',
			municipality,
			status,
			created_at: NOW - 30 * DAY,
			updated_at: NOW - 30 * DAY
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** A shift `inDays` from NOW with `places`, and applications by volunteer key and status. */
async function shift(
	callId: number,
	inDays: number,
	places: number,
	applications: [string, 'applied' | 'accepted' | 'declined' | 'withdrawn'][] = []
) {
	const row = await db
		.insertInto('volunteer_shifts')
		.values({ call_id: callId, starts_at: NOW + inDays * DAY, ends_at: NOW + inDays * DAY + 3_600_000, places })
		.returning('id')
		.executeTakeFirstOrThrow();
	for (const [key, status] of applications)
		await db
			.insertInto('volunteer_applications')
			.values({ shift_id: row.id, user_id: users[key], status, created_at: NOW, updated_at: NOW })
			.execute();
}

beforeEach(async () => {
	db = await freshDb();
	org = await insertOrganisation(db, 'Most', 'most');
	await profile('v1', {
		municipality: 'mitrovica-north',
		age: '18-24',
		languages: ['sq', 'sr'],
		created: '2026-05-01T10:00:00Z'
	});
	await profile('v2', {
		municipality: 'mitrovica-north',
		age: 'under-18',
		languages: ['sr'],
		created: '2025-01-01T10:00:00Z'
	});
	await profile('v3', {
		municipality: 'zvecan',
		age: '25-34',
		languages: ['sr', 'en'],
		created: '2026-06-01T10:00:00Z'
	});
	await profile('v4', {
		municipality: 'leposavic',
		age: '55-plus',
		languages: ['sq'],
		created: '2025-12-01T10:00:00Z'
	});
	// Paused: counted apart, never in the breakdowns.
	await profile('v5', {
		municipality: 'zvecan',
		age: '18-24',
		languages: ['sr'],
		hidden: true,
		created: '2026-06-02T10:00:00Z'
	});
	// A deactivated account: counted nowhere among volunteers.
	await profile('v6', {
		municipality: 'zubin-potok',
		age: '35-54',
		languages: ['en'],
		created: '2026-06-03T10:00:00Z',
		active: false
	});

	await hours('v1', '2026-06-10', 120, 'confirmed');
	await hours('v1', '2026-05-31', 90, 'confirmed');
	await hours('v2', '2026-04-01', 30, 'confirmed');
	await hours('v3', '2026-01-15', 600, 'confirmed');
	await hours('v4', '2025-07-01', 60, 'confirmed'); // the first day of the 12 months
	await hours('v4', '2025-06-30', 240, 'confirmed'); // before them: in the total only
	await hours('v5', '2026-03-03', 180, 'confirmed'); // a paused volunteer's work still counts
	await hours('v1', '2026-06-12', 45, 'logged');
	await hours('v3', '2026-06-01', 75, 'logged');
	await hours('v2', '2026-05-05', 300, 'rejected');

	// Open, every shift to come full (the past, empty one does not matter).
	const c1 = await call('open', 'mitrovica-north');
	await shift(c1, -10, 5);
	await shift(c1, 3, 2, [
		['v1', 'accepted'],
		['v2', 'accepted']
	]);
	await shift(c1, 4, 1, [
		['v1', 'accepted'],
		['v3', 'applied']
	]);
	// Open, short of people: declined and withdrawn applications take no place.
	const c2 = await call('open', 'zvecan');
	await shift(c2, 5, 3, [
		['v1', 'accepted'],
		['v2', 'declined'],
		['v3', 'withdrawn']
	]);
	// Open, one shift full and one not: unfilled.
	const c3 = await call('open', 'mitrovica-north');
	await shift(c3, 6, 2, [
		['v1', 'accepted'],
		['v2', 'accepted']
	]);
	await shift(c3, 7, 2, [['v3', 'accepted']]);
	// Open with past shifts only: not among the calls with shifts to come.
	const c4 = await call('open', 'leposavic');
	await shift(c4, -2, 4);
	// Open, more accepted than places: filled, and places filled counts no more than the places.
	const c8 = await call('open', 'leposavic');
	await shift(c8, 2, 1, [
		['v1', 'accepted'],
		['v2', 'accepted']
	]);
	await call('pending', 'mitrovica-north');
	const c6 = await call('closed', 'zvecan');
	await shift(c6, 2, 1, [['v1', 'accepted']]);
	await call('declined', 'zvecan');
});

const counts = (tallies: { key: string; count: number }[]) => Object.fromEntries(tallies.map((t) => [t.key, t.count]));

describe('networkView, the whole network over 12 months', () => {
	let view: NetworkView;
	beforeEach(async () => {
		view = await networkView(db, { municipality: null, months: 12 }, NOW);
	});

	it('counts visible volunteers of active accounts, minors among them, and paused profiles apart', () => {
		expect(view.volunteers).toMatchObject({ total: 4, minors: 1, hidden: 1, joined: 3 });
	});

	it('breaks volunteers down by municipality and age band, every code listed', () => {
		expect(view.volunteers.byMunicipality).toEqual([
			{ key: 'mitrovica-north', count: 2 },
			{ key: 'zvecan', count: 1 },
			{ key: 'zubin-potok', count: 0 },
			{ key: 'leposavic', count: 1 },
			{ key: 'other', count: 0 }
		]);
		expect(counts(view.volunteers.byAgeBand)).toEqual({
			'under-18': 1,
			'18-24': 1,
			'25-34': 1,
			'35-54': 0,
			'55-plus': 1
		});
	});

	it('counts a volunteer with two languages under both', () => {
		expect(counts(view.volunteers.byLanguage)).toEqual({ sq: 2, sr: 3, en: 1 });
	});

	it('sums confirmed hours per month, oldest first, and leaves logged and rejected hours out', () => {
		expect(view.hours.perMonth.map((m) => m.month)).toEqual([
			'2025-07',
			'2025-08',
			'2025-09',
			'2025-10',
			'2025-11',
			'2025-12',
			'2026-01',
			'2026-02',
			'2026-03',
			'2026-04',
			'2026-05',
			'2026-06'
		]);
		expect(Object.fromEntries(view.hours.perMonth.filter((m) => m.hours > 0).map((m) => [m.month, m.hours]))).toEqual({
			'2025-07': 1,
			'2026-01': 10,
			'2026-03': 3,
			'2026-04': 0.5,
			'2026-05': 1.5,
			'2026-06': 2
		});
		expect(view.hours).toMatchObject({ confirmedInPeriod: 18, confirmedTotal: 22, pending: 2 });
	});

	it('counts calls by status and open calls with shifts to come as filled or not', () => {
		expect(view.calls).toEqual({
			open: 5,
			pending: 1,
			closed: 1,
			upcoming: 4,
			filled: 2,
			unfilled: 2,
			placesOffered: 11,
			placesFilled: 8
		});
	});
});

describe('networkView with filters', () => {
	it('narrows to the last 3 months: hours per month, hours in the period and newcomers', async () => {
		const view = await networkView(db, { municipality: null, months: 3 }, NOW);
		expect(view.hours.perMonth).toEqual([
			{ month: '2026-04', hours: 0.5 },
			{ month: '2026-05', hours: 1.5 },
			{ month: '2026-06', hours: 2 }
		]);
		expect(view.hours).toMatchObject({ confirmedInPeriod: 4, confirmedTotal: 22, pending: 2 });
		expect(view.volunteers).toMatchObject({ total: 4, joined: 2 });
		expect(view.hours.perMonth).toHaveLength(3);
		expect((await networkView(db, { municipality: null, months: 6 }, NOW)).hours.perMonth).toHaveLength(6);
	});

	it('narrows to a municipality: volunteers and hours by the volunteer, calls by the call', async () => {
		const view = await networkView(db, { municipality: 'zvecan', months: 12 }, NOW);
		expect(view.volunteers).toMatchObject({ total: 1, minors: 0, hidden: 1, joined: 1 });
		expect(view.volunteers.byMunicipality).toEqual([{ key: 'zvecan', count: 1 }]);
		expect(counts(view.volunteers.byLanguage)).toEqual({ sq: 0, sr: 1, en: 1 });
		expect(counts(view.volunteers.byAgeBand)).toMatchObject({ '25-34': 1, '18-24': 0 });
		// v3's 10 h in January and paused v5's 3 h in March; v3's 75 minutes logged.
		expect(view.hours).toMatchObject({ confirmedInPeriod: 13, confirmedTotal: 13, pending: 1.3 });
		expect(view.calls).toEqual({
			open: 1,
			pending: 0,
			closed: 1,
			upcoming: 1,
			filled: 0,
			unfilled: 1,
			placesOffered: 3,
			placesFilled: 1
		});
	});

	it('shows zeros, not errors, for an empty network', async () => {
		const empty = await freshDb();
		const view = await networkView(empty, { municipality: 'leposavic', months: 3 }, NOW);
		expect(view.volunteers).toMatchObject({ total: 0, minors: 0, hidden: 0, joined: 0 });
		expect(view.hours).toEqual({
			perMonth: [
				{ month: '2026-04', hours: 0 },
				{ month: '2026-05', hours: 0 },
				{ month: '2026-06', hours: 0 }
			],
			confirmedInPeriod: 0,
			confirmedTotal: 0,
			pending: 0
		});
		expect(view.calls).toMatchObject({ open: 0, upcoming: 0, filled: 0, unfilled: 0, placesOffered: 0 });
	});

	it('does not mistake one language code inside another', async () => {
		await profile('v9', {
			municipality: 'other',
			age: '18-24',
			languages: ['srx', 'xsq'],
			created: '2026-06-01T10:00:00Z'
		});
		const view = await networkView(db, { municipality: 'other', months: 12 }, NOW);
		expect(view.volunteers.total).toBe(1);
		expect(counts(view.volunteers.byLanguage)).toEqual({ sq: 0, sr: 0, en: 0 });
	});
});

describe('parseFilter and lastMonths', () => {
	it('reads known values and falls back on anything else', () => {
		expect(parseFilter(new URLSearchParams('municipality=zvecan&months=3'))).toEqual({
			municipality: 'zvecan',
			months: 3
		});
		expect(parseFilter(new URLSearchParams('municipality=%3Dcmd&months=7'))).toEqual({
			municipality: null,
			months: 12
		});
		expect(parseFilter(new URLSearchParams('months=6&months=3'))).toEqual({ municipality: null, months: 6 });
		expect(parseFilter(new URLSearchParams(''))).toEqual({ municipality: null, months: 12 });
	});

	it('counts months in Kosovo time and across the turn of the year', () => {
		// 30 June 2026, 22:30 UTC is already 1 July in Kosovo (CEST).
		expect(lastMonths(Date.UTC(2026, 5, 30, 22, 30), 3)).toEqual(['2026-05', '2026-06', '2026-07']);
		expect(lastMonths(Date.UTC(2026, 1, 10), 3)).toEqual(['2025-12', '2026-01', '2026-02']);
	});

	it('counts a volunteer who joined just after midnight on the 1st in Kosovo as joined in that month', async () => {
		// 1 April 2026 00:30 in Kosovo is 31 March 22:30 UTC: inside the last 3 months.
		await profile('v10', { municipality: 'other', age: '18-24', languages: [], created: '2026-03-31T22:30:00Z' });
		await profile('v11', { municipality: 'other', age: '18-24', languages: [], created: '2026-03-31T21:30:00Z' });
		const view = await networkView(db, { municipality: 'other', months: 3 }, NOW);
		expect(view.volunteers).toMatchObject({ total: 2, joined: 1 });
	});
});

describe('networkCsv', () => {
	const labels: CsvLabels = {
		municipality: (c) => `M:${c}`,
		ageBand: (c) => `A:${c}`,
		language: (c) => (c === 'sr' ? 'Srpski, "latinica"' : `L:${c}`),
		text: (k) => (k === 'total' ? '=SUM(A1:A9)' : k)
	};

	it('writes UTF-8 with a byte-order mark, a header row and the figures, with no personal data', async () => {
		const view = await networkView(db, { municipality: null, months: 3 }, NOW);
		const csv = networkCsv(view, labels, NOW);
		expect(csv.startsWith('\uFEFFsection,key,label,value\r\n')).toBe(true);
		const lines = csv.slice(1).split('\r\n');
		expect(lines).toContain('filter,months,months,3');
		expect(lines).toContain('volunteers_by_municipality,mitrovica-north,M:mitrovica-north,2');
		expect(lines).toContain('volunteers_by_age_band,under-18,A:under-18,1');
		expect(lines).toContain('hours,confirmed_total,confirmed_total,22');
		expect(lines).toContain('calls,unfilled,calls_unfilled,2');
		expect(lines).toContain('calls,places_filled,places_filled,8');
		expect(lines.slice(lines.indexOf('month,confirmed_hours'))).toEqual([
			'month,confirmed_hours',
			'2026-04,0.5',
			'2026-05,1.5',
			'2026-06,2',
			''
		]);
		expect(csv).not.toContain('Volunteer v1');
		expect(csv).not.toContain('@example.test');
	});

	it('quotes cells with commas and quotes, and neutralises formulas', async () => {
		const view = await networkView(db, { municipality: null, months: 3 }, NOW);
		const lines = networkCsv(view, labels, NOW).slice(1).split('\r\n');
		expect(lines).toContain('volunteers_by_language,sr,"Srpski, ""latinica""",3');
		expect(lines).toContain("volunteers,total,'=SUM(A1:A9),4");
	});

	it('neutralises a formula stored in the data itself', async () => {
		// A code outside the closed list (written by something other than the profile form) is shown
		// as it is, so it must be made harmless too.
		await profile('v12', {
			municipality: '=HYPERLINK("http://evil.example","x")',
			age: '@SUM(1)',
			languages: [],
			created: '2026-06-01T10:00:00Z'
		});
		const view = await networkView(db, { municipality: null, months: 3 }, NOW);
		const lines = networkCsv(view, { ...labels, municipality: (c) => c, ageBand: (c) => c }, NOW)
			.slice(1)
			.split('\r\n');
		expect(lines).toContain(
			`volunteers_by_municipality,"'=HYPERLINK(""http://evil.example"",""x"")","'=HYPERLINK(""http://evil.example"",""x"")",1`
		);
		expect(lines).toContain("volunteers_by_age_band,'@SUM(1),'@SUM(1),1");
		expect(lines.every((l) => !/(^|,)[=+\-@]/.test(l))).toBe(true);
	});
});

describe('portability', () => {
	it('compiles every query for PostgreSQL, with no SQLite-only functions', async () => {
		// A driver that records the SQL and answers one empty row, so the module runs to its end.
		const { db: pg, seen } = recordingPostgres();
		const view = await networkView(pg, { municipality: 'zvecan', months: 3 }, NOW);
		expect(view.volunteers.total).toBe(0);
		expect(seen.length).toBeGreaterThanOrEqual(7);
		for (const q of seen) expect(q).not.toMatch(/json_each|json_extract|strftime|julianday|group_concat|ifnull|iif\(/i);
		// PostgreSQL accepts GROUP BY of an expression only when it is the very text selected.
		const monthly = seen.find((q) => q.includes('substr('))!;
		expect(monthly).toContain('select substr("h"."worked_on", 1, 7) as "month"');
		expect(monthly).toContain('group by substr("h"."worked_on", 1, 7)');
	});
});
