import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { idParam, requireUser } from '$lib/server/http/guard';
import { calendarHeaders } from '$lib/server/platform/ics';
import * as reminders from '$lib/server/volunteering/reminders';

// The calendar file of one accepted shift, for the volunteer themself: anybody else's, or a shift
// that is not (or no longer) accepted, is not found.
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const file = await reminders.shiftCalendar(event.locals.db, user.id, idParam(event.params.application));
	if (!file) error(404, { message: m.error_404_text() });
	return new Response(file.body, { headers: calendarHeaders(file.filename) });
};
