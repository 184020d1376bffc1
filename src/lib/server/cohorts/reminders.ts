// "Remind": a predefined message to selected learners naming each one's next step in the course, in
// the learner's own language (their chosen one, else the coordinator's), sent like any other message.
import type { DB } from '../db/client';
import { m } from '$lib/paraglide/messages';
import { getLocale, isLocale } from '$lib/paraglide/runtime';
import { getCourseById, type CourseInfo } from '../catalogue/courses';
import * as learners from './learners';
import * as messages from './messages';

export async function remind(
	db: DB,
	cohort: { id: number; name: string; course_id: number },
	sender: { id: number; name: string },
	userIds: number[],
	now = Date.now()
): Promise<messages.SendResult> {
	const fallback = getLocale();
	const courses = new Map<string, CourseInfo | null>();
	const courseIn = async (locale: string) => {
		if (!courses.has(locale)) courses.set(locale, await getCourseById(db, cohort.course_id, locale));
		return courses.get(locale) ?? null;
	};
	const own = await courseIn(fallback);
	const course = own?.title ?? '';
	return messages.send(
		db,
		cohort,
		sender,
		{ subject: m.coh_remind_subject({ course }), body: m.coh_remind_history({ course }), userIds },
		async (userId) => {
			const who = await learners.member(db, cohort.id, userId);
			const locale = who?.locale && isLocale(who.locale) ? who.locale : fallback;
			const theirs = (await courseIn(locale)) ?? own;
			const step = theirs ? await learners.nextStep(db, theirs, userId) : null;
			const inputs = { name: who?.name ?? '', course: theirs?.title ?? course, step: step ?? '' };
			return {
				subject: m.coh_remind_subject(inputs, { locale }),
				body: step ? m.coh_remind_body(inputs, { locale }) : m.coh_remind_body_done(inputs, { locale })
			};
		},
		now
	);
}
