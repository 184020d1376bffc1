import type { PageServerLoad } from './$types';
import { loadCoursePreview } from '$lib/server/http/authoring-pages';
import { previewPath } from '$lib/paths';

export const load: PageServerLoad = async (event) => {
	const { view, preview, steps } = await loadCoursePreview(event);
	const reading = (mod: (typeof preview.modules)[number]) => mod.lessons.reduce((s, l) => s + l.minutes, 0);
	const minutes = preview.modules.reduce((sum, mod) => sum + reading(mod), 0);
	const exercises = preview.modules.reduce((sum, mod) => sum + mod.exerciseMinutes, 0);
	return {
		view,
		course: {
			id: preview.id,
			title: preview.title,
			summary: preview.summary,
			bodyHtml: preview.bodyHtml,
			fallback: preview.fallback,
			lessonCount: preview.modules.reduce((sum, mod) => sum + mod.lessons.length, 0),
			hours: Math.max(0.5, Math.round((minutes + exercises) / 30) / 2),
			readingMinutes: minutes,
			exerciseMinutes: exercises
		},
		// The learner's course page with every step open and nothing done yet.
		modules: preview.modules.map((mod) => ({
			slug: mod.slug,
			title: mod.title,
			summary: mod.summary,
			objectives: mod.objectives,
			bodyHtml: mod.bodyHtml,
			fallback: mod.fallback,
			open: true,
			lessonsDone: 0,
			readingMinutes: reading(mod),
			exerciseMinutes: mod.exerciseMinutes,
			lessons: mod.lessons.map((l) => ({
				slug: l.slug,
				title: l.title,
				minutes: l.minutes,
				status: 'open' as const,
				lockReason: null
			})),
			quiz: mod.quiz && {
				status: 'open' as const,
				passed: false,
				bestScore: null,
				passMark: mod.quiz.passMark,
				maxAttempts: mod.quiz.maxAttempts,
				attemptsUsed: 0,
				lastAttemptId: null
			}
		})),
		first: steps[0] ? { href: previewPath(preview.id, steps[0], view), title: steps[0].title } : null
	};
};
