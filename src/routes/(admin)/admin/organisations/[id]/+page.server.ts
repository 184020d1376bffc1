import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/i18n/href';
import { idParam, requireUser } from '$lib/server/http/guard';
import * as organisations from '$lib/server/people/organisations';
import * as membership from '$lib/server/people/membership';

export const load: PageServerLoad = async (event) => {
	requireUser(event, 'admin');
	const org = await organisations.getOrganisation(event.locals.db, idParam(event.params.id));
	if (!org) error(404, { message: m.error_404_text() });
	return {
		organisation: org,
		members: await organisations.listMembers(event.locals.db, org.id),
		requests: (await membership.pendingRequests(event.locals.db, org.id)).length
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event, 'admin');
		const id = idParam(event.params.id);
		const { input, values, errors } = organisations.parseOrganisationForm(await event.request.formData());
		if (Object.keys(errors).length > 0) return fail(400, { values, errors });
		const result = await organisations.updateOrganisation(event.locals.db, id, input, user.id);
		if (!result.ok && 'reason' in result) error(404, { message: m.error_404_text() });
		if (!result.ok) return fail(400, { values, errors: result.errors });
		redirect(303, localizeHref(`/admin/organisations/${id}?saved=1`));
	}
};
