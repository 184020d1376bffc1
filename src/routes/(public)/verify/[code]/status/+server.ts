import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { findCertificate } from '$lib/server/learning/certificates/verification';

export const GET: RequestHandler = async ({ locals, params }) => {
	const cert = await findCertificate(locals.db, params.code);
	if (!cert) error(404, 'Not found');
	return json(
		{
			code: cert.code,
			status: cert.revoked_at === null ? 'valid' : 'revoked',
			revokedAt: cert.revoked_at === null ? null : new Date(cert.revoked_at).toISOString(),
			reason: cert.revoked_reason
		},
		{ headers: { 'cache-control': 'no-store' } }
	);
};
