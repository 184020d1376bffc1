// The views of learner pages whose renderings are shared (shared-pages.ts): each returns all its
// page shows, for the page's load and the page cache's key alike.
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { localizeHref } from '$lib/i18n/href';
import * as courses from '../catalogue/courses';
import * as progress from '../learning/progress';
import * as certificates from '../learning/certificates/issue';
import { coursePath } from '$lib/paths';
import { requireUser } from './guard';
import { lessonView, loadCourseOr404 } from './learning-pages';

const LOCK_REASONS = new Set(['previous_lesson', 'previous_quiz', 'previous_module', 'not_enrolled', 'quiz_lessons']);

/** A course page: the course, and where the viewer stands in it (none for a visitor). */
export async function coursePage({ locals, params, url }: RequestEvent) {
	const course = await loadCourseOr404(locals.db, params.course ?? '');
	const state = await progress.getCourseState(locals.db, locals.user?.id ?? null, course);
	const locked = url.searchParams.get('locked');
	const certificate =
		locals.user && state.complete
			? ((await certificates.listForUser(locals.db, locals.user.id)).find((c) => c.course_id === course.id) ?? null)
			: null;
	return {
		course: {
			slug: course.slug,
			title: course.title,
			summary: course.summary,
			bodyHtml: course.bodyHtml,
			fallback: course.fallback,
			hours: Math.max(0.5, Math.round(course.totalMinutes / 30) / 2),
			lessonCount: course.lessonCount
		},
		state: {
			enrolled: state.enrolled,
			percent: state.percent,
			complete: state.complete,
			next: state.next,
			started: state.modules.some((mod) => mod.lessonsDone > 0),
			modules: state.modules.map((s) => ({
				slug: s.module.slug,
				title: s.module.title,
				summary: s.module.summary,
				objectives: s.module.objectives,
				bodyHtml: s.module.bodyHtml,
				fallback: s.module.fallback,
				open: s.open,
				complete: s.complete,
				lessonsDone: s.lessonsDone,
				lessons: s.lessons.map((l) => ({
					slug: l.slug,
					title: l.title,
					minutes: l.minutes,
					status: l.status,
					lockReason: l.lockReason
				})),
				quiz: s.quiz
			}))
		},
		locked: locked && LOCK_REASONS.has(locked) ? locked : null,
		signedIn: Boolean(locals.user),
		certificate: certificate ? { code: certificate.code, revoked: certificate.revoked_at !== null } : null,
		justCertified: url.searchParams.has('certified')
	};
}

/** A lesson page: the lesson's text and where the learner stands; a locked lesson redirects to its course. */
export async function lessonPage(event: RequestEvent) {
	const user = requireUser(event);
	const view = await lessonView(
		event.locals.db,
		user.id,
		event.params as { course: string; module: string; lesson: string }
	);
	if (view.kind === 'locked') redirect(303, localizeHref(`${coursePath(view.courseSlug)}?locked=${view.reason}`));
	const text = await courses.getLessonText(event.locals.db, view.lesson.versionId, getLocale());
	if (!text) error(404, { message: m.error_404_text() });
	const { kind: _, ...page } = view;
	return { ...page, lesson: { ...page.lesson, title: text.title, html: text.html, fallback: text.fallback } };
}
