import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { readUpload } from '$lib/server/platform/uploads';

// Content-addressed, so a year's cache is safe.
export const GET: RequestHandler = async ({ params, locals }) => {
	const file = await readUpload(locals.db, params.name);
	if (!file) error(404, 'Not found');
	return new Response(file.bytes, {
		headers: {
			'content-type': file.type,
			'cache-control': 'public, max-age=31536000, immutable',
			'x-content-type-options': 'nosniff'
		}
	});
};
