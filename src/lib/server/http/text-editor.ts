// What the editor pages of lessons, quizzes and course and module texts share: the answers to a
// refused draft or publication, and marking a translation as still current.
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/i18n/href';
import { translations, type PublishResult, type TextKind } from '../authoring/engine';
import { contentLocale } from './authoring-pages';

type Refusal = 'conflict' | 'too_large' | 'too_complex' | 'title_required';

/**
 * A refused draft, the form re-shown with the trainer's values; the body is echoed back unless it is
 * what was too large.
 */
export function draftRefused<V extends { body: string }>(
	reason: Refusal,
	values: V,
	messages: { conflict: () => string; titleRequired: () => string }
) {
	if (reason === 'conflict') return fail(409, { message: messages.conflict(), values });
	if (reason === 'too_large')
		return fail(413, { message: m.editor_too_large(), values: { ...values, body: values.body.slice(0, 1000) } });
	if (reason === 'too_complex') return fail(422, { message: m.sec_markdown_too_complex(), values });
	return fail(400, { message: messages.titleRequired(), values });
}

/** A refused publication: changed meanwhile, too complex to render, or nothing to publish. */
export function publishRefused<V>(
	reason: Exclude<PublishResult, { ok: true }>['reason'],
	conflict: () => string,
	values?: V
) {
	if (reason === 'conflict') return fail(409, { message: conflict(), values });
	if (reason === 'too_complex') return fail(422, { message: m.sec_markdown_too_complex(), values });
	return fail(400, { message: m.editor_nothing_to_publish(), values });
}

/** The markCurrent action: the trainer checked a translation against the current English. */
export async function markTranslationCurrent(
	event: RequestEvent,
	user: { id: number },
	text: { kind: TextKind; id: number; editor: string }
) {
	const locale = contentLocale((await event.request.formData()).get('locale'));
	const result = await translations.markCurrent(event.locals.db, {
		kind: text.kind,
		id: text.id,
		locale,
		userId: user.id
	});
	if (!result.ok) return fail(400, { message: m.daily_mark_current_missing() });
	redirect(303, localizeHref(`${text.editor}?locale=${locale}&marked=1`));
}
