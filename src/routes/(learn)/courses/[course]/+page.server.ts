import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { localizeHref } from '$lib/i18n/href';
import { requireUser } from '$lib/server/http/guard';
import { loadCourseOr404 } from '$lib/server/http/learning-pages';
import { coursePage } from '$lib/server/http/learner-pages';
import { sharedData } from '$lib/server/http/page-cache';
import * as progress from '$lib/server/learning/progress';
import { coursePath, enrolSignInPath, stepPath } from '$lib/paths';

export const load: PageServerLoad = (event) => sharedData(event, coursePage);

export const actions: Actions = {
	enrol: async (event) => {
		const course = await loadCourseOr404(event.locals.db, event.params.course);
		// Signed out (say the session ended while the page was open): sign in, carrying the intent.
		if (!event.locals.user) redirect(303, localizeHref(enrolSignInPath(course.slug)));
		const user = requireUser(event);
		await progress.enrol(event.locals.db, user.id, course.id);
		const state = await progress.getCourseState(event.locals.db, user.id, course);
		redirect(303, localizeHref(state.next ? stepPath(course.slug, state.next) : coursePath(course.slug)));
	}
};
