import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { loadCohort } from '$lib/server/http/cohort-pages';
import { quizInsight } from '$lib/server/cohorts/insight';

export const load: PageServerLoad = async (event) => {
	const { cohort, course, access } = await loadCohort(event);
	return {
		cohort: { id: cohort.id, name: cohort.name },
		canManage: access === 'manage',
		questions: await quizInsight(event.locals.db, cohort, course, getLocale(), {
			true: m.quiz_true(),
			false: m.quiz_false()
		})
	};
};
