import type { Actions, PageServerLoad } from './$types';
import { lessonHistory, loadVersionHistory, restoreVersion } from '$lib/server/http/version-history';

export const load: PageServerLoad = (event) => loadVersionHistory(event, lessonHistory);

export const actions: Actions = {
	restore: (event) => restoreVersion(event, lessonHistory)
};
