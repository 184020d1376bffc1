import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/http/guard';
import { redirectDone } from '$lib/server/http/prg';
import { mailConfigured } from '$lib/server/platform/mail';
import * as notices from '$lib/server/people/notices';

// A person's own switches, per kind: in the app and by e-mail. Only ever the signed-in user's.
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return { settings: await notices.settingsOf(event.locals.db, user.id), mail: mailConfigured() };
};

export const actions: Actions = {
	save: async (event) => {
		const user = requireUser(event);
		const db = event.locals.db;
		const mail = mailConfigured();
		const current = await notices.settingsOf(db, user.id);
		const settings = notices.parseSettingsForm(await event.request.formData(), current, mail);
		if (!settings) return fail(400, { invalid: true, settings: current, mail });
		await notices.saveSettings(db, user.id, settings);
		redirectDone(event, 'saved');
	}
};
