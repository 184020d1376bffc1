import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/i18n/href';
import { idParam, requireUser } from '$lib/server/http/guard';
import * as authoring from '$lib/server/authoring/lessons';
import * as builder from '$lib/server/authoring/quizzes';
import * as translations from '$lib/server/authoring/translation-status';
import { CONTENT_LOCALES, type ContentLocale } from '$lib/server/catalogue/content/schema';
import { previewPath } from '$lib/paths';

function localeOf(value: unknown): ContentLocale {
	return (CONTENT_LOCALES as readonly string[]).includes(String(value)) ? (String(value) as ContentLocale) : 'en';
}

async function editable(event: RequestEvent<{ id: string }>) {
	const user = requireUser(event, 'trainer');
	const quiz = await builder.quizContext(event.locals.db, idParam(event.params.id));
	if (!quiz) error(404, { message: m.error_404_text() });
	if (!(await authoring.canAuthor(event.locals.db, user, quiz.courseId))) error(403, { message: m.error_403_text() });
	return { user, quiz };
}

export const load: PageServerLoad = async (event) => {
	const { quiz } = await editable(event);
	const locale = localeOf(event.url.searchParams.get('locale'));
	const { quiz: data, draft } = await builder.editableQuiz(event.locals.db, quiz.id, quiz.current_version_id, locale);
	const status = await builder.quizTranslationStatus(event.locals.db, quiz.id);
	return {
		status,
		quizId: quiz.id,
		previewHref: previewPath(quiz.courseId, { kind: 'quiz', moduleSlug: quiz.moduleSlug, lessonSlug: null }, 'drafts'),
		revision: quiz.edit_revision,
		locale,
		quiz: data,
		draft,
		published: event.url.searchParams.has('published'),
		saved: event.url.searchParams.has('saved'),
		marked: event.url.searchParams.has('marked')
	};
};

async function english(
	event: RequestEvent<{ id: string }>,
	quizId: number,
	versionId: number | null,
	locale: ContentLocale
) {
	return locale === 'en' ? null : (await builder.editableQuiz(event.locals.db, quizId, versionId, 'en')).quiz;
}

export const actions: Actions = {
	add: async (event) => {
		await editable(event);
		const form = await event.request.formData();
		const data = builder.parseQuizForm(form);
		if (data.questions.length < builder.MAX_QUESTIONS)
			data.questions.push(builder.blankQuestion(data.questions.length + 1));
		return { quiz: data, errors: {} as builder.QuizErrors };
	},
	save: async (event) => {
		const { user, quiz } = await editable(event);
		const form = await event.request.formData();
		const locale = localeOf(form.get('locale'));
		const data = builder.parseQuizForm(form);
		const result = await builder.saveQuizDraft(event.locals.db, {
			quizId: quiz.id,
			locale,
			quiz: data,
			english: await english(event, quiz.id, quiz.current_version_id, locale),
			expectedRevision: Number(form.get('revision')),
			userId: user.id
		});
		if (!result.ok) {
			if (result.reason === 'invalid')
				return fail(400, { quiz: data, errors: result.errors, message: m.form_has_errors() });
			return fail(409, { quiz: data, errors: {} as builder.QuizErrors, message: m.editor_conflict() });
		}
		redirect(303, localizeHref(`/teach/quizzes/${quiz.id}?locale=${locale}&saved=1`));
	},
	publish: async (event) => {
		const { user, quiz } = await editable(event);
		const form = await event.request.formData();
		const result = await builder.publishQuiz(event.locals.db, {
			quizId: quiz.id,
			expectedRevision: Number(form.get('revision')),
			userId: user.id
		});
		if (!result.ok)
			return fail(result.reason === 'conflict' ? 409 : 400, {
				message: result.reason === 'conflict' ? m.editor_conflict() : m.editor_nothing_to_publish()
			});
		redirect(303, localizeHref(`/teach/quizzes/${quiz.id}?locale=${localeOf(form.get('locale'))}&published=1`));
	},
	markCurrent: async (event) => {
		const { user, quiz } = await editable(event);
		const locale = localeOf((await event.request.formData()).get('locale'));
		const result = await translations.markCurrent(event.locals.db, {
			kind: 'quiz',
			id: quiz.id,
			locale,
			userId: user.id
		});
		if (!result.ok) return fail(400, { message: m.daily_mark_current_missing() });
		redirect(303, localizeHref(`/teach/quizzes/${quiz.id}?locale=${locale}&marked=1`));
	}
};
