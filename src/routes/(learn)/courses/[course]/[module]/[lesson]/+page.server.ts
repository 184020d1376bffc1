import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { localizeHref } from '$lib/i18n/href';
import { requireUser } from '$lib/server/http/guard';
import { loadModuleOr404 } from '$lib/server/http/learning-pages';
import { lessonPage } from '$lib/server/http/learner-pages';
import { sharedData } from '$lib/server/http/page-cache';
import * as submit from '$lib/server/learning/submit';
import { coursePath, stepPath } from '$lib/paths';

export const load: PageServerLoad = (event) => sharedData(event, lessonPage);

export const actions: Actions = {
	complete: async (event) => {
		const user = requireUser(event);
		const { params, locals } = event;
		const { course, moduleState } = await loadModuleOr404(locals.db, user.id, params.course, params.module);
		const lesson = moduleState.lessons.find((l) => l.slug === params.lesson);
		if (!lesson) error(404, { message: m.error_404_text() });
		const result = await submit.completeLesson(locals.db, user, course, lesson.id, getLocale());
		if (!result.ok) {
			if (result.reason === 'not_found') error(404, { message: m.error_404_text() });
			redirect(
				303,
				localizeHref(
					`${coursePath(course.slug)}?locked=${result.reason === 'not_enrolled' ? 'not_enrolled' : (lesson.lockReason ?? 'previous_lesson')}`
				)
			);
		}
		redirect(
			303,
			localizeHref(
				result.state.next
					? stepPath(course.slug, result.state.next)
					: `${coursePath(course.slug)}${result.certificate ? '?certified=1' : ''}`
			)
		);
	}
};
