import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/http/guard';
import { exportUserData } from '$lib/server/people/privacy';

// All the signed-in user's data as JSON (the right of access).
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const data = await exportUserData(event.locals.db, user.id);
	if (!data) error(404, 'Not found');
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': 'attachment; filename="civicsteps-my-data.json"',
			'cache-control': 'no-store'
		}
	});
};
