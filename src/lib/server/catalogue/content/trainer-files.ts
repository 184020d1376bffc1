// A course's trainer documents between content/ and the database: session plans and templates are
// replaced as a whole on each import (they are not edited in the browser) and written back by export.
import type { DB } from '../../db/client';
import * as script from '../../../i18n/script';
import { parseStoredJson } from '../../db/json';
import { CONTENT_LOCALES, type CourseSource } from './schema';
import * as v from 'valibot';

const slugList = v.array(v.string());

export async function importDocuments(tx: DB, courseId: number, course: CourseSource): Promise<void> {
	await tx.deleteFrom('course_documents').where('course_id', '=', courseId).execute();
	const docs = [
		...course.modules.flatMap((mod) => (mod.session ? [{ name: `session:${mod.slug}`, doc: mod.session }] : [])),
		...course.templates.map((doc) => ({ name: `template:${doc.slug}`, doc }))
	];
	for (const { name, doc } of docs) {
		for (const [locale, t] of Object.entries(doc.texts)) {
			await tx
				.insertInto('course_documents')
				.values({
					course_id: courseId,
					name,
					locale,
					title: t.title,
					body_md: t.body,
					templates: JSON.stringify(doc.templates)
				})
				.execute();
		}
	}
}

/**
 * The documents as files of the course folder, path → text: `<module dir>/session.md` and
 * `templates/<slug>.md` with translations (a Cyrillic text derived from the Latin one is left out).
 */
export async function exportDocuments(
	db: DB,
	courseId: number,
	root: string,
	moduleDirs: Map<string, string>,
	frontMatter: (data: Record<string, unknown>, body: string) => string
): Promise<Map<string, string>> {
	const rows = await db.selectFrom('course_documents').selectAll().where('course_id', '=', courseId).execute();
	const files = new Map<string, string>();
	const text = (r: { title: string; body_md: string }) => [r.title, r.body_md];
	for (const row of rows) {
		const [kind, slug] = row.name.split(':');
		const base =
			kind === 'session'
				? moduleDirs.has(slug)
					? `${moduleDirs.get(slug)}/session`
					: null
				: `${root}/templates/${slug}`;
		if (!base || !CONTENT_LOCALES.includes(row.locale as never)) continue;
		if (row.locale === 'sr-Cyrl') {
			const latin = rows.find((r) => r.name === row.name && r.locale === 'sr-Latn');
			if (latin && script.isDerived(text(row), text(latin))) continue;
		}
		const data: Record<string, unknown> = { title: row.title };
		const templates = parseStoredJson(slugList, row.templates, 'course_documents.templates');
		if (kind === 'session' && row.locale === 'en' && templates.length > 0) data.templates = templates;
		files.set(`${base}${row.locale === 'en' ? '' : `.${row.locale}`}.md`, frontMatter(data, row.body_md));
	}
	return files;
}
