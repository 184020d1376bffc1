// Images and files that lessons reference beside their Markdown in content/. Only known file types,
// only inside the course folder, with long cache headers (a changed file gets a new name in practice;
// a day's cache is a safe middle).
import { error } from '@sveltejs/kit';
import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { RequestHandler } from './$types';
import { config } from '$lib/server/platform/config';

const TYPES: Record<string, string> = {
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	gif: 'image/gif',
	pdf: 'application/pdf'
};

export const GET: RequestHandler = async ({ params }) => {
	const ext = params.path.split('.').pop()?.toLowerCase() ?? '';
	const type = TYPES[ext];
	if (!type || !/^[a-z0-9-]+$/.test(params.course)) error(404, 'Not found');
	const root = resolve(config.contentDir, params.course);
	const file = resolve(root, params.path);
	if (!file.startsWith(root + sep)) error(404, 'Not found');
	try {
		const body = await readFile(file);
		return new Response(body, {
			headers: { 'content-type': type, 'cache-control': 'public, max-age=86400', 'x-content-type-options': 'nosniff' }
		});
	} catch {
		error(404, 'Not found');
	}
};
