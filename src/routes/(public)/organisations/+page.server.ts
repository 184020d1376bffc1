import type { PageServerLoad } from './$types';
import * as organisations from '$lib/server/people/organisations';
import * as certificates from '$lib/server/learning/certificates/issue';

export const load: PageServerLoad = async ({ locals, url }) => {
	const q = (url.searchParams.get('q') ?? '').slice(0, 100);
	const list = await organisations.searchDirectory(locals.db, q);
	const badges = await certificates.organisationBadges(
		locals.db,
		list.map((o) => o.id)
	);
	return {
		q,
		organisations: list.map((o) => ({
			slug: o.slug,
			name: o.name,
			municipality: o.municipality,
			description: o.description,
			badges: badges.get(o.id) ?? []
		}))
	};
};
