import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/http/guard';
import { redirectDone } from '$lib/server/http/prg';
import * as hours from '$lib/server/volunteering/hours';
import * as reminders from '$lib/server/volunteering/reminders';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const db = event.locals.db;
	const now = Date.now();
	const [organisations, list, total, upcoming] = await Promise.all([
		hours.organisationsFor(db, user.id),
		hours.listForVolunteer(db, user.id),
		hours.confirmedMinutes(db, user.id),
		reminders.upcomingShifts(db, user.id, now)
	]);
	return { organisations, hours: list, total, upcoming, today: hours.localDate(now) };
};

export const actions: Actions = {
	log: async (event) => {
		const user = requireUser(event);
		const now = Date.now();
		const { values, errors, input } = hours.parseLogForm(await event.request.formData(), now);
		if (Object.keys(errors).length > 0) return fail(400, { values, errors });
		const result = await hours.logHours(event.locals.db, user.id, input, now);
		if (!result.ok) return fail(400, { values, errors: result.errors });
		redirectDone(event, 'logged');
	}
};
