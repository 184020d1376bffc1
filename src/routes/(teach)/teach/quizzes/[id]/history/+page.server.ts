import type { Actions, PageServerLoad } from './$types';
import { quizHistory, loadVersionHistory, restoreVersion } from '$lib/server/http/version-history';

export const load: PageServerLoad = (event) => loadVersionHistory(event, quizHistory);

export const actions: Actions = {
	restore: (event) => restoreVersion(event, quizHistory)
};
