import type { Actions, PageServerLoad } from './$types';
import { devicePage, noWorker } from '$lib/server/http/offline-pages';

export const load: PageServerLoad = (event) => devicePage(event);

// "Send now" and "Dismiss" are the service worker's; reaching the server, there is no worker here.
export const actions: Actions = {
	default: () => noWorker()
};
