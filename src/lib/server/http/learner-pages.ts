// The views of learner pages whose renderings are shared (shared-pages.ts): each returns all its
// page shows, for the page's load and the page cache's key alike.
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { localizeHref } from '$lib/i18n/href';
import * as courses from '../catalogue/courses';
import * as progress from '../learning/progress';
import * as certificates from '../learning/certificates/issue';
import { assignmentPath, coursePath } from '$lib/paths';
import * as assignments from '../assignments/submissions';
import * as quizzes from '../learning/quizzes';
import { completionOp } from '../learning/offline';
import * as reviews from '../learning/review';
import * as cohorts from '../cohorts/cohorts';
import * as demographics from '../people/demographics';
import { DAY_MS } from '../learning/attempt-rules';
import { idParam, requireUser } from './guard';
import { lessonView, loadCourseOr404, loadModuleOr404, stepPlace } from './learning-pages';

/** The service worker fetches a course's pages with `?offline=1` when saving it (learning/offline.ts). */
function savingForOffline(url: URL): boolean {
	return url.searchParams.get('offline') === '1';
}

const LOCK_REASONS = new Set(['previous_lesson', 'previous_quiz', 'previous_module', 'not_enrolled', 'quiz_lessons']);

/** A course page: the course, and where the viewer stands in it (none for a visitor). */
export async function coursePage({ locals, params, url }: RequestEvent) {
	const course = await loadCourseOr404(locals.db, params.course ?? '');
	const state = await progress.getCourseState(locals.db, locals.user?.id ?? null, course);
	const locked = url.searchParams.get('locked');
	// One query for the learner's latest hand-in of every assignment of the course.
	const statuses =
		locals.user && state.enrolled
			? await assignments.latestStatuses(
					locals.db,
					locals.user.id,
					course.modules.flatMap((mod) => (mod.assignment ? [mod.assignment.id] : []))
				)
			: new Map();
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
			hours: Math.max(0.5, Math.round((course.totalMinutes + course.exerciseMinutes) / 30) / 2),
			lessonCount: course.lessonCount,
			readingMinutes: course.totalMinutes,
			exerciseMinutes: course.exerciseMinutes
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
				readingMinutes: s.module.lessons.reduce((sum, l) => sum + l.minutes, 0),
				exerciseMinutes: s.module.exerciseMinutes,
				lessons: s.lessons.map((l) => ({
					slug: l.slug,
					title: l.title,
					minutes: l.minutes,
					status: l.status,
					lockReason: l.lockReason
				})),
				quiz: s.quiz,
				assignment: s.module.assignment
					? {
							title: s.module.assignment.title,
							status: statuses.get(s.module.assignment.id)?.status ?? null
						}
					: null
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
		event.params as { course: string; module: string; lesson: string },
		{ ahead: savingForOffline(event.url) }
	);
	if (view.kind === 'locked') redirect(303, localizeHref(`${coursePath(view.courseSlug)}?locked=${view.reason}`));
	const text = await courses.getLessonText(event.locals.db, view.lesson.versionId, getLocale());
	if (!text) error(404, { message: m.error_404_text() });
	const { kind: _, ...page } = view;
	return {
		...page,
		lesson: { ...page.lesson, title: text.title, html: text.html, fallback: text.fallback },
		// The completion form's operation id and where a device that sends it later goes on to.
		op: completionOp(view.lesson.id),
		next: view.after?.href ?? coursePath(view.course.slug)
	};
}

/** The catalogue: every published course, and which of them the viewer is enrolled in. */
export async function cataloguePage({ locals }: RequestEvent) {
	const list = await courses.listCourses(locals.db, getLocale());
	const enrolled = new Set(locals.user ? await progress.enrolledCourseIds(locals.db, locals.user.id) : []);
	return {
		courses: list.map((c) => ({
			slug: c.slug,
			title: c.title,
			summary: c.summary,
			modules: c.modules.length,
			lessons: c.lessonCount,
			readingMinutes: c.totalMinutes,
			exerciseMinutes: c.exerciseMinutes,
			languages: c.languages,
			enrolled: enrolled.has(c.id)
		}))
	};
}

