import type { Actions, PageServerLoad } from './$types';
import { editorPage, removeAssignment, saveAssignment } from '$lib/server/http/assignment-editor';

export const load: PageServerLoad = (event) => editorPage(event);

export const actions: Actions = {
	save: (event) => saveAssignment(event),
	remove: (event) => removeAssignment(event)
};
