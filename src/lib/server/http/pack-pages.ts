// The trainer pack (a module's session plan and templates, as PDF) and a learner's assignment
// template (PDF or its Markdown). Trainers of the course, coordinators and administrators get the
// pack; anyone else a 403, a visitor is sent to sign in.
import { error, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import * as courses from '../catalogue/courses';
import * as pack from '../catalogue/trainer-pack';
import * as assignments from '../assignments';
import { SOURCE_LOCALES } from '../catalogue/content/schema';
import { contentLocale } from './authoring-pages';
import { idParam, requireUser } from './guard';
import { loadModuleOr404 } from './learning-pages';

/** A template of the course's templates/ folder: a name, not a file beside assignment.md. */
const templateName = (template: string | null) => (template && !template.includes('.') ? template : null);

async function packCourse(event: RequestEvent) {
	const user = requireUser(event);
	const course = await courses.getCourseById(event.locals.db, idParam(event.params.id), getLocale());
	if (!course) error(404, { message: m.error_404_text() });
	if (!(await pack.canUsePack(event.locals.db, user, course.id))) error(403, { message: m.error_403_text() });
	return course;
}

/** /teach/courses/[id]/pack: each module with a session plan, a link per language. */
export async function packIndexPage(event: RequestEvent) {
	const course = await packCourse(event);
	const withPack = await pack.modulesWithPack(event.locals.db, course.id);
	return {
		course: { id: course.id, title: course.title },
		languages: [...SOURCE_LOCALES, 'sr-Cyrl'] as Locale[],
		modules: course.modules.map((mod, i) => ({
			slug: mod.slug,
			number: i + 1,
			title: mod.title,
			hasPack: withPack.has(mod.slug)
		}))
	};
}

const pdfResponse = (pdf: Buffer, name: string) =>
	new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store'
		}
	});

/** /teach/courses/[id]/pack/[module]?lang=sq: the module's pack as PDF. */
export async function packDownload(event: RequestEvent) {
	const course = await packCourse(event);
	const index = course.modules.findIndex((mod) => mod.slug === event.params.module);
	if (index < 0) error(404, { message: m.error_404_text() });
	const mod = course.modules[index];
	const locale = contentLocale(event.url.searchParams.get('lang') ?? getLocale());
	const opt = { locale };
	// The course's title in the pack's language, not the page's.
	const printed = (await courses.getCourseById(event.locals.db, course.id, locale)) ?? course;
	const title = printed.modules[index]?.title ?? mod.title;
	const assignment = mod.assignment ? await assignments.forModule(event.locals.db, mod.id, locale) : null;
	const pdf = await pack.packPdf(event.locals.db, {
		courseId: course.id,
		moduleSlug: mod.slug,
		assignmentTemplate: templateName(assignment?.template ?? null),
		locale,
		labels: {
			title: m.work_pack_pdf_title({ number: index + 1, title }, opt),
			subtitle: printed.title,
			footer: m.work_pack_pdf_footer({}, opt)
		}
	});
	if (!pdf) error(404, { message: m.error_404_text() });
	return pdfResponse(pdf, `${course.slug}-${mod.slug}-${locale}.pdf`);
}

/** The assignment template of /courses/[course]/[module]/assignment/template.{pdf,md}. */
export async function templateDownload(event: RequestEvent, format: 'pdf' | 'md') {
	const user = requireUser(event);
	const { course, moduleState } = await loadModuleOr404(
		event.locals.db,
		user.id,
		event.params.course ?? '',
		event.params.module ?? ''
	);
	const locale = getLocale();
	const assignment = await assignments.forModule(event.locals.db, moduleState.module.id, locale);
	const slug = templateName(assignment?.template ?? null);
	if (!slug) error(404, { message: m.error_404_text() });
	const name = `${slug}-${locale}`;
	if (format === 'md') {
		const doc = await pack.template(event.locals.db, course.id, slug, locale);
		if (!doc) error(404, { message: m.error_404_text() });
		return new Response(`# ${doc.title}\n\n${doc.body}\n`, {
			headers: {
				'content-type': 'text/markdown; charset=utf-8',
				'content-disposition': `attachment; filename="${name}.md"`,
				'cache-control': 'private, no-store'
			}
		});
	}
	const pdf = await pack.templatePdf(event.locals.db, course.id, slug, locale, {
		subtitle: course.title,
		footer: `CivicSteps · ${course.title}`
	});
	if (!pdf) error(404, { message: m.error_404_text() });
	return pdfResponse(pdf, `${name}.pdf`);
}
