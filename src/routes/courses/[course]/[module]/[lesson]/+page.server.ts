import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { localizeHref } from '$lib/i18n/href';
import { requireUser } from '$lib/server/auth/guard';
import { loadModuleOr404 } from '$lib/server/learning';
import * as courses from '$lib/server/courses';
import * as progress from '$lib/server/progress';
import * as certificates from '$lib/server/certificates';
import { coursePath, lessonPath, quizPath, stepPath } from '$lib/paths';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { params, locals } = event;
	const { course, state, moduleState } = await loadModuleOr404(locals.db, user.id, params.course, params.module);
	const index = moduleState.lessons.findIndex((l) => l.slug === params.lesson);
	if (index < 0) error(404, { message: m.error_404_text() });
	const lesson = moduleState.lessons[index];
	if (lesson.status === 'locked') {
		redirect(303, localizeHref(`${coursePath(course.slug)}?locked=${lesson.lockReason}`));
	}
	const text = await courses.getLessonText(locals.db, lesson.versionId, getLocale());
	if (!text) error(404, { message: m.error_404_text() });
	const all = state.modules.flatMap((s) => s.lessons.map((l) => ({ module: s.module.slug, lesson: l })));
	const flatIndex = all.findIndex((x) => x.lesson.id === lesson.id);
	const previous = flatIndex > 0 ? all[flatIndex - 1] : null;
	const after = index < moduleState.lessons.length - 1
		? { href: lessonPath(course.slug, moduleState.module.slug, moduleState.lessons[index + 1].slug), title: moduleState.lessons[index + 1].title, open: moduleState.lessons[index + 1].status !== 'locked' }
		: moduleState.quiz
			? { href: quizPath(course.slug, moduleState.module.slug), title: m.quiz_title(), open: moduleState.quiz.status !== 'locked' }
			: null;
	return {
		course: { slug: course.slug, title: course.title },
		module: { slug: moduleState.module.slug, title: moduleState.module.title, position: state.modules.indexOf(moduleState) + 1 },
		lesson: { id: lesson.id, title: text.title, html: text.html, fallback: text.fallback, minutes: lesson.minutes, done: lesson.status === 'done', number: index + 1, count: moduleState.lessons.length },
		previous: previous ? { href: lessonPath(course.slug, previous.module, previous.lesson.slug), title: previous.lesson.title } : null,
		after
	};
};

export const actions: Actions = {
	complete: async (event) => {
		const user = requireUser(event);
		const { params, locals } = event;
		const { course, moduleState } = await loadModuleOr404(locals.db, user.id, params.course, params.module);
		const lesson = moduleState.lessons.find((l) => l.slug === params.lesson);
		if (!lesson) error(404, { message: m.error_404_text() });
		const result = await progress.completeLesson(locals.db, user.id, course, lesson.id);
		if (!result.ok) {
			if (result.reason === 'not_found') error(404, { message: m.error_404_text() });
			redirect(303, localizeHref(`${coursePath(course.slug)}?locked=${result.reason === 'not_enrolled' ? 'not_enrolled' : lesson.lockReason ?? 'previous_lesson'}`));
		}
		const certificate = await certificates.issueIfEligible(locals.db, user, course, result.state, getLocale());
		redirect(303, localizeHref(result.state.next ? stepPath(course.slug, result.state.next) : `${coursePath(course.slug)}${certificate ? '?certified=1' : ''}`));
	}
};
