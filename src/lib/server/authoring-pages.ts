// Shared steps of the authoring routes: the lesson, course or module, and whether this user may edit
// its course (a 404 for what does not exist, a 403 for a course the user may not author).
import { error, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { idParam, requireUser } from './auth/guard';
import * as authoring from './authoring';
import * as structureTexts from './structure-texts';
import { CONTENT_LOCALES, type ContentLocale } from './content/types';

export async function loadEditableLesson(event: RequestEvent<{ id: string }>) {
	const user = requireUser(event, 'trainer');
	const lesson = await authoring.lessonContext(event.locals.db, idParam(event.params.id));
	if (!lesson) error(404, { message: m.error_404_text() });
	if (!(await authoring.canAuthor(event.locals.db, user, lesson.courseId))) error(403, { message: m.error_403_text() });
	return { user, lesson };
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

/** A content locale from a form field or query parameter; English when it is not one. */
export function contentLocale(value: unknown): ContentLocale {
	return (CONTENT_LOCALES as readonly string[]).includes(String(value)) ? (String(value) as ContentLocale) : 'en';
}
