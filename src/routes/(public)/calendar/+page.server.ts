import type { PageServerLoad } from './$types';
import { sharedData } from '$lib/server/http/page-cache';
import { calendarPage } from '$lib/server/http/portal-pages';

export const load: PageServerLoad = (event) => sharedData(event, calendarPage);
