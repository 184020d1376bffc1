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
	const badges = (await certificates.organisationBadges(locals.db, [org.id])).get(org.id) ?? [];
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
