import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/http/guard';
import * as network from '$lib/server/volunteering/network';

// Coordinators (and admins) only: the (coordinate) group also lets trainers in, this page does not.
export const load: PageServerLoad = async (event) => {
	requireUser(event, 'coordinator');
	const filter = network.parseFilter(event.url.searchParams);
	return { view: await network.networkView(event.locals.db, filter) };
};
