import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { localizeHref } from '$lib/i18n/href';
import { requireUser } from '$lib/server/http/guard';
import * as cohorts from '$lib/server/cohorts/cohorts';
import { cohortFormChoices } from '$lib/server/cohorts/cohort-form';

export const load: PageServerLoad = async (event) => {
	requireUser(event, 'coordinator');
	return cohortFormChoices(event.locals.db, getLocale());
};

export const actions: Actions = {
	save: async (event) => {
		const user = requireUser(event, 'coordinator');
		const { values, errors, input } = await cohorts.parseCohortForm(event.locals.db, await event.request.formData());
		if (Object.keys(errors).length > 0) return fail(400, { values, errors });
		const cohort = await cohorts.createCohort(event.locals.db, input, user.id);
		redirect(303, localizeHref(`/cohorts/${cohort.id}/members?created=1`));
	}
};
