// Post/redirect/get: a form that changed something is answered with a redirect to its page (a GET)
// carrying what happened (`?done=…`), so that reloading the page, or going back to it, sends nothing
// again and the address bar never keeps an action (`?/confirm`).
import { redirect, type RequestEvent } from '@sveltejs/kit';
import { deLocalizeHref, localizeHref } from '$lib/i18n/href';

export function redirectDone(event: RequestEvent, done: string, params: Record<string, string | number> = {}): never {
	const query = new URLSearchParams({
		done,
		...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]))
	});
	redirect(303, localizeHref(`${deLocalizeHref(event.url.pathname)}?${query}`));
}
