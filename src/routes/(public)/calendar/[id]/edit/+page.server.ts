import { error, fail, redirect } from '@sveltejs/kit';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/i18n/href';
import { idParam, requireUser } from '$lib/server/http/guard';
import * as events from '$lib/server/portal/events';
import * as eventForm from '$lib/server/portal/event-form';

async function editable(event: RequestEvent<{ id: string }>) {
	const user = requireUser(event);
	const entry = await events.getEvent(event.locals.db, idParam(event.params.id));
	if (!entry) error(404, { message: m.error_404_text() });
	// Members of the entry's organisation and coordinators; another organisation's member gets a 403.
	if (!events.mayEdit(user, entry)) error(403, { message: m.error_403_text() });
	return { user, entry };
}

export const load: PageServerLoad = async (event) => {
	const { user, entry } = await editable(event);
	const kinds = events.kindsFor(user);
	return {
		id: entry.id,
		title: entry.title,
		values: eventForm.valuesOf(entry),
		// A member keeps the kind a coordinator chose, but cannot choose an official kind.
		kinds: kinds.includes(entry.kind) ? kinds : [entry.kind, ...kinds]
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { user, entry } = await editable(event);
		// An entry already under way may still be corrected: its start may stay as it is, though past.
		const { input, values, errors } = eventForm.parseEventForm(
			await event.request.formData(),
			Date.now(),
			entry.starts_at
		);
		if (!input) return fail(400, { values, errors, message: null });
		const result = await events.updateEvent(event.locals.db, user, entry.id, input);
		if (result.ok) redirect(303, localizeHref(`/calendar/${entry.id}?done=saved`));
		if (result.reason === 'invalid') return fail(400, { values, errors: result.errors, message: null });
		if (result.reason === 'not_found') error(404, { message: m.error_404_text() });
		error(403, { message: m.error_403_text() });
	}
};
