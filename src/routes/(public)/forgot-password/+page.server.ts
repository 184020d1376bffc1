import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale, isLocale, type Locale } from '$lib/paraglide/runtime';
import { localizeHref } from '$lib/i18n/href';
import * as tokens from '$lib/server/auth/password-tokens';
import { forwardedWithoutSetting, reportForwardedWithoutSetting } from '$lib/server/auth/client-address';
import { mailConfigured } from '$lib/server/platform/mail';
import { queueMail } from '$lib/server/platform/mail-queue';
import { cleanText } from '$lib/server/platform/form-text';

export const load: PageServerLoad = ({ url }) => ({
	mail: mailConfigured(),
	sent: url.searchParams.get('sent') === '1'
});

export const actions: Actions = {
	default: async (event) => {
		// Without e-mail there is nothing to send: the page asks the reader to turn to a coordinator.
		if (!mailConfigured()) redirect(303, localizeHref('/forgot-password'));
		const form = await event.request.formData();
		const email = cleanText(form.get('email')).slice(0, 254);
		const address = event.getClientAddress();
		if (forwardedWithoutSetting(address, event.request.headers)) {
			reportForwardedWithoutSetting();
			return fail(503, { email, message: m.authsec_proxy_unset() });
		}
		const result = await tokens.requestPasswordReset(event.locals.db, email, address);
		if (!result.ok) {
			if (result.reason === 'email') return fail(400, { email, message: m.pwd_email_invalid() });
			return fail(429, {
				email,
				message: m.pwd_throttled({ minutes: Math.max(1, Math.ceil(result.retryAfterMs / 60_000)) })
			});
		}
		// Queued alike whether or not there is a mail: building it and waiting for SMTP happen after the
		// answer, so how long the answer takes does not tell whether the address has an account.
		const mail = result.mail;
		const pageLocale = getLocale();
		const origin = event.url.origin;
		queueMail(() => {
			if (!mail) return null;
			const locale: Locale = isLocale(mail.locale) ? mail.locale : pageLocale;
			const link = new URL(localizeHref(`/reset-password/${mail.token}`, { locale }), origin).href;
			return {
				to: mail.to,
				subject: m.pwd_mail_subject({}, { locale }),
				body: m.pwd_mail_body({ name: mail.name, link }, { locale })
			};
		});
		redirect(303, localizeHref('/forgot-password?sent=1'));
	}
};
