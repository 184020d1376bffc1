import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { loadCohort } from '$lib/server/http/cohort-pages';
import { filterInsight, insightByModule } from '$lib/server/cohorts/insight';
import { QUALITY, filterOf } from '$lib/server/cohorts/item-quality';

export const load: PageServerLoad = async (event) => {
	const { cohort, course, access } = await loadCohort(event);
	const filter = filterOf(event.url.searchParams.get('flag'));
	const modules = await insightByModule(event.locals.db, course, { cohortId: cohort.id }, getLocale(), {
		true: m.quiz_true(),
		false: m.quiz_false()
	});
	return {
		cohort: { id: cohort.id, name: cohort.name },
		canManage: access === 'manage',
		filter,
		quality: QUALITY,
		hasQuizzes: modules.length > 0,
		...filterInsight(modules, filter)
	};
};
