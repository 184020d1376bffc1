// Writes a module's assignment from content/. The row is kept (submissions point at it) and its
// structure and texts are replaced when the file changed since it was last imported (`hash`), so
// that an edit made in the browser stays until the file itself changes; a module whose
// assignment.md is gone has its imported assignment archived, so that nothing handed in is lost
// (one made in the browser, with no file behind it, is not content/'s to remove).
import { relative } from 'node:path';
import type { DB } from '../../db/client';
import type { RenderedMarkdown } from '../markdown';
import type { AssignmentSource, ContentLocale, CourseSource } from './schema';

export async function importAssignment(
	tx: DB,
	md: RenderedMarkdown,
	moduleId: number,
	course: CourseSource,
	moduleDir: string,
	source: AssignmentSource | null
): Promise<void> {
	const existing = await tx
		.selectFrom('assignments')
		.select(['id', 'hash'])
		.where('module_id', '=', moduleId)
		.executeTakeFirst();
	if (!source) {
		// The hash is forgotten, so that the same file put back is imported again.
		if (existing?.hash)
			await tx.updateTable('assignments').set({ archived: 1, hash: '' }).where('id', '=', existing.id).execute();
		return;
	}
	const values = {
		scope: source.scope,
		accepted: JSON.stringify(source.accepted),
		accepts_text: source.acceptsText ? 1 : 0,
		max_bytes: source.maxBytes,
		rubric: JSON.stringify(source.rubric),
		template: source.template,
		hash: source.hash,
		archived: 0
	};
	if (existing?.hash === source.hash) return;
	const id = existing
		? (await tx
				.updateTable('assignments')
				// An editor open meanwhile is told the assignment changed.
				.set((eb) => ({ ...values, edit_revision: eb('edit_revision', '+', 1) }))
				.where('id', '=', existing.id)
				.execute(),
			existing.id)
		: (
				await tx
					.insertInto('assignments')
					.values({ ...values, module_id: moduleId })
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
	await tx.deleteFrom('assignment_texts').where('assignment_id', '=', id).execute();
	const assetBase = `/content-assets/${course.slug}/${relative(course.dir, moduleDir).split('\\').join('/')}/`;
	for (const [locale, t] of Object.entries(source.texts)) {
		await tx
			.insertInto('assignment_texts')
			.values({
				assignment_id: id,
				locale,
				title: t.title,
				body_md: t.body,
				body_html: md.html(t.body, { assetBase, locale: locale as ContentLocale }),
				rubric: JSON.stringify(t.rubric)
			})
			.execute();
	}
}
