import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { loadEditableLesson } from '$lib/server/http/authoring-pages';
import * as authoring from '$lib/server/authoring/lessons';
import { m } from '$lib/paraglide/messages';

// The live preview of the editor (with JavaScript): the same rendering and sanitising as learners get.
export const POST: RequestHandler = async (event) => {
	const { lesson } = await loadEditableLesson(event);
	const form = await event.request.formData();
	const body = String(form.get('body') ?? '');
	if (Buffer.byteLength(body, 'utf8') > authoring.MAX_BODY_BYTES) error(413, 'Too large');
	const rendered = await authoring.preview(body, lesson);
	if (!rendered.ok) return json({ message: m.sec_markdown_too_complex() }, { status: 422 });
	return json({ html: rendered.html, removed: rendered.removed });
};
