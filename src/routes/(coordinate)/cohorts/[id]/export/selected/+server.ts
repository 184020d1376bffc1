import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { loadCohort } from '$lib/server/http/cohort-pages';
import * as dashboard from '$lib/server/cohorts/dashboard';
import * as learners from '$lib/server/cohorts/learners';
import { MAX_SELECTION } from '$lib/server/cohorts/messages';
import { csvFile } from '$lib/server/cohorts/insight';
import { parseIdList } from '$lib/server/db/id-lists';

const statusText = {
	not_started: m.status_not_started,
	on_track: m.status_on_track,
	at_risk: m.status_at_risk,
	completed: m.status_completed
};

// The selected learners of a cohort as CSV (UTF-8 with a byte-order mark, no cell read as a formula):
// name, e-mail, organisation, status, progress and last activity.
export const GET: RequestHandler = async (event) => {
	const { cohort, course } = await loadCohort(event, 'manage');
	const ids = parseIdList(event.url.searchParams.getAll('user'));
	if (ids === null || ids.length > MAX_SELECTION) error(400, { message: m.coh_err_too_many() });
	if (ids.length === 0) error(400, { message: m.coh_err_none_selected() });
	const db = event.locals.db;
	const chosen = await learners.selected(db, cohort.id, ids);
	const email = new Map(chosen.map((u) => [u.id, u.email]));
	const rows: (string | number | null)[][] = [
		[m.field_name(), m.field_email(), m.field_organisation(), m.field_status(), '%', m.sort_activity()]
	];
	for (let page = 1; ; page++) {
		const result = await dashboard.learnerPage(db, cohort, course, { page, sort: 'name' });
		for (const r of result.rows)
			if (email.has(r.userId))
				rows.push([
					r.name,
					email.get(r.userId) ?? '',
					r.organisation,
					statusText[r.status](),
					r.percent,
					r.lastActivityAt === null ? '' : new Date(r.lastActivityAt).toISOString()
				]);
		if (page * dashboard.PAGE_SIZE >= result.total) break;
	}
	return new Response(csvFile(rows), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="cohort-${cohort.id}-selected.csv"`,
			'cache-control': 'no-store'
		}
	});
};
