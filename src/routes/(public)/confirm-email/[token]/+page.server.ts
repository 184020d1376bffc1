import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { localizeHref } from '$lib/i18n/href';
import * as account from '$lib/server/people/account';
import { mailConfigured, sendMail } from '$lib/server/platform/mail';

function refuse(reason: account.EmailLinkProblem): never {
	const message =
		reason === 'expired' ? m.acct_link_expired() : reason === 'used' ? m.acct_link_used() : m.acct_link_invalid();
	error(reason === 'invalid' ? 404 : 410, { message, title: m.acct_link_problem() });
}

// Opening the link only shows the address and a button: mail scanners that follow links must not
// change anybody's address, so the change is a POST.
export const load: PageServerLoad = async ({ locals, params }) => {
	const check = await account.checkEmailChange(locals.db, params.token);
	if (!check.ok) refuse(check.reason);
	return { name: check.name, email: check.newEmail };
};

export const actions: Actions = {
	default: async (event) => {
		const result = await account.confirmEmailChange(event.locals.db, event.params.token);
		if (!result.ok) {
			if (result.reason === 'taken') return fail(409, { message: m.acct_link_taken() });
			refuse(result.reason);
		}
		if (mailConfigured()) {
			// The old address hears of the change, in case it was not its owner's doing.
			const locale = result.locale ?? getLocale();
			await sendMail(
				result.oldEmail,
				m.acct_mail_changed_subject({}, { locale }),
				m.acct_mail_changed_body({ name: result.name, email: result.newEmail }, { locale })
			);
		}
		redirect(303, localizeHref('/confirm-email/done'));
	}
};
