// The assignment editor (/teach/modules/[id]/assignment): for the course's authors, as lessons are.
// A refused save shows the form again with what was typed and the reason in the trainer's language.
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { localizeHref } from '$lib/i18n/href';
import { textFor } from '$lib/i18n/script';
import * as editor from '../assignments/editor';
import { readForm, withEmptyRow, type EditorForm } from '../assignments/editor-form';
import { ASSIGNMENT_LIMITS, FILE_KINDS } from '../assignments/format';
import { canAuthor } from '../authoring/authors';
import { CONTENT_LOCALES } from '../catalogue/content/schema';
import { contentLocale } from './authoring-pages';
import { idParam, requireUser } from './guard';
import { typeList } from './assignment-pages';
import { assignmentEditorPath } from '$lib/paths';

async function loadEditableModule(event: RequestEvent) {
	const user = requireUser(event, 'trainer');
	const mod = await editor.moduleContext(event.locals.db, idParam(event.params.id));
	if (!mod) error(404, { message: m.error_404_text() });
	if (!(await canAuthor(event.locals.db, user, mod.course_id))) error(403, { message: m.error_403_text() });
	return { user, mod };
}

export async function editorPage(event: RequestEvent) {
	const { mod } = await loadEditableModule(event);
	const db = event.locals.db;
	const locale = contentLocale(event.url.searchParams.get('locale'));
	const [state, titles] = await Promise.all([
		editor.editorState(db, mod.id, locale),
		db.selectFrom('module_texts').select(['locale', 'title']).where('module_id', '=', mod.id).execute()
	]);
	return {
		moduleId: mod.id,
		courseId: mod.course_id,
		moduleTitle: textFor(getLocale(), titles)?.text.title ?? mod.slug,
		learnerHref: `/courses/${mod.course_slug}/${mod.slug}/assignment`,
		locale,
		kinds: FILE_KINDS.map((k) => ({ kind: k, name: typeList([k]) })),
		limits: {
			criteria: ASSIGNMENT_LIMITS.criteria,
			points: ASSIGNMENT_LIMITS.points,
			maxMb: ASSIGNMENT_LIMITS.maxBytes / 1024 / 1024
		},
		...state,
		templates: await editor.templateChoices(db, mod.course_id, state.form.template || null, locale),
		locales: CONTENT_LOCALES.map((l) => ({ locale: l, missing: !state.locales.includes(l) })),
		saved: event.url.searchParams.has('saved'),
		removed: event.url.searchParams.get('removed')
	};
}

function refusalMessage(reason: editor.SaveRefusal, criterion: number | undefined): string {
	const n = criterion ?? 0;
	const limits = ASSIGNMENT_LIMITS;
	switch (reason) {
		case 'title_required':
			return m.asged_error_title_required();
		case 'body_required':
			return m.asged_error_body_required();
		case 'too_long':
			return criterion ? m.asged_error_criterion_too_long({ n }) : m.asged_error_too_long();
		case 'unknown_file_type':
			return m.asged_error_unknown_type({ types: typeList([...FILE_KINDS]) });
		case 'nothing_accepted':
			return m.asged_error_nothing_accepted();
		case 'size_invalid':
			return m.asged_error_size_invalid({ max: limits.maxBytes / 1024 / 1024 });
		case 'size_over_cap':
			return m.asged_error_size_over_cap({ max: limits.maxBytes / 1024 / 1024 });
		case 'no_criteria':
			return m.asged_error_no_criteria();
		case 'too_many_criteria':
			return m.asged_error_too_many_criteria({ max: limits.criteria });
		case 'criterion_title_required':
			return m.asged_error_criterion_title({ n });
		case 'level_count':
			return m.asged_error_level_count({ n, min: limits.levels[0], max: limits.levels[1] });
		case 'level_label_required':
			return m.asged_error_level_label({ n });
		case 'points_out_of_range':
			return m.asged_error_points({ n, max: limits.points });
		case 'too_complex':
			return m.sec_markdown_too_complex();
		case 'english_first':
			return m.asged_error_english_first();
		case 'rubric_in_use':
			return m.asged_error_rubric_in_use();
		case 'conflict':
			return m.asged_error_conflict();
		case 'unknown_template':
			return m.asged_error_unknown_template();
		case 'not_found':
			return m.error_404_text();
	}
}

/** An integer revision from the form, or one no assignment has (a forged or missing field). */
const revisionOf = (value: FormDataEntryValue | null) =>
	typeof value === 'string' && /^-?\d{1,9}$/.test(value) ? Number(value) : -2;

export async function saveAssignment(event: RequestEvent) {
	const { mod } = await loadEditableModule(event);
	const data = await event.request.formData();
	const locale = contentLocale(data.get('locale'));
	const form: EditorForm = readForm(
		(name) => data.get(name),
		(name) => data.getAll(name)
	);
	const result = await editor.save(event.locals.db, {
		moduleId: mod.id,
		locale,
		form,
		expectedRevision: revisionOf(data.get('revision'))
	});
	if (!result.ok) {
		const status = result.reason === 'conflict' || result.reason === 'rubric_in_use' ? 409 : 400;
		return fail(status, { message: refusalMessage(result.reason, result.criterion), values: withEmptyRow(form) });
	}
	redirect(303, localizeHref(`${assignmentEditorPath(mod.id)}?locale=${locale}&saved=1`));
}

export async function removeAssignment(event: RequestEvent) {
	const { mod } = await loadEditableModule(event);
	const data = await event.request.formData();
	const result = await editor.remove(event.locals.db, mod.id, revisionOf(data.get('revision')));
	if (!result.ok)
		return fail(result.reason === 'conflict' ? 409 : 404, {
			message: result.reason === 'conflict' ? m.asged_error_conflict() : m.error_404_text(),
			values: null
		});
	redirect(303, localizeHref(`${assignmentEditorPath(mod.id)}?removed=${result.handIns > 0 ? 'archived' : 'deleted'}`));
}
