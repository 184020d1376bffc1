import type { PageServerLoad } from './$types';
import { sharedData } from '$lib/server/http/page-cache';
import { homePage } from '$lib/server/http/portal-pages';

export const load: PageServerLoad = (event) => sharedData(event, homePage);
