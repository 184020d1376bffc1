import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import * as organisations from '$lib/server/organisations';
import * as certificates from '$lib/server/certificates';

export const load: PageServerLoad = async ({ locals, params }) => {
	const org = /^[a-z0-9-]{1,80}$/.test(params.slug) ? await organisations.getOrganisationBySlug(locals.db, params.slug) : undefined;
	if (!org) error(404, { message: m.error_404_text() });
	const badges = (await certificates.organisationBadges(locals.db, [org.id])).get(org.id) ?? [];
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
		canEdit: organisations.canEditProfile(locals.user, org.id)
	};
};
