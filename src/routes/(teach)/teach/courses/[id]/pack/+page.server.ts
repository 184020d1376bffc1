import type { PageServerLoad } from './$types';
import { packIndexPage } from '$lib/server/http/pack-pages';

export const load: PageServerLoad = (event) => packIndexPage(event);
