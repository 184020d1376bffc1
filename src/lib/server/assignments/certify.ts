// After a review accepts a version, the learner may have met the whole certificate rule: the
// certificate is issued then, as it is after the last quiz or lesson. Its texts are in the
// learner's language, not the reviewer's: the quiz path issues in the language of the learner's
// request, so here the learner's last-used language stands in for it (their latest quiz attempt or
// hand-in, whichever is newer).
import type { DB } from '../db/client';
import { getCourseById } from '../catalogue/courses';
import { CONTENT_LOCALES } from '../catalogue/content/schema';
import { getCourseState } from '../learning/progress';
import * as certificates from '../learning/certificates/issue';

/** The language a learner last used on the platform, as their quiz attempts and hand-ins recorded it. */
export async function learnerLocale(db: DB, userId: number): Promise<string> {
	const [attempt, submission] = await Promise.all([
		db
			.selectFrom('quiz_attempts')
			.select(['locale', 'submitted_at'])
			.where('user_id', '=', userId)
			.orderBy('submitted_at', 'desc')
			// Two at the same instant: the one stored last. Without it the index SQLite picks decides.
			.orderBy('id', 'desc')
			.limit(1)
			.executeTakeFirst(),
		db
			.selectFrom('submissions')
			.select(['locale', 'submitted_at'])
			.where('user_id', '=', userId)
			.orderBy('submitted_at', 'desc')
			// Two at the same instant: the one stored last. Without it the index SQLite picks decides.
			.orderBy('id', 'desc')
			.limit(1)
			.executeTakeFirst()
	]);
	const latest = [attempt, submission]
		.filter((r) => r !== undefined)
		.sort((a, b) => b.submitted_at - a.submitted_at)[0];
	const locale = latest?.locale ?? 'en';
	return (CONTENT_LOCALES as readonly string[]).includes(locale) ? locale : 'en';
}

export async function issueAfterAcceptance(
	db: DB,
	learnerId: number,
	courseId: number,
	ctx: certificates.IssueContext = {}
) {
	const locale = await learnerLocale(db, learnerId);
	const [course, user] = await Promise.all([
		getCourseById(db, courseId, locale),
		db.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', learnerId).executeTakeFirst()
	]);
	if (!course || !user) return null;
	const state = await getCourseState(db, user.id, course, ctx.now);
	const certificate = await certificates.issueIfEligible(db, user, course, state, locale, ctx);
	await certificates.mailIssued(db, certificate);
	return certificate;
}
