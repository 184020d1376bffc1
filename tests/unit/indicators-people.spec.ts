// The Organisations and People indicators of the programme's results (issue 19), on a fixture
// whose answers are worked out by hand below (each expected number is written out, not computed),
// and through buildReport with the "< 5" rule applied.
import { beforeEach, describe, expect, it } from 'vitest';
import { recordingPostgres } from './postgres-recorder';
import type { DB } from '$lib/server/db/client';
import type { RawCell, RawTable, TableId } from '$lib/indicators/report';
import { organisationsTables, municipalityCode } from '$lib/server/indicators/organisations';
import { organisationLinks, peopleTables } from '$lib/server/indicators/people';
import { shownOrganisations } from '$lib/server/indicators/organisation-rows';
import { wholeQuarters } from '$lib/server/indicators/quarters';
import { buildReport } from '$lib/server/indicators/report';
import type { Scope } from '$lib/server/indicators/scope';
import { DAY, HOUR, T0, freshDb, insertOrganisation, insertUser } from './helpers';

const D = (n: number) => T0 + n * DAY;

let db: DB;
let serial = 0;

async function organisation(name: string, municipality: string): Promise<number> {
	const id = await insertOrganisation(db, name, `org-${++serial}`);
	await db.updateTable('organisations').set({ municipality }).where('id', '=', id).execute();
	return id;
}

