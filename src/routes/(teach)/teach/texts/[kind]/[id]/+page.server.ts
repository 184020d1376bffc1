import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/i18n/href';
import { contentLocale, loadEditableStructure } from '$lib/server/http/authoring-pages';
import * as structureTexts from '$lib/server/authoring/structure-texts';
import * as moduleSettings from '$lib/server/authoring/module-settings';
import { draftRefused, markTranslationCurrent, publishRefused } from '$lib/server/http/text-editor';

const asForm = (t: structureTexts.StructureText) => ({
	title: t.title,
	summary: t.summary,
	objectives: t.objectives.join('\n'),
	body: t.body
});

export const load: PageServerLoad = async (event) => {
	const { target } = await loadEditableStructure(event);
	const locale = contentLocale(event.url.searchParams.get('locale'));
	const db = event.locals.db;
	const [text, english, status] = await Promise.all([
		structureTexts.editorText(db, target.kind, target.id, locale),
		locale === 'en' ? Promise.resolve(null) : structureTexts.editorText(db, target.kind, target.id, 'en'),
		structureTexts.translationStatus(db, target.kind, target.id)
	]);
	return {
		kind: target.kind,
		id: target.id,
		courseId: target.courseId,
		revision: target.revision,
		locale,
		text: asForm(text.text),
		draft: text.draft,
		english: english ? asForm(english.text) : null,
		status: status.status,
		drafts: status.drafts,
		saved: event.url.searchParams.has('saved'),
		published: event.url.searchParams.get('published'),
		marked: event.url.searchParams.has('marked'),
		exerciseMinutes: target.kind === 'module' ? await moduleSettings.exerciseMinutes(db, target.id) : null,
		timeSaved: event.url.searchParams.has('time')
	};
};

export const actions: Actions = {
	save: async (event) => {
		const { user, target } = await loadEditableStructure(event);
		const form = await event.request.formData();
		const locale = contentLocale(form.get('locale'));
		const text = structureTexts.readText(
			{
				title: form.get('title'),
				summary: form.get('summary'),
				objectives: form.get('objectives'),
				body: form.get('body')
			},
			target.kind
		);
		const result = await structureTexts.saveDraft(event.locals.db, {
			kind: target.kind,
			id: target.id,
			locale,
			text,
			expectedRevision: Number(form.get('revision')),
			userId: user.id
		});
		if (!result.ok)
			return draftRefused(result.reason, asForm(text), {
				conflict: m.structure_conflict,
				titleRequired: m.structure_title_required
			});
		redirect(303, localizeHref(`/teach/texts/${target.kind}/${target.id}?locale=${locale}&saved=1`));
	},
	publish: async (event) => {
		const { user, target } = await loadEditableStructure(event);
		const form = await event.request.formData();
		const locale = contentLocale(form.get('locale'));
		const db = event.locals.db;
		let expectedRevision = Number(form.get('revision'));
		// "Publish drafts" sends the editor's form: what is on screen, when it differs from the text
		// the editor opened with, is saved as the draft first and then published; nothing typed is lost.
		const typed = form.has('title')
			? structureTexts.readText(
					{
						title: form.get('title'),
						summary: form.get('summary'),
						objectives: form.get('objectives'),
						body: form.get('body')
					},
					target.kind
				)
			: undefined;
		if (typed) {
			const shown = await structureTexts.editorText(db, target.kind, target.id, locale);
			if (JSON.stringify(asForm(typed)) !== JSON.stringify(asForm(shown.text))) {
				const saved = await structureTexts.saveDraft(db, {
					kind: target.kind,
					id: target.id,
					locale,
					text: typed,
					expectedRevision,
					userId: user.id
				});
				if (!saved.ok)
					return draftRefused(saved.reason, asForm(typed), {
						conflict: m.structure_conflict,
						titleRequired: m.structure_title_required
					});
				expectedRevision = saved.revision;
			}
		}
		const result = await structureTexts.publish(db, {
			kind: target.kind,
			id: target.id,
			expectedRevision,
			userId: user.id,
			note: String(form.get('note') ?? '')
		});
		if (!result.ok) return publishRefused(result.reason, m.structure_conflict, typed && asForm(typed));
		redirect(303, localizeHref(`/teach/texts/${target.kind}/${target.id}?locale=${locale}&published=${result.number}`));
	},
	exerciseTime: async (event) => {
		const { target } = await loadEditableStructure(event);
		if (target.kind !== 'module') return fail(400, { timeMessage: m.work_exercise_invalid(), timeValue: '' });
		const form = await event.request.formData();
		const value = form.get('exercise_minutes');
		const result = await moduleSettings.setExerciseMinutes(event.locals.db, target.id, value);
		if (!result.ok) return fail(400, { timeMessage: m.work_exercise_invalid(), timeValue: String(value ?? '') });
		const locale = contentLocale(form.get('locale'));
		redirect(303, localizeHref(`/teach/texts/module/${target.id}?locale=${locale}&time=1`));
	},
	markCurrent: async (event) => {
		const { user, target } = await loadEditableStructure(event);
		const editor = `/teach/texts/${target.kind}/${target.id}`;
		return markTranslationCurrent(event, user, { kind: target.kind, id: target.id, editor });
	}
};
