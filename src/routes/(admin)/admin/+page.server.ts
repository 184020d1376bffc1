import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { localizeHref } from '$lib/i18n/href';
import { requireUser } from '$lib/server/http/guard';

export const load: PageServerLoad = (event) => {
	requireUser(event, 'admin');
	redirect(303, localizeHref('/admin/users'));
};
