import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { idParam, requireUser } from '$lib/server/http/guard';
import { loadModuleOr404 } from '$lib/server/http/learning-pages';
import * as quizzes from '$lib/server/learning/quizzes';
import * as certificates from '$lib/server/learning/certificates/issue';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { params, locals } = event;
	const { course, state, moduleState } = await loadModuleOr404(locals.db, user.id, params.course, params.module);
	// Only the learner's own attempts, and only of this module's quiz.
	const review = await quizzes.reviewAttempt(locals.db, idParam(params.attempt), user.id, getLocale());
	if (!review || !moduleState.quiz || review.quizId !== moduleState.quiz.id)
		error(404, { message: m.error_404_text() });
	return {
		course: { slug: course.slug, title: course.title },
		module: { slug: moduleState.module.slug, title: moduleState.module.title },
		review,
		canRetake: moduleState.quiz.status === 'open',
		quizStatus: moduleState.quiz.status,
		next: state.next,
		courseComplete: state.complete,
		// Issued right after this attempt was recorded, so issued no earlier than it: this attempt earned it.
		certificate:
			review.passed && state.complete
				? await certificates.earnedSince(locals.db, user.id, course.id, review.submittedAt)
				: null
	};
};
