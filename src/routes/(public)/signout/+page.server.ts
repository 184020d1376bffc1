import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { localizeHref } from '$lib/i18n/href';
import * as sessions from '$lib/server/auth/session';
import { deleteSessionCookie } from '$lib/server/http/cookie';

export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) redirect(303, localizeHref('/'));
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		if (event.locals.session) await sessions.invalidateSession(event.locals.db, event.locals.session.id);
		deleteSessionCookie(event);
		redirect(303, localizeHref('/?signedout=1'));
	}
};
