import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { config } from '$lib/server/platform/config';
import { OB_CONTEXT, VC_CONTEXT } from '$lib/server/learning/certificates/credential';

// The issuer's Open Badges profile, at the stable address that every credential names.
export const GET: RequestHandler = () =>
	json(
		{
			'@context': [VC_CONTEXT, OB_CONTEXT],
			id: `${config.origin}/issuer`,
			type: ['Profile'],
			name: config.issuerName,
			url: config.origin,
			publicKey: `${config.origin}/issuer/jwks.json`
		},
		{ headers: { 'cache-control': 'public, max-age=3600' } }
	);
