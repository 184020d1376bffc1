import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { idParam, requireUser } from '$lib/server/http/guard';
import { sharedData } from '$lib/server/http/page-cache';
import { eventPage } from '$lib/server/http/portal-pages';
import { redirectDone } from '$lib/server/http/prg';
import * as events from '$lib/server/portal/events';
import * as attendees from '$lib/server/portal/attendees';

export const load: PageServerLoad = (event) => sharedData(event, eventPage);

export const actions: Actions = {
	attend: async (event) => {
		const user = requireUser(event);
		const id = idParam(event.params.id);
		// The form says which state it wants (going=yes|no), so a double submit or a stale tab is harmless.
		const going = (await event.request.formData()).get('going');
		if (going !== 'yes' && going !== 'no') {
			if (!(await events.getEvent(event.locals.db, id))) error(404, { message: m.error_404_text() });
			return fail(400, { message: m.portal_attend_invalid() });
		}
		const result = await attendees.setAttendance(event.locals.db, user.id, id, going === 'yes');
		if (!result.ok && result.reason === 'not_found') error(404, { message: m.error_404_text() });
		if (!result.ok)
			return fail(409, {
				message: result.reason === 'cancelled' ? m.portal_attend_cancelled() : m.portal_attend_past()
			});
		redirectDone(event, result.attending ? 'attending' : 'not_attending');
	},
	cancel: async (event) => {
		const user = requireUser(event);
		const id = idParam(event.params.id);
		const result = await events.cancelEvent(event.locals.db, user, id);
		if (!result.ok && result.reason === 'not_found') error(404, { message: m.error_404_text() });
		if (!result.ok) error(403, { message: m.error_403_text() });
		redirectDone(event, 'cancelled');
	}
};
