import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/http/guard';
import * as audit from '$lib/server/people/audit';

export const load: PageServerLoad = async (event) => {
	requireUser(event, 'admin');
	const p = event.url.searchParams.get('page');
	const page = p && /^\d{1,6}$/.test(p) ? Math.max(1, Number(p)) : 1;
	return { page, pageSize: audit.AUDIT_PAGE_SIZE, ...(await audit.list(event.locals.db, page)) };
};
