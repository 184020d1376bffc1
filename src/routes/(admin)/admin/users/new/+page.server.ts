import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/http/guard';
import * as flash from '$lib/server/http/flash';
import { localizeHref } from '$lib/i18n/href';
import * as adminUsers from '$lib/server/people/admin-users';
import * as organisations from '$lib/server/people/organisations';
import * as users from '$lib/server/people/users';
import { mailLink } from '../link-mail';

export const load: PageServerLoad = async (event) => {
	requireUser(event, 'admin');
	return { organisations: await organisations.organisationChoices(event.locals.db), roles: users.ROLES };
};

export const actions: Actions = {
	default: async (event) => {
		const admin = requireUser(event, 'admin');
		const values = adminUsers.readUserForm(await event.request.formData());
		const result = await adminUsers.createUser(event.locals.db, values, admin.id);
		if (!result.ok) return fail(400, { values, errors: result.errors });
		// Mailed after the commit: a slow or failing mail server never holds the transaction.
		const shown = await mailLink(result.user, result.token);
		const query = new URLSearchParams({ done: 'created', link: await flash.put(event.locals.db, admin.id, shown) });
		redirect(303, localizeHref(`/admin/users/${result.user.id}?${query}`));
	}
};
