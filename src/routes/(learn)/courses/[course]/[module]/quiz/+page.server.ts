import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { sharedData } from '$lib/server/http/page-cache';
import { quizPage } from '$lib/server/http/learner-pages';
import { localizeHref } from '$lib/i18n/href';
import { requireUser } from '$lib/server/http/guard';
import { loadModuleOr404 } from '$lib/server/http/learning-pages';
import * as quizzes from '$lib/server/learning/quizzes';
import * as submit from '$lib/server/learning/submit';
import { attemptPath } from '$lib/paths';

export const load: PageServerLoad = (event) => sharedData(event, quizPage);

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const { params, locals } = event;
		const { course, record, moduleState } = await loadModuleOr404(locals.db, user.id, params.course, params.module);
		const quiz = moduleState.quiz;
		if (!quiz || !record) error(404, { message: m.error_404_text() });
		const form = await event.request.formData();
		const submission = form.get('submission');
		if (typeof submission !== 'string' || !/^[a-f0-9]{32}$/.test(submission)) {
			return fail(400, { message: m.quiz_error_form() });
		}
		const version = Number(form.get('version'));
		if (quiz.status !== 'open') {
			// A double submit of an attempt already stored lands on its result, not on an error.
			const stored = await quizzes.findAttemptBySubmission(locals.db, user.id, submission);
			if (stored) redirect(303, localizeHref(attemptPath(course.slug, moduleState.module.slug, stored)));
			// A locked quiz is refused outright: re-showing the form page would only redirect.
			if (!moduleState.open || quiz.status === 'locked') error(403, { message: m.quiz_error_locked() });
			return fail(403, { message: refusalMessage(quiz.status) });
		}
		if (version !== quiz.versionId) return fail(409, { message: m.quiz_error_changed() });
		// The paper is drawn again here from the attempt the learner is at, never from the form: a
		// learner cannot pick an easier draw by sending another key.
		const key = await quizzes.submissionKey(locals.db, user.id, quiz.id, quiz.attemptsUsed + 1);
		const paper = await quizzes.paperFor(locals.db, quiz.versionId, key);
		const parsed = paper && (await quizzes.parseSubmission(locals.db, quiz.versionId, form, paper));
		if (!parsed) error(404, { message: m.error_404_text() });
		if (!parsed.ok) {
			// A page of an attempt already stored (a second tab) answered another paper: show its result.
			const stored = await quizzes.findAttemptBySubmission(locals.db, user.id, submission);
			if (stored) redirect(303, localizeHref(attemptPath(course.slug, moduleState.module.slug, stored)));
			return fail(400, {
				message:
					parsed.problem === 'unanswered'
						? m.quiz_error_unanswered({ count: parsed.questionIds.length })
						: m.quiz_error_form(),
				questionIds: parsed.questionIds,
				raw: parsed.raw,
				submission
			});
		}
		const result = await submit.submitQuiz(locals.db, {
			user,
			course,
			record,
			quizId: quiz.id,
			versionId: quiz.versionId,
			submissionKey: submission,
			locale: getLocale(),
			answers: parsed.answers,
			paper
		});
		// Another submission got in first (the state above was read before this body arrived).
		if (!result.ok) return fail(403, { message: refusalMessage(result.reason) });
		redirect(303, localizeHref(attemptPath(course.slug, moduleState.module.slug, result.attempt.attemptId)));
	}
};

function refusalMessage(reason: 'passed' | 'exhausted' | 'waiting' | 'open'): string {
	return reason === 'passed'
		? m.quiz_error_passed()
		: reason === 'exhausted'
			? m.quiz_error_exhausted()
			: m.quiz_error_waiting();
}
