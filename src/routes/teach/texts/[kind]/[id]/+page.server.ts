import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/i18n/href';
import { idParam, requireUser } from '$lib/server/auth/guard';
import * as authoring from '$lib/server/authoring';
import { CONTENT_LOCALES, type ContentLocale } from '$lib/server/content/types';

const localeOf = (v: unknown): ContentLocale => ((CONTENT_LOCALES as readonly string[]).includes(String(v)) ? (String(v) as ContentLocale) : 'en');

async function target(event: RequestEvent<{ kind: string; id: string }>) {
	const user = requireUser(event, 'trainer');
	const kind: 'course' | 'module' | null = event.params.kind === 'course' ? 'course' : event.params.kind === 'module' ? 'module' : null;
	if (!kind) error(404, { message: m.error_404_text() });
	const id = idParam(event.params.id);
	const db = event.locals.db;
	const row =
		kind === 'course'
			? await db.selectFrom('courses').select(['id as courseId', 'slug as courseSlug']).where('id', '=', id).executeTakeFirst()
			: await db.selectFrom('modules').innerJoin('courses', 'courses.id', 'modules.course_id').select(['courses.id as courseId', 'courses.slug as courseSlug']).where('modules.id', '=', id).executeTakeFirst();
	if (!row) error(404, { message: m.error_404_text() });
	if (!(await authoring.canAuthor(db, user, row.courseId))) error(403, { message: m.error_403_text() });
	const mod = kind === 'module' ? await db.selectFrom('modules').select(['slug', 'position']).where('id', '=', id).executeTakeFirst() : undefined;
	const assetBase = mod ? `/content-assets/${row.courseSlug}/${String(mod.position).padStart(2, '0')}-${mod.slug}/` : `/content-assets/${row.courseSlug}/`;
	return { kind, id, assetBase };
}

export const load: PageServerLoad = async (event) => {
	const { kind, id } = await target(event);
	const locale = localeOf(event.url.searchParams.get('locale'));
	const db = event.locals.db;
	const rows =
		kind === 'course'
			? await db.selectFrom('course_texts').select(['locale', 'title', 'summary', 'body_md', 'updated_at']).where('course_id', '=', id).execute()
			: await db.selectFrom('module_texts').select(['locale', 'title', 'summary', 'body_md', 'objectives', 'updated_at']).where('module_id', '=', id).execute();
	const pick = (l: string) => rows.find((r) => r.locale === l);
	const t = pick(locale);
	const en = pick('en');
	const toText = (r: (typeof rows)[number] | undefined) =>
		r ? { title: r.title, summary: r.summary, body: r.body_md, objectives: 'objectives' in r ? (JSON.parse(r.objectives as string) as string[]).join('\n') : '' } : null;
	return { status: authoring.structureTextStatus(rows), kind, id, locale, text: toText(t) ?? { title: '', summary: '', body: '', objectives: '' }, english: locale === 'en' ? null : toText(en), saved: event.url.searchParams.has('saved') };
};

export const actions: Actions = {
	default: async (event) => {
		const { kind, id, assetBase } = await target(event);
		const form = await event.request.formData();
		const locale = localeOf(form.get('locale'));
		const result = await authoring.saveStructureText(event.locals.db, kind, id, locale, { title: form.get('title'), summary: form.get('summary'), objectives: form.get('objectives'), body: form.get('body') }, assetBase);
		if (!result.ok) return fail(400, { message: m.editor_title_required() });
		redirect(303, localizeHref(`/teach/texts/${kind}/${id}?locale=${locale}&saved=1`));
	}
};
