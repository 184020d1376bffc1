import type { Actions, PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { managedOrganisation, refused, rowsWanted, toCalls } from '$lib/server/http/call-pages';
import * as calls from '$lib/server/volunteering/calls';
import { CALL_LIMITS, emptyValues, parseCallForm } from '$lib/server/volunteering/call-form';

export const load: PageServerLoad = async (event) => {
	const { org } = await managedOrganisation(event);
	return {
		organisation: { name: org.name, slug: org.slug },
		courses: await calls.courseChoices(event.locals.db, getLocale()),
		values: emptyValues(),
		rows: CALL_LIMITS.emptyRows
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { org, user } = await managedOrganisation(event);
		const form = await event.request.formData();
		const { input, values, errors } = parseCallForm(form, Date.now());
		const rows = rowsWanted(form, values);
		// "Add a shift row": the same form again, one row longer; nothing is checked or saved yet.
		if (form.has('more')) return { values, errors: {}, rows };
		if (Object.keys(errors).length > 0) return refused({ ok: false, reason: 'invalid', errors }, values, rows);
		const result = await calls.createCall(event.locals.db, user.id, org.id, input, getLocale());
		if (!result.ok) return refused(result, values, rows);
		toCalls(org.slug, result.status === 'open' ? 'open' : 'pending');
	}
};
