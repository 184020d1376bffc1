import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { loadCoursePreview, previewModule, previewNeighbours } from '$lib/server/http/authoring-pages';
import * as coursePreview from '$lib/server/catalogue/course-preview';

export const load: PageServerLoad = async (event) => {
	const { view, preview, steps } = await loadCoursePreview(event);
	const { mod, number } = previewModule(preview, event.params.module);
	const index = mod.lessons.findIndex((l) => l.slug === event.params.lesson);
	if (index < 0) error(404, { message: m.error_404_text() });
	const lesson = mod.lessons[index];
	const text = await coursePreview.lessonText(event.locals.db, preview, mod, lesson, getLocale(), view);
	if (!text) error(404, { message: m.error_404_text() });
	const at = steps.findIndex((s) => s.kind === 'lesson' && s.moduleSlug === mod.slug && s.lessonSlug === lesson.slug);
	return {
		view,
		course: { id: preview.id, title: preview.title },
		module: { title: mod.title, position: number },
		lesson: {
			id: lesson.id,
			title: text.title,
			html: text.html,
			fallback: text.fallback,
			minutes: lesson.minutes,
			number: index + 1,
			count: mod.lessons.length
		},
		...previewNeighbours(preview, steps, at, view)
	};
};
