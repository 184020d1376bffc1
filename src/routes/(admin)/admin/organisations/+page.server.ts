import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/http/guard';
import * as organisations from '$lib/server/people/organisations';

export const load: PageServerLoad = async (event) => {
	requireUser(event, 'admin');
	return { organisations: await organisations.listOrganisations(event.locals.db) };
};
