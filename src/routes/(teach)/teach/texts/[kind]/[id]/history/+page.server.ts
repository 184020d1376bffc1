import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/i18n/href';
import { contentLocale, loadEditableStructure } from '$lib/server/http/authoring-pages';
import * as structureTexts from '$lib/server/authoring/structure-texts';

export const load: PageServerLoad = async (event) => {
	const { target } = await loadEditableStructure(event);
	const db = event.locals.db;
	const versions = await structureTexts.history(db, target.kind, target.id);
	const params = event.url.searchParams;
	const locale = contentLocale(params.get('locale'));
	const ids = new Set(versions.map((v) => v.id));
	const from = Number(params.get('from'));
	const to = Number(params.get('to'));
	const diff =
		ids.has(from) && ids.has(to)
			? await structureTexts.diffVersions(db, target.kind, target.id, from, to, locale)
			: null;
	const title = (await structureTexts.editorText(db, target.kind, target.id, 'en')).published?.title ?? '';
	// Every publication and import records a version, so the newest one is what learners see.
	return {
		kind: target.kind,
		id: target.id,
		title,
		revision: target.revision,
		currentVersionId: versions[0]?.id ?? null,
		versions,
		diff,
		locale
	};
};

export const actions: Actions = {
	restore: async (event) => {
		const { user, target } = await loadEditableStructure(event);
		const form = await event.request.formData();
		const versions = await structureTexts.history(event.locals.db, target.kind, target.id);
		const version = versions.find((v) => v.id === Number(form.get('version')));
		if (!version) return fail(404, { message: m.error_404_text() });
		const result = await structureTexts.publish(event.locals.db, {
			kind: target.kind,
			id: target.id,
			expectedRevision: Number(form.get('revision')),
			userId: user.id,
			restoreFrom: version.id,
			note: m.editor_restored_note({ number: version.number })
		});
		if (!result.ok)
			return result.reason === 'too_complex'
				? fail(422, { message: m.sec_markdown_too_complex() })
				: fail(409, { message: m.structure_conflict() });
		redirect(303, localizeHref(`/teach/texts/${target.kind}/${target.id}?published=${result.number}`));
	}
};
