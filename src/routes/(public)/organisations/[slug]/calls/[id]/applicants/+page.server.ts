import { error, fail } from '@sveltejs/kit';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { idParam, requireUser } from '$lib/server/http/guard';
import { redirectDone } from '$lib/server/http/prg';
import { cleanText } from '$lib/server/platform/form-text';
import * as organisations from '$lib/server/people/organisations';
import * as staffing from '$lib/server/volunteering/staffing';
import { parseHoursText } from '$lib/server/volunteering/hours';

async function organisationOf(event: RequestEvent<{ slug: string; id: string }>) {
	const org = /^[a-z0-9-]{1,80}$/.test(event.params.slug)
		? await organisations.getOrganisationBySlug(event.locals.db, event.params.slug)
		: undefined;
	if (!org) error(404, { message: m.error_404_text() });
	return org;
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const callId = idParam(event.params.id);
	const org = await organisationOf(event);
	const view = await staffing.listApplicants(event.locals.db, user, callId, org.id);
	if (!view.ok && view.reason === 'not_found') error(404, { message: m.error_404_text() });
	if (!view.ok) error(403, { message: m.error_403_text() });
	return {
		organisation: { slug: org.slug, name: org.name },
		call: view.call,
		member: view.member,
		me: user.id,
		shifts: view.shifts
	};
};

/** A refused action: 404 and 403 as pages, the rest as a message above the applicant. */
type Values = { message?: string; hours?: string };

function refuse(reason: string, applicationId: number | null, values: Values = {}) {
	if (reason === 'not_found') error(404, { message: m.error_404_text() });
	if (reason === 'forbidden') error(403, { message: m.error_403_text() });
	return fail(400, { applicationId, reason, values: values as Values });
}

async function decideAction(event: RequestEvent<{ slug: string; id: string }>, decision: 'accept' | 'decline') {
	const user = requireUser(event);
	const callId = idParam(event.params.id);
	await organisationOf(event);
	const form = await event.request.formData();
	const applicationId = staffing.idFromForm(form.get('application'));
	if (applicationId === null) error(404, { message: m.error_404_text() });
	const message = cleanText(form.get('message'));
	const result = await staffing.decide(event.locals.db, user, { applicationId, decision, message, callId });
	if (!result.ok) return refuse(result.reason, applicationId, { message });
	redirectDone(event, decision === 'accept' ? 'accepted' : 'declined', { a: applicationId });
}

async function attendanceAction(event: RequestEvent<{ slug: string; id: string }>, came: boolean) {
	const user = requireUser(event);
	const callId = idParam(event.params.id);
	await organisationOf(event);
	const form = await event.request.formData();
	const applicationId = staffing.idFromForm(form.get('application'));
	if (applicationId === null) error(404, { message: m.error_404_text() });
	const hours = cleanText(form.get('hours'));
	let minutes: number | null = null;
	if (came && hours) {
		minutes = parseHoursText(hours);
		if (minutes === null) return fail(400, { applicationId, reason: 'minutes', values: { hours } as Values });
	}
	const result = await staffing.markAttendance(event.locals.db, user, { applicationId, came, minutes, callId });
	if (!result.ok) return refuse(result.reason, applicationId, { hours });
	redirectDone(event, came ? 'came' : 'absent', { a: applicationId });
}

export const actions: Actions = {
	accept: (event) => decideAction(event, 'accept'),
	decline: (event) => decideAction(event, 'decline'),
	came: (event) => attendanceAction(event, true),
	absent: (event) => attendanceAction(event, false)
};
