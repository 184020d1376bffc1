import { error } from '@sveltejs/kit';
import { readFile } from 'node:fs/promises';
import type { RequestHandler } from './$types';
import { uploadPath } from '$lib/server/platform/uploads';

// Content-addressed, so a year's cache is safe.
export const GET: RequestHandler = async ({ params }) => {
	const file = uploadPath(params.name);
	if (!file) error(404, 'Not found');
	try {
		return new Response(new Uint8Array(await readFile(file.path)), {
			headers: {
				'content-type': file.type,
				'cache-control': 'public, max-age=31536000, immutable',
				'x-content-type-options': 'nosniff'
			}
		});
	} catch {
		error(404, 'Not found');
	}
};
