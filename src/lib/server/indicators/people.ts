// The People section of the programme's results (issue 19): the funnel enrolled → started →
// completed → certified, in all and by organisation, municipality, gender, age band, language of
// study and (consented) community.
//
// The population is every person with an enrolment made during the period in the course counted
// (any course when none is chosen), only the cohort's members when a cohort is chosen. A person
// counts once however many of those enrolments they have: started when one of them has activity,
// completed when one was completed before the period's end, certified when they hold a learner
// certificate, issued before the period's end and not revoked, of one of those enrolments' courses.
// Accounts deactivated or deleted since still count: they did enrol (deleted ones anonymised, with
// no organisation and no answers).
//
// Two queries bring one row per enrolment and one per person; every table is then counted in one
// pass in JavaScript. Each breakdown's rows partition the population, so each total row equals the
// summary and the complementary "< 5" suppression cannot be undone by subtracting.
import { AGE_BANDS, COMMUNITIES, GENDERS } from '$lib/indicators/options';
import type { Label, RawCell, RawRow, RawTable, TableId } from '$lib/indicators/report';
import { locales } from '$lib/paraglide/runtime';
import { MUNICIPALITIES } from '$lib/volunteering/options';
import type { DB } from '../db/client';
import { municipalityCode } from './municipality';
import { cohortMemberIds, scopedEnrolments, scopedLearnerCertificates } from './population';
import type { Scope } from './scope';

const DAY = 24 * 60 * 60 * 1000;
const NOT_GIVEN = 'not-given';
const NO_ORGANISATION = 'no-organisation';

interface Person {
	organisationId: number | null;
	organisationName: string | null;
	municipality: string;
	gender: string;
	age: string;
	community: string;
	language: string;
	started: boolean;
	completed: boolean;
	certified: boolean;
	/** Days from enrolling to completing, of the person's first completion before the period's end. */
	days: number | null;
	firstCompletedAt: number;
}

/** A code of the list, or 'not-given' for no answer (or a code the list does not know). */
function coded(list: readonly string[], value: string | null): string {
	return value !== null && list.includes(value) ? value : NOT_GIVEN;
}

async function loadPeople(db: DB, scope: Scope): Promise<Person[]> {
	const end = scope.until ?? Infinity;
	const enrolments = await scopedEnrolments(db, scope)
		// At most one learner certificate per person and course (a unique constraint): no duplicates.
		.leftJoin('certificates as c', (join) =>
			join
				.onRef('c.user_id', '=', 'e.user_id')
				.onRef('c.course_id', '=', 'e.course_id')
				.on('c.kind', '=', 'learner')
				.on('c.revoked_at', 'is', null)
		)
		.select([
			'e.user_id as userId',
			'e.enrolled_at as enrolledAt',
			'e.completed_at as completedAt',
			'e.has_activity as hasActivity',
			'c.issued_at as certifiedAt'
		])
		.execute();

	const courseId = scope.courseId;
	const rows = await db
		.selectFrom('users as u')
		.leftJoin('organisations as o', 'o.id', 'u.organisation_id')
		.leftJoin('demographics as d', 'd.user_id', 'u.id')
		.select((eb) => [
			'u.id',
			// The confirmed membership only: a requested organisation is a claim nobody confirmed.
			'u.organisation_id as organisationId',
			'o.name as organisationName',
			'o.municipality',
			'd.gender',
			'd.age_band as ageBand',
			'd.community',
			'd.community_consent_at as communityConsentAt',
			// The language of study: the locale of the person's latest quiz attempt in the course(s).
			eb
				.selectFrom('quiz_attempts as qa')
				.select('qa.locale')
				.whereRef('qa.user_id', '=', 'u.id')
				.$if(courseId !== null, (q) =>
					q.where('qa.quiz_id', 'in', (sub) =>
						sub
							.selectFrom('quizzes as q')
							.innerJoin('modules as m', 'm.id', 'q.module_id')
							.select('q.id')
							.where('m.course_id', '=', courseId as number)
					)
				)
				.orderBy('qa.submitted_at', 'desc')
				.orderBy('qa.id', 'desc')
				.limit(1)
				.as('locale')
		])
		.where('u.id', 'in', scopedEnrolments(db, scope).select('e.user_id'))
		.execute();

	const people = new Map<number, Person>();
	for (const r of rows) {
		people.set(r.id, {
			organisationId: r.organisationId,
			organisationName: r.organisationName,
			municipality: r.organisationId === null ? NO_ORGANISATION : (municipalityCode(r.municipality) ?? NOT_GIVEN),
			gender: coded(GENDERS, r.gender),
			age: coded(AGE_BANDS, r.ageBand),
			// Community is special-category data: counted only with the person's consent.
			community: r.communityConsentAt === null ? NOT_GIVEN : coded(COMMUNITIES, r.community),
			language: coded(locales, r.locale),
			started: false,
			completed: false,
			certified: false,
			days: null,
			firstCompletedAt: Infinity
		});
	}
	for (const e of enrolments) {
		const p = people.get(e.userId);
		if (!p) continue;
		if (e.hasActivity) p.started = true;
		if (e.certifiedAt !== null && e.certifiedAt < end) p.certified = true;
		if (e.completedAt !== null && e.completedAt < end) {
			p.completed = true;
			if (e.completedAt < p.firstCompletedAt) {
				p.firstCompletedAt = e.completedAt;
				p.days = (e.completedAt - e.enrolledAt) / DAY;
			}
		}
	}
	return [...people.values()];
}

