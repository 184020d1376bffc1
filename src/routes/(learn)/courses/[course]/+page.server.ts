import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { localizeHref } from '$lib/i18n/href';
import { requireUser } from '$lib/server/http/guard';
import { loadCourseOr404 } from '$lib/server/http/learning-pages';
import * as progress from '$lib/server/learning/progress';
import * as certificates from '$lib/server/learning/certificates/issue';
import { coursePath, enrolSignInPath, stepPath } from '$lib/paths';

const LOCK_REASONS = new Set(['previous_lesson', 'previous_quiz', 'previous_module', 'not_enrolled', 'quiz_lessons']);

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const course = await loadCourseOr404(locals.db, params.course);
	const state = await progress.getCourseState(locals.db, locals.user?.id ?? null, course);
	const locked = url.searchParams.get('locked');
	const certificate = locals.user
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
};

export const actions: Actions = {
	enrol: async (event) => {
		const course = await loadCourseOr404(event.locals.db, event.params.course);
		// Signed out (say the session ended while the page was open): sign in, carrying the intent.
		if (!event.locals.user) redirect(303, localizeHref(enrolSignInPath(course.slug)));
		const user = requireUser(event);
		await progress.enrol(event.locals.db, user.id, course.id);
		const state = await progress.getCourseState(event.locals.db, user.id, course);
		redirect(303, localizeHref(state.next ? stepPath(course.slug, state.next) : coursePath(course.slug)));
	}
};
