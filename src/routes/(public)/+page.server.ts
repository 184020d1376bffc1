import type { PageServerLoad } from './$types';
import { sharedData } from '$lib/server/http/page-cache';
import { homeView } from '$lib/server/http/home-page';

export const load: PageServerLoad = (event) => sharedData(event, homeView);
