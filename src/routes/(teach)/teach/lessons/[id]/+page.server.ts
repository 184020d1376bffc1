import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/i18n/href';
import { contentLocale as localeOf, loadEditableLesson } from '$lib/server/http/authoring-pages';
import { draftRefused, markTranslationCurrent, publishRefused } from '$lib/server/http/text-editor';
import * as authoring from '$lib/server/authoring/lessons';
import { saveImage } from '$lib/server/platform/uploads';
import { previewPath } from '$lib/paths';

export const load: PageServerLoad = async (event) => {
	const { lesson } = await loadEditableLesson(event);
	const locale = localeOf(event.url.searchParams.get('locale'));
	const db = event.locals.db;
	const [text, status, english] = await Promise.all([
		authoring.editorText(db, lesson.id, lesson.current_version_id, locale),
		authoring.translationStatus(db, lesson.id),
		locale === 'en' ? Promise.resolve(null) : authoring.editorText(db, lesson.id, lesson.current_version_id, 'en')
	]);
	return {
		lesson: {
			id: lesson.id,
			courseSlug: lesson.courseSlug,
			moduleSlug: lesson.moduleSlug,
			slug: lesson.slug,
			revision: lesson.edit_revision
		},
		previewHref: previewPath(
			lesson.courseId,
			{ kind: 'lesson', moduleSlug: lesson.moduleSlug, lessonSlug: lesson.slug },
			'drafts'
		),
		locale,
		text,
		english: english ? { title: english.title, body: english.body } : null,
		status,
		published: event.url.searchParams.get('published'),
		saved: event.url.searchParams.has('saved'),
		marked: event.url.searchParams.has('marked')
	};
};

export const actions: Actions = {
	save: async (event) => {
		const { user, lesson } = await loadEditableLesson(event);
		const form = await event.request.formData();
		const locale = localeOf(form.get('locale'));
		const values = { title: String(form.get('title') ?? '').slice(0, 200), body: String(form.get('body') ?? '') };
		const result = await authoring.saveDraft(event.locals.db, {
			lessonId: lesson.id,
			locale,
			title: form.get('title'),
			body: form.get('body'),
			expectedRevision: Number(form.get('revision')),
			userId: user.id
		});
		if (!result.ok)
			return draftRefused(result.reason, values, {
				conflict: m.editor_conflict,
				titleRequired: m.editor_title_required
			});
		redirect(303, localizeHref(`/teach/lessons/${lesson.id}?locale=${locale}&saved=1`));
	},
	preview: async (event) => {
		const { lesson } = await loadEditableLesson(event);
		const form = await event.request.formData();
		const body = String(form.get('body') ?? '');
		const values = { title: String(form.get('title') ?? '').slice(0, 200), body };
		if (Buffer.byteLength(body, 'utf8') > authoring.MAX_BODY_BYTES)
			return fail(413, { message: m.editor_too_large(), values: { ...values, body: body.slice(0, 1000) } });
		const rendered = await authoring.preview(body, lesson);
		if (!rendered.ok) return fail(422, { message: m.sec_markdown_too_complex(), values });
		return { values, preview: rendered.html, removed: rendered.removed };
	},
	upload: async (event) => {
		await loadEditableLesson(event);
		const form = await event.request.formData();
		const values = { title: String(form.get('title') ?? '').slice(0, 200), body: String(form.get('body') ?? '') };
		const file = form.get('image');
		if (!(file instanceof File) || file.size === 0) return fail(400, { message: m.editor_choose_image(), values });
		const result = await saveImage(event.locals.db, new Uint8Array(await file.arrayBuffer()));
		if (!result.ok) {
			return fail(result.reason === 'too_large' ? 413 : 415, {
				message: result.reason === 'too_large' ? m.editor_image_too_large() : m.editor_not_image(),
				values
			});
		}
		const alt = String(form.get('alt') ?? '')
			.replace(/[[\]\n]/g, ' ')
			.trim()
			.slice(0, 120);
		// The image goes at the end of the text; the trainer moves it and saves.
		return {
			values: { ...values, body: `${values.body.trimEnd()}\n\n![${alt}](${result.url})\n` },
			message: undefined,
			uploaded: result.url
		};
	},
	publish: async (event) => {
		const { user, lesson } = await loadEditableLesson(event);
		const form = await event.request.formData();
		const db = event.locals.db;
		const locale = localeOf(form.get('locale'));
		let expectedRevision = Number(form.get('revision'));
		// "Publish drafts" sends the editor's form: what is on screen, when it differs from the text
		// the editor opened with, is saved as the draft first and then published; nothing typed is lost.
		const values = form.has('body')
			? { title: String(form.get('title') ?? '').slice(0, 200), body: String(form.get('body') ?? '') }
			: undefined;
		if (values) {
			const shown = await authoring.editorText(db, lesson.id, lesson.current_version_id, locale);
			if (values.title.trim() !== shown.title || values.body.replace(/\r\n?/g, '\n') !== shown.body) {
				const saved = await authoring.saveDraft(db, {
					lessonId: lesson.id,
					locale,
					title: values.title,
					body: values.body,
					expectedRevision,
					userId: user.id
				});
				if (!saved.ok)
					return draftRefused(saved.reason, values, {
						conflict: m.editor_conflict,
						titleRequired: m.editor_title_required
					});
				expectedRevision = saved.revision;
			}
		}
		const result = await authoring.publish(db, {
			lessonId: lesson.id,
			expectedRevision,
			userId: user.id,
			note: String(form.get('note') ?? '')
		});
		if (!result.ok) return publishRefused(result.reason, m.editor_conflict, values);
		redirect(303, localizeHref(`/teach/lessons/${lesson.id}?locale=${locale}&published=${result.number}`));
	},
	markCurrent: async (event) => {
		const { user, lesson } = await loadEditableLesson(event);
		return markTranslationCurrent(event, user, {
			kind: 'lesson',
			id: lesson.id,
			editor: `/teach/lessons/${lesson.id}`
		});
	}
};
