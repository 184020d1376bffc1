import type { RequestHandler } from './$types';
import { courseManifest } from '$lib/server/http/offline-pages';

// What a learner's device saves of this course for reading and answering offline.
export const GET: RequestHandler = (event) => courseManifest(event);
