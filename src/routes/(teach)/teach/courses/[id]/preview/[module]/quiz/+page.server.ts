import { error, fail, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { loadCoursePreview, previewModule, previewNeighbours } from '$lib/server/http/authoring-pages';
import * as coursePreview from '$lib/server/catalogue/course-preview';

async function quizOf(event: RequestEvent<{ id: string; module: string }>) {
	const loaded = await loadCoursePreview(event);
	const { mod, number } = previewModule(loaded.preview, event.params.module);
	if (!mod.quiz) error(404, { message: m.error_404_text() });
	return { ...loaded, mod, quiz: mod.quiz, number };
}

export const load: PageServerLoad = async (event) => {
	const { view, preview, steps, mod, quiz, number } = await quizOf(event);
	const presented = await coursePreview.presentQuiz(event.locals.db, quiz, getLocale(), view);
	if (!presented) error(404, { message: m.error_404_text() });
	const at = steps.findIndex((s) => s.kind === 'quiz' && s.moduleSlug === mod.slug);
	return {
		view,
		course: { id: preview.id, title: preview.title },
		module: { title: mod.title, position: number },
		quiz: { id: quiz.id, passMark: presented.passMark, maxAttempts: presented.maxAttempts },
		presented: { fallback: presented.fallback, questions: presented.questions },
		...previewNeighbours(preview, steps, at, view)
	};
};

export const actions: Actions = {
	// Graded as a learner's attempt would be, and only shown: nothing is stored.
	default: async (event) => {
		const { view, quiz } = await quizOf(event);
		const result = await coursePreview.checkQuiz(
			event.locals.db,
			quiz,
			getLocale(),
			view,
			await event.request.formData()
		);
		if (!result) error(404, { message: m.error_404_text() });
		if (!result.ok) {
			return fail(400, {
				message:
					result.problem === 'unanswered'
						? m.quiz_error_unanswered({ count: result.questionIds.length })
						: m.quiz_error_form(),
				questionIds: result.questionIds,
				raw: result.raw
			});
		}
		return {
			result: { score: result.score, passed: result.passed, passMark: result.passMark, questions: result.questions }
		};
	}
};
