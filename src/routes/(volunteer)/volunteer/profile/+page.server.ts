import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/i18n/href';
import { requireUser } from '$lib/server/http/guard';
import { redirectDone } from '$lib/server/http/prg';
import * as profiles from '$lib/server/volunteering/profiles';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const profile = await profiles.getProfile(event.locals.db, user.id);
	return {
		exists: profile !== null,
		hidden: profile?.hidden ?? false,
		values: profiles.formValuesOf(profile)
	};
};

export const actions: Actions = {
	save: async (event) => {
		const user = requireUser(event);
		const { input, values, errors } = profiles.parseProfileForm(await event.request.formData());
		if (!input) {
			const minor = Boolean(errors.guardian_name || errors.guardian_contact || errors.guardian_consent);
			return fail(400, { action: 'save' as const, values, errors, minor });
		}
		const result = await profiles.saveProfile(event.locals.db, user.id, input);
		if (result.created) redirect(303, localizeHref('/volunteer?done=created'));
		redirectDone(event, 'saved');
	},
	hide: async (event) => {
		const user = requireUser(event);
		if (!(await profiles.setHidden(event.locals.db, user.id, true))) error(404, { message: m.error_404_text() });
		redirectDone(event, 'hidden');
	},
	show: async (event) => {
		const user = requireUser(event);
		if (!(await profiles.setHidden(event.locals.db, user.id, false))) error(404, { message: m.error_404_text() });
		redirectDone(event, 'shown');
	},
	delete: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		if (form.get('confirm') !== 'yes')
			return fail(400, { action: 'delete' as const, message: m.volp_delete_confirm_missing() });
		if (!(await profiles.deleteProfile(event.locals.db, user.id))) error(404, { message: m.error_404_text() });
		redirect(303, localizeHref('/volunteer?done=deleted'));
	}
};
