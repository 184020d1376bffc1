// The Organisations section of the programme's results (issue 19): organisations participating,
// with a certified member, and certified themselves, by the municipality in their profile.
//
// Membership is the confirmed one (users.organisation_id) as it is today, never a requested one.
// With a cohort chosen, only its members' organisations count: participating and "with a certified
// member" through members of the cohort, "certified" when one of the cohort's members is a confirmed
// member. Organisations are public, and so are their own certificates ("certified": `people: null`),
// but "participating" and "with a certified member" say something about their people: such a cell
// carries the number of confirmed members behind it (those enrolled in the period; those certified
// in it), so that "Zubin Potok, with a certified member: 1" over one day is "< 5" like them.
import { MUNICIPALITIES } from '$lib/volunteering/options';
import type { Label, RawCell, RawTable } from '$lib/indicators/report';
import type { DB } from '../db/client';
import { municipalityCode } from './municipality';
import { cohortMemberIds, scopedEnrolments, scopedLearnerCertificates } from './population';
import type { Scope } from './scope';

export { municipalityCode } from './municipality';

const NOT_GIVEN = 'not-given';

/** Organisation id → the distinct people behind it (counted in SQL: one row per organisation, not per person). */
async function members(
	rows: Promise<{ id: number | null; people: number | string | bigint }[]>
): Promise<Map<number, number>> {
	const out = new Map<number, number>();
	for (const r of await rows) if (r.id !== null) out.set(r.id, Number(r.people));
	return out;
}

async function ids(rows: Promise<{ id: number | null }[]>): Promise<Map<number, null>> {
	return new Map((await rows).flatMap((r) => (r.id === null ? [] : [[r.id, null] as const])));
}

export async function organisationsTables(db: DB, scope: Scope): Promise<RawTable[]> {
	const participating = scopedEnrolments(db, scope)
		.innerJoin('users as u', 'u.id', 'e.user_id')
		.select((eb) => ['u.organisation_id as id', eb.fn.count<number>('e.user_id').distinct().as('people')])
		.where('u.organisation_id', 'is not', null)
		.groupBy('u.organisation_id');

	let withCertifiedMember = scopedLearnerCertificates(db, scope)
		.innerJoin('users as u', 'u.id', 'c.user_id')
		.select((eb) => ['u.organisation_id as id', eb.fn.count<number>('c.user_id').distinct().as('people')])
		.where('u.organisation_id', 'is not', null)
		.groupBy('u.organisation_id');
	if (scope.from !== null) withCertifiedMember = withCertifiedMember.where('c.issued_at', '>=', scope.from);
	if (scope.until !== null) withCertifiedMember = withCertifiedMember.where('c.issued_at', '<', scope.until);

	let certified = db
		.selectFrom('certificates as c')
		.select('c.organisation_id as id')
		.distinct()
		.where('c.kind', '=', 'organisation')
		.where('c.revoked_at', 'is', null)
		.where('c.organisation_id', 'is not', null);
	if (scope.from !== null) certified = certified.where('c.issued_at', '>=', scope.from);
	if (scope.until !== null) certified = certified.where('c.issued_at', '<', scope.until);
	if (scope.courseId !== null) certified = certified.where('c.course_id', '=', scope.courseId);
	if (scope.cohortId !== null) {
		const cohortId = scope.cohortId;
		certified = certified.where('c.organisation_id', 'in', (eb) =>
			eb
				.selectFrom('users as m')
				.select('m.organisation_id')
				.where('m.id', 'in', cohortMemberIds(db, cohortId))
				.where('m.organisation_id', 'is not', null)
		);
	}

	const [organisations, ...sets] = await Promise.all([
		db.selectFrom('organisations').select(['id', 'municipality']).execute(),
		members(participating.execute()),
		members(withCertifiedMember.execute()),
		ids(certified.execute())
	]);

	const codes = [...MUNICIPALITIES, NOT_GIVEN];
	// Per municipality and measure: organisations, and people behind them (null: not about people).
	const aboutPeople = [true, true, false];
	const blank = (): RawCell[] => aboutPeople.map((about) => ({ value: 0, people: about ? 0 : null }));
	const counts = new Map(codes.map((code) => [code, blank()]));
	const total = blank();
	for (const o of organisations) {
		const row = counts.get(municipalityCode(o.municipality) ?? NOT_GIVEN)!;
		sets.forEach((set, i) => {
			if (!set.has(o.id)) return;
			for (const cell of [row[i], total[i]]) {
				cell.value++;
				if (cell.people !== null) cell.people += set.get(o.id) ?? 0;
			}
		});
	}
	return [
		{
			id: 'orgs-by-municipality',
			rows: codes.map((code) => ({
				label: (code === NOT_GIVEN ? { kind: 'not-given' } : { kind: 'municipality', code }) as Label,
				cells: counts.get(code)!
			})),
			total
		}
	];
}
