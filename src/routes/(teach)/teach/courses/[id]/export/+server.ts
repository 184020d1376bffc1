import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { idParam, requireUser } from '$lib/server/http/guard';
import * as authoring from '$lib/server/authoring/lessons';
import { exportCourseZip } from '$lib/server/catalogue/content/export';

export const GET: RequestHandler = async (event) => {
	const user = requireUser(event, 'trainer');
	const id = idParam(event.params.id);
	const course = await event.locals.db
		.selectFrom('courses')
		.select(['id', 'slug'])
		.where('id', '=', id)
		.executeTakeFirst();
	if (!course) error(404, { message: m.error_404_text() });
	if (!(await authoring.canAuthor(event.locals.db, user, course.id))) error(403, { message: m.error_403_text() });
	const zip = await exportCourseZip(event.locals.db, course.id);
	return new Response(new Uint8Array(zip), {
		headers: {
			'content-type': 'application/zip',
			'content-disposition': `attachment; filename="${course.slug}.zip"`,
			'cache-control': 'no-store'
		}
	});
};
