import type { RequestHandler } from './$types';
import { templateDownload } from '$lib/server/http/pack-pages';

export const GET: RequestHandler = (event) => templateDownload(event, 'pdf');
