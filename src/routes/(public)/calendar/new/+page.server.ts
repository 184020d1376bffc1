import { error, fail, redirect } from '@sveltejs/kit';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { localizeHref } from '$lib/i18n/href';
import { requireUser } from '$lib/server/http/guard';
import * as events from '$lib/server/portal/events';
import * as eventForm from '$lib/server/portal/event-form';

function author(event: RequestEvent) {
	const user = requireUser(event);
	// Coordinators, admins and confirmed members of an organisation (never a mere request to join).
	if (!events.mayAdd(user)) error(403, { message: m.error_403_text() });
	return user;
}

export const load: PageServerLoad = (event) => {
	const user = author(event);
	return { kinds: events.kindsFor(user) };
};

export const actions: Actions = {
	default: async (event) => {
		const user = author(event);
		const { input, values, errors } = eventForm.parseEventForm(await event.request.formData());
		if (!input) return fail(400, { values, errors, message: null });
		const result = await events.createEvent(event.locals.db, user, input, getLocale());
		if (result.ok) redirect(303, localizeHref(`/calendar/${result.id}?done=added`));
		if (result.reason === 'invalid') return fail(400, { values, errors: result.errors, message: null });
		if (result.reason === 'rate_limited')
			return fail(429, { values, errors: {}, message: m.portal_rate_limited({ count: events.dailyLimit(user) }) });
		error(403, { message: m.error_403_text() });
	}
};
