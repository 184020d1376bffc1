import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { loadEditableLesson } from '$lib/server/http/authoring-pages';
import { loadVersionHistory, restoreVersion, type FindSubject } from '$lib/server/http/version-history';

const lessonHistory: FindSubject<{ id: string }> = async (event) => {
	const { user, lesson } = await loadEditableLesson(event);
	const subject = {
		kind: 'lesson' as const,
		id: lesson.id,
		revision: lesson.edit_revision,
		currentVersionId: lesson.current_version_id,
		editor: `/teach/lessons/${lesson.id}`,
		conflict: m.editor_conflict
	};
	return { user, subject };
};

export const load: PageServerLoad = (event) => loadVersionHistory(event, lessonHistory);

export const actions: Actions = { restore: (event) => restoreVersion(event, lessonHistory) };
