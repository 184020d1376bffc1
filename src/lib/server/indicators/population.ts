// Who the programme's people figures are about (issue 19): the enrolments made during the period in
// the course counted (or any course), by the cohort's members when a cohort is chosen. Shared by the
// People tables and the organisations' "participating" figure, so that both count the same people.
import type { DB } from '../db/client';
import type { Scope } from './scope';

/** The cohort's members, as a subquery of user ids. */
export function cohortMemberIds(db: DB, cohortId: number) {
	return db.selectFrom('cohort_members as cm').select('cm.user_id').where('cm.cohort_id', '=', cohortId);
}

/** Enrolments (as `e`) made in [from, until), in the scope's course, by the scope's cohort. */
export function scopedEnrolments(db: DB, scope: Scope) {
	let q = db.selectFrom('enrolments as e');
	if (scope.from !== null) q = q.where('e.enrolled_at', '>=', scope.from);
	if (scope.until !== null) q = q.where('e.enrolled_at', '<', scope.until);
	if (scope.courseId !== null) q = q.where('e.course_id', '=', scope.courseId);
	if (scope.cohortId !== null) q = q.where('e.user_id', 'in', cohortMemberIds(db, scope.cohortId));
	return q;
}

/** Learner certificates (as `c`) not revoked, in the scope's course, held by the scope's cohort's members. */
export function scopedLearnerCertificates(db: DB, scope: Scope) {
	let q = db
		.selectFrom('certificates as c')
		.where('c.kind', '=', 'learner')
		.where('c.revoked_at', 'is', null)
		.where('c.user_id', 'is not', null);
	if (scope.courseId !== null) q = q.where('c.course_id', '=', scope.courseId);
	if (scope.cohortId !== null) q = q.where('c.user_id', 'in', cohortMemberIds(db, scope.cohortId));
	return q;
}
