import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { managedOrganisation } from '$lib/server/http/call-pages';
import { redirectDone } from '$lib/server/http/prg';
import * as calls from '$lib/server/volunteering/calls';
import { callErrorText } from '$lib/volunteering/call-text';

export const load: PageServerLoad = async (event) => {
	const { org } = await managedOrganisation(event);
	return {
		organisation: { name: org.name, slug: org.slug },
		calls: await calls.listOrganisationCalls(event.locals.db, org.id),
		now: Date.now()
	};
};

export const actions: Actions = {
	close: async (event) => {
		const { org, user } = await managedOrganisation(event);
		const raw = String((await event.request.formData()).get('call') ?? '');
		const call = /^\d{1,9}$/.test(raw) ? await calls.getCall(event.locals.db, Number(raw)) : null;
		if (!call || call.organisation.id !== org.id) error(404, { message: m.error_404_text() });
		const result = await calls.closeCall(event.locals.db, user.id, call.id);
		if (!result.ok) {
			if (result.reason === 'forbidden') error(403, { message: m.error_403_text() });
			return fail(409, { message: callErrorText('vcall_err_already_closed') });
		}
		redirectDone(event, 'closed');
	}
};
