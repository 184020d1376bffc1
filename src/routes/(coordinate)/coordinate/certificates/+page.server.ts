import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { redirectDone } from '$lib/server/http/prg';
import { requireUser } from '$lib/server/http/guard';
import * as certificates from '$lib/server/learning/certificates/issue';
import * as audit from '$lib/server/people/audit';
import { cleanText } from '$lib/server/platform/form-text';

/** The reason as the audit log keeps it: cleaned of control and direction characters, bounded. */
const loggedReason = (value: FormDataEntryValue | null) => cleanText(value).trim().slice(0, certificates.REASON_MAX);

export const load: PageServerLoad = async (event) => {
	requireUser(event, 'coordinator');
	const q = (event.url.searchParams.get('q') ?? '').slice(0, 100);
	return { q, certificates: await certificates.search(event.locals.db, q) };
};

export const actions: Actions = {
	revoke: async (event) => {
		const user = requireUser(event, 'coordinator');
		const form = await event.request.formData();
		const code = certificates.normaliseCode(String(form.get('code') ?? ''));
		if (!code) return fail(404, { message: m.certificates_not_found() });
		const result = await certificates.revoke(event.locals.db, code, form.get('reason'), user.id);
		if (!result.ok) {
			const message =
				result.reason === 'not_found'
					? m.certificates_not_found()
					: result.reason === 'already_revoked'
						? m.certificates_already_revoked()
						: m.certificates_reason_required();
			return fail(result.reason === 'not_found' ? 404 : result.reason === 'already_revoked' ? 409 : 400, {
				message,
				code
			});
		}
		await audit.record(event.locals.db, user.id, 'certificate_revoked', code, loggedReason(form.get('reason')));
		redirectDone(event, 'revoked', { code });
	},
	unrevoke: async (event) => {
		const user = requireUser(event, 'coordinator');
		const form = await event.request.formData();
		const code = certificates.normaliseCode(String(form.get('code') ?? ''));
		if (!code) return fail(404, { message: m.certificates_not_found() });
		const result = await certificates.unrevoke(event.locals.db, code, form.get('reason'));
		if (!result.ok) {
			const message =
				result.reason === 'not_found'
					? m.certificates_not_found()
					: result.reason === 'not_revoked'
						? m.coh_unrevoke_not_revoked()
						: result.reason === 'holder_deleted'
							? m.coh_unrevoke_holder_deleted()
							: result.reason === 'too_long'
								? m.coh_unrevoke_too_long()
								: m.coh_unrevoke_reason_required();
			const status =
				result.reason === 'not_found'
					? 404
					: result.reason === 'not_revoked' || result.reason === 'holder_deleted'
						? 409
						: 400;
			return fail(status, {
				message,
				code
			});
		}
		await audit.record(event.locals.db, user.id, 'certificate_unrevoked', code, loggedReason(form.get('reason')));
		redirectDone(event, 'restored', { code });
	}
};
