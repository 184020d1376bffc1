import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/i18n/href';
import { loadEditableLesson } from '$lib/server/http/authoring-pages';
import * as authoring from '$lib/server/authoring/lessons';
import { CONTENT_LOCALES } from '$lib/server/catalogue/content/schema';

export const load: PageServerLoad = async (event) => {
	const { lesson } = await loadEditableLesson(event);
	const db = event.locals.db;
	const versions = await authoring.history(db, lesson.id);
	const params = event.url.searchParams;
	const locale = (CONTENT_LOCALES as readonly string[]).includes(params.get('locale') ?? '')
		? params.get('locale')!
		: 'en';
	const ids = new Set(versions.map((v) => v.id));
	const from = Number(params.get('from'));
	const to = Number(params.get('to'));
	const diff = ids.has(from) && ids.has(to) ? await authoring.diffVersions(db, lesson.id, from, to, locale) : null;
	return {
		lesson: { id: lesson.id, revision: lesson.edit_revision, currentVersionId: lesson.current_version_id },
		versions,
		diff,
		from,
		to,
		locale
	};
};

export const actions: Actions = {
	restore: async (event) => {
		const { user, lesson } = await loadEditableLesson(event);
		const form = await event.request.formData();
		const versionId = Number(form.get('version'));
		const versions = await authoring.history(event.locals.db, lesson.id);
		const version = versions.find((v) => v.id === versionId);
		if (!version) return fail(404, { message: m.error_404_text() });
		const result = await authoring.publish(event.locals.db, {
			lessonId: lesson.id,
			expectedRevision: Number(form.get('revision')),
			userId: user.id,
			restoreFrom: version.id,
			note: m.editor_restored_note({ number: version.number })
		});
		if (!result.ok)
			return result.reason === 'too_complex'
				? fail(422, { message: m.sec_markdown_too_complex() })
				: fail(409, { message: m.editor_conflict() });
		redirect(303, localizeHref(`/teach/lessons/${lesson.id}?published=${result.number}`));
	}
};
