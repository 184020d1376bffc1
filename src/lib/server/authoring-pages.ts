// Shared steps of the authoring routes: the lesson, and whether this user may edit its course.
import { error, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { idParam, requireUser } from './auth/guard';
import * as authoring from './authoring';

export async function loadEditableLesson(event: RequestEvent<{ id: string }>) {
	const user = requireUser(event, 'trainer');
	const lesson = await authoring.lessonContext(event.locals.db, idParam(event.params.id));
	if (!lesson) error(404, { message: m.error_404_text() });
	if (!(await authoring.canAuthor(event.locals.db, user, lesson.courseId))) error(403, { message: m.error_403_text() });
	return { user, lesson };
}
