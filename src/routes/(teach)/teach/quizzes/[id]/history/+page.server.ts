import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/i18n/href';
import { idParam, requireUser } from '$lib/server/http/guard';
import * as authoring from '$lib/server/authoring/lessons';
import * as builder from '$lib/server/authoring/quizzes';
import { CONTENT_LOCALES, type ContentLocale } from '$lib/server/catalogue/content/schema';

async function editable(event: Parameters<PageServerLoad>[0] | Parameters<Actions[string]>[0]) {
	const user = requireUser(event, 'trainer');
	const quiz = await builder.quizContext(event.locals.db, idParam(event.params.id));
	if (!quiz) error(404, { message: m.error_404_text() });
	if (!(await authoring.canAuthor(event.locals.db, user, quiz.courseId))) error(403, { message: m.error_403_text() });
	return { user, quiz };
}

export const load: PageServerLoad = async (event) => {
	const { quiz } = await editable(event);
	const versions = await builder.quizHistory(event.locals.db, quiz.id);
	const params = event.url.searchParams;
	const locale = (
		(CONTENT_LOCALES as readonly string[]).includes(params.get('locale') ?? '') ? params.get('locale') : 'en'
	) as ContentLocale;
	const ids = new Set(versions.map((v) => v.id));
	const from = Number(params.get('from'));
	const to = Number(params.get('to'));
	const diff = ids.has(from) && ids.has(to) ? await builder.diffQuizVersions(event.locals.db, from, to, locale) : null;
	return {
		quiz: { id: quiz.id, revision: quiz.edit_revision, currentVersionId: quiz.current_version_id },
		versions,
		diff,
		locale
	};
};

export const actions: Actions = {
	restore: async (event) => {
		const { user, quiz } = await editable(event);
		const form = await event.request.formData();
		const result = await builder.restoreQuiz(event.locals.db, {
			quizId: quiz.id,
			versionId: Number(form.get('version')),
			expectedRevision: Number(form.get('revision')),
			userId: user.id
		});
		if (!result.ok)
			return fail(result.reason === 'conflict' ? 409 : 404, {
				message: result.reason === 'conflict' ? m.editor_conflict() : m.error_404_text()
			});
		redirect(303, localizeHref(`/teach/quizzes/${quiz.id}?published=1`));
	}
};
