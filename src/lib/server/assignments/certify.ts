// After a review accepts a version, the learner may have met the whole certificate rule: the
// certificate is issued then, as it is after the last quiz or lesson.
import type { DB } from '../db/client';
import { getCourseById } from '../catalogue/courses';
import { getCourseState } from '../learning/progress';
import * as certificates from '../learning/certificates/issue';

export async function issueAfterAcceptance(
	db: DB,
	learnerId: number,
	courseId: number,
	locale: string,
	ctx: certificates.IssueContext = {}
) {
	const [course, user] = await Promise.all([
		getCourseById(db, courseId, locale),
		db.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', learnerId).executeTakeFirst()
	]);
	if (!course || !user) return null;
	const state = await getCourseState(db, user.id, course, ctx.now);
	return certificates.issueIfEligible(db, user, course, state, locale, ctx);
}
