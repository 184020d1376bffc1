import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { localizeHref } from '$lib/i18n/href';
import { requireUser } from '$lib/server/http/guard';
import { filterChoices } from '$lib/server/indicators/choices';
import { parseFilters, resolveScope, type FilterErrors } from '$lib/server/indicators/filters';
import { buildReport } from '$lib/server/indicators/report';
import * as snapshots from '$lib/server/indicators/snapshots';

// Coordinators (and admins) only: the (coordinate) group also lets trainers in, this page does not.
// The filters are a GET query, so that a report has an address; bad filters show the form again with
// what was typed and a message per field, and no report (a report without one of the filters asked
// for could be taken for the one asked for).
async function reportFor(event: RequestEvent) {
	const { filters, values, errors } = parseFilters(event.url.searchParams);
	if (Object.keys(errors).length > 0) return { values, errors, report: null };
	const resolved = await resolveScope(event.locals.db, filters, getLocale());
	if (!resolved.ok) return { values, errors: resolved.errors, report: null };
	return {
		values,
		errors: {} as FilterErrors,
		report: await buildReport(event.locals.db, resolved.scope, resolved.names)
	};
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, 'coordinator');
	const [{ values, errors, report }, choices] = await Promise.all([
		reportFor(event),
		filterChoices(event.locals.db, user, getLocale())
	]);
	return { values, errors, report, choices, titleMax: snapshots.TITLE_MAX };
};

export const actions: Actions = {
	// The form posts to the page's own address with its filters (`?from=…&/freeze`): the report is
	// computed again here from those filters, never taken from the form, so what is frozen is what
	// the server counts, as it counts it now.
	freeze: async (event) => {
		const user = requireUser(event, 'coordinator');
		const form = await event.request.formData();
		const raw = form.get('title');
		// Kept for the form shown again: bounded, a little longer than allowed so that "too long" shows.
		const title = (typeof raw === 'string' ? raw : '').slice(0, snapshots.TITLE_MAX + 40);
		const { report } = await reportFor(event);
		if (!report) return fail(400, { title, error: 'filters' as const });
		const result = await snapshots.freeze(event.locals.db, user.id, title, report, getLocale());
		if (!result.ok) return fail(result.reason === 'too_many' ? 429 : 400, { title, error: result.reason });
		redirect(303, localizeHref(`/coordinate/indicators/snapshots/${result.id}?done=frozen`));
	}
};
