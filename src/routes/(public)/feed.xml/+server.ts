import type { RequestHandler } from './$types';
import { config } from '$lib/server/platform/config';
import { portalFeed } from '$lib/server/portal/feed';

export const GET: RequestHandler = async ({ locals }) =>
	new Response(await portalFeed(locals.db, config.origin), {
		headers: {
			'content-type': 'application/atom+xml; charset=utf-8',
			// Feed readers poll: a few minutes' delay is fine and spares the server.
			'cache-control': 'public, max-age=300'
		}
	});
