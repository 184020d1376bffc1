import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { localizeHref } from '$lib/i18n/href';
import * as certificates from '$lib/server/learning/certificates/issue';

export const load: PageServerLoad = ({ url }) => {
	const typed = (url.searchParams.get('code') ?? '').slice(0, 40);
	if (typed) {
		const code = certificates.normaliseCode(typed);
		redirect(303, localizeHref(`/verify/${encodeURIComponent(code ?? typed)}`));
	}
	return {};
};
