import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { requireUser } from '$lib/server/http/guard';
import * as cohorts from '$lib/server/cohorts/cohorts';
import * as courses from '$lib/server/catalogue/courses';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, 'trainer', 'coordinator');
	const showArchived = event.url.searchParams.has('archived');
	const list = await cohorts.listCohorts(event.locals.db, user, showArchived);
	const titles = new Map((await courses.listCourses(event.locals.db, getLocale())).map((c) => [c.id, c.title]));
	return {
		canManage: user.role === 'coordinator' || user.role === 'admin',
		showArchived,
		cohorts: list.map((c) => ({ ...c, members: Number(c.members), courseTitle: titles.get(c.course_id) ?? '' }))
	};
};
