import type { Actions, PageServerLoad } from './$types';
import { loadPasswordLink, usePasswordLink } from '$lib/server/http/password-link-pages';

// Only 'reset' links open here.
export const load: PageServerLoad = (event) => loadPasswordLink(event, 'reset');

export const actions: Actions = {
	default: (event) => usePasswordLink(event, 'reset')
};
