// The coordinators' view of the volunteer network (issue 18): how many volunteers where, of what age
// and with which languages; the hours organisations confirmed, month by month; how calls are filled.
// Figures only, never a name: the page and its CSV export carry no personal data.
//
// Every figure is counted in SQL (GROUP BY, COUNT, SUM, CASE, subqueries), so the cost does not grow
// with rows loaded into the server, and every query stays within what Kysely expresses portably (no
// SQLite-only SQL), so that a PostgreSQL dialect can run the same code.
//
// Scope of the filters:
// - municipality: volunteers and their hours by the volunteer's own municipality (their profile),
//   calls by the call's municipality. Hours of a volunteer who has since deleted their profile still
//   count in the network's totals, but belong to no municipality.
// - period (last 3, 6 or 12 months, the current month included, in Kosovo's time zone): the hours per
//   month, the hours confirmed in the period and the volunteers who joined in it. Everything else is a
//   present state (volunteers now, hours waiting now, calls open now) and ignores the period.
//
// Paused (hidden) profiles: a volunteer who hides their profile has stepped back from the network,
// so they are left out of the breakdowns by municipality, age and language and counted apart
// (`hidden`). Their confirmed hours still count: the work was done. Deactivated accounts count nowhere
// in the volunteer figures. Minors count like everyone else (and `minors` says how many there are).
import { sql } from 'kysely';
import type { DB } from '../db/client';
import { belgradeMonth, belgradeToEpoch } from '../platform/region-time';
import {
	AGE_BANDS,
	LANGUAGES,
	MINOR_BAND,
	MUNICIPALITIES,
	isOneOf,
	type Municipality
} from '$lib/volunteering/options';

export const PERIODS = [3, 6, 12] as const;
export type Period = (typeof PERIODS)[number];
export const DEFAULT_PERIOD: Period = 12;

export interface NetworkFilter {
	municipality: Municipality | null;
	months: Period;
}

export interface Tally {
	/** A code from volunteering/options.ts (or, for data written outside the lists, the stored value). */
	key: string;
	count: number;
}

export interface MonthHours {
	/** 'YYYY-MM'. */
	month: string;
	hours: number;
}

export interface NetworkView {
	filter: NetworkFilter;
	volunteers: {
		/** Visible profiles of active accounts (the base of the three breakdowns). */
		total: number;
		minors: number;
		/** Visible profiles created in the period. */
		joined: number;
		/** Paused profiles, counted here only. */
		hidden: number;
		byMunicipality: Tally[];
		byAgeBand: Tally[];
		/** A volunteer with two languages counts under both. */
		byLanguage: Tally[];
	};
	hours: {
		/** Oldest month first, every month of the period, zeros included. */
		perMonth: MonthHours[];
		confirmedInPeriod: number;
		confirmedTotal: number;
		/** Logged by volunteers, waiting for the organisation. */
		pending: number;
	};
	calls: {
		open: number;
		pending: number;
		closed: number;
		/** Open calls with at least one shift still to come. */
		upcoming: number;
		/** Among those: every shift to come has as many accepted volunteers as places. */
		filled: number;
		unfilled: number;
		/** Places of the shifts to come of open calls, and how many are taken (at most the places). */
		placesOffered: number;
		placesFilled: number;
	};
}

/** Reads the filter from a query string; anything unknown falls back to the default (never an error). */
export function parseFilter(params: URLSearchParams): NetworkFilter {
	const municipality = params.get('municipality');
	const months = Number(params.get('months'));
	return {
		municipality: isOneOf(MUNICIPALITIES, municipality) ? municipality : null,
		months: (PERIODS as readonly number[]).includes(months) ? (months as Period) : DEFAULT_PERIOD
	};
}

/** The last `count` months up to the one containing `now` in Kosovo's time zone, oldest first. */
export function lastMonths(now: number, count: number): string[] {
	const [year, month] = belgradeMonth(now)
		.split('-')
		.map((n, i) => Number(n) - i);
	const out: string[] = [];
	for (let i = count - 1; i >= 0; i--) {
		const d = new Date(Date.UTC(year, month - i, 1));
		out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
	}
	return out;
}

