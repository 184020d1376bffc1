import { error, fail } from '@sveltejs/kit';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { idParam } from '$lib/server/http/guard';
import { managedOrganisation, refused, rowsWanted, toCalls } from '$lib/server/http/call-pages';
import * as calls from '$lib/server/volunteering/calls';
import { CALL_LIMITS, parseCallForm, valuesOf } from '$lib/server/volunteering/call-form';

/** The call of the URL, which must belong to the organisation of the URL (else 404). */
async function editable(event: RequestEvent<{ slug: string; id: string }>) {
	const { org, user } = await managedOrganisation(event);
	const call = await calls.getCall(event.locals.db, idParam(event.params.id), getLocale());
	if (!call || call.organisation.id !== org.id) error(404, { message: m.error_404_text() });
	return { org, user, call };
}

export const load: PageServerLoad = async (event) => {
	const { org, call } = await editable(event);
	const values = valuesOf(call);
	return {
		organisation: { name: org.name, slug: org.slug },
		call: { id: call.id, title: call.title, status: call.status },
		courses: await calls.courseChoices(event.locals.db, getLocale()),
		values,
		rows: Math.min(CALL_LIMITS.shifts, Math.max(CALL_LIMITS.emptyRows, values.shifts.length + 1))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { org, user, call } = await editable(event);
		if (call.status === 'closed')
			return fail(409, { values: valuesOf(call), errors: { form: 'vcall_err_closed' }, rows: CALL_LIMITS.emptyRows });
		const form = await event.request.formData();
		// A shift kept at the times it had may lie in the past (a call that has begun can still be edited).
		const unchanged = (id: number, startsAt: number, endsAt: number) =>
			call.shifts.some((s) => s.id === id && s.startsAt === startsAt && s.endsAt === endsAt);
		const { input, values, errors } = parseCallForm(form, Date.now(), unchanged);
		const rows = rowsWanted(form, values);
		if (form.has('more')) return { values, errors: {}, rows };
		if (Object.keys(errors).length > 0) return refused({ ok: false, reason: 'invalid', errors }, values, rows);
		const result = await calls.updateCall(event.locals.db, user.id, call.id, input);
		if (!result.ok) return refused(result, values, rows);
		toCalls(org.slug, 'saved');
	}
};
