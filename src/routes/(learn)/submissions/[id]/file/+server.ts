import type { RequestHandler } from './$types';
import { submissionFile } from '$lib/server/http/assignment-pages';

export const GET: RequestHandler = (event) => submissionFile(event);
