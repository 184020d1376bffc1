import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { requireUser } from '$lib/server/http/guard';
import { filterChoices } from '$lib/server/indicators/choices';
import * as snapshots from '$lib/server/indicators/snapshots';

// The frozen reports, newest first (the latest hundred). Coordinators (and admins) only.
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, 'coordinator');
	const [list, choices] = await Promise.all([
		snapshots.listSnapshots(event.locals.db),
		filterChoices(event.locals.db, user, getLocale())
	]);
	// Names of the courses and cohorts as they are now; a course or cohort gone since shows its code.
	const courses = new Map(choices.courses.map((c) => [c.slug, c.title]));
	const cohorts = new Map(choices.cohorts.map((c) => [c.id, c.name]));
	return {
		snapshots: list.map((s) => ({
			...s,
			courseName: s.filters.course ? (courses.get(s.filters.course) ?? s.filters.course) : null,
			cohortName: s.filters.cohort !== null ? (cohorts.get(s.filters.cohort) ?? `#${s.filters.cohort}`) : null
		}))
	};
};
