// The Organisations section of the programme's results (issue 19): organisations participating,
// with a certified member, and certified themselves, by the municipality in their profile.
//
// Membership is the confirmed one (users.organisation_id) as it is today, never a requested one.
// With a cohort chosen, only its members' organisations count: participating and "with a certified
// member" through members of the cohort, "certified" when one of the cohort's members is a confirmed
// member. Organisations are public: their counts are never suppressed (`people: null`).
import { MUNICIPALITIES } from '$lib/volunteering/options';
import type { Label, RawCell, RawTable } from '$lib/indicators/report';
import type { DB } from '../db/client';
import { municipalityCode } from './municipality';
import { cohortMemberIds, scopedEnrolments, scopedLearnerCertificates } from './population';
import type { Scope } from './scope';

export { municipalityCode } from './municipality';

const NOT_GIVEN = 'not-given';

async function ids(rows: Promise<{ id: number | null }[]>): Promise<Set<number>> {
	return new Set((await rows).flatMap((r) => (r.id === null ? [] : [r.id])));
}

export async function organisationsTables(db: DB, scope: Scope): Promise<RawTable[]> {
	const participating = scopedEnrolments(db, scope)
		.innerJoin('users as u', 'u.id', 'e.user_id')
		.select('u.organisation_id as id')
		.distinct()
		.where('u.organisation_id', 'is not', null);

	let withCertifiedMember = scopedLearnerCertificates(db, scope)
		.innerJoin('users as u', 'u.id', 'c.user_id')
		.select('u.organisation_id as id')
		.distinct()
		.where('u.organisation_id', 'is not', null);
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
		ids(participating.execute()),
		ids(withCertifiedMember.execute()),
		ids(certified.execute())
	]);

	const codes = [...MUNICIPALITIES, NOT_GIVEN];
	const counts = new Map(codes.map((code) => [code, sets.map(() => 0)]));
	const total = sets.map(() => 0);
	for (const o of organisations) {
		const row = counts.get(municipalityCode(o.municipality) ?? NOT_GIVEN)!;
		sets.forEach((set, i) => {
			if (!set.has(o.id)) return;
			row[i]++;
			total[i]++;
		});
	}
	const cells = (values: number[]): RawCell[] => values.map((value) => ({ value, people: null }));
	return [
		{
			id: 'orgs-by-municipality',
			rows: codes.map((code) => ({
				label: (code === NOT_GIVEN ? { kind: 'not-given' } : { kind: 'municipality', code }) as Label,
				cells: cells(counts.get(code)!)
			})),
			total: cells(total)
		}
	];
}
