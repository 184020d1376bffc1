import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/http/guard';
import { redirectDone } from '$lib/server/http/prg';
import * as profiles from '$lib/server/volunteering/profiles';
import * as applications from '$lib/server/volunteering/applications';
import * as notices from '$lib/server/people/notices';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const db = event.locals.db;
	const now = Date.now();
	const profile = await profiles.getProfile(db, user.id);
	const [noticeList, calls, history] = await Promise.all([
		notices.listFor(db, user.id),
		profile && !profile.hidden ? applications.fittingCalls(db, profile, now) : Promise.resolve([]),
		applications.history(db, user.id, now)
	]);
	return {
		profile: profile ? { hidden: profile.hidden, minor: profile.minor } : null,
		notices: noticeList,
		calls,
		history,
		now
	};
};

export const actions: Actions = {
	readNotices: async (event) => {
		const user = requireUser(event);
		await notices.markAllRead(event.locals.db, user.id);
		redirectDone(event, 'read');
	},
	withdraw: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const raw = form.get('application');
		if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) error(404, { message: m.error_404_text() });
		const result = await applications.withdraw(event.locals.db, user.id, Number(raw));
		if (!result.ok) {
			if (result.reason === 'not_found') error(404, { message: m.error_404_text() });
			return fail(400, {
				message: result.reason === 'shift_started' ? m.volp_withdraw_started() : m.volp_withdraw_refused()
			});
		}
		redirectDone(event, 'withdrawn');
	}
};
