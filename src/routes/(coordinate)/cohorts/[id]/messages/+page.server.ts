import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { loadCohort } from '$lib/server/http/cohort-pages';
import * as learners from '$lib/server/cohorts/learners';
import * as messages from '$lib/server/cohorts/messages';
import { remind } from '$lib/server/cohorts/reminders';
import { parseIdList } from '$lib/server/db/id-lists';
import { localizeHref } from '$lib/i18n/href';
import { mailConfigured } from '$lib/server/platform/mail';

const problemText = {
	required: m.coh_err_required,
	too_long: m.coh_err_too_long,
	markup: m.volp_err_markup,
	none: m.coh_err_none_selected,
	too_many: m.coh_err_too_many,
	not_members: m.coh_err_not_members
};

function refusal(reason: 'throttled' | 'none' | 'not_members') {
	return reason === 'throttled'
		? m.coh_err_throttled({ limit: messages.DAILY_LIMIT })
		: reason === 'none'
			? m.coh_err_no_members()
			: m.coh_err_not_members();
}

function selection(values: readonly unknown[]): number[] | null {
	const ids = parseIdList(values);
	return ids === null || ids.length > messages.MAX_SELECTION ? null : ids;
}

export const load: PageServerLoad = async (event) => {
	const { cohort } = await loadCohort(event, 'manage');
	const db = event.locals.db;
	const ids = selection(event.url.searchParams.getAll('user'));
	return {
		cohort: { id: cohort.id, name: cohort.name },
		tooMany: ids === null,
		selected: ids && ids.length > 0 ? await learners.selected(db, cohort.id, ids) : [],
		history: await messages.history(db, cohort.id),
		sentToday: await messages.sentToday(db, cohort.id),
		limit: messages.DAILY_LIMIT,
		subjectMax: messages.SUBJECT_MAX,
		bodyMax: messages.BODY_MAX,
		mail: mailConfigured()
	};
};

export const actions: Actions = {
	send: async (event) => {
		const { cohort, user } = await loadCohort(event, 'manage');
		const form = await event.request.formData();
		const parsed = messages.parseMessageForm(form);
		if (!parsed.ok) {
			return fail(400, {
				action: 'send' as const,
				values: parsed.values,
				errors: Object.fromEntries(Object.entries(parsed.errors).map(([k, v]) => [k, problemText[v]()])),
				message: m.coh_err_form()
			});
		}
		const result = await messages.send(event.locals.db, cohort, user, parsed.draft);
		if (!result.ok)
			return fail(result.reason === 'throttled' ? 429 : 400, {
				action: 'send' as const,
				values: { subject: parsed.draft.subject, body: parsed.draft.body },
				errors: {},
				message: refusal(result.reason)
			});
		redirect(
			303,
			localizeHref(`/cohorts/${cohort.id}/messages?done=sent&count=${result.recipients}&mailed=${result.mailed}`)
		);
	},
	remind: async (event) => {
		const { cohort, user } = await loadCohort(event, 'manage');
		const form = await event.request.formData();
		const ids = selection(form.getAll('user'));
		if (ids === null) return fail(400, { action: 'remind' as const, message: m.coh_err_too_many() });
		if (ids.length === 0) return fail(400, { action: 'remind' as const, message: m.coh_err_none_selected() });
		const result = await remind(event.locals.db, cohort, user, ids);
		if (!result.ok)
			return fail(result.reason === 'throttled' ? 429 : 400, {
				action: 'remind' as const,
				message: refusal(result.reason)
			});
		redirect(
			303,
			localizeHref(`/cohorts/${cohort.id}/messages?done=reminded&count=${result.recipients}&mailed=${result.mailed}`)
		);
	}
};
