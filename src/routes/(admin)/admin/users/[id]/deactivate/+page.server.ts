import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { idParam, requireUser } from '$lib/server/http/guard';
import * as users from '$lib/server/people/users';

// Deactivation is asked for on this page (a GET, so it works without JavaScript); its button posts to
// the account page's `deactivate` action, which checks everything again.
export const load: PageServerLoad = async (event) => {
	const admin = requireUser(event, 'admin');
	const target = await users.getUser(event.locals.db, idParam(event.params.id));
	if (!target) error(404, { message: m.error_404_text() });
	return {
		target: { id: target.id, name: target.name, email: target.email, active: Boolean(target.active) },
		self: target.id === admin.id
	};
};
