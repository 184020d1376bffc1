import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { localizeHref } from '$lib/i18n/href';
import { requireUser } from '$lib/server/http/guard';
import * as organisations from '$lib/server/people/organisations';

export const load: PageServerLoad = (event) => {
	requireUser(event, 'admin');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event, 'admin');
		const { input, values, errors } = organisations.parseOrganisationForm(await event.request.formData());
		if (Object.keys(errors).length > 0) return fail(400, { values, errors });
		const result = await organisations.createOrganisation(event.locals.db, input, user.id);
		if (!result.ok) return fail(400, { values, errors: result.errors });
		redirect(303, localizeHref(`/admin/organisations/${result.organisation.id}?saved=1`));
	}
};
