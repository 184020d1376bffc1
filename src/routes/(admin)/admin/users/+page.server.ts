import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/http/guard';
import * as users from '$lib/server/people/users';

export const load: PageServerLoad = async (event) => {
	requireUser(event, 'admin');
	const q = (event.url.searchParams.get('q') ?? '').slice(0, 100);
	const pageParam = Number(event.url.searchParams.get('page') ?? '1');
	const page = Number.isInteger(pageParam) && pageParam > 0 && pageParam < 100000 ? pageParam : 1;
	const result = await users.searchUsers(event.locals.db, q, page);
	return { q, page, pageSize: users.USERS_PAGE_SIZE, ...result };
};
