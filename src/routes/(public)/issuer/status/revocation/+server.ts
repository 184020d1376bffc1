import type { RequestHandler } from './$types';
import { revocationList } from '$lib/server/learning/certificates/issued';

// The revocation list every credential's credentialStatus points at: a BitstringStatusListCredential
// signed like the credentials (VC-JWT). Not cached: a revocation counts from the moment it is made.
export const GET: RequestHandler = async ({ locals }) =>
	new Response(await revocationList(locals.db), {
		headers: { 'content-type': 'application/vc+jwt', 'cache-control': 'no-store' }
	});
