import type { RequestHandler } from './$types';
import { sendOperation } from '$lib/server/http/offline-pages';

// A learner's device sends here, one at a time, the steps done without a connection (the service worker).
export const POST: RequestHandler = (event) => sendOperation(event);
