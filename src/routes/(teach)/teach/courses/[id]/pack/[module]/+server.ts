import type { RequestHandler } from './$types';
import { packDownload } from '$lib/server/http/pack-pages';

export const GET: RequestHandler = (event) => packDownload(event);
