import type { RequestHandler } from './$types';
import { loadAuthoredCourse } from '$lib/server/http/authoring-pages';
import { exportCourseZip } from '$lib/server/catalogue/content/export';

export const GET: RequestHandler = async (event) => {
	const { course } = await loadAuthoredCourse(event);
	const zip = await exportCourseZip(event.locals.db, course.id);
	return new Response(new Uint8Array(zip), {
		headers: {
			'content-type': 'application/zip',
			'content-disposition': `attachment; filename="${course.slug}.zip"`,
			'cache-control': 'no-store'
		}
	});
};
