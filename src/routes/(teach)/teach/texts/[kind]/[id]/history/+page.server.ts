import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { loadEditableStructure } from '$lib/server/http/authoring-pages';
import { loadVersionHistory, restoreVersion, type FindSubject } from '$lib/server/http/version-history';
import * as structureTexts from '$lib/server/authoring/structure-texts';

const textHistory: FindSubject<{ kind: string; id: string }> = async (event) => {
	const { user, target } = await loadEditableStructure(event);
	const subject = {
		kind: target.kind,
		id: target.id,
		revision: target.revision,
		// Every publication and import records a version, so the newest one is what learners see.
		currentVersionId: 'newest' as const,
		editor: `/teach/texts/${target.kind}/${target.id}`,
		conflict: m.structure_conflict
	};
	return { user, subject };
};

export const load: PageServerLoad = async (event) => {
	const { target } = await loadEditableStructure(event);
	const english = await structureTexts.editorText(event.locals.db, target.kind, target.id, 'en');
	return {
		kind: target.kind,
		title: english.published?.title ?? '',
		...(await loadVersionHistory(event, textHistory))
	};
};

export const actions: Actions = { restore: (event) => restoreVersion(event, textHistory) };
