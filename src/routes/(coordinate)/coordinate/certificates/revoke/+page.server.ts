import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/http/guard';
import * as certificates from '$lib/server/learning/certificates/issue';

// The confirm page before revoking a certificate (a GET page whose one button posts to the list's
// revoke action), so that revoking takes a deliberate second step with or without JavaScript.
export const load: PageServerLoad = async (event) => {
	requireUser(event, 'coordinator');
	const code = certificates.normaliseCode(event.url.searchParams.get('code') ?? '');
	const cert = code ? await certificates.getByCode(event.locals.db, code) : undefined;
	if (!cert) error(404, { message: m.certificates_not_found() });
	return {
		code: cert.code,
		recipient: cert.recipient_name,
		title: cert.course_title,
		revoked: cert.revoked_at !== null,
		reason: (event.url.searchParams.get('reason') ?? '').slice(0, 500)
	};
};
