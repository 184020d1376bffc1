import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { publicKey } from '$lib/server/learning/certificates/issued';

// What a credential's `kid` dereferences to: the public key alone, as a JWK (Open Badges 3.0).
export const GET: RequestHandler = async ({ params }) => {
	const jwk = await publicKey(params.kid);
	if (!jwk) error(404, 'No such key');
	return json(jwk, { headers: { 'content-type': 'application/jwk+json', 'cache-control': 'public, max-age=3600' } });
};
