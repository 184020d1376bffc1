import type { PageServerLoad } from './$types';
import { learningPage } from '$lib/server/http/learner-pages';
import { sharedData } from '$lib/server/http/page-cache';

export const load: PageServerLoad = (event) => sharedData(event, learningPage);
