// The history page of every text trainers edit (lessons, quizzes, course and module texts): the
// versions, the changes between two of them in one language, and restoring one. The routes only say
// which text it is and who may see it.
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/i18n/href';
import * as history from '../authoring/history';
import type { TextKind } from '../authoring/engine';
import { contentLocale, loadEditableLesson, loadEditableQuiz, loadEditableStructure } from './authoring-pages';

export interface HistorySubject {
	kind: TextKind;
	id: number;
	revision: number;
	/** The version learners see; 'newest' where every publication is live at once (course and module texts). */
	currentVersionId: number | null | 'newest';
	/** The editor's path, without locale prefix or query. */
	editor: string;
	/** What a trainer is told when someone else changed the text meanwhile. */
	conflict: () => string;
}

/** Finds the text of a history route and checks that the user may edit it (a 404 or 403 otherwise). */
export type FindSubject<P extends Record<string, string>> = (
	event: RequestEvent<P>
) => Promise<{ user: { id: number }; subject: HistorySubject }>;

/** The lesson of /teach/lessons/[id]/history. */
export const lessonHistory: FindSubject<{ id: string }> = async (event) => {
	const { user, lesson } = await loadEditableLesson(event);
	const editor = `/teach/lessons/${lesson.id}`;
	const current = lesson.current_version_id;
	return { user, subject: subject('lesson', lesson.id, lesson.edit_revision, current, editor, m.editor_conflict) };
};

/** The quiz of /teach/quizzes/[id]/history. */
export const quizHistory: FindSubject<{ id: string }> = async (event) => {
	const { user, quiz } = await loadEditableQuiz(event);
	const editor = `/teach/quizzes/${quiz.id}`;
	const current = quiz.current_version_id;
	return { user, subject: subject('quiz', quiz.id, quiz.edit_revision, current, editor, m.editor_conflict) };
};

/** The course or module texts of /teach/texts/[kind]/[id]/history. */
export const textHistory: FindSubject<{ kind: string; id: string }> = async (event) => {
	const { user, target } = await loadEditableStructure(event);
	const editor = `/teach/texts/${target.kind}/${target.id}`;
	// Every publication and import records a version, so the newest one is what learners see.
	return { user, subject: subject(target.kind, target.id, target.revision, 'newest', editor, m.structure_conflict) };
};

function subject(
	kind: TextKind,
	id: number,
	revision: number,
	currentVersionId: HistorySubject['currentVersionId'],
	editor: string,
	conflict: () => string
): HistorySubject {
	return { kind, id, revision, currentVersionId, editor, conflict };
}

/** What VersionHistory.svelte shows, from the route's query (?from=&to=&locale=). */
export async function loadVersionHistory<P extends Record<string, string>>(
	event: RequestEvent<P>,
	find: FindSubject<P>
) {
	const { subject } = await find(event);
	const db = event.locals.db;
	const versions = await history.versions(db, subject.kind, subject.id);
	const params = event.url.searchParams;
	const locale = contentLocale(params.get('locale'));
	const ids = new Set(versions.map((v) => v.id));
	const from = Number(params.get('from'));
	const to = Number(params.get('to'));
	const diff = ids.has(from) && ids.has(to) ? await history.diff(db, subject.kind, subject.id, from, to, locale) : null;
	return {
		editor: subject.editor,
		history: {
			versions,
			currentVersionId: subject.currentVersionId === 'newest' ? (versions[0]?.id ?? null) : subject.currentVersionId,
			revision: subject.revision,
			base: `${subject.editor}/history`,
			locale,
			diff
		}
	};
}

/** The restore action: an old version published again, then back to the editor. */
export async function restoreVersion<P extends Record<string, string>>(event: RequestEvent<P>, find: FindSubject<P>) {
	const { user, subject } = await find(event);
	const form = await event.request.formData();
	const result = await history.restore(event.locals.db, subject.kind, subject.id, {
		versionId: Number(form.get('version')),
		expectedRevision: Number(form.get('revision')),
		userId: user.id,
		note: (number) => m.editor_restored_note({ number })
	});
	if (!result.ok) {
		if (result.reason === 'conflict') return fail(409, { message: subject.conflict() });
		if (result.reason === 'too_complex') return fail(422, { message: m.sec_markdown_too_complex() });
		return fail(404, { message: m.error_404_text() });
	}
	redirect(303, localizeHref(`${subject.editor}?published=${result.number}`));
}
