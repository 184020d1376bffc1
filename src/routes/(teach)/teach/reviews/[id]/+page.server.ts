import type { Actions, PageServerLoad } from './$types';
import { reviewPage, saveReview } from '$lib/server/http/review-pages';

export const load: PageServerLoad = (event) => reviewPage(event);

export const actions: Actions = {
	default: (event) => saveReview(event)
};
