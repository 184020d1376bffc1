import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { findCertificate } from '$lib/server/learning/certificates/verification';
import { currentCredential } from '$lib/server/learning/certificates/issued';
import { withdrawnResponse } from '../withdrawn';

// The signed Open Badges 3.0 credential (VC-JWT). Revocation is not inside it: its credentialStatus
// points at the issuer's signed revocation list (and the verify page says so too).
export const GET: RequestHandler = async ({ locals, params }) => {
	const cert = await findCertificate(locals.db, params.code);
	if (!cert) error(404, { message: m.verify_not_found(), title: m.verify_not_found_title() });
	const credential = await currentCredential(locals.db, cert);
	if (credential === null) return withdrawnResponse();
	return new Response(credential, {
		headers: {
			'content-type': 'application/vc+jwt',
			'content-disposition': `attachment; filename="credential-${cert.code}.jwt"`,
			'cache-control': 'no-store'
		}
	});
};
