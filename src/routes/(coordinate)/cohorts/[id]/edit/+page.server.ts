import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { localizeHref } from '$lib/i18n/href';
import { loadCohort } from '$lib/server/http/cohort-pages';
import * as cohorts from '$lib/server/cohorts/cohorts';
import { cohortFormChoices } from '$lib/server/cohorts/cohort-form';

export const load: PageServerLoad = async (event) => {
	const { cohort } = await loadCohort(event, 'manage');
	const db = event.locals.db;
	return {
		cohort: { id: cohort.id, name: cohort.name, archived: Boolean(cohort.archived) },
		values: {
			name: cohort.name,
			course: String(cohort.course_id),
			starts: cohorts.formatDateInput(cohort.starts_at),
			ends: cohorts.formatDateInput(cohort.ends_at),
			trainers: await cohorts.trainerIds(db, cohort.id),
			organisations: await cohorts.organisationIds(db, cohort.id)
		},
		...(await cohortFormChoices(db, getLocale()))
	};
};

export const actions: Actions = {
	save: async (event) => {
		const { cohort } = await loadCohort(event, 'manage');
		const { values, errors, input } = await cohorts.parseCohortForm(event.locals.db, await event.request.formData());
		if (Object.keys(errors).length > 0) return fail(400, { values, errors });
		await cohorts.updateCohort(event.locals.db, cohort.id, input);
		redirect(303, localizeHref(`/cohorts/${cohort.id}?saved=1`));
	},
	archive: async (event) => {
		const { cohort } = await loadCohort(event, 'manage');
		await cohorts.setArchived(event.locals.db, cohort.id, !cohort.archived);
		redirect(303, localizeHref(`/cohorts/${cohort.id}`));
	}
};
