import type { Actions, PageServerLoad } from './$types';
import { loadPasswordLink, usePasswordLink } from '$lib/server/http/password-link-pages';

// Only 'set' links open here.
export const load: PageServerLoad = (event) => loadPasswordLink(event, 'set');

export const actions: Actions = {
	default: (event) => usePasswordLink(event, 'set')
};
