// Shared steps of the authoring routes: the lesson, course or module, and whether this user may edit
// its course (a 404 for what does not exist, a 403 for a course the user may not author).
import { error, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { previewPath } from '$lib/paths';
import { idParam, requireUser } from './guard';
import * as authoring from '../authoring/lessons';
import * as structureTexts from '../authoring/structure-texts';
import * as quizVersions from '../authoring/quiz-versions';
import * as coursePreview from '../catalogue/course-preview';
import { CONTENT_LOCALES, type ContentLocale } from '../catalogue/content/schema';

export async function loadEditableLesson(event: RequestEvent<{ id: string }>) {
	const user = requireUser(event, 'trainer');
	const lesson = await authoring.lessonContext(event.locals.db, idParam(event.params.id));
	if (!lesson) error(404, { message: m.error_404_text() });
	if (!(await authoring.canAuthor(event.locals.db, user, lesson.courseId))) error(403, { message: m.error_403_text() });
	return { user, lesson };
}

/** The quiz of /teach/quizzes/[id]. */
export async function loadEditableQuiz(event: RequestEvent<{ id: string }>) {
	const user = requireUser(event, 'trainer');
	const quiz = await quizVersions.quizContext(event.locals.db, idParam(event.params.id));
	if (!quiz) error(404, { message: m.error_404_text() });
	if (!(await authoring.canAuthor(event.locals.db, user, quiz.courseId))) error(403, { message: m.error_403_text() });
	return { user, quiz };
}

/** The course or module of /teach/texts/[kind]/[id]. */
export async function loadEditableStructure(event: RequestEvent<{ kind: string; id: string }>) {
	const user = requireUser(event, 'trainer');
	const kind = event.params.kind === 'course' || event.params.kind === 'module' ? event.params.kind : null;
	if (!kind) error(404, { message: m.error_404_text() });
	const target = await structureTexts.structureContext(event.locals.db, kind, idParam(event.params.id));
	if (!target) error(404, { message: m.error_404_text() });
	if (!(await authoring.canAuthor(event.locals.db, user, target.courseId))) error(403, { message: m.error_403_text() });
	return { user, target };
}

/** The course of /teach/courses/[id]/…, for someone who may author it. */
export async function loadAuthoredCourse(event: RequestEvent<{ id: string }>) {
	const user = requireUser(event, 'trainer');
	const course = await authoring.courseContext(event.locals.db, idParam(event.params.id));
	if (!course) error(404, { message: m.error_404_text() });
	if (!(await authoring.canAuthor(event.locals.db, user, course.id))) error(403, { message: m.error_403_text() });
	return { user, course };
}

/** A content locale from a form field or query parameter; English when it is not one. */
export function contentLocale(value: unknown): ContentLocale {
	return (CONTENT_LOCALES as readonly string[]).includes(String(value)) ? (String(value) as ContentLocale) : 'en';
}

/** The learner-mode preview of /teach/courses/[id]/preview/…: the course in the chosen view. */
export async function loadCoursePreview(event: RequestEvent<{ id: string }>) {
	const { course } = await loadAuthoredCourse(event);
	const view = coursePreview.viewOf(event.url.searchParams.get('view'));
	const preview = await coursePreview.previewCourse(event.locals.db, course.id, getLocale(), view);
	if (!preview) error(404, { message: m.error_404_text() });
	return { view, preview, steps: coursePreview.stepsOf(preview) };
}

/** A module of the preview by its slug, with its number in the course, or a 404. */
export function previewModule(preview: coursePreview.PreviewCourse, slug: string) {
	const index = preview.modules.findIndex((mod) => mod.slug === slug);
	if (index < 0) error(404, { message: m.error_404_text() });
	return { mod: preview.modules[index], number: index + 1 };
}

/** The steps before and after the one at `index`, as links within the preview. */
export function previewNeighbours(
	preview: coursePreview.PreviewCourse,
	steps: coursePreview.PreviewStep[],
	index: number,
	view: coursePreview.PreviewView
) {
	const link = (step: coursePreview.PreviewStep | undefined) =>
		step
			? {
					href: previewPath(preview.id, step, view),
					title: step.kind === 'quiz' ? m.quiz_heading({ module: step.title }) : step.title
				}
			: null;
	return { previous: index > 0 ? link(steps[index - 1]) : null, next: link(steps[index + 1]) };
}
