// Shared steps of the cohort routes: find the cohort, check who may see or change it.
import { error, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { idParam, requireUser } from './guard';
import * as cohorts from '../cohorts/cohorts';
import * as courses from '../catalogue/courses';

/** The cohort of the route, its course, and the user's access; 403 for anyone who may not see it. */
export async function loadCohort(event: RequestEvent<{ id: string }>, need: 'read' | 'manage' = 'read') {
	const user = requireUser(event, 'trainer', 'coordinator');
	const cohort = await cohorts.getCohort(event.locals.db, idParam(event.params.id));
	if (!cohort) error(404, { message: m.error_404_text() });
	const access = await cohorts.access(event.locals.db, user, cohort.id);
	if (!access || (need === 'manage' && access !== 'manage')) error(403, { message: m.error_403_text() });
	const course = await courses.getCourseById(event.locals.db, cohort.course_id, getLocale());
	if (!course) error(404, { message: m.error_404_text() });
	return { user, cohort, course, access };
}
