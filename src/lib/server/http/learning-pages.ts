// Shared steps of the learning routes: find the course or answer 404, read the learner's state.
import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { DB } from '../db/client';
import * as courses from '../catalogue/courses';
import * as progress from '../learning/progress';
import { lessonPath, quizPath, stepPath } from '$lib/paths';

export async function loadCourseOr404(db: DB, slug: string) {
	const course = /^[a-z0-9-]{1,80}$/.test(slug) ? await courses.getCourseBySlug(db, slug, getLocale()) : null;
	if (!course) error(404, { message: m.error_404_text() });
	return course;
}

/** A course slug as a signed-out visitor's enrol intent carries it (or null when it is not one). */
export function enrolIntent(value: unknown): string | null {
	const slug = typeof value === 'string' ? value : '';
	return /^[a-z0-9-]{1,80}$/.test(slug) ? slug : null;
}

/**
 * Enrols a learner who just signed in or signed up from a course's Enrol button (the intent came in
 * the same POST as the credentials, never from a link alone). Returns where to go next: the course's
 * next step, or null when there is no such course.
 */
export async function enrolBySlug(db: DB, userId: number, slug: string): Promise<string | null> {
	const course = await courses.getCourseBySlug(db, slug, getLocale());
	if (!course) return null;
	await progress.enrol(db, userId, course.id);
	const state = await progress.getCourseState(db, userId, course);
	return stepPath(course.slug, state.next);
}

export async function loadModuleOr404(db: DB, userId: number | null, courseSlug: string, moduleSlug: string) {
	const course = await loadCourseOr404(db, courseSlug);
	const record = userId === null ? null : await progress.readRecord(db, userId, course.id);
	const state = progress.computeCourseState(course, record ?? progress.NO_RECORD);
	const moduleState = state.modules.find((s) => s.module.slug === moduleSlug);
	if (!moduleState) error(404, { message: m.error_404_text() });
	return { course, record, state, moduleState };
}

export type LessonView =
	| { kind: 'locked'; courseSlug: string; reason: progress.LockReason | null }
	| {
			kind: 'open';
			course: { slug: string; title: string };
			module: { slug: string; title: string; position: number };
			/** Everything the page shows of the lesson but its text, which `versionId` and the locale fix. */
			lesson: { id: number; versionId: number; minutes: number; done: boolean; number: number; count: number };
			previous: { href: string; title: string } | null;
			after: { href: string; title: string; open: boolean } | null;
	  };

/**
 * What a learner's lesson page shows, apart from the lesson's text (which `versionId` and the locale
 * fix); the lesson page's view (learner-pages.ts) adds the text.
 * Throws a 404 for a course, module or lesson that does not exist.
 */
export async function lessonView(
	db: DB,
	userId: number,
	params: { course: string; module: string; lesson: string },
	options: { ahead?: boolean } = {}
): Promise<LessonView> {
	const { course, state, moduleState } = await loadModuleOr404(db, userId, params.course, params.module);
	const index = moduleState.lessons.findIndex((l) => l.slug === params.lesson);
	if (index < 0) error(404, { message: m.error_404_text() });
	const lesson = moduleState.lessons[index];
	// Saving a course for offline use (`ahead`, learning/offline.ts): a lesson locked only because the
	// lessons before it in an open module are not done is shown as the learner will see it in order.
	const reachable = (l: { status: string; lockReason: progress.LockReason | null }) =>
		l.status !== 'locked' || (options.ahead === true && l.lockReason === 'previous_lesson');
	if (!reachable(lesson)) return { kind: 'locked', courseSlug: course.slug, reason: lesson.lockReason };
	const all = state.modules.flatMap((s) => s.lessons.map((l) => ({ module: s.module.slug, lesson: l })));
	const flatIndex = all.findIndex((x) => x.lesson.id === lesson.id);
	const previous = flatIndex > 0 ? all[flatIndex - 1] : null;
	const following = moduleState.lessons[index + 1];
	const after = following
		? {
				href: lessonPath(course.slug, moduleState.module.slug, following.slug),
				title: following.title,
				open: reachable(following)
			}
		: moduleState.quiz
			? {
					href: quizPath(course.slug, moduleState.module.slug),
					title: m.quiz_title(),
					open: moduleState.quiz.status !== 'locked' || (options.ahead === true && moduleState.open && state.enrolled)
				}
			: null;
	return {
		kind: 'open',
		course: { slug: course.slug, title: course.title },
		module: {
			slug: moduleState.module.slug,
			title: moduleState.module.title,
			position: state.modules.indexOf(moduleState) + 1
		},
		lesson: {
			id: lesson.id,
			versionId: lesson.versionId,
			minutes: lesson.minutes,
			done: lesson.status === 'done',
			number: index + 1,
			count: moduleState.lessons.length
		},
		previous: previous
			? { href: lessonPath(course.slug, previous.module, previous.lesson.slug), title: previous.lesson.title }
			: null,
		after
	};
}

/** The course and module a step page (quiz, assignment) names in its crumbs and heading. */
export function stepPlace(course: courses.CourseInfo, moduleState: { module: courses.ModuleInfo }) {
	return {
		course: { slug: course.slug, title: course.title },
		module: {
			slug: moduleState.module.slug,
			title: moduleState.module.title,
			position: course.modules.findIndex((x) => x.id === moduleState.module.id) + 1
		}
	};
}
