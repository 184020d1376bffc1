import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/http/guard';
import { redirectDone } from '$lib/server/http/prg';
import * as calls from '$lib/server/volunteering/calls';
import { callErrorText } from '$lib/volunteering/call-text';

export const load: PageServerLoad = async (event) => {
	requireUser(event, 'coordinator');
	return { calls: await calls.pendingCalls(event.locals.db) };
};

async function review(event: RequestEvent, decision: 'approve' | 'decline') {
	const user = requireUser(event, 'coordinator');
	const form = await event.request.formData();
	const raw = String(form.get('call') ?? '');
	if (!/^\d{1,9}$/.test(raw)) error(404, { message: m.error_404_text() });
	const callId = Number(raw);
	const result =
		decision === 'approve'
			? await calls.approveCall(event.locals.db, user.id, callId)
			: await calls.declineCall(event.locals.db, user.id, callId, form.get('note'));
	if (!result.ok) {
		if (result.reason === 'not_found') error(404, { message: m.error_404_text() });
		if (result.reason === 'forbidden') error(403, { message: m.error_403_text() });
		const code =
			result.reason === 'note_required'
				? 'vcall_err_note_required'
				: result.reason === 'note_too_long'
					? 'vcall_err_note_too_long'
					: result.reason === 'volp_err_markup'
						? 'volp_err_markup'
						: 'vcall_err_not_pending';
		return fail(code === 'vcall_err_not_pending' ? 409 : 400, {
			message: callErrorText(code),
			callId,
			note: String(form.get('note') ?? '').slice(0, 1000)
		});
	}
	redirectDone(event, decision === 'approve' ? 'approved' : 'declined');
}

export const actions: Actions = {
	approve: (event) => review(event, 'approve'),
	decline: (event) => review(event, 'decline')
};
