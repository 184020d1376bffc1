// The pages of an organisation's calls for volunteers (/organisations/[slug]/calls/…): who may open
// them, and how a form of a call is answered. Every load and action calls these itself.
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/i18n/href';
import { requireUser } from './guard';
import * as organisations from '../people/organisations';
import * as calls from '../volunteering/calls';
import { CALL_LIMITS, type CallErrors, type CallValues } from '../volunteering/call-form';

/** The organisation of the URL and the signed-in user, who must be a confirmed member or staff. */
export async function managedOrganisation(event: RequestEvent<{ slug: string }>) {
	const user = requireUser(event);
	const org = /^[a-z0-9-]{1,80}$/.test(event.params.slug)
		? await organisations.getOrganisationBySlug(event.locals.db, event.params.slug)
		: undefined;
	if (!org) error(404, { message: m.error_404_text() });
	// organisationId is confirmed membership only: a request made at sign-up is a 403.
	if (!calls.mayManage(user, org.id)) error(403, { message: m.error_403_text() });
	return { org, user };
}

/** How many shift rows the form shows: the rows asked for ("Add a shift row"), within 3 and 10. */
export function rowsWanted(form: FormData, values: CallValues): number {
	const asked = Number(form.get('more'));
	const wanted = Number.isInteger(asked) ? asked : 0;
	return Math.min(CALL_LIMITS.shifts, Math.max(CALL_LIMITS.emptyRows, values.shifts.length, wanted));
}

/** The answer to a refused save: the form again with the values typed and a message per field. */
export function refused(result: calls.SaveResult, values: CallValues, rows: number) {
	if (result.ok) throw new Error('refused() called with a successful result');
	if (result.reason === 'not_found') error(404, { message: m.error_404_text() });
	if (result.reason === 'forbidden') error(403, { message: m.error_403_text() });
	const errors: CallErrors = 'errors' in result ? result.errors : { form: 'vcall_err_closed' };
	return fail(result.reason === 'limited' ? 429 : result.reason === 'closed' ? 409 : 400, { values, errors, rows });
}

export function toCalls(slug: string, done: string): never {
	redirect(303, localizeHref(`/organisations/${slug}/calls?done=${done}`));
}
