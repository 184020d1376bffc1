// Paths of the learning pages, without the locale prefix (wrap them in localizeHref).
export const coursePath = (course: string) => `/courses/${course}`;
export const lessonPath = (course: string, module: string, lesson: string) => `/courses/${course}/${module}/${lesson}`;
/** Saving a course on the device for offline use (the service worker answers it; issue 21). */
export const offlineSavePath = (course: string) => `/courses/${course}/offline`;
export const quizPath = (course: string, module: string) => `/courses/${course}/${module}/quiz`;
export const attemptPath = (course: string, module: string, attempt: number) =>
	`/courses/${course}/${module}/quiz/attempts/${attempt}`;

/** The page of a next step. */
/** Sign in from a course's Enrol button: the course to enrol in travels with the sign-in form. */
export function enrolSignInPath(course: string, page: 'signin' | 'signup' = 'signin'): string {
	return `/${page}?next=${encodeURIComponent(coursePath(course))}&enrol=${encodeURIComponent(course)}`;
}

export function stepPath(
	course: string,
	step: { kind: 'lesson' | 'quiz'; moduleSlug: string; lessonSlug?: string } | null
): string {
	if (!step) return coursePath(course);
	return step.kind === 'lesson' && step.lessonSlug
		? lessonPath(course, step.moduleSlug, step.lessonSlug)
		: quizPath(course, step.moduleSlug);
}

/** The authors' learner-mode preview of a course, or of one of its steps; 'drafts' shows the drafts. */
export function previewPath(
	courseId: number,
	step: { kind: 'lesson' | 'quiz'; moduleSlug: string; lessonSlug: string | null } | null,
	view: 'published' | 'drafts'
): string {
	const base = `/teach/courses/${courseId}/preview`;
	const path = !step
		? base
		: step.kind === 'lesson' && step.lessonSlug
			? `${base}/${step.moduleSlug}/${step.lessonSlug}`
			: `${base}/${step.moduleSlug}/quiz`;
	return view === 'drafts' ? `${path}?view=drafts` : path;
}

export const assignmentPath = (course: string, module: string) => `/courses/${course}/${module}/assignment`;
/** A handed-in file; readable by its learner and those who review or coordinate them. */
export const submissionFilePath = (id: number) => `/submissions/${id}/file`;
export const reviewQueuePath = (courseId: number) => `/teach/courses/${courseId}/reviews`;
export const reviewPath = (submissionId: number) => `/teach/reviews/${submissionId}`;
/** The editor of a module's assignment, for the course's authors. */
export const assignmentEditorPath = (moduleId: number) => `/teach/modules/${moduleId}/assignment`;
