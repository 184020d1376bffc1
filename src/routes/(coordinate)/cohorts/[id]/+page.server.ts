import type { PageServerLoad } from './$types';
import { loadCohort } from '$lib/server/http/cohort-pages';
import * as dashboard from '$lib/server/cohorts/dashboard';
import * as organisations from '$lib/server/people/organisations';
import { queueStats } from '$lib/server/assignments/reviews';

const SORTS = new Set(['name', 'progress', 'activity', 'status', 'organisation']);

export const load: PageServerLoad = async (event) => {
	const { cohort, course, access } = await loadCohort(event);
	const db = event.locals.db;
	const params = event.url.searchParams;
	const sort = SORTS.has(params.get('sort') ?? '') ? (params.get('sort') as dashboard.SortKey) : 'name';
	const status = dashboard.STATUSES.includes(params.get('status') as dashboard.LearnerStatus)
		? (params.get('status') as dashboard.LearnerStatus)
		: null;
	const org = params.get('organisation');
	const organisationId = org && /^\d{1,9}$/.test(org) ? Number(org) : null;
	const pageNo = /^\d{1,6}$/.test(params.get('page') ?? '') ? Math.max(1, Number(params.get('page'))) : 1;
	const [summary, page, shares, weeks, orgs, reviews] = await Promise.all([
		dashboard.summary(db, cohort, course),
		dashboard.learnerPage(db, cohort, course, { page: pageNo, sort, status, organisationId }),
		dashboard.cachedModuleShares(db, cohort, course),
		dashboard.cachedWeeklyProgress(db, cohort, course),
		organisations.organisationChoices(db),
		queueStats(db, cohort.id, course.id)
	]);
	return {
		cohort: {
			id: cohort.id,
			name: cohort.name,
			startsAt: cohort.starts_at,
			endsAt: cohort.ends_at,
			archived: Boolean(cohort.archived)
		},
		course: { title: course.title, modules: course.modules.map((mod, i) => ({ number: i + 1, title: mod.title })) },
		canManage: access === 'manage',
		summary,
		rows: page.rows,
		total: page.total,
		pageSize: dashboard.PAGE_SIZE,
		filters: { sort, status, organisationId, page: pageNo },
		shares,
		weeks,
		organisations: orgs,
		reviews: {
			waiting: reviews.waiting,
			oldestDays: reviews.oldestAt === null ? null : Math.floor((Date.now() - reviews.oldestAt) / 86_400_000)
		}
	};
};
