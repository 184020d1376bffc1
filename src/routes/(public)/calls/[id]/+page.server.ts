import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { idParam } from '$lib/server/http/guard';
import * as calls from '$lib/server/volunteering/calls';
import { config } from '$lib/server/platform/config';

export const load: PageServerLoad = async ({ locals, params }) => {
	const call = await calls.getCall(locals.db, idParam(params.id), getLocale());
	// A call that is not open is the organisation's business: to everybody else it does not exist.
	const manages = Boolean(call) && calls.mayManage(locals.user, call!.organisation.id);
	if (!call || (call.status !== 'open' && !manages)) error(404, { message: m.error_404_text() });
	return { call, manages, now: Date.now(), origin: config.origin };
};