interface Funnel {
	enrolled: number;
	started: number;
	completed: number;
	certified: number;
}

const count = (n: number): RawCell => ({ value: n, people: n });

/** enrolled, started, completed, certified, completion-rate (TABLES' FUNNEL order). */
function funnelCells(f: Funnel): RawCell[] {
	return [
		count(f.enrolled),
		count(f.started),
		count(f.completed),
		count(f.certified),
		{ value: f.enrolled === 0 ? 0 : (100 * f.completed) / f.enrolled, people: f.enrolled }
	];
}

function add(f: Funnel, p: Person): void {
	f.enrolled++;
	if (p.started) f.started++;
	if (p.completed) f.completed++;
	if (p.certified) f.certified++;
}

const empty = (): Funnel => ({ enrolled: 0, started: 0, completed: 0, certified: 0 });

/** A breakdown whose rows are `rows` in order (keys), each person in the row `keyOf` names. */
function breakdown(
	id: TableId,
	rows: { key: string | number; label: Label }[],
	keyOf: (p: Person) => string | number,
	people: Person[],
	total: Funnel
): RawTable {
	const funnels = new Map(rows.map((r) => [r.key, empty()]));
	for (const p of people) {
		const f = funnels.get(keyOf(p));
		// Unreachable while keyOf answers a key of the list: rows partition the population.
		if (!f) throw new Error(`${id}: no row for ${String(keyOf(p))}`);
		add(f, p);
	}
	const out: RawRow[] = rows.map((r) => ({ label: r.label, cells: funnelCells(funnels.get(r.key)!) }));
	return { id, rows: out, total: funnelCells(total) };
}

function median(sorted: number[]): number {
	if (sorted.length === 0) return 0;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** People who completed during the period (whenever they enrolled), and who were certified in it. */
async function inPeriod(db: DB, scope: Scope): Promise<{ completed: number; certified: number }> {
	let completed = db
		.selectFrom('enrolments as e')
		.select((eb) => eb.fn.count<number>('e.user_id').distinct().as('n'))
		.where('e.completed_at', 'is not', null);
	if (scope.from !== null) completed = completed.where('e.completed_at', '>=', scope.from);
	if (scope.until !== null) completed = completed.where('e.completed_at', '<', scope.until);
	if (scope.courseId !== null) completed = completed.where('e.course_id', '=', scope.courseId);
	if (scope.cohortId !== null) completed = completed.where('e.user_id', 'in', cohortMemberIds(db, scope.cohortId));

	let certified = scopedLearnerCertificates(db, scope).select((eb) =>
		eb.fn.count<number>('c.user_id').distinct().as('n')
	);
	if (scope.from !== null) certified = certified.where('c.issued_at', '>=', scope.from);
	if (scope.until !== null) certified = certified.where('c.issued_at', '<', scope.until);

	const [a, b] = await Promise.all([completed.executeTakeFirstOrThrow(), certified.executeTakeFirstOrThrow()]);
	return { completed: Number(a.n), certified: Number(b.n) };
}

export async function peopleTables(db: DB, scope: Scope): Promise<RawTable[]> {
	const [people, events] = await Promise.all([loadPeople(db, scope), inPeriod(db, scope)]);

	const total = empty();
	const days: number[] = [];
	const organisations = new Map<number, string>();
	for (const p of people) {
		add(total, p);
		if (p.days !== null) days.push(p.days);
		if (p.organisationId !== null) organisations.set(p.organisationId, p.organisationName ?? '');
	}
	days.sort((a, b) => a - b);

	const summary: RawTable = {
		id: 'people-summary',
		rows: [],
		total: [
			...funnelCells(total),
			{ value: median(days), people: days.length },
			count(events.completed),
			count(events.certified)
		]
	};

	let collator: Intl.Collator;
	try {
		collator = new Intl.Collator(scope.locale);
	} catch {
		collator = new Intl.Collator('en');
	}
	const organisationRows = [...organisations]
		.sort(([a, x], [b, y]) => collator.compare(x, y) || a - b)
		.map(([key, text]) => ({ key, label: { kind: 'text', text } as Label }));
	organisationRows.push({ key: -1, label: { kind: 'no-organisation' } });

	const notGiven = { key: NOT_GIVEN, label: { kind: 'not-given' } as Label };
	const listRows = (kind: 'municipality' | 'gender' | 'age' | 'community' | 'language', list: readonly string[]) => [
		...list.map((code) => ({ key: code, label: { kind, code } as Label })),
		notGiven
	];

	return [
		summary,
		breakdown('people-by-organisation', organisationRows, (p) => p.organisationId ?? -1, people, total),
		breakdown(
			'people-by-municipality',
			[...listRows('municipality', MUNICIPALITIES), { key: NO_ORGANISATION, label: { kind: 'no-organisation' } }],
			(p) => p.municipality,
			people,
			total
		),
		breakdown('people-by-gender', listRows('gender', GENDERS), (p) => p.gender, people, total),
		breakdown('people-by-age', listRows('age', AGE_BANDS), (p) => p.age, people, total),
		breakdown('people-by-language', listRows('language', locales), (p) => p.language, people, total),
		breakdown('people-by-community', listRows('community', COMMUNITIES), (p) => p.community, people, total)
	];
}
