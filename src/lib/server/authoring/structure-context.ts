// Where a course or module lives: its course, its revision, and where its pictures are served from.
import type { DB } from '../db/client';
import type { StructureKind } from '../../../../db/schema';

/** Where a module's pictures are served from (its folder in the content/ layout). */
export function moduleAssetBase(courseSlug: string, position: number, slug: string): string {
	return `/content-assets/${courseSlug}/${String(position).padStart(2, '0')}-${slug}/`;
}

/** The course or module, with its course and where its pictures live, or undefined. */
export async function structureContext(db: DB, kind: StructureKind, id: number) {
	if (kind === 'course') {
		const row = await db
			.selectFrom('courses')
			.select(['id', 'slug', 'edit_revision'])
			.where('id', '=', id)
			.executeTakeFirst();
		return (
			row && {
				kind,
				id: row.id,
				courseId: row.id,
				courseSlug: row.slug,
				revision: row.edit_revision,
				assetBase: `/content-assets/${row.slug}/`
			}
		);
	}
	const row = await db
		.selectFrom('modules')
		.innerJoin('courses', 'courses.id', 'modules.course_id')
		.select([
			'modules.id',
			'modules.slug',
			'modules.position',
			'modules.edit_revision',
			'courses.id as courseId',
			'courses.slug as courseSlug'
		])
		.where('modules.id', '=', id)
		.executeTakeFirst();
	return (
		row && {
			kind,
			id: row.id,
			courseId: row.courseId,
			courseSlug: row.courseSlug,
			revision: row.edit_revision,
			assetBase: moduleAssetBase(row.courseSlug, row.position, row.slug)
		}
	);
}

export type StructureContext = NonNullable<Awaited<ReturnType<typeof structureContext>>>;
