// The Volunteering section of the programme results (issue 19): volunteers registered and active,
// calls posted and filled, confirmed hours; by the municipality and the age band of the volunteer's
// profile. The network belongs to no course or cohort: only the period applies.
//
// The conventions are those of the coordinators' network view (volunteering/network.ts):
// - hours count only when an organisation confirmed them (status 'confirmed'), and they belong to
//   the Kosovo day the work was done (worked_on, 'YYYY-MM-DD'): the period's days are its Kosovo
//   calendar days;
// - confirmed hours count whoever the volunteer is now (the work was done): of a deactivated
//   account, of a paused profile, of a volunteer who has since deleted their profile (then under
//   "Not given" in the breakdowns);
// - a registered volunteer is a profile that exists now, of an active account, made in the period;
//   paused (hidden) profiles count: they are still registered.
// Every figure is counted in SQL, portably (network.ts says why).
import type { Label, RawRow, RawTable } from '$lib/indicators/report';
import { AGE_BANDS, MUNICIPALITIES } from '$lib/volunteering/options';
import type { DB } from '../db/client';
import { belgradeDate } from '../platform/region-time';
import type { Scope } from './scope';
import { between, cell, inPeriod, num } from './sql';

const hoursOf = (minutes: number) => minutes / 60;

interface Group {
	key: string | null;
	registered: number;
	active: number;
	minutes: number;
}

/** Profiles made in the period (of active accounts) and confirmed hours for work in the period, by a profile column. */
async function groups(db: DB, scope: Scope, by: 'municipality' | 'age_band' | null): Promise<Group[]> {
	// The period's Kosovo days: `until` is the start of the day after the last one.
	const days = between(
		'h.worked_on',
		scope.from === null ? null : belgradeDate(scope.from),
		scope.until === null ? null : belgradeDate(scope.until)
	);
	// From the profiles (a few), each one's account looked up by its key: not a scan of every user.
	const registered = db
		.selectFrom('volunteer_profiles as p')
		.where((eb) =>
			eb.exists(eb.selectFrom('users as u').select('u.id').whereRef('u.id', '=', 'p.user_id').where('u.active', '=', 1))
		)
		.where(inPeriod(scope, 'p.created_at'));
	const worked = db
		.selectFrom('volunteer_hours as h')
		.leftJoin('volunteer_profiles as p', 'p.user_id', 'h.user_id')
		.where('h.status', '=', 'confirmed')
		.where(days);
	if (by === null) {
		const [r, w] = await Promise.all([
			registered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
			worked
				.select((eb) => [
					eb.fn.count<number>('h.user_id').distinct().as('people'),
					eb.fn.sum<number>('h.minutes').as('minutes')
				])
				.executeTakeFirstOrThrow()
		]);
		return [{ key: null, registered: num(r.n), active: num(w.people), minutes: num(w.minutes) }];
	}
	const column = `p.${by}` as const;
	const [r, w] = await Promise.all([
		registered
			.select((eb) => [eb.ref(column).as('key'), eb.fn.countAll<number>().as('n')])
			.groupBy(column)
			.execute(),
		worked
			.select((eb) => [
				eb.ref(column).as('key'),
				eb.fn.count<number>('h.user_id').distinct().as('people'),
				eb.fn.sum<number>('h.minutes').as('minutes')
			])
			.groupBy(column)
			.execute()
	]);
	const out = new Map<string | null, Group>();
	const get = (key: string | null) => {
		let g = out.get(key);
		if (!g) out.set(key, (g = { key, registered: 0, active: 0, minutes: 0 }));
		return g;
	};
	for (const row of r) get(row.key).registered = num(row.n);
	for (const row of w) Object.assign(get(row.key), { active: num(row.people), minutes: num(row.minutes) });
	return [...out.values()];
}

/**
 * Calls made in the period that were opened to volunteers (approved by a coordinator, or posted
 * open at once by an organisation that already had an approved call), whatever became of them
 * since (open or closed); and of those, the ones with at least one shift whose every shift has as
 * many accepted volunteers as places.
 *
 * "Opened" is read from what the call keeps: status 'open'; or 'closed' after an approval (approving
 * sets reviewed_at and empties the review note, declining needs a note); or 'closed' and posted by
 * an organisation trusted then, by the rule of volunteering/calls.ts (an open or closed call of
 * theirs reviewed before this one was made). A call closed while it still waited for review counts
 * nowhere.
 */
