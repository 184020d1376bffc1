import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/i18n/href';
import { idParam, requireUser } from '$lib/server/http/guard';
import * as users from '$lib/server/people/users';
import * as adminUsers from '$lib/server/people/admin-users';

// Deleting an account is asked for on its own page (a GET), and done by the POST button there: a
// confirmation that works without JavaScript.
async function loadTarget(db: App.Locals['db'], id: number) {
	const target = await users.getUser(db, id);
	if (!target || adminUsers.isDeleted(target.password_hash)) error(404, { message: m.error_404_text() });
	return target;
}

export const load: PageServerLoad = async (event) => {
	const admin = requireUser(event, 'admin');
	const target = await loadTarget(event.locals.db, idParam(event.params.id));
	return { target: { id: target.id, name: target.name, email: target.email }, self: target.id === admin.id };
};

export const actions: Actions = {
	default: async (event) => {
		const admin = requireUser(event, 'admin');
		const id = idParam(event.params.id);
		await loadTarget(event.locals.db, id);
		const result = await adminUsers.deleteUser(event.locals.db, id, admin.id);
		if (!result.ok && result.reason === 'unknown') error(404, { message: m.error_404_text() });
		if (!result.ok)
			return fail(400, { message: result.reason === 'self' ? m.adm_err_delete_self() : m.adm_err_last_admin() });
		redirect(303, localizeHref('/admin/users?done=deleted'));
	}
};
