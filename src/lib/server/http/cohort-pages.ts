// Shared steps of the cohort routes: find the cohort, check who may see or change it; the dashboard's view.
import { error, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { idParam, requireUser } from './guard';
import * as cohorts from '../cohorts/cohorts';
import * as courses from '../catalogue/courses';
import * as dashboard from '../cohorts/dashboard';
import { queueStats } from '../assignments/reviews';
import * as organisations from '../people/organisations';

/** The cohort of the route, its course, and the user's access; 403 for anyone who may not see it. */
export async function loadCohort(event: RequestEvent<{ id: string }>, need: 'read' | 'manage' = 'read') {
	const user = requireUser(event, 'trainer', 'coordinator');
	const cohort = await cohorts.getCohort(event.locals.db, idParam(event.params.id));
	if (!cohort) error(404, { message: m.error_404_text() });
	const access = await cohorts.access(event.locals.db, user, cohort.id);
	if (!access || (need === 'manage' && access !== 'manage')) error(403, { message: m.error_403_text() });
	const course = await courses.getCourseById(event.locals.db, cohort.course_id, getLocale());
	if (!course) error(404, { message: m.error_404_text() });
	return { user, cohort, course, access };
}

const SORTS = new Set(['name', 'progress', 'activity', 'status', 'organisation']);

/** A cohort's dashboard: its summary, one page of its learners (sorted, filtered) and its charts. */
export async function dashboardPage(event: RequestEvent) {
	const { cohort, course, access } = await loadCohort(event as RequestEvent<{ id: string }>);
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
}
