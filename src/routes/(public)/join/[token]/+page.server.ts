import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { localizeHref } from '$lib/i18n/href';
import { requireUser } from '$lib/server/http/guard';
import * as cohorts from '$lib/server/cohorts/cohorts';
import * as courses from '$lib/server/catalogue/courses';

export const load: PageServerLoad = async ({ locals, params }) => {
	const cohort = await cohorts.findByInviteToken(locals.db, params.token);
	if (!cohort || cohort.archived) error(404, { message: m.join_invalid(), title: m.join_invalid_title() });
	const course = await courses.getCourseById(locals.db, cohort.course_id, getLocale());
	return {
		cohort: { name: cohort.name, startsAt: cohort.starts_at, endsAt: cohort.ends_at },
		courseTitle: course?.title ?? '',
		signedIn: Boolean(locals.user),
		token: params.token
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const cohort = await cohorts.findByInviteToken(event.locals.db, event.params.token);
		if (!cohort || cohort.archived) error(404, { message: m.join_invalid(), title: m.join_invalid_title() });
		await cohorts.addMembers(event.locals.db, cohort, [user.id]);
		const course = await courses.getCourseById(event.locals.db, cohort.course_id, getLocale());
		if (!course) error(404, { message: m.error_404_text() });
		redirect(303, localizeHref(`/courses/${course.slug}`));
	}
};
