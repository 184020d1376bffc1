import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { workerTexts } from '$lib/server/http/offline-pages';

// The service worker's texts in this address's language (the same for everyone).
export const GET: RequestHandler = () => json(workerTexts(), { headers: { 'cache-control': 'public, max-age=600' } });
