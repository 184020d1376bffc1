import { error, fail } from '@sveltejs/kit';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/http/guard';
import * as organisations from '$lib/server/people/organisations';
import * as certificates from '$lib/server/learning/certificates/issue';
import * as membership from '$lib/server/people/membership';
import { decideFromForm } from '$lib/server/http/membership-actions';
import { redirectDone } from '$lib/server/http/prg';
import { config } from '$lib/server/platform/config';
import * as portalEvents from '$lib/server/portal/events';
import * as listings from '$lib/server/portal/listings';

async function organisationOf(event: RequestEvent<{ slug: string }>) {
	const org = /^[a-z0-9-]{1,80}$/.test(event.params.slug)
		? await organisations.getOrganisationBySlug(event.locals.db, event.params.slug)
		: undefined;
	if (!org) error(404, { message: m.error_404_text() });
	return org;
}

export const load: PageServerLoad = async (event) => {
	const { locals } = event;
	const org = await organisationOf(event);
	const now = Date.now();
	const [badgeMap, calls, upcoming] = await Promise.all([
		certificates.organisationBadges(locals.db, [org.id]),
		listings.openCalls(locals.db, { organisationId: org.id, limit: 20 }, now),
		portalEvents.listUpcoming(locals.db, { organisationId: org.id, activeOnly: true, limit: 20 }, now)
	]);
	const badges = badgeMap.get(org.id) ?? [];
	const user = locals.user;
	// Confirmed members, coordinators and admins see who asks to join; only staff see e-mail addresses.
	const decides = user ? await membership.mayDecide(locals.db, user, org.id) : false;
	const staff = user?.role === 'admin' || user?.role === 'coordinator';
	const requests = decides
		? (await membership.pendingRequests(locals.db, org.id)).map((r) => ({ ...r, email: staff ? r.email : undefined }))
		: null;
	return {
		organisation: {
			slug: org.slug,
			name: org.name,
			municipality: org.municipality,
			description: org.description,
			website: org.website,
			links: org.social_links.split('\n').filter(Boolean)
		},
		badges,
		calls: calls.map((c) => ({ id: c.id, title: c.title, municipality: c.municipality, nextStart: c.next_start })),
		events: upcoming.map((e) => ({
			id: e.id,
			kind: e.kind,
			title: e.title,
			municipality: e.municipality,
			place: e.place,
			startsAt: e.starts_at,
			endsAt: e.ends_at,
			deadlineAt: e.deadline_at,
			cancelled: e.cancelled === 1,
			organisation: null
		})),
		// Confirmed members only (not coordinators): the calls and hours pages are the organisation's own.
		member: user?.organisationId === org.id,
		origin: config.origin,
		canEdit: organisations.canEditProfile(user, org.id),
		requests
	};
};

async function decide(event: RequestEvent<{ slug: string }>, decision: 'confirm' | 'decline') {
	const user = requireUser(event);
	const org = await organisationOf(event);
	const result = await decideFromForm(event.locals.db, user, await event.request.formData(), decision, org.id);
	if (result.status === 303) redirectDone(event, result.done);
	return fail(result.status, result.body);
}

export const actions: Actions = {
	confirmMember: (event) => decide(event, 'confirm'),
	declineMember: (event) => decide(event, 'decline')
};