async function calls(db: DB, scope: Scope): Promise<{ posted: number; filled: number }> {
	const row = await db
		.selectFrom('volunteer_calls as c')
		.where(inPeriod(scope, 'c.created_at'))
		.where((eb) =>
			eb.or([
				eb('c.status', '=', 'open'),
				eb.and([
					eb('c.status', '=', 'closed'),
					eb.or([
						eb.and([eb('c.reviewed_at', 'is not', null), eb('c.review_note', '=', '')]),
						eb.exists(
							eb
								.selectFrom('volunteer_calls as t')
								.select('t.id')
								.whereRef('t.organisation_id', '=', 'c.organisation_id')
								.whereRef('t.id', '<>', 'c.id')
								.where('t.status', 'in', ['open', 'closed'])
								.where('t.reviewed_at', 'is not', null)
								.whereRef('t.reviewed_at', '<=', 'c.created_at')
						)
					])
				])
			])
		)
		.select((eb) => {
			const shifts = () => eb.selectFrom('volunteer_shifts as s').select('s.id').whereRef('s.call_id', '=', 'c.id');
			const short = shifts().where((e) =>
				e(
					's.places',
					'>',
					e
						.selectFrom('volunteer_applications as a')
						.whereRef('a.shift_id', '=', 's.id')
						.where('a.status', '=', 'accepted')
						.select((x) => x.fn.countAll<number>().as('n'))
				)
			);
			return [
				eb.fn.countAll<number>().as('posted'),
				eb.fn
					.sum<number>(
						eb
							.case()
							.when(eb.and([eb.exists(shifts()), eb.not(eb.exists(short))]))
							.then(1)
							.else(0)
							.end()
					)
					.as('filled')
			];
		})
		.executeTakeFirstOrThrow();
	return { posted: num(row.posted), filled: num(row.filled) };
}

/** Rows for every code of a closed list in its order, codes outside it after, then "Not given". */
function breakdown(list: readonly string[], found: Group[], label: (code: string) => Label): RawRow[] {
	const byKey = new Map(found.map((g) => [g.key, g]));
	const keys: string[] = [...list, ...found.flatMap((g) => (g.key !== null && !list.includes(g.key) ? [g.key] : []))];
	const rows = keys.map((key) => {
		const g = byKey.get(key);
		return {
			label: label(key),
			cells: [
				cell(g?.registered ?? 0, g?.registered ?? 0),
				cell(g?.active ?? 0, g?.active ?? 0),
				cell(hoursOf(g?.minutes ?? 0), g?.active ?? 0)
			]
		};
	});
	// Hours of volunteers whose profile is gone. Nobody without a profile is registered: that cell is
	// empty by definition, tells nothing about anyone, and is shown as 0 (people: null) so that it
	// does not hide a second figure of its column.
	const gone = byKey.get(null);
	rows.push({
		label: { kind: 'not-given' },
		cells: [
			cell(0, null),
			cell(gone?.active ?? 0, gone?.active ?? 0),
			cell(hoursOf(gone?.minutes ?? 0), gone?.active ?? 0)
		]
	});
	return rows;
}

export async function volunteeringTables(db: DB, scope: Scope): Promise<RawTable[]> {
	const [[all], byMunicipality, byAge, c] = await Promise.all([
		groups(db, scope, null),
		groups(db, scope, 'municipality'),
		groups(db, scope, 'age_band'),
		calls(db, scope)
	]);
	const total = [
		cell(all.registered, all.registered),
		cell(all.active, all.active),
		cell(hoursOf(all.minutes), all.active)
	];
	const municipalityRows = breakdown(MUNICIPALITIES, byMunicipality, (code) => ({ kind: 'municipality', code }));
	const ageRows = breakdown(AGE_BANDS, byAge, (code) => ({ kind: 'age', code }));
	// breakdown() ends with the "Not given" row.
	const notGivenMunicipality = municipalityRows.length - 1;
	const notGiven = ageRows.length - 1;
	return [
		{
			id: 'volunteering-summary',
			rows: [
				{
					label: { kind: 'all' },
					cells: [
						cell(all.registered, all.registered),
						cell(all.active, all.active),
						cell(c.posted, null),
						cell(c.filled, null),
						cell(hoursOf(all.minutes), all.active)
					]
				}
			],
			total: null
		},
		{
			id: 'volunteers-by-municipality',
			rows: municipalityRows,
			total
		},
		{
			id: 'volunteers-by-age',
			rows: ageRows,
			total,
			// The "Not given" rows of both breakdowns are the same people (volunteers whose profile is
			// gone): suppression hides them together, or one table would give the other's figure back.
			links: [
				{
					whole: { table: 'volunteers-by-age', row: notGiven },
					parts: [{ table: 'volunteers-by-municipality', row: notGivenMunicipality }]
				}
			]
		}
	];
}
