import { error, fail } from '@sveltejs/kit';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/http/guard';
import { redirectDone } from '$lib/server/http/prg';
import * as organisations from '$lib/server/people/organisations';
import * as hours from '$lib/server/volunteering/hours';
import { idFromForm } from '$lib/server/volunteering/staffing';

/** The organisation, for its confirmed members only (hours are the volunteers' personal data). */
async function memberOf(event: RequestEvent<{ slug: string }>) {
	const user = requireUser(event);
	const org = /^[a-z0-9-]{1,80}$/.test(event.params.slug)
		? await organisations.getOrganisationBySlug(event.locals.db, event.params.slug)
		: undefined;
	if (!org) error(404, { message: m.error_404_text() });
	if (!(await hours.isMember(event.locals.db, user.id, org.id))) error(403, { message: m.error_403_text() });
	return { user, org };
}

export const load: PageServerLoad = async (event) => {
	const { user, org } = await memberOf(event);
	const db = event.locals.db;
	const [waiting, confirmed, totals] = await Promise.all([
		hours.listForOrganisation(db, org.id, 'logged'),
		hours.listForOrganisation(db, org.id, 'confirmed'),
		hours.organisationTotals(db, org.id)
	]);
	return { organisation: { slug: org.slug, name: org.name }, me: user.id, waiting, confirmed, totals };
};

async function decideAction(event: RequestEvent<{ slug: string }>, decision: 'confirm' | 'reject') {
	const { user } = await memberOf(event);
	const body = await event.request.formData();
	const id = idFromForm(body.get('hours'));
	if (id === null) error(404, { message: m.error_404_text() });
	const rejectReason = typeof body.get('reason') === 'string' ? String(body.get('reason')) : '';
	const result = await hours.decideHours(event.locals.db, user, id, decision, Date.now(), rejectReason);
	if (!result.ok) {
		if (result.reason === 'not_found') error(404, { message: m.error_404_text() });
		if (result.reason === 'forbidden') error(403, { message: m.error_403_text() });
		return fail(400, { hoursId: id, reason: result.reason, rejectReason: rejectReason.slice(0, 2000) });
	}
	redirectDone(event, decision === 'confirm' ? 'confirmed' : 'rejected');
}

export const actions: Actions = {
	confirm: (event) => decideAction(event, 'confirm'),
	reject: (event) => decideAction(event, 'reject')
};
