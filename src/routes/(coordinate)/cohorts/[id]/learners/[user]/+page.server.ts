import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/guard';
import { loadCohort } from '$lib/server/http/cohort-pages';
import { learnerDetail } from '$lib/server/cohorts/insight';

export const load: PageServerLoad = async (event) => {
	const { cohort, course, access } = await loadCohort(event);
	const detail = await learnerDetail(event.locals.db, cohort, course, idParam(event.params.user));
	if (!detail) error(404, { message: m.error_404_text() });
	return { cohort: { id: cohort.id, name: cohort.name }, canManage: access === 'manage', learner: detail };
};
