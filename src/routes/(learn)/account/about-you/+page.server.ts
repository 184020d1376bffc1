import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/http/guard';
import { redirectDone } from '$lib/server/http/prg';
import { localizeHref } from '$lib/i18n/href';
import * as demographics from '$lib/server/people/demographics';

// A person's own optional answers (issue 19): only ever read and written for the signed-in user, so
// no id comes from the address or the form.
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const row = await demographics.getDemographics(event.locals.db, user.id);
	return {
		asked: row !== null,
		values: demographics.formValuesOf(row),
		consentAt: row?.communityConsentAt ?? null,
		answered: row !== null && (row.gender !== null || row.ageBand !== null || row.community !== null)
	};
};

export const actions: Actions = {
	save: async (event) => {
		const user = requireUser(event);
		const { input, values, errors } = demographics.parseDemographicsForm(await event.request.formData());
		if (!input) return fail(400, { action: 'save' as const, values, errors });
		const result = await demographics.saveDemographics(event.locals.db, user.id, input);
		if (!result.ok) {
			const code = `dem_err_${result.reason}`;
			return fail(400, { action: 'save' as const, values, errors: { community: code } });
		}
		redirectDone(event, 'saved');
	},
	notNow: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		await demographics.declineDemographics(event.locals.db, user.id);
		// The card on My learning sends its "Not now" here and goes back there.
		if (form.get('from') === 'learning') redirect(303, localizeHref('/learning?done=dem_later'));
		redirectDone(event, 'later');
	},
	withdrawConsent: async (event) => {
		const user = requireUser(event);
		await demographics.withdrawCommunityConsent(event.locals.db, user.id);
		redirectDone(event, 'consent-withdrawn');
	},
	withdrawAll: async (event) => {
		const user = requireUser(event);
		await demographics.withdrawAll(event.locals.db, user.id);
		redirectDone(event, 'withdrawn');
	}
};
