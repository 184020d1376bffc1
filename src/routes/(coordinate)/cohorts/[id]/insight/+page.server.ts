import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { loadCohort } from '$lib/server/http/cohort-pages';
import { insightByModule, insightView } from '$lib/server/cohorts/insight';
import { filterOf } from '$lib/server/cohorts/item-quality';

export const load: PageServerLoad = async (event) => {
	const { cohort, course, access } = await loadCohort(event);
	const modules = await insightByModule(event.locals.db, course, { cohortId: cohort.id }, getLocale(), {
		true: m.quiz_true(),
		false: m.quiz_false()
	});
	return {
		cohort: { id: cohort.id, name: cohort.name },
		canManage: access === 'manage',
		insight: insightView(modules, filterOf(event.url.searchParams.get('flag')))
	};
};
