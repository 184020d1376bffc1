import type { Reroute } from '@sveltejs/kit';
import { deLocalizeUrl } from '$lib/paraglide/runtime';

// /sq/account and /en/account are the same route: the locale prefix is not part of the route.
export const reroute: Reroute = (request) => deLocalizeUrl(request.url).pathname;
