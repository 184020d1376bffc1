import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/guard';
import { loadCohort } from '$lib/server/http/cohort-pages';
import * as learners from '$lib/server/cohorts/learners';
import { localizeHref } from '$lib/i18n/href';

// The confirm page before taking a learner out of a cohort: a GET page with one POST button, so that
// it works without JavaScript and nothing is removed by following a link.
export const load: PageServerLoad = async (event) => {
	const { cohort, course } = await loadCohort(event, 'manage');
	const who = await learners.member(event.locals.db, cohort.id, idParam(event.params.user));
	if (!who) error(404, { message: m.error_404_text() });
	return {
		cohort: { id: cohort.id, name: cohort.name },
		course: { title: course.title },
		learner: { id: who.id, name: who.name, email: who.email }
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { cohort, user } = await loadCohort(event, 'manage');
		const result = await learners.remove(event.locals.db, cohort, idParam(event.params.user), user.id);
		if (!result.ok) error(404, { message: m.error_404_text() });
		redirect(303, localizeHref(`/cohorts/${cohort.id}/members?done=removed`));
	}
};
