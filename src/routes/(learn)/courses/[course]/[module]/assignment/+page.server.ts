import type { Actions, PageServerLoad } from './$types';
import { assignmentPage, submitAssignment } from '$lib/server/http/assignment-pages';

export const load: PageServerLoad = (event) => assignmentPage(event);

export const actions: Actions = {
	submit: (event) => submitAssignment(event)
};
