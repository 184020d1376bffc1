import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { findCertificate } from '$lib/server/verification';

// The signed Open Badges 3.0 credential as issued (VC-JWT). Revocation is not inside it: the
// credential's status address (and the verify page) says whether it still stands.
export const GET: RequestHandler = async ({ locals, params }) => {
	const cert = await findCertificate(locals.db, params.code);
	if (!cert) error(404, 'Not found');
	return new Response(cert.credential, {
		headers: {
			'content-type': 'application/vc+jwt',
			'content-disposition': `attachment; filename="credential-${cert.code}.jwt"`,
			'cache-control': 'no-store'
		}
	});
};
