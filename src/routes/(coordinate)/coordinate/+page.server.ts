import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { redirectDone } from '$lib/server/http/prg';
import { getLocale } from '$lib/paraglide/runtime';
import { requireUser } from '$lib/server/http/guard';
import * as courses from '$lib/server/catalogue/courses';
import * as certificates from '$lib/server/learning/certificates/issue';
import * as audit from '$lib/server/people/audit';
import * as membership from '$lib/server/people/membership';
import * as organisations from '$lib/server/people/organisations';
import { pendingCalls } from '$lib/server/volunteering/call-queries';
import { decideFromForm } from '$lib/server/http/membership-actions';

export const load: PageServerLoad = async (event) => {
	requireUser(event, 'coordinator');
	const list = await courses.listCourses(event.locals.db, getLocale());
	const out = [];
	for (const course of list) {
		out.push({
			slug: course.slug,
			title: course.title,
			rule: course.orgMinCertified,
			organisations: await certificates.eligibleOrganisations(event.locals.db, course)
		});
	}
	return {
		courses: out,
		requests: await membership.pendingRequests(event.locals.db, null),
		// The review queue's length (the queue's own query, at most its page of 200).
		callsWaiting: (await pendingCalls(event.locals.db)).length
	};
};

async function decide(event: Parameters<Actions[string]>[0], decision: 'approved' | 'declined') {
	const user = requireUser(event, 'coordinator');
	const form = await event.request.formData();
	const slug = String(form.get('course') ?? '');
	const organisationId = Number(form.get('organisation'));
	const course = /^[a-z0-9-]{1,80}$/.test(slug)
		? await courses.getCourseBySlug(event.locals.db, slug, getLocale())
		: null;
	if (!course || !Number.isInteger(organisationId) || organisationId <= 0) error(404, { message: m.error_404_text() });
	const result = await certificates.decideOrganisation(event.locals.db, {
		organisationId,
		course,
		decision,
		note: form.get('note'),
		byUserId: user.id,
		locale: getLocale()
	});
	if (!result.ok) {
		const message =
			result.reason === 'not_eligible'
				? m.coordinate_not_eligible()
				: result.reason === 'already_certified'
					? m.coordinate_already_certified()
					: m.coordinate_note_required();
		return fail(result.reason === 'note_required' ? 400 : 409, { message, organisationId });
	}
	const org = await organisations.getOrganisation(event.locals.db, organisationId);
	await audit.record(
		event.locals.db,
		user.id,
		decision === 'approved' ? 'organisation_approved' : 'organisation_declined',
		`${org?.name ?? organisationId} · ${course.slug}`,
		result.certificate?.code ?? String(form.get('note') ?? '').slice(0, 300)
	);
	redirectDone(event, decision, result.certificate ? { code: result.certificate.code } : {});
}

export const actions: Actions = {
	approve: (event) => decide(event, 'approved'),
	decline: (event) => decide(event, 'declined'),
	confirmMember: async (event) => {
		const user = requireUser(event, 'coordinator');
		const result = await decideFromForm(event.locals.db, user, await event.request.formData(), 'confirm');
		if (result.status === 303) redirectDone(event, result.done);
		return fail(result.status, result.body);
	},
	declineMember: async (event) => {
		const user = requireUser(event, 'coordinator');
		const result = await decideFromForm(event.locals.db, user, await event.request.formData(), 'decline');
		if (result.status === 303) redirectDone(event, result.done);
		return fail(result.status, result.body);
	}
};
