import type { Actions, PageServerLoad } from './$types';
import { noWorker, savePage } from '$lib/server/http/offline-pages';

// The service worker answers this address itself (it saves the course); the server is reached only
// where there is none, and explains what saving needs.
export const load: PageServerLoad = (event) => savePage(event);

export const actions: Actions = {
	default: () => noWorker()
};
