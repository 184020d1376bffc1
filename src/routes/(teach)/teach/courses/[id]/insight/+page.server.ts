import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { loadAuthoredCourse } from '$lib/server/http/authoring-pages';
import * as courses from '$lib/server/catalogue/courses';
import { insightByModule, insightView } from '$lib/server/cohorts/insight';
import { filterOf } from '$lib/server/cohorts/item-quality';

// The course's trainers (its authors) see every learner who took its quizzes, in a cohort or not.
export const load: PageServerLoad = async (event) => {
	const { course: authored } = await loadAuthoredCourse(event);
	const course = await courses.getCourseById(event.locals.db, authored.id, getLocale());
	if (!course) error(404, { message: m.error_404_text() });
	const modules = await insightByModule(event.locals.db, course, 'everyone', getLocale(), {
		true: m.quiz_true(),
		false: m.quiz_false()
	});
	return {
		course: { id: course.id, title: course.title },
		insight: insightView(modules, filterOf(event.url.searchParams.get('flag')))
	};
};
