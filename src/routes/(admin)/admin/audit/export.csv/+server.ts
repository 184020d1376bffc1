import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/http/guard';
import * as audit from '$lib/server/people/audit';
import { auditCsv } from '$lib/server/people/audit-csv';

// The entries the log page shows for the same filter, as CSV (at most AUDIT_EXPORT_LIMIT, newest first).
export const GET: RequestHandler = async (event) => {
	requireUser(event, 'admin');
	const filter = audit.parseFilter(event.url.searchParams);
	const { rows, more } = await audit.exportRows(event.locals.db, filter);
	const day = new Date().toISOString().slice(0, 10);
	return new Response(auditCsv(rows, more), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="audit-log-${day}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
