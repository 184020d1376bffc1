import type { PageServerLoad } from './$types';
import { sharedData } from '$lib/server/http/page-cache';
import { dashboardPage } from '$lib/server/http/cohort-pages';

export const load: PageServerLoad = (event) => sharedData(event, dashboardPage);
