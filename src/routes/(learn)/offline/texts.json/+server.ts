import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { workerTexts } from '$lib/server/http/offline-pages';

// The service worker's texts in this address's language (the same for everyone). Private: the worker
// fetches them with the learner's cookies, and a response that refreshes a session or remembers a
// locale must never be kept by a shared cache and handed to others; the worker keeps its own copy.
export const GET: RequestHandler = () => json(workerTexts(), { headers: { 'cache-control': 'private, max-age=600' } });
