import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { publicKeys } from '$lib/server/learning/certificates/issued';

// The public key that checks every credential's signature (JSON Web Key Set); each `kid` is the URL
// that a credential's header names.
export const GET: RequestHandler = async () =>
	json(await publicKeys(), { headers: { 'cache-control': 'public, max-age=3600' } });
