// Images and files that lessons reference beside their Markdown: in content/, or from a course zip.
// Only known file types, only inside the course folder, with long cache headers (a changed file gets
// a new name in practice; a day's cache is a safe middle).
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { courseAssetFile } from '$lib/server/platform/uploads';

export const GET: RequestHandler = async ({ params, locals }) => {
	const file = await courseAssetFile(locals.db, params.course, params.path);
	if (!file) error(404, 'Not found');
	return new Response(file.bytes, {
		headers: {
			'content-type': file.type,
			'cache-control': 'public, max-age=86400',
			'x-content-type-options': 'nosniff'
		}
	});
};
