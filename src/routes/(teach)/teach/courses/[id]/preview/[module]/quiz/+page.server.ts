import { error, fail, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { loadCoursePreview, previewModule, previewNeighbours } from '$lib/server/http/authoring-pages';
import * as coursePreview from '$lib/server/catalogue/course-preview';
import { randomBytes } from 'node:crypto';
import { previewPath } from '$lib/paths';

const newSeed = () => randomBytes(16).toString('hex');

/** The paper named in the address (`?paper=`); null when there is none. */
function seedOf(url: URL): string | null {
	const seed = url.searchParams.get('paper');
	return seed !== null && coursePreview.PAPER_SEED.test(seed) ? seed : null;
}

/** This quiz's preview address with a paper (and the view kept). */
function paperHref(id: number, moduleSlug: string, view: coursePreview.PreviewView, seed: string): string {
	const path = previewPath(id, { kind: 'quiz', moduleSlug, lessonSlug: null }, view);
	return `${path}${path.includes('?') ? '&' : '?'}paper=${seed}`;
}

async function quizOf(event: RequestEvent<{ id: string; module: string }>) {
	const loaded = await loadCoursePreview(event);
	const { mod, number } = previewModule(loaded.preview, event.params.module);
	if (!mod.quiz) error(404, { message: m.error_404_text() });
	return { ...loaded, mod, quiz: mod.quiz, number };
}

export const load: PageServerLoad = async (event) => {
	const { view, preview, steps, mod, quiz, number } = await quizOf(event);
	// A paper drawn as for a learner's attempt, named in the address so that a reload, a refused
	// submit and "Answer again" keep it; without one, a fresh draw.
	const seed = seedOf(event.url) ?? newSeed();
	const presented = await coursePreview.presentQuiz(event.locals.db, quiz, getLocale(), view, seed);
	if (!presented) error(404, { message: m.error_404_text() });
	const at = steps.findIndex((s) => s.kind === 'quiz' && s.moduleSlug === mod.slug);
	return {
		view,
		course: { id: preview.id, title: preview.title },
		module: { title: mod.title, position: number },
		quiz: {
			id: quiz.id,
			passMark: presented.passMark,
			maxAttempts: presented.maxAttempts,
			questionCount: presented.questionCount,
			poolSize: presented.poolSize
		},
		presented: { fallback: presented.fallback, questions: presented.questions },
		paperHref: paperHref(preview.id, mod.slug, view, seed),
		anotherHref: paperHref(preview.id, mod.slug, view, newSeed()),
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
			await event.request.formData(),
			// A post without a paper (none was shown with one) is read against the fixed one.
			seedOf(event.url) ?? coursePreview.FIXED_SEED
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
