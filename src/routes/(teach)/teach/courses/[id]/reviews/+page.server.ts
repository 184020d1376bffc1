import type { PageServerLoad } from './$types';
import { queuePage } from '$lib/server/http/review-pages';

export const load: PageServerLoad = (event) => queuePage(event);
