import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { issuerJwks } from '$lib/server/verification';

// The public key that checks every credential's signature (JSON Web Key Set).
export const GET: RequestHandler = async () =>
	json(await issuerJwks(), { headers: { 'cache-control': 'public, max-age=3600' } });
