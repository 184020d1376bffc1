import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guard';
import * as organisations from '$lib/server/organisations';

export const load: PageServerLoad = async (event) => {
	requireUser(event, 'admin');
	return { organisations: await organisations.listOrganisations(event.locals.db) };
};