/** My learning: each course the learner is enrolled in, where they stand, their certificate and cohorts. */
export async function learningPage(event: RequestEvent) {
	const user = requireUser(event);
	const db = event.locals.db;
	const [ids, certs, myCohorts, asked] = await Promise.all([
		progress.enrolledCourseIds(db, user.id),
		certificates.listForUser(db, user.id),
		cohorts.cohortsOfLearner(db, user.id),
		demographics.wasAsked(db, user.id)
	]);
	const items = [];
	for (const id of ids) {
		const course = await courses.getCourseById(db, id, getLocale());
		if (!course) continue;
		const state = await progress.getCourseState(db, user.id, course);
		const certificate = certs.find((c) => c.course_id === course.id);
		const withAssignment = course.modules.filter((mod) => mod.assignment);
		const statuses = await assignments.latestStatuses(
			db,
			user.id,
			withAssignment.map((mod) => mod.assignment!.id)
		);
		items.push({
			slug: course.slug,
			title: course.title,
			percent: state.percent,
			complete: state.complete,
			lastActivityAt: state.lastActivityAt,
			next: state.next,
			certificate: certificate ? { code: certificate.code, revoked_at: certificate.revoked_at } : null,
			cohorts: myCohorts
				.filter((c) => c.course_id === course.id)
				.map((c) => ({ name: c.name, startsAt: c.starts_at, endsAt: c.ends_at })),
			assignments: withAssignment.map((mod) => ({
				href: assignmentPath(course.slug, mod.slug),
				title: mod.assignment!.title,
				status: statuses.get(mod.assignment!.id)?.status ?? null,
				feedback: statuses.get(mod.assignment!.id)?.feedback ?? ''
			}))
		});
	}
	// The optional questions of issue 19 are offered once, until answered or put off with "Not now".
	return { items, askDemographics: !asked };
}

/** The review of one of the learner's own attempts at this module's quiz. */
export async function attemptPage(event: RequestEvent) {
	const user = requireUser(event);
	const { params, locals } = event;
	const { course, state, moduleState } = await loadModuleOr404(
		locals.db,
		user.id,
		params.course ?? '',
		params.module ?? ''
	);
	// Only the learner's own attempts, and only of this module's quiz.
	const review = await reviews.reviewAttempt(locals.db, idParam(params.attempt ?? ''), user.id, getLocale());
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
}

/** A module's quiz: the questions while it is open, the learner's attempts and where they stand. */
export async function quizPage(event: RequestEvent) {
	const user = requireUser(event);
	const { params, locals } = event;
	const { course, state, moduleState } = await loadModuleOr404(
		locals.db,
		user.id,
		params.course ?? '',
		params.module ?? ''
	);
	const quiz = moduleState.quiz;
	if (!quiz) error(404, { message: m.error_404_text() });
	// Saving for offline use: the quiz of an open module, locked only until its lessons are done, is
	// saved as the learner will see it after them (its form names the attempt they are at).
	const ahead = savingForOffline(event.url) && quiz.status === 'locked' && moduleState.open && state.enrolled;
	if (quiz.status === 'locked' && !ahead) {
		// An open module's quiz waits for all of its lessons, not just the one before it.
		const reason = !moduleState.open ? (moduleState.lessons[0]?.lockReason ?? 'previous_quiz') : 'quiz_lessons';
		redirect(303, localizeHref(`${coursePath(course.slug)}?locked=${reason}`));
	}
	const attempts = await quizzes.listAttempts(locals.db, user.id, quiz.id);
	// The key names the attempt this page is for: two tabs, a reload or a resubmit store one attempt,
	// and it draws the attempt's paper, so a reload shows the same questions in the same order.
	const key = await quizzes.submissionKey(locals.db, user.id, quiz.id, quiz.attemptsUsed + 1);
	const presented =
		quiz.status === 'open' || ahead ? await quizzes.presentQuiz(locals.db, quiz.versionId, getLocale(), key) : null;
	return {
		...stepPlace(course, moduleState),
		quiz: {
			status: ahead ? ('open' as const) : quiz.status,
			passMark: quiz.passMark,
			maxAttempts: quiz.maxAttempts,
			waitMinutes: quiz.waitMinutes,
			attemptsPerDay: quiz.attemptsPerDay,
			questionCount: quiz.questionCount,
			poolSize: quiz.poolSize,
			attemptsUsed: quiz.attemptsUsed,
			availableAt: quiz.availableAt,
			bestScore: quiz.bestScore
		},
		presented,
		attempts,
		// Whether the wait is the daily limit (rather than the pause after a failed attempt).
		dayUsed:
			quiz.attemptsPerDay !== null &&
			attempts.filter((a) => a.submitted_at > Date.now() - DAY_MS).length >= quiz.attemptsPerDay,
		submissionKey: key
	};
}
