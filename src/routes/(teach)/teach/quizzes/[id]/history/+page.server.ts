import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { loadEditableQuiz } from '$lib/server/http/authoring-pages';
import { loadVersionHistory, restoreVersion, type FindSubject } from '$lib/server/http/version-history';

const quizHistory: FindSubject<{ id: string }> = async (event) => {
	const { user, quiz } = await loadEditableQuiz(event);
	const subject = {
		kind: 'quiz' as const,
		id: quiz.id,
		revision: quiz.edit_revision,
		currentVersionId: quiz.current_version_id,
		editor: `/teach/quizzes/${quiz.id}`,
		conflict: m.editor_conflict
	};
	return { user, subject };
};

export const load: PageServerLoad = (event) => loadVersionHistory(event, quizHistory);

export const actions: Actions = { restore: (event) => restoreVersion(event, quizHistory) };
