import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { workerTexts } from '$lib/server/http/offline-pages';

// The service worker's texts in this address's language (the same for everyone). Kept by shared
// caches only on a response that sets no cookie: a session refreshed or a locale remembered on the
// way would be stored with it and handed to everyone.
export const GET: RequestHandler = ({ locals }) =>
	json(workerTexts(), {
		headers: { 'cache-control': locals.cookiesSet ? 'private, no-store' : 'public, max-age=600' }
	});
