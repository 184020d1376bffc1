import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { localizeHref } from '$lib/i18n/href';
import { requireUser } from '$lib/server/auth/guard';
import * as organisations from '$lib/server/organisations';

export const load: PageServerLoad = (event) => {
	requireUser(event, 'admin');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		requireUser(event, 'admin');
		const { input, values, errors } = organisations.parseOrganisationForm(await event.request.formData());
		if (Object.keys(errors).length > 0) return fail(400, { values, errors });
		const org = await organisations.createOrganisation(event.locals.db, input);
		redirect(303, localizeHref(`/admin/organisations/${org.id}?saved=1`));
	}
};
