import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/http/guard';
import * as audit from '$lib/server/people/audit';

export const load: PageServerLoad = async (event) => {
	requireUser(event, 'admin');
	const p = event.url.searchParams.get('page');
	const page = p && /^\d{1,6}$/.test(p) ? Math.max(1, Number(p)) : 1;
	const filter = audit.parseFilter(event.url.searchParams);
	// Days that cannot be read or are the wrong way round: a message above the kept form, not an
	// empty result that looks like an empty log.
	const dateProblem = audit.dateProblem(event.url.searchParams);
	const [result, actions] = await Promise.all([
		dateProblem ? { rows: [], total: 0 } : audit.search(event.locals.db, filter, page),
		audit.actionsInLog(event.locals.db)
	]);
	return {
		page,
		pageSize: audit.AUDIT_PAGE_SIZE,
		filter,
		dateProblem,
		query: audit.filterQuery(filter),
		filtered: audit.filterQuery(filter) !== '',
		actions,
		exportLimit: audit.AUDIT_EXPORT_LIMIT,
		...result
	};
};
