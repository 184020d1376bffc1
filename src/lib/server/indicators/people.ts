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
// "Started" is today's state (enrolments.has_activity): done a lesson or quiz by the report's date.
//
// Privacy beyond the "< 5" of suppression.ts:
// - Gender, age band and community (TABLES' `demographic`) are counted over the whole calendar
//   quarters covering the period (quarters.ts, the table's `period`), so that two reports a day apart
//   cannot be subtracted to isolate one person's answers. A minor's community is never counted.
// - People by organisation gives a row only to organisations with five people or more here, all
//   others in one row (organisation-rows.ts), so that a row does not tell that an organisation has
//   someone in the cohort or period.
// - `links` tell suppression which rows add up across tables: a municipality's row and its
//   organisations' rows, the two "no organisation" rows, the totals of the same people.
//
// Two queries (over the widened quarters) bring one row per enrolment and one per person; every
// table is then counted in one pass in JavaScript, the period's people found by filtering. Each
// breakdown's rows partition its population, so each total row equals the summary (or, for the
// demographic tables, the quarters' population).
import { AGE_BANDS, COMMUNITIES, GENDERS, PREFER_NOT } from '$lib/indicators/options';
import {
	TABLES,
	type Label,
	type RawCell,
	type RawLink,
	type RawRow,
	type RawTable,
	type TableId
} from '$lib/indicators/report';
import { locales } from '$lib/paraglide/runtime';
import { MINOR_BAND, MUNICIPALITIES } from '$lib/volunteering/options';
import type { DB } from '../db/client';
import { municipalityCode } from './municipality';
import { shownOrganisations } from './organisation-rows';
import { cohortMemberIds, scopedEnrolments, scopedLearnerCertificates } from './population';
import { wholeQuarters, type Quarters } from './quarters';
import type { Scope } from './scope';

const DAY = 24 * 60 * 60 * 1000;
const NOT_GIVEN = 'not-given';
const NO_ORGANISATION = 'no-organisation';
const NO_ORGANISATION_KEY = -1;
const SMALL_ORGANISATIONS_KEY = -2;

/** Where a person is in the funnel, by the end of a period. */
interface State {
	started: boolean;
	completed: boolean;
	certified: boolean;
	/** Days from enrolling to completing, of the person's first completion before the period's end. */
	days: number | null;
	firstCompletedAt: number;
}

interface Person {
	organisationId: number | null;
	organisationName: string | null;
	municipality: string;
	gender: string;
	age: string;
	community: string;
	language: string;
	/** In the report's period; null when the person enrolled only in the rest of its quarters. */
	narrow: State | null;
	/** Over the whole quarters covering the period (the demographic tables). */
	wide: State;
}

/** A person as counted by a table: their answers and their state in the table's period. */
interface Counted {
	person: Person;
	state: State;
}

/** A code of the list, or 'not-given' for no answer (or a code the list does not know). */
function coded(list: readonly string[], value: string | null): string {
	return value !== null && list.includes(value) ? value : NOT_GIVEN;
}

const fresh = (): State => ({
	started: false,
	completed: false,
	certified: false,
	days: null,
	firstCompletedAt: Infinity
});

function note(
	s: State,
	e: { hasActivity: number; enrolledAt: number; completedAt: number | null; certifiedAt: number | null },
	end: number
): void {
	// has_activity is today's state: "started" is as of the report's date, whatever the period.
	if (e.hasActivity) s.started = true;
	if (e.certifiedAt !== null && e.certifiedAt < end) s.certified = true;
	if (e.completedAt !== null && e.completedAt < end) {
		s.completed = true;
		if (e.completedAt < s.firstCompletedAt) {
			s.firstCompletedAt = e.completedAt;
			s.days = (e.completedAt - e.enrolledAt) / DAY;
		}
	}
}

/**
 * Everyone enrolled in the whole quarters covering the period (one query each for enrolments and
 * people), with their state in the period (`narrow`, found by filtering in JavaScript) and in the
 * quarters (`wide`).
 */
