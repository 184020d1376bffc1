// The confirm and decline form actions, shared by the pages that list membership requests (the
// organisation's page and the coordinator's page). Returns what the page's action answers.
import { m } from '$lib/paraglide/messages';
import type { DB } from '../db/client';
import * as membership from '../people/membership';

const idOf = (v: FormDataEntryValue | null) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : -1);

export async function decideFromForm(
	db: DB,
	actor: membership.Actor,
	form: FormData,
	decision: 'confirm' | 'decline',
	organisationId?: number
) {
	const result = await membership.decide(db, actor, {
		userId: idOf(form.get('user')),
		organisationId: organisationId ?? idOf(form.get('organisation')),
		decision
	});
	// Done: the page answers with a redirect (post/redirect/get) and shows its message for `?done=`.
	if (result.ok) return { status: 303 as const, done: decision === 'confirm' ? 'member_confirmed' : 'member_declined' };
	return {
		status: result.reason === 'forbidden' ? (403 as const) : (404 as const),
		body: { message: result.reason === 'forbidden' ? m.error_403_text() : m.sec13_requests_gone() }
	};
}