function nextMonth(month: string): string {
	const [y, m] = month.split('-').map(Number);
	const d = new Date(Date.UTC(y, m, 1));
	return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The epoch ms at which a 'YYYY-MM' month begins in Kosovo (CET/CEST). */
function monthStartMs(month: string): number {
	return belgradeToEpoch(`${month}-01`, '00:00')!;
}

const hoursOf = (minutes: unknown) => Math.round((Number(minutes ?? 0) / 60) * 10) / 10;
const num = (value: unknown) => Number(value ?? 0);

/** Counts per code, in the order of the closed list, zeros included; codes outside the list after. */
function tallies(list: readonly string[], rows: { key: string; n: unknown }[]): Tally[] {
	const counts = new Map(rows.map((r) => [r.key, num(r.n)]));
	const out = list.map((key) => ({ key, count: counts.get(key) ?? 0 }));
	for (const [key, count] of counts) if (!list.includes(key)) out.push({ key, count });
	return out;
}

/** The figures of the network view. `now` is injectable for tests. */
export async function networkView(db: DB, filter: NetworkFilter, now = Date.now()): Promise<NetworkView> {
	const months = lastMonths(now, filter.months);
	const periodFrom = `${months[0]}-01`;
	const periodTo = `${nextMonth(months[months.length - 1])}-01`;
	const periodStartMs = monthStartMs(months[0]);

	// Profiles of active accounts, in the chosen municipality.
	const profiles = () => {
		let q = db
			.selectFrom('volunteer_profiles as p')
			.innerJoin('users as u', 'u.id', 'p.user_id')
			.where('u.active', '=', 1);
		if (filter.municipality) q = q.where('p.municipality', '=', filter.municipality);
		return q;
	};
	const visible = () => profiles().where('p.hidden', '=', 0);

	const summary = await profiles()
		.select((eb) => [
			eb.fn.sum<number>(eb.case().when('p.hidden', '=', 0).then(1).else(0).end()).as('total'),
			eb.fn.sum<number>(eb.case().when('p.hidden', '<>', 0).then(1).else(0).end()).as('hidden'),
			eb.fn
				.sum<number>(
					eb
						.case()
						.when(eb.and([eb('p.hidden', '=', 0), eb('p.age_band', '=', MINOR_BAND)]))
						.then(1)
						.else(0)
						.end()
				)
				.as('minors'),
			eb.fn
				.sum<number>(
					eb
						.case()
						.when(eb.and([eb('p.hidden', '=', 0), eb('p.created_at', '>=', periodStartMs)]))
						.then(1)
						.else(0)
						.end()
				)
				.as('joined')
		])
		.executeTakeFirstOrThrow();

	const byMunicipality = await visible()
		.select((eb) => [eb.ref('p.municipality').as('key'), eb.fn.countAll().as('n')])
		.groupBy('p.municipality')
		.execute();
	const byAgeBand = await visible()
		.select((eb) => [eb.ref('p.age_band').as('key'), eb.fn.countAll().as('n')])
		.groupBy('p.age_band')
		.execute();

	// Languages are a JSON list in a text column. JSON functions differ between databases (json_each
	// in SQLite, jsonb operators in PostgreSQL), and reading every profile to count in the server
	// grows with the network. The list of languages is closed and short, and the codes hold no LIKE
	// wildcards, so one LIKE '%"sq"%' per code counts in SQL, portably, in one pass. The quotes keep
	// one code from matching inside a longer one; a code outside the list is not counted.
	const byLanguageRow = await visible()
		.select((eb) =>
			LANGUAGES.map((code) =>
				eb.fn.sum<number>(eb.case().when('p.languages', 'like', `%"${code}"%`).then(1).else(0).end()).as(`lang_${code}`)
			)
		)
		.executeTakeFirstOrThrow();
	const byLanguage = LANGUAGES.map((key) => ({
		key,
		count: num((byLanguageRow as Record<string, unknown>)[`lang_${key}`])
	}));

	// Hours: by the volunteer's municipality when one is chosen (their profile, hidden or not).
	const hours = () => {
		let q = db.selectFrom('volunteer_hours as h');
		if (filter.municipality)
			q = q.where((eb) =>
				eb.exists(
					eb
						.selectFrom('volunteer_profiles as vp')
						.select('vp.user_id')
						.whereRef('vp.user_id', '=', 'h.user_id')
						.where('vp.municipality', '=', filter.municipality!)
				)
			);
		return q;
	};
	// substr(text, from, length) is understood alike by SQLite, PostgreSQL and MySQL. Literal
	// numbers, not parameters: PostgreSQL matches a GROUP BY expression to the selected one only when
	// they are the same text, and $1 and $3 are not.
	const month = sql<string>`substr(${sql.ref('h.worked_on')}, ${sql.lit(1)}, ${sql.lit(7)})`;
	const perMonthRows = await hours()
		.where('h.status', '=', 'confirmed')
		.where('h.worked_on', '>=', periodFrom)
		.where('h.worked_on', '<', periodTo)
		.select((eb) => [month.as('month'), eb.fn.sum<number>('h.minutes').as('minutes')])
		.groupBy(month)
		.execute();
	const minutesByMonth = new Map(perMonthRows.map((r) => [r.month, num(r.minutes)]));
	const perMonth = months.map((m) => ({ month: m, hours: hoursOf(minutesByMonth.get(m)) }));

	const hourTotals = await hours()
		.select((eb) => [
			eb.fn
				.sum<number>(eb.case().when('h.status', '=', 'confirmed').then(eb.ref('h.minutes')).else(0).end())
				.as('confirmed'),
			eb.fn
				.sum<number>(
					eb
						.case()
						.when(
							eb.and([
								eb('h.status', '=', 'confirmed'),
								eb('h.worked_on', '>=', periodFrom),
								eb('h.worked_on', '<', periodTo)
							])
						)
						.then(eb.ref('h.minutes'))
						.else(0)
						.end()
				)
				.as('confirmed_in_period'),
			eb.fn.sum<number>(eb.case().when('h.status', '=', 'logged').then(eb.ref('h.minutes')).else(0).end()).as('pending')
		])
		.executeTakeFirstOrThrow();

	// Calls: by their own municipality.
	let callStatus = db.selectFrom('volunteer_calls as c');
	if (filter.municipality) callStatus = callStatus.where('c.municipality', '=', filter.municipality);
	const statusRows = await callStatus
		.select((eb) => [eb.ref('c.status').as('status'), eb.fn.countAll().as('n')])
		.groupBy('c.status')
		.execute();
	const byStatus = new Map(statusRows.map((r) => [r.status as string, num(r.n)]));

	// Shifts to come of open calls, each with its accepted volunteers (a correlated count), then per
	// call (is any shift short of people?), then over all calls: three levels, one query.
	let shifts = db
		.selectFrom('volunteer_shifts as s')
		.innerJoin('volunteer_calls as c', 'c.id', 's.call_id')
		.where('c.status', '=', 'open')
		.where('s.starts_at', '>', now);
	if (filter.municipality) shifts = shifts.where('c.municipality', '=', filter.municipality);
	const perShift = shifts.select((eb) => [
		's.call_id',
		's.places',
		eb
			.selectFrom('volunteer_applications as a')
			.whereRef('a.shift_id', '=', 's.id')
			.where('a.status', '=', 'accepted')
			.select((e) => e.fn.countAll<number>().as('n'))
			.as('accepted')
	]);
	const perCall = db
		.selectFrom(perShift.as('x'))
		.select((eb) => [
			'x.call_id',
			eb.fn.sum<number>(eb.case().when('x.accepted', '<', eb.ref('x.places')).then(1).else(0).end()).as('short_shifts'),
			eb.fn.sum<number>('x.places').as('places'),
			eb.fn
				.sum<number>(
					eb
						.case()
						.when('x.accepted', '>', eb.ref('x.places'))
						.then(eb.ref('x.places'))
						.else(eb.ref('x.accepted'))
						.end()
				)
				.as('taken')
		])
		.groupBy('x.call_id');
	const callTotals = await db
		.selectFrom(perCall.as('y'))
		.select((eb) => [
			eb.fn.countAll().as('calls'),
			eb.fn.sum<number>(eb.case().when('y.short_shifts', '=', 0).then(1).else(0).end()).as('filled'),
			eb.fn.sum<number>('y.places').as('places'),
			eb.fn.sum<number>('y.taken').as('taken')
		])
		.executeTakeFirstOrThrow();
	const upcoming = num(callTotals.calls);
	const filled = num(callTotals.filled);

	return {
		filter,
		volunteers: {
			total: num(summary.total),
			minors: num(summary.minors),
			joined: num(summary.joined),
			hidden: num(summary.hidden),
			byMunicipality: tallies(
				MUNICIPALITIES,
				byMunicipality.map((r) => ({ key: r.key, n: r.n }))
			).filter((t) => !filter.municipality || t.key === filter.municipality),
			byAgeBand: tallies(
				AGE_BANDS,
				byAgeBand.map((r) => ({ key: r.key, n: r.n }))
			),
			byLanguage
		},
		hours: {
			perMonth,
			confirmedInPeriod: hoursOf(hourTotals.confirmed_in_period),
			confirmedTotal: hoursOf(hourTotals.confirmed),
			pending: hoursOf(hourTotals.pending)
		},
		calls: {
			open: byStatus.get('open') ?? 0,
			pending: byStatus.get('pending') ?? 0,
			closed: byStatus.get('closed') ?? 0,
			upcoming,
			filled,
			unfilled: upcoming - filled,
			placesOffered: num(callTotals.places),
			placesFilled: num(callTotals.taken)
		}
	};
}