async function loadPeople(db: DB, scope: Scope, quarters: Quarters): Promise<Person[]> {
	const wideScope: Scope = { ...scope, from: quarters.from, until: quarters.until };
	const from = scope.from ?? -Infinity;
	const end = scope.until ?? Infinity;
	const wideEnd = quarters.until ?? Infinity;
	const enrolments = await scopedEnrolments(db, wideScope)
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
		.leftJoin('demographics as d', 'd.user_id', 'u.id')
		.select((eb) => [
			'u.id',
			// The confirmed membership only: a requested organisation is a claim nobody confirmed.
			'u.organisation_id as organisationId',
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
		.where('u.id', 'in', scopedEnrolments(db, wideScope).select('e.user_id'))
		.execute();

	// The organisations apart (a few hundred rows, their municipality read once each), not joined to
	// every person.
	const organisationIds = [...new Set(rows.map((r) => r.organisationId).filter((id): id is number => id !== null))];
	const organisations = new Map<number, { name: string; municipality: string }>();
	for (let i = 0; i < organisationIds.length; i += 500) {
		const found = await db
			.selectFrom('organisations')
			.select(['id', 'name', 'municipality'])
			.where('id', 'in', organisationIds.slice(i, i + 500))
			.execute();
		for (const o of found)
			organisations.set(o.id, { name: o.name, municipality: municipalityCode(o.municipality) ?? NOT_GIVEN });
	}

	const people = new Map<number, Person>();
	for (const r of rows) {
		const organisation = r.organisationId === null ? undefined : organisations.get(r.organisationId);
		const age = coded(AGE_BANDS, r.ageBand);
		people.set(r.id, {
			organisationId: r.organisationId,
			organisationName: organisation?.name ?? null,
			municipality: r.organisationId === null ? NO_ORGANISATION : (organisation?.municipality ?? NOT_GIVEN),
			gender: coded(GENDERS, r.gender),
			age,
			// Community is special-category data: counted only with the person's consent, and never for a
			// minor (who cannot give that consent alone).
			// A named community counts only with its consent; "prefer not to say" names none and needs none.
			community:
				r.community === PREFER_NOT
					? PREFER_NOT
					: r.communityConsentAt === null || age === MINOR_BAND
						? NOT_GIVEN
						: coded(COMMUNITIES, r.community),
			language: coded(locales, r.locale),
			narrow: null,
			wide: fresh()
		});
	}
	for (const e of enrolments) {
		const p = people.get(e.userId);
		if (!p) continue;
		note(p.wide, e, wideEnd);
		if (e.enrolledAt >= from && e.enrolledAt < end) note((p.narrow ??= fresh()), e, end);
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

function add(f: Funnel, s: State): void {
	f.enrolled++;
	if (s.started) f.started++;
	if (s.completed) f.completed++;
	if (s.certified) f.certified++;
}

const empty = (): Funnel => ({ enrolled: 0, started: 0, completed: 0, certified: 0 });
const additive = (f: Funnel) => [f.enrolled, f.started, f.completed, f.certified];

/** Funnels of the rows `keys` (in order), each person in the row `keyOf` names, and of all. */
function funnels<K>(keys: K[], keyOf: (p: Person) => K, people: Counted[], id: TableId): Funnel[] {
	const byKey = new Map(keys.map((k) => [k, empty()]));
	for (const c of people) {
		const f = byKey.get(keyOf(c.person));
		// Unreachable while keyOf answers a key of the list: rows partition the population.
		if (!f) throw new Error(`${id}: no row for ${String(keyOf(c.person))}`);
		add(f, c.state);
	}
	return keys.map((k) => byKey.get(k)!);
}

function tableOf(id: TableId, rows: { label: Label; funnel: Funnel }[], total: Funnel): RawTable {
	const out: RawRow[] = rows.map((r) => ({ label: r.label, cells: funnelCells(r.funnel) }));
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
	const quarters = wholeQuarters(scope.from, scope.until);
	const [people, events] = await Promise.all([loadPeople(db, scope, quarters), inPeriod(db, scope)]);

	const narrow: Counted[] = [];
	const wide: Counted[] = [];
	const total = empty();
	const wideTotal = empty();
	const days: number[] = [];
	for (const person of people) {
		wide.push({ person, state: person.wide });
		add(wideTotal, person.wide);
		if (!person.narrow) continue;
		narrow.push({ person, state: person.narrow });
		add(total, person.narrow);
		if (person.narrow.days !== null) days.push(person.narrow.days);
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

	// People by municipality (of their organisation): every municipality of the list, then "not
	// given" (an organisation without one), then people without an organisation.
	const municipalityKeys = [...MUNICIPALITIES, NOT_GIVEN, NO_ORGANISATION];
	const municipalityFunnels = funnels(municipalityKeys, (p) => p.municipality, narrow, 'people-by-municipality');
	const byMunicipality = tableOf(
		'people-by-municipality',
		municipalityKeys.map((code, i) => ({
			label: (code === NOT_GIVEN || code === NO_ORGANISATION
				? { kind: code }
				: { kind: 'municipality', code }) as Label,
			funnel: municipalityFunnels[i]
		})),
		total
	);

	// People by organisation: a row for each organisation with at least five people here (and whose
	// municipality's remainder is safe, organisation-rows.ts), everyone else grouped in one row.
	const organisations = new Map<number, { name: string; municipality: string; funnel: Funnel }>();
	for (const { person, state } of narrow) {
		if (person.organisationId === null) continue;
		let o = organisations.get(person.organisationId);
		if (!o) {
			o = { name: person.organisationName ?? '', municipality: person.municipality, funnel: empty() };
			organisations.set(person.organisationId, o);
		}
		add(o.funnel, state);
	}
	const shown = shownOrganisations(
		[...organisations].map(([id, o]) => ({ id, municipality: o.municipality, counts: additive(o.funnel) }))
	);
	let collator: Intl.Collator;
	try {
		collator = new Intl.Collator(scope.locale);
	} catch {
		collator = new Intl.Collator('en');
	}
	const organisationKeys = [...shown]
		.map((id) => ({ id, name: organisations.get(id)!.name }))
		.sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id)
		.map((o) => o.id);
	const organisationFunnels = funnels(
		[...organisationKeys, SMALL_ORGANISATIONS_KEY, NO_ORGANISATION_KEY],
		(p) =>
			p.organisationId === null
				? NO_ORGANISATION_KEY
				: shown.has(p.organisationId)
					? p.organisationId
					: SMALL_ORGANISATIONS_KEY,
		narrow,
		'people-by-organisation'
	);
	const byOrganisation = tableOf(
		'people-by-organisation',
		[
			...organisationKeys.map((id, i) => ({
				label: { kind: 'text', text: organisations.get(id)!.name } as Label,
				funnel: organisationFunnels[i]
			})),
			{ label: { kind: 'small-organisations' }, funnel: organisationFunnels[organisationKeys.length] },
			{ label: { kind: 'no-organisation' }, funnel: organisationFunnels[organisationKeys.length + 1] }
		],
		total
	);
	byOrganisation.links = organisationLinks(
		organisationKeys.map((id) => organisations.get(id)!.municipality),
		new Set([...organisations].filter(([id]) => !shown.has(id)).map(([, o]) => o.municipality)),
		municipalityKeys
	);

	const notGiven = { key: NOT_GIVEN, label: { kind: 'not-given' } as Label };
	const listRows = (kind: 'gender' | 'age' | 'community' | 'language', list: readonly string[]) => [
		...list.map((code) => ({ key: code as string, label: { kind, code } as Label })),
		notGiven
	];
	const breakdown = (id: TableId, rows: { key: string; label: Label }[], keyOf: (p: Person) => string): RawTable => {
		// Answers people gave about themselves: counted over the whole quarters covering the period.
		const demographic = TABLES[id].demographic === true;
		const f = funnels(
			rows.map((r) => r.key),
			keyOf,
			demographic ? wide : narrow,
			id
		);
		const table = tableOf(
			id,
			rows.map((r, i) => ({ label: r.label, funnel: f[i] })),
			demographic ? wideTotal : total
		);
		if (demographic) table.period = quarters.period;
		return table;
	};

	const byLanguage = breakdown('people-by-language', listRows('language', locales), (p) => p.language);
	// The same people in every table counted over the period: their totals are one and the same.
	const sameTotal = (table: TableId): RawLink => ({
		whole: { table: 'people-by-organisation', row: 'total' },
		parts: [{ table, row: 'total' }]
	});
	byOrganisation.links.push(
		sameTotal('people-by-municipality'),
		sameTotal('people-by-language'),
		sameTotal('people-summary')
	);

	return [
		summary,
		byOrganisation,
		byMunicipality,
		breakdown('people-by-gender', listRows('gender', GENDERS), (p) => p.gender),
		breakdown('people-by-age', listRows('age', AGE_BANDS), (p) => p.age),
		byLanguage,
		breakdown('people-by-community', listRows('community', COMMUNITIES), (p) => p.community)
	];
}

/**
 * The links between "People by organisation" and "People by municipality" (rows as they are built
 * above): a municipality's row is the sum of its organisations' rows when all of them are shown
 * (none grouped), and the "no organisation" rows of both tables are the same people.
 * `shownMunicipalities` is the municipality of each shown organisation's row, in row order;
 * `grouped` the municipalities with a grouped organisation.
 */
export function organisationLinks(
	shownMunicipalities: string[],
	grouped: Set<string>,
	municipalityKeys: string[]
): RawLink[] {
	const links: RawLink[] = [];
	municipalityKeys.forEach((code, row) => {
		if (code === NO_ORGANISATION || grouped.has(code)) return;
		const parts = shownMunicipalities.flatMap((m, i) =>
			m === code ? [{ table: 'people-by-organisation' as const, row: i }] : []
		);
		if (parts.length > 0) links.push({ whole: { table: 'people-by-municipality', row }, parts });
	});
	links.push({
		whole: { table: 'people-by-organisation', row: shownMunicipalities.length + 1 },
		parts: [{ table: 'people-by-municipality', row: municipalityKeys.indexOf(NO_ORGANISATION) }]
	});
	return links;
}
