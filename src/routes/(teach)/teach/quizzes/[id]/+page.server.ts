import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/i18n/href';
import { contentLocale as localeOf, loadEditableQuiz as editable } from '$lib/server/http/authoring-pages';
import { markTranslationCurrent } from '$lib/server/http/text-editor';
import * as builder from '$lib/server/authoring/quizzes';
import * as quizVersions from '$lib/server/authoring/quiz-versions';
import type { ContentLocale } from '$lib/server/catalogue/content/schema';
import { quizErrorFields } from '$lib/server/catalogue/quiz-form';
import { previewPath } from '$lib/paths';

export const load: PageServerLoad = async (event) => {
	const { quiz } = await editable(event);
	const locale = localeOf(event.url.searchParams.get('locale'));
	const { quiz: data, draft } = await quizVersions.editableQuiz(
		event.locals.db,
		quiz.id,
		quiz.current_version_id,
		locale
	);
	const status = await quizVersions.quizTranslationStatus(event.locals.db, quiz.id);
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
	return locale === 'en' ? null : (await quizVersions.editableQuiz(event.locals.db, quizId, versionId, 'en')).quiz;
}

export const actions: Actions = {
	add: async (event) => {
		await editable(event);
		const form = await event.request.formData();
		const data = builder.parseQuizForm(form);
		if (data.questions.length < builder.MAX_QUESTIONS)
			data.questions.push(builder.blankQuestion(data.questions.length + 1));
		return { quiz: data, errors: {} as builder.QuizErrors, open: data.questions.length - 1 };
	},
	// Without JavaScript a changed question type shows its fields after this round trip; nothing is saved.
	refresh: async (event) => {
		await editable(event);
		const form = await event.request.formData();
		const data = builder.parseQuizForm(form);
		const open = Number(form.get('open'));
		return {
			quiz: data,
			errors: {} as builder.QuizErrors,
			open: Number.isInteger(open) && open >= 0 && open < data.questions.length ? open : null
		};
	},
	save: async (event) => {
		const { user, quiz } = await editable(event);
		const form = await event.request.formData();
		const locale = localeOf(form.get('locale'));
		const data = builder.parseQuizForm(form);
		const inEnglish = await english(event, quiz.id, quiz.current_version_id, locale);
		const result = await quizVersions.saveQuizDraft(event.locals.db, {
			quizId: quiz.id,
			locale,
			quiz: data,
			english: inEnglish,
			expectedRevision: Number(form.get('revision')),
			userId: user.id
		});
		if (!result.ok) {
			if (result.reason === 'invalid')
				return fail(400, {
					quiz: data,
					errors: result.errors,
					fields: quizErrorFields(data, inEnglish),
					message: m.form_has_errors()
				});
			return fail(409, { quiz: data, errors: {} as builder.QuizErrors, message: m.editor_conflict() });
		}
		redirect(303, localizeHref(`/teach/quizzes/${quiz.id}?locale=${locale}&saved=1`));
	},
	publish: async (event) => {
		const { user, quiz } = await editable(event);
		const form = await event.request.formData();
		const result = await quizVersions.publishQuiz(event.locals.db, {
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
		return markTranslationCurrent(event, user, { kind: 'quiz', id: quiz.id, editor: `/teach/quizzes/${quiz.id}` });
	}
};
