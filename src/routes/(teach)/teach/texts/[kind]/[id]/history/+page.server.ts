import type { Actions, PageServerLoad } from './$types';
import { loadEditableStructure } from '$lib/server/http/authoring-pages';
import { loadVersionHistory, restoreVersion, textHistory } from '$lib/server/http/version-history';
import * as structureTexts from '$lib/server/authoring/structure-texts';

export const load: PageServerLoad = async (event) => {
	const { target } = await loadEditableStructure(event);
	const english = await structureTexts.editorText(event.locals.db, target.kind, target.id, 'en');
	return {
		kind: target.kind,
		title: english.published?.title ?? '',
		...(await loadVersionHistory(event, textHistory))
	};
};

export const actions: Actions = {
	restore: (event) => restoreVersion(event, textHistory)
};