async function course(slug: string): Promise<{ id: number; quiz: number; version: number }> {
	const c = await db
		.insertInto('courses')
		.values({ slug, pass_mark: 70, certificate_modules: 'all', org_min_certified: 2, created_at: T0, updated_at: T0 })
		.returning('id')
		.executeTakeFirstOrThrow();
	const m = await db
		.insertInto('modules')
		.values({ course_id: c.id, slug: 'm1', position: 1 })
		.returning('id')
		.executeTakeFirstOrThrow();
	const q = await db.insertInto('quizzes').values({ module_id: m.id }).returning('id').executeTakeFirstOrThrow();
	const v = await db
		.insertInto('quiz_versions')
		.values({
			quiz_id: q.id,
			number: 1,
			hash: 'h',
			pass_mark: 70,
			max_attempts: null,
			wait_minutes: 0,
			attempts_per_day: null,
			draw: null,
			answer_key: '[]',
			created_at: T0,
			created_by: null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: c.id, quiz: q.id, version: v.id };
}

async function person(
	name: string,
	opts: { org?: number; requested?: number; active?: boolean; role?: 'learner' | 'trainer' } = {}
): Promise<number> {
	const id = await insertUser(db, {
		name,
		email: `${name.toLowerCase().replace(/\s+/g, '.')}.${++serial}@example.org`,
		organisationId: opts.org ?? null,
		active: opts.active,
		role: opts.role
	});
	if (opts.requested)
		await db
			.updateTable('users')
			.set({ requested_organisation_id: opts.requested, requested_at: T0 })
			.where('id', '=', id)
			.execute();
	return id;
}

async function enrol(
	user: number,
	courseId: number,
	at: number,
	opts: { activity?: boolean; completedAt?: number } = {}
): Promise<void> {
	await db
		.insertInto('enrolments')
		.values({
			user_id: user,
			course_id: courseId,
			enrolled_at: at,
			last_activity_at: at,
			completed_at: opts.completedAt ?? null,
			has_activity: opts.activity || opts.completedAt !== undefined ? 1 : 0
		})
		.execute();
}

async function certificate(
	kind: 'learner' | 'organisation',
	holder: number,
	courseId: number,
	at: number,
	revokedAt: number | null = null
): Promise<void> {
	await db
		.insertInto('certificates')
		.values({
			code: `CODE-${++serial}`,
			kind,
			course_id: courseId,
			user_id: kind === 'learner' ? holder : null,
			organisation_id: kind === 'organisation' ? holder : null,
			recipient_name: 'x',
			organisation_name: null,
			course_title: 'x',
			locale: 'en',
			issuer_name: 'x',
			issued_at: at,
			credential: '',
			revoked_at: revokedAt,
			revoked_reason: revokedAt === null ? null : 'test',
			revoked_by: null,
			hours: null
		})
		.execute();
}

async function attempt(user: number, c: { quiz: number; version: number }, locale: string, at: number): Promise<void> {
	await db
		.insertInto('quiz_attempts')
		.values({
			user_id: user,
			quiz_id: c.quiz,
			quiz_version_id: c.version,
			attempt_no: 1,
			submission_key: `k${++serial}`,
			locale,
			answers: '{}',
			results: '{}',
			score: 0,
			passed: 0,
			submitted_at: at
		})
		.execute();
}

async function demographics(
	user: number,
	d: { gender?: string; age?: string; community?: string; consent?: boolean }
): Promise<void> {
	await db
		.insertInto('demographics')
		.values({
			user_id: user,
			gender: d.gender ?? null,
			age_band: d.age ?? null,
			community: d.community ?? null,
			community_consent_at: d.consent ? T0 : null,
			asked_at: T0,
			updated_at: T0
		})
		.execute();
}

function scope(s: Partial<Scope>): Scope {
	return {
		filters: { from: null, to: null, course: null, cohort: null },
		from: null,
		until: null,
		courseId: null,
		cohortId: null,
		locale: 'en',
		now: D(100),
		...s
	};
}

const values = (cells: RawCell[] | null) => (cells ?? []).map((c) => Math.round(c.value * 100) / 100);
const peopleOf = (cells: RawCell[] | null) => (cells ?? []).map((c) => c.people);
function table(tables: RawTable[], id: TableId): RawTable {
	const t = tables.find((x) => x.id === id);
	if (!t) throw new Error(`no table ${id}`);
	return t;
}
/** Rows as [label, values...] for reading the expectations at a glance. */
function rows(t: RawTable): (string | number)[][] {
	return t.rows.map((r) => {
		const l = r.label;
		const name = 'code' in l ? l.code : 'text' in l ? l.text : l.kind;
		return [name, ...values(r.cells)];
	});
}

describe('municipalityCode', () => {
	it.each([
		['Mitrovicë e Veriut', 'mitrovica-north'],
		['Mitrovica e Veriut', 'mitrovica-north'],
		['mitrovice e veriut', 'mitrovica-north'],
		['Mitrovicë Veriore', 'mitrovica-north'],
		['Severna Mitrovica', 'mitrovica-north'],
		['SEVERNA MITROVICA', 'mitrovica-north'],
		['Северна Митровица', 'mitrovica-north'],
		['Kosovska Mitrovica', 'mitrovica-north'],
		['Косовска Митровица', 'mitrovica-north'],
		['North Mitrovica', 'mitrovica-north'],
		['Mitrovica North', 'mitrovica-north'],
		['Mitrovica-North, Kosovo', 'mitrovica-north'],
		['  Mitrovica  ', 'mitrovica-north'],
		['Zveçan', 'zvecan'],
		['Zvečan', 'zvecan'],
		['Zvecan', 'zvecan'],
		['Звечан', 'zvecan'],
		['ZVEČAN', 'zvecan'],
		['Zveçani', 'zvecan'],
		['Zubin Potok', 'zubin-potok'],
		['zubin-potok', 'zubin-potok'],
		['Зубин Поток', 'zubin-potok'],
		['Leposaviq', 'leposavic'],
		['Leposaviqi', 'leposavic'],
		['Leposavić', 'leposavic'],
		['Leposavic', 'leposavic'],
		['Лепосавић', 'leposavic'],
		['Mitrovicë e Jugut', 'other'],
		['Južna Mitrovica', 'other'],
		['South Mitrovica', 'other'],
		['Prishtinë', 'other'],
		['Gračanica', 'other'],
		['Belgrade', 'other'],
		['Zvečan and Leposavić', 'zvecan'],
		['Leposavić, near Zvečan', 'leposavic']
	])('%s → %s', (text, code) => {
		expect(municipalityCode(text)).toBe(code);
	});

	it('reads empty text as not given', () => {
		expect(municipalityCode('')).toBeNull();
		expect(municipalityCode('   ')).toBeNull();
		expect(municipalityCode(' - ')).toBeNull();
		expect(municipalityCode(null)).toBeNull();
	});
});

describe('people and organisations on a hand-computed fixture', () => {
	// Period [D10, D40). Two courses K1, K2; cohort H on K1 with p1 p2 p3 p5 p6 p9.
	let k1: Awaited<ReturnType<typeof course>>;
	let k2: Awaited<ReturnType<typeof course>>;
	let cohortId: number;
	const period = { from: D(10), until: D(40) };

	beforeEach(async () => {
		db = await freshDb();
		k1 = await course('k1');
		k2 = await course('k2');
		const a = await organisation('Alfa', 'Zveçan'); // zvecan
		const b = await organisation('Beta', 'Severna Mitrovica'); // mitrovica-north
		const c = await organisation('Gama', ''); // not given
		const d = await organisation('Delta', 'Leposavić'); // leposavic
		const e = await organisation('Epsilon', 'Prishtinë'); // other

		// p1: two enrolments in the period; first completion K1 (10 days), certified on K1.
		const p1 = await person('P1', { org: a });
		await enrol(p1, k1.id, D(12), { completedAt: D(22) });
		await enrol(p1, k2.id, D(14), { completedAt: D(34) });
		await certificate('learner', p1, k1.id, D(23));
		await attempt(p1, k1, 'sr-Latn', D(15));
		await attempt(p1, k2, 'en', D(18));
		await attempt(p1, k1, 'sr-Cyrl', D(20));
		await demographics(p1, { gender: 'woman', age: '18-24', community: 'serbian', consent: true });
		// p2: completes after the period; gave a community without consent (not counted by it).
		const p2 = await person('P2', { org: a });
		await enrol(p2, k1.id, D(11), { completedAt: D(41) });
		await attempt(p2, k1, 'sq', D(30));
		await demographics(p2, { gender: 'woman', age: '25-34', community: 'albanian', consent: false });
		// p3: deactivated since; completed in 5 days; certificate revoked.
		const p3 = await person('P3', { org: b, active: false });
		await enrol(p3, k1.id, D(15), { completedAt: D(20) });
		await certificate('learner', p3, k1.id, D(21), D(22));
		await attempt(p3, k1, 'sq', D(18));
		await demographics(p3, { gender: 'man', age: '18-24' });
		// p4: K2, completed in 6 days, certified; community 'prefer-not', which names no community and needs no consent.
		const p4 = await person('P4', { org: b });
		await enrol(p4, k2.id, D(20), { completedAt: D(26) });
		await certificate('learner', p4, k2.id, D(27));
		await attempt(p4, k2, 'en', D(25));
		await demographics(p4, { gender: 'man', age: 'prefer-not', community: 'prefer-not', consent: false });
		// p5: only requested Gama (unconfirmed); enrolled, nothing done, no answers, no attempts.
		const p5 = await person('P5', { requested: c });
		await enrol(p5, k1.id, D(25));
		// p6: enrolled before the period, completed and certified in it.
		const p6 = await person('P6', { org: a });
		await enrol(p6, k1.id, D(5), { completedAt: D(15) });
		await certificate('learner', p6, k1.id, D(16));
		// p7: enrolled after the period.
		const p7 = await person('P7', { org: b });
		await enrol(p7, k2.id, D(45));
		// p8: no organisation; completed in 1 day, certified.
		const p8 = await person('P8');
		await enrol(p8, k2.id, D(38), { completedAt: D(39) });
		await certificate('learner', p8, k2.id, D(39) + HOUR);
		await attempt(p8, k2, 'sq', D(38) + HOUR);
		await demographics(p8, { gender: 'other', age: '55-plus', community: 'roma', consent: true });
		// p9: enrolled at the very start (counted), completed and certified at the very end (not).
		const p9 = await person('P9', { org: a });
		await enrol(p9, k1.id, D(10), { completedAt: D(40) });
		await certificate('learner', p9, k1.id, D(40));
		await attempt(p9, k1, 'sr-Latn', D(12));
		await demographics(p9, { gender: 'woman', age: '35-54', community: 'serbian', consent: true });
		// p10: K1 in the period without activity; K2 before it, completed and certified in it.
		const p10 = await person('P10', { org: b });
		await enrol(p10, k1.id, D(39));
		await enrol(p10, k2.id, D(8), { completedAt: D(30) });
		await certificate('learner', p10, k2.id, D(31));
		await attempt(p10, k2, 'sq', D(28));
		await attempt(p10, k1, 'en', D(39) + HOUR);
		await demographics(p10, { gender: 'woman', age: '18-24' });
		// p11: Delta's only learner, enrolled before the period, certificate revoked.
		const p11 = await person('P11', { org: d });
		await enrol(p11, k1.id, D(2), { completedAt: D(12) });
		await certificate('learner', p11, k1.id, D(13), D(14));
		// p12: Epsilon's only learner, enrolled at the period's end (excluded).
		const p12 = await person('P12', { org: e });
		await enrol(p12, k1.id, D(40));

		// Organisation certificates: Alfa K1 in, Beta K1 after, Gama K2 in, Delta K1 revoked, Epsilon K1 in.
		await certificate('organisation', a, k1.id, D(30));
		await certificate('organisation', b, k1.id, D(45));
		await certificate('organisation', c, k2.id, D(25));
		await certificate('organisation', d, k1.id, D(20), D(21));
		await certificate('organisation', e, k1.id, D(20));

		const h = await db
			.insertInto('cohorts')
			.values({
				name: 'H',
				course_id: k1.id,
				starts_at: D(10),
				ends_at: D(40),
				invite_token: 'tok',
				created_by: null,
				created_at: T0,
				updated_at: T0
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		cohortId = h.id;
		await db
			.insertInto('cohort_members')
			.values([p1, p2, p3, p5, p6, p9].map((user_id) => ({ cohort_id: cohortId, user_id, joined_at: T0 })))
			.execute();
	});

	describe('every course in the period', () => {
		it('summarises the funnel, each person once', async () => {
			const t = table(await peopleTables(db, scope(period)), 'people-summary');
			expect(t.rows).toEqual([]);
			// enrolled p1 p2 p3 p4 p5 p8 p9 p10; started all but p5, p10; completed p1 p3 p4 p8;
			// certified p1 p4 p8; median of [1, 5, 6, 10] days; completed in the period p1 p3 p4 p6 p8 p10 p11;
			// certified in it p1 p4 p6 p8 p10.
			expect(values(t.total)).toEqual([8, 6, 4, 3, 50, 5.5, 7, 5]);
			expect(peopleOf(t.total)).toEqual([8, 6, 4, 3, 8, 4, 7, 5]);
		});

		it('groups organisations with fewer than five people here, by confirmed membership', async () => {
			const t = table(await peopleTables(db, scope(period)), 'people-by-organisation');
			// Alfa (p1 p2 p9: 3, 3, 1, 1) and Beta (p3 p4 p10: 3, 2, 2, 1) have fewer than five people in
			// the period: no row of their own, which would tell they have someone here.
			expect(rows(t)).toEqual([
				['small-organisations', 6, 5, 3, 2, 50],
				['no-organisation', 2, 1, 1, 1, 50]
			]);
			expect(values(t.total)).toEqual([8, 6, 4, 3, 50]);
			expect(peopleOf(t.rows[0].cells)).toEqual([6, 5, 3, 2, 6]);
			// No municipality row is the sum of shown organisations; the "no organisation" rows are the
			// same people (row 6 of people-by-municipality); the totals are the same people too.
			expect(t.links).toEqual([
				{ whole: { table: 'people-by-organisation', row: 1 }, parts: [{ table: 'people-by-municipality', row: 6 }] },
				{
					whole: { table: 'people-by-organisation', row: 'total' },
					parts: [{ table: 'people-by-municipality', row: 'total' }]
				},
				{
					whole: { table: 'people-by-organisation', row: 'total' },
					parts: [{ table: 'people-by-language', row: 'total' }]
				},
				{ whole: { table: 'people-by-organisation', row: 'total' }, parts: [{ table: 'people-summary', row: 'total' }] }
			]);
		});

		it("breaks it down by the municipality of the person's organisation", async () => {
			const t = table(await peopleTables(db, scope(period)), 'people-by-municipality');
			expect(rows(t)).toEqual([
				['mitrovica-north', 3, 2, 2, 1, 66.67],
				['zvecan', 3, 3, 1, 1, 33.33],
				['zubin-potok', 0, 0, 0, 0, 0],
				['leposavic', 0, 0, 0, 0, 0],
				['other', 0, 0, 0, 0, 0],
				['not-given', 0, 0, 0, 0, 0],
				['no-organisation', 2, 1, 1, 1, 50]
			]);
			expect(values(t.total)).toEqual([8, 6, 4, 3, 50]);
		});

		// The demographic tables count the whole quarters covering the period: D10 is 2025-03-11 and
		// the last day, D39, 2025-04-09, so from 2025-01-01 to 2025-06-30, which holds every enrolment
		// of the fixture, each completion and certificate: the open period's 12, 9, 9, 6.
		it('breaks it down by gender and age band over whole quarters, every answer of the list shown', async () => {
			const tables = await peopleTables(db, scope(period));
			// woman p1 p2 p9 p10 (certified p1 p9 p10); man p3 p4 (p4); other p8; not given p5 p6 p7
			// p11 p12 (started and completed p6 p11, certified p6).
			expect(rows(table(tables, 'people-by-gender'))).toEqual([
				['woman', 4, 4, 4, 3, 100],
				['man', 2, 2, 2, 1, 100],
				['other', 1, 1, 1, 1, 100],
				['prefer-not', 0, 0, 0, 0, 0],
				['not-given', 5, 2, 2, 1, 40]
			]);
			// 18-24 p1 p3 p10 (certified p1 p10); 25-34 p2; 35-54 p9; 55-plus p8; prefer-not p4.
			expect(rows(table(tables, 'people-by-age'))).toEqual([
				['under-18', 0, 0, 0, 0, 0],
				['18-24', 3, 3, 3, 2, 100],
				['25-34', 1, 1, 1, 0, 100],
				['35-54', 1, 1, 1, 1, 100],
				['55-plus', 1, 1, 1, 1, 100],
				['prefer-not', 1, 1, 1, 1, 100],
				['not-given', 5, 2, 2, 1, 40]
			]);
			for (const id of ['people-by-gender', 'people-by-age', 'people-by-community'] as const) {
				expect(values(table(tables, id).total)).toEqual([12, 9, 9, 6, 75]);
				expect(table(tables, id).period).toEqual({ from: '2025-01-01', to: '2025-06-30' });
			}
			// The other tables count the period itself.
			expect(table(tables, 'people-by-language').period).toBeUndefined();
			expect(values(table(tables, 'people-by-language').total)).toEqual([8, 6, 4, 3, 50]);
		});

		it('counts a community only with consent, over whole quarters', async () => {
			const t = table(await peopleTables(db, scope(period)), 'people-by-community');
			// serbian p1 p9; roma p8; prefer-not p4; not given p2 (no consent) p3 p5 p6 p7 p10 p11 p12,
			// started and completed p2 p3 p6 p10 p11, certified p6 p10.
			expect(rows(t)).toEqual([
				['albanian', 0, 0, 0, 0, 0],
				['serbian', 2, 2, 2, 2, 100],
				['bosniak', 0, 0, 0, 0, 0],
				['roma', 1, 1, 1, 1, 100],
				['ashkali', 0, 0, 0, 0, 0],
				['egyptian', 0, 0, 0, 0, 0],
				['turkish', 0, 0, 0, 0, 0],
				['gorani', 0, 0, 0, 0, 0],
				['other', 0, 0, 0, 0, 0],
				['prefer-not', 1, 1, 1, 1, 100],
				['not-given', 8, 5, 5, 2, 62.5]
			]);
		});

		it('gives two reports a day apart the same demographic tables', async () => {
			const later = await peopleTables(db, scope({ from: D(11), until: D(40) }));
			const month = await peopleTables(db, scope(period));
			for (const id of ['people-by-gender', 'people-by-age', 'people-by-community'] as const)
				expect(table(later, id)).toEqual(table(month, id));
			// While the period's own figures differ by p9, who enrolled on D10 (started, nothing else).
			expect(values(table(later, 'people-summary').total).slice(0, 5)).toEqual([7, 5, 4, 3, 57.14]);
		});

		it('reads the language of study from the latest quiz attempt', async () => {
			const t = table(await peopleTables(db, scope(period)), 'people-by-language');
			expect(rows(t)).toEqual([
				['en', 2, 1, 1, 1, 50],
				['sq', 3, 3, 2, 1, 66.67],
				['sr-Latn', 1, 1, 0, 0, 0],
				['sr-Cyrl', 1, 1, 1, 1, 100],
				['not-given', 1, 0, 0, 0, 0]
			]);
		});

		it('counts organisations by the municipality in their profile', async () => {
			const t = table(await organisationsTables(db, scope(period)), 'orgs-by-municipality');
			// Participating: Alfa, Beta (Gama only requested by p5; Epsilon's p12 enrolled at the end).
			// With a certified member: Alfa (p1, p6), Beta (p4, p10); Delta's was revoked.
			// Certified: Alfa, Gama, Epsilon (Beta's after the period, Delta's revoked).
			expect(rows(t)).toEqual([
				['mitrovica-north', 1, 1, 0],
				['zvecan', 1, 1, 1],
				['zubin-potok', 0, 0, 0],
				['leposavic', 0, 0, 0],
				['other', 0, 0, 1],
				['not-given', 0, 0, 1]
			]);
			expect(values(t.total)).toEqual([2, 2, 3]);
			// The people behind a cell: members enrolled in the period (Alfa p1 p2 p9, Beta p3 p4 p10),
			// members certified in it (Alfa p1 p6, Beta p4 p10); organisation certificates are public.
			expect(t.rows.map((r) => peopleOf(r.cells))).toEqual([
				[3, 2, null],
				[3, 2, null],
				[0, 0, null],
				[0, 0, null],
				[0, 0, null],
				[0, 0, null]
			]);
			expect(peopleOf(t.total)).toEqual([6, 4, null]);
		});
	});

	describe('one course', () => {
		it('counts only that course, and its attempts for the language', async () => {
			const tables = await peopleTables(db, scope({ ...period, courseId: k1.id }));
			// enrolled p1 p2 p3 p5 p9 p10; started p1 p2 p3 p9; completed p1 p3; certified p1;
			// median of [5, 10]; completed in the period p1 p3 p6 p11; certified in it p1 p6.
			expect(values(table(tables, 'people-summary').total)).toEqual([6, 4, 2, 1, 33.33, 7.5, 4, 2]);
			expect(rows(table(tables, 'people-by-language'))).toEqual([
				['en', 1, 0, 0, 0, 0],
				['sq', 2, 2, 1, 0, 50],
				['sr-Latn', 1, 1, 0, 0, 0],
				['sr-Cyrl', 1, 1, 1, 1, 100],
				['not-given', 1, 0, 0, 0, 0]
			]);
		});

		it("takes a person's latest attempt in that course, not in another", async () => {
			const tables = await peopleTables(db, scope({ ...period, courseId: k2.id }));
			// K2 in the period: p1 (latest K2 attempt 'en'), p4 'en', p8 'sq'.
			expect(rows(table(tables, 'people-by-language'))).toEqual([
				['en', 2, 2, 2, 1, 100],
				['sq', 1, 1, 1, 1, 100],
				['sr-Latn', 0, 0, 0, 0, 0],
				['sr-Cyrl', 0, 0, 0, 0, 0],
				['not-given', 0, 0, 0, 0, 0]
			]);
			// Median of p1's K2 completion (20 days), p4's (6) and p8's (1).
			expect(values(table(tables, 'people-summary').total)).toEqual([3, 3, 3, 2, 100, 6, 4, 3]);
		});

		it('counts organisations for that course', async () => {
			const t = table(await organisationsTables(db, scope({ ...period, courseId: k1.id })), 'orgs-by-municipality');
			expect(rows(t)).toEqual([
				['mitrovica-north', 1, 0, 0],
				['zvecan', 1, 1, 1],
				['zubin-potok', 0, 0, 0],
				['leposavic', 0, 0, 0],
				['other', 0, 0, 1],
				['not-given', 0, 0, 0]
			]);
			expect(values(t.total)).toEqual([2, 1, 2]);
		});
	});

	describe('a cohort', () => {
		it("counts only the cohort's members", async () => {
			const tables = await peopleTables(db, scope({ ...period, courseId: k1.id, cohortId }));
			// enrolled p1 p2 p3 p5 p9; started p1 p2 p3 p9; completed p1 p3; certified p1; median of [5, 10];
			// completed in the period p1 p3 p6; certified in it p1 p6.
			expect(values(table(tables, 'people-summary').total)).toEqual([5, 4, 2, 1, 40, 7.5, 3, 2]);
			// Alfa p1 p2 p9 (3, 3, 1, 1) and Beta p3 (1, 1, 1, 0) are both grouped; p5 has none.
			expect(rows(table(tables, 'people-by-organisation'))).toEqual([
				['small-organisations', 4, 4, 2, 1, 50],
				['no-organisation', 1, 0, 0, 0, 0]
			]);
		});

		it("counts only organisations of the cohort's members", async () => {
			const t = table(
				await organisationsTables(db, scope({ ...period, courseId: k1.id, cohortId })),
				'orgs-by-municipality'
			);
			// Epsilon's certificate is for K1 in the period, but none of its members is in the cohort.
			expect(rows(t)).toEqual([
				['mitrovica-north', 1, 0, 0],
				['zvecan', 1, 1, 1],
				['zubin-potok', 0, 0, 0],
				['leposavic', 0, 0, 0],
				['other', 0, 0, 0],
				['not-given', 0, 0, 0]
			]);
			expect(values(t.total)).toEqual([2, 1, 1]);
		});
	});

	it('with an open period counts every enrolment up to now', async () => {
		const t = table(await peopleTables(db, scope({})), 'people-summary');
		// Everyone p1..p12 enrolled; started: all but p5, p7, p12; completed p1 p2 p3 p4 p6 p8 p9 p10 p11;
		// certified p1 p4 p6 p8 p9 p10. Days: p1 10, p2 30, p3 5, p4 6, p6 10, p8 1, p9 30, p10 22 (K2), p11 10.
		expect(values(t.total)).toEqual([12, 9, 9, 6, 75, 10, 9, 6]);
	});
});

describe('through the report, with the "< 5" rule', () => {
	beforeEach(async () => {
		db = await freshDb();
		const k1 = await course('k1');
		const a = await organisation('Alfa', 'Zvečan');
		const b = await organisation('Beta', 'Leposaviq');
		// Alfa: six learners, all started, five completed in 1..5 days and certified.
		for (let i = 0; i < 6; i++) {
			const p = await person(`A${i}`, { org: a });
			const done = i < 5 ? D(1 + i + 1) : undefined;
			await enrol(p, k1.id, D(1), { activity: true, completedAt: done });
			if (done) await certificate('learner', p, k1.id, done + HOUR);
		}
		// Beta: five learners, all started, two completed in 10 and 20 days, none certified.
		for (let i = 0; i < 5; i++) {
			const p = await person(`B${i}`, { org: b });
			await enrol(p, k1.id, D(1), { activity: true, completedAt: i === 0 ? D(11) : i === 1 ? D(21) : undefined });
		}
		// Without an organisation: two learners, one started.
		for (let i = 0; i < 2; i++) await enrol(await person(`N${i}`), k1.id, D(1), { activity: i === 0 });
	});

	// People by organisation, gender and the organisations' table are linked or demographic: their
	// suppressed cells depend on the rules of suppression.ts (being extended), so only what every
	// version of them must show is checked here; the raw figures are checked above and below.
	it('shows "< 5" (null) for small cells, and the figures about enough people', async () => {
		const report = await buildReport(db, scope({}), { courseTitle: null, cohortName: null });
		const byOrg = report.tables.find((t) => t.id === 'people-by-organisation')!;
		// Rows: Alfa (6), Beta (5), the grouped organisations (nobody: 0), no organisation (2).
		expect(byOrg.rows.map((r) => r.label)).toEqual([
			{ kind: 'text', text: 'Alfa' },
			{ kind: 'text', text: 'Beta' },
			{ kind: 'small-organisations' },
			{ kind: 'no-organisation' }
		]);
		expect(byOrg.rows[2].cells).toEqual([null, null, null, null, null]);
		expect(byOrg.rows[3].cells).toEqual([null, null, null, null, null]);
		expect(byOrg.total).toEqual([13, 12, 7, 5, 53.8]);

		const summary = report.tables.find((t) => t.id === 'people-summary')!;
		// Median of [1, 2, 3, 4, 5, 10, 20] days.
		expect(summary.total).toEqual([13, 12, 7, 5, 53.8, 4, 7, 5]);

		const byGender = report.tables.find((t) => t.id === 'people-by-gender')!;
		expect(byGender.rows.slice(0, 4).map((r) => r.cells)).toEqual(Array(4).fill([null, null, null, null, null]));

		// Organisations' own certificates are public: counted as they are, however few.
		const orgs = report.tables.find((t) => t.id === 'orgs-by-municipality')!;
		expect(orgs.rows.map((r) => r.cells[2])).toEqual([0, 0, 0, 0, 0, 0]);
		expect(orgs.total).toEqual([2, 1, 0]);
	});

	it('puts the tables in the order of the catalogue', async () => {
		const report = await buildReport(db, scope({}), { courseTitle: null, cohortName: null });
		expect(report.tables.map((t) => t.id).slice(0, 8)).toEqual([
			'orgs-by-municipality',
			'people-summary',
			'people-by-organisation',
			'people-by-municipality',
			'people-by-gender',
			'people-by-age',
			'people-by-language',
			'people-by-community'
		]);
	});
});

describe('wholeQuarters', () => {
	it('widens a period to the quarters covering it, in Kosovo calendar days', () => {
		// 2025-03-11 00:00 in Belgrade (CET) to the end of 2025-04-09 (CEST): Q1 and Q2 of 2025.
		const q = wholeQuarters(Date.UTC(2025, 2, 10, 23), Date.UTC(2025, 3, 9, 22));
		expect(q.period).toEqual({ from: '2025-01-01', to: '2025-06-30' });
		expect(q.from).toBe(Date.UTC(2024, 11, 31, 23)); // 2025-01-01 00:00 CET
		expect(q.until).toBe(Date.UTC(2025, 5, 30, 22)); // 2025-07-01 00:00 CEST
	});

	it('keeps a whole quarter as it is, and crosses a year', () => {
		// 2025-10-01 to 2025-12-31 (until 2026-01-01 00:00 CET).
		const q = wholeQuarters(Date.UTC(2025, 8, 30, 22), Date.UTC(2025, 11, 31, 23));
		expect(q.period).toEqual({ from: '2025-10-01', to: '2025-12-31' });
		expect(q.from).toBe(Date.UTC(2025, 8, 30, 22));
		expect(q.until).toBe(Date.UTC(2025, 11, 31, 23));
		// One day, 2025-12-31, late in the evening in UTC terms is already 2026 in Belgrade.
		expect(wholeQuarters(Date.UTC(2025, 11, 31, 23, 30), null).period).toEqual({ from: '2026-01-01', to: null });
	});

	it('leaves open ends open', () => {
		expect(wholeQuarters(null, null)).toEqual({ from: null, until: null, period: { from: null, to: null } });
		// Until the end of 2025-05-15: the quarter ends on 2025-06-30.
		expect(wholeQuarters(null, Date.UTC(2025, 4, 15, 22))).toEqual({
			from: null,
			until: Date.UTC(2025, 5, 30, 22),
			period: { from: null, to: '2025-06-30' }
		});
	});
});

describe('shownOrganisations', () => {
	const org = (id: number, municipality: string, ...counts: number[]) => ({ id, municipality, counts });

	it('shows organisations with five people or more, groups the others', () => {
		expect([...shownOrganisations([org(1, 'zvecan', 5, 0), org(2, 'leposavic', 4, 4), org(3, 'other', 9, 9)])]).toEqual(
			[1, 3]
		);
	});

	it("moves the smallest shown organisation until a municipality's remainder is 0 or five and more", () => {
		// Zubin Potok: 8 and 5 shown, 4 grouped → remainder 4: the 5 joins it (remainder 9).
		// Zvečan: 6 shown, 2 grouped → remainder 2: the 6 joins it (remainder 8, nothing shown).
		// Leposavić: 5 and 7 shown, 3 and 3 grouped → remainder 6: both stay.
		// North Mitrovica: 6 alone → remainder 0.
		const shown = shownOrganisations([
			org(1, 'zubin-potok', 8),
			org(2, 'zubin-potok', 5),
			org(3, 'zubin-potok', 4),
			org(4, 'zvecan', 6),
			org(5, 'zvecan', 2),
			org(6, 'leposavic', 5),
			org(7, 'leposavic', 7),
			org(8, 'leposavic', 3),
			org(9, 'leposavic', 3),
			org(10, 'mitrovica-north', 6)
		]);
		expect([...shown].sort((a, b) => a - b)).toEqual([1, 6, 7, 10]);
	});

	it('checks every column of the remainder, not only the people enrolled', () => {
		// Grouped: 3 + 3 enrolled (remainder 6, safe), 1 + 0 certified (remainder 1). The smaller shown
		// one (6, certifying none) goes first: certified's remainder is still 1, so the 9 goes too.
		const shown = shownOrganisations([
			org(1, 'zvecan', 9, 0),
			org(2, 'zvecan', 6, 0),
			org(3, 'zvecan', 3, 1),
			org(4, 'zvecan', 3, 0)
		]);
		expect([...shown]).toEqual([]);
		// With no one certified among the grouped, the remainder is 6 and 0: both stay, however few
		// of their own are certified (their own cells are suppressed as usual).
		expect([
			...shownOrganisations([
				org(1, 'zvecan', 9, 1),
				org(2, 'zvecan', 6, 2),
				org(3, 'zvecan', 3, 0),
				org(4, 'zvecan', 3, 0)
			])
		]).toEqual([1, 2]);
	});

	it('moves the later registered of two equally small organisations first', () => {
		expect([...shownOrganisations([org(1, 'other', 5), org(2, 'other', 5), org(3, 'other', 1)])]).toEqual([1]);
	});
});

describe('organisationLinks', () => {
	const keys = ['mitrovica-north', 'zvecan', 'zubin-potok', 'leposavic', 'other', 'not-given', 'no-organisation'];

	it("links a municipality to its shown organisations' rows unless one of its organisations is grouped", () => {
		// Rows: 0 Alfa (zvecan), 1 Beta (leposavic), 2 Gama (zvecan), 3 Delta (not given), 4 grouped,
		// 5 no organisation. Leposavić has a grouped organisation as well.
		expect(organisationLinks(['zvecan', 'leposavic', 'zvecan', 'not-given'], new Set(['leposavic']), keys)).toEqual([
			{
				whole: { table: 'people-by-municipality', row: 1 },
				parts: [
					{ table: 'people-by-organisation', row: 0 },
					{ table: 'people-by-organisation', row: 2 }
				]
			},
			{ whole: { table: 'people-by-municipality', row: 5 }, parts: [{ table: 'people-by-organisation', row: 3 }] },
			{ whole: { table: 'people-by-organisation', row: 5 }, parts: [{ table: 'people-by-municipality', row: 6 }] }
		]);
	});
});

describe('organisation rows and links on a fixture', () => {
	// All enrolled in the open period and started; Mitrovica's Mitro has six people alone; Zvečan's
	// Zeta six and Zed two; Leposavić's Lep5 five, Lep7 seven, LepA and LepB three each; Zubin
	// Potok's Zub5 five, Zub8 eight, Zub4 four; and one person without an organisation.
	beforeEach(async () => {
		db = await freshDb();
		const k = await course('k');
		const groups: [string, string, number][] = [
			['Mitro', 'Mitrovica e Veriut', 6],
			['Zeta', 'Zvečan', 6],
			['Zed', 'Zvečan', 2],
			['Lep5', 'Leposavić', 5],
			['Lep7', 'Leposavić', 7],
			['LepA', 'Leposavić', 3],
			['LepB', 'Leposavić', 3],
			['Zub5', 'Zubin Potok', 5],
			['Zub8', 'Zubin Potok', 8],
			['Zub4', 'Zubin Potok', 4]
		];
		for (const [name, municipality, n] of groups) {
			const o = await organisation(name, municipality);
			for (let i = 0; i < n; i++) await enrol(await person(`${name}${i}`, { org: o }), k.id, D(1), { activity: true });
		}
		await enrol(await person('Alone'), k.id, D(1), { activity: true });
	});

	it('shows organisations with a safe remainder, groups the rest, and links what adds up', async () => {
		const tables = await peopleTables(db, scope({}));
		const t = table(tables, 'people-by-organisation');
		// Zub5 joins the grouped row (Zubin Potok's remainder would be 4), Zeta too (Zvečan's 2):
		// grouped Zeta 6 + Zed 2 + LepA 3 + LepB 3 + Zub5 5 + Zub4 4 = 23.
		expect(rows(t)).toEqual([
			['Lep5', 5, 5, 0, 0, 0],
			['Lep7', 7, 7, 0, 0, 0],
			['Mitro', 6, 6, 0, 0, 0],
			['Zub8', 8, 8, 0, 0, 0],
			['small-organisations', 23, 23, 0, 0, 0],
			['no-organisation', 1, 1, 0, 0, 0]
		]);
		expect(values(t.total)).toEqual([50, 50, 0, 0, 0]);
		expect(rows(table(tables, 'people-by-municipality'))).toEqual([
			['mitrovica-north', 6, 6, 0, 0, 0],
			['zvecan', 8, 8, 0, 0, 0],
			['zubin-potok', 17, 17, 0, 0, 0],
			['leposavic', 18, 18, 0, 0, 0],
			['other', 0, 0, 0, 0, 0],
			['not-given', 0, 0, 0, 0, 0],
			['no-organisation', 1, 1, 0, 0, 0]
		]);
		// Only North Mitrovica is the exact sum of shown rows (Mitro, row 2); then "no organisation".
		expect(t.links!.slice(0, 2)).toEqual([
			{ whole: { table: 'people-by-municipality', row: 0 }, parts: [{ table: 'people-by-organisation', row: 2 }] },
			{ whole: { table: 'people-by-organisation', row: 5 }, parts: [{ table: 'people-by-municipality', row: 6 }] }
		]);
		expect(t.links).toHaveLength(5);
	});
});

describe('minors and community', () => {
	it("counts a minor's community as not given, whatever they answered", async () => {
		db = await freshDb();
		const k = await course('k');
		const minor = await person('Minor');
		await demographics(minor, { gender: 'woman', age: 'under-18', community: 'serbian', consent: true });
		await enrol(minor, k.id, D(1));
		const adult = await person('Adult');
		await demographics(adult, { gender: 'man', age: '18-24', community: 'serbian', consent: true });
		await enrol(adult, k.id, D(1));
		const tables = await peopleTables(db, scope({}));
		const community = rows(table(tables, 'people-by-community'));
		expect(community.find((r) => r[0] === 'serbian')).toEqual(['serbian', 1, 0, 0, 0, 0]);
		expect(community.find((r) => r[0] === 'not-given')).toEqual(['not-given', 1, 0, 0, 0, 0]);
		expect(rows(table(tables, 'people-by-age')).find((r) => r[0] === 'under-18')).toEqual(['under-18', 1, 0, 0, 0, 0]);
	});
});

describe('portability', () => {
	// As in indicators-learning.spec.ts: the queries compiled for PostgreSQL, against a driver that
	// answers one empty row.
	it('compiles for PostgreSQL, with no SQLite-only functions', async () => {
		const { db: pg, seen } = recordingPostgres();
		const s = scope({ from: D(10), until: D(40), courseId: 1, cohortId: 1 });
		await peopleTables(pg, s);
		await organisationsTables(pg, s);
		await peopleTables(pg, scope({}));
		await organisationsTables(pg, scope({}));
		// People: enrolments, people, their organisations, completed and certified in the period;
		// organisations: four.
		expect(seen).toHaveLength(18);
		for (const q of seen)
			expect(q).not.toMatch(/json_each|json_extract|strftime|julianday|group_concat|ifnull|iif\(|date\(/i);
		// The cohort's members are asked for in SQL, not in JavaScript.
		expect(seen.some((q) => q.includes('"cohort_members"'))).toBe(true);
	});
});
