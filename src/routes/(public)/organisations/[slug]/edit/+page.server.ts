import { error, fail, redirect } from '@sveltejs/kit';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/i18n/href';
import { requireUser } from '$lib/server/http/guard';
import * as organisations from '$lib/server/people/organisations';

async function editable(event: RequestEvent<{ slug: string }>) {
	const user = requireUser(event);
	// locals.user.organisationId is confirmed membership only: a request made at sign-up is a 403.
	const org = /^[a-z0-9-]{1,80}$/.test(event.params.slug)
		? await organisations.getOrganisationBySlug(event.locals.db, event.params.slug)
		: undefined;
	if (!org) error(404, { message: m.error_404_text() });
	if (!organisations.canEditProfile(user, org.id)) error(403, { message: m.error_403_text() });
	return { org, user };
}

export const load: PageServerLoad = async (event) => {
	const { org } = await editable(event);
	return { organisation: org };
};

export const actions: Actions = {
	default: async (event) => {
		const { org, user } = await editable(event);
		const { input, values, errors } = organisations.parseOrganisationForm(await event.request.formData());
		if (Object.keys(errors).length > 0) return fail(400, { values, errors });
		const result = await organisations.updateOrganisation(event.locals.db, org.id, input, user.id);
		if (!result.ok && 'reason' in result) error(404, { message: m.error_404_text() });
		if (!result.ok) return fail(400, { values, errors: result.errors });
		redirect(303, localizeHref(`/organisations/${org.slug}?saved=1`));
	}
};
