import type { Reroute } from '@sveltejs/kit';
import { deLocalizeHref } from '$lib/i18n/href';

// /sq/account and /en/account are the same route: the locale prefix is not part of the route.
export const reroute: Reroute = ({ url }) => deLocalizeHref(url.pathname);
