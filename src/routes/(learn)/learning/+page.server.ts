import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { requireUser } from '$lib/server/http/guard';
import * as courses from '$lib/server/catalogue/courses';
import * as progress from '$lib/server/learning/progress';
import * as certificates from '$lib/server/learning/certificates/issue';
import * as cohorts from '$lib/server/cohorts/cohorts';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const db = event.locals.db;
	const ids = await progress.enrolledCourseIds(db, user.id);
	const certs = await certificates.listForUser(db, user.id);
	const myCohorts = await cohorts.cohortsOfLearner(db, user.id);
	const items = [];
	for (const id of ids) {
		const course = await courses.getCourseById(db, id, getLocale());
		if (!course) continue;
		const state = await progress.getCourseState(db, user.id, course);
		items.push({
			slug: course.slug,
			title: course.title,
			percent: state.percent,
			complete: state.complete,
			lastActivityAt: state.lastActivityAt,
			next: state.next,
			certificate: certs.find((c) => c.course_id === course.id) ?? null,
			cohorts: myCohorts
				.filter((c) => c.course_id === course.id)
				.map((c) => ({ name: c.name, startsAt: c.starts_at, endsAt: c.ends_at }))
		});
	}
	return { items };
};
