import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { localizeHref } from '$lib/i18n/href';
import { m } from '$lib/paraglide/messages';
import * as users from '$lib/server/people/users';
import * as organisations from '$lib/server/people/organisations';
import * as sessions from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/http/cookie';
import { cleanText } from '$lib/server/platform/form-text';
import { safeNext } from '$lib/server/http/guard';
import { mailConfigured, sendMail } from '$lib/server/platform/mail';
import { forwardedWithoutSetting, reportForwardedWithoutSetting } from '$lib/server/auth/client-address';
import * as learning from '$lib/server/http/learning-pages';

export const load: PageServerLoad = async ({ locals, url }) => {
	const next = safeNext(url.searchParams.get('next'), '');
	// A link never enrols anyone: a signed-in visitor only goes on.
	if (locals.user) redirect(303, localizeHref(next || '/account'));
	// With e-mail configured, sign-up asks for no password: a link mailed to the address sets it, so
	// that a new address and one that already has an account get the same answer.
	return {
		organisations: await organisations.organisationChoices(locals.db),
		next,
		viaMail: mailConfigured(),
		enrol: learning.enrolIntent(url.searchParams.get('enrol'))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const input = {
			name: form.get('name'),
			email: form.get('email'),
			password: form.get('password'),
			organisation: form.get('organisation')
		};
		// Echo back what was typed (cut to a sane length), never the password.
		const values = {
			name: cleanText(input.name).slice(0, 200),
			email: cleanText(input.email).slice(0, 254),
			organisation: cleanText(input.organisation).slice(0, 12)
		};
		const enrol = learning.enrolIntent(form.get('enrol'));
		const address = event.getClientAddress();
		if (forwardedWithoutSetting(address, event.request.headers)) {
			reportForwardedWithoutSetting();
			return fail(503, { values, enrol, message: m.authsec_proxy_unset() });
		}
		const refuse = (result: users.SignUpRefusal) => {
			if ('errors' in result) return fail(400, { values, enrol, errors: result.errors });
			if (result.reason === 'busy') return fail(503, { values, enrol, message: m.authsec_busy() });
			return fail(429, {
				values,
				enrol,
				message: m.authsec_signup_throttled({ minutes: Math.max(1, Math.ceil(result.retryAfterMs / 60000)) })
			});
		};
		if (mailConfigured()) {
			const result = await users.signUpViaMail(event.locals.db, input, { address });
			if (!result.ok) return refuse(result);
			const { to, name, token, existing } = result.mail;
			const link = new URL(localizeHref(`/set-password/${token}`), event.url.origin).href;
			const body = existing
				? m.authsec_mail_signup_existing_body({
						name,
						link,
						signin: new URL(localizeHref('/signin'), event.url.origin).href
					})
				: m.authsec_mail_signup_new_body({ name, link });
			await sendMail(to, m.authsec_mail_signup_subject(), body);
			// The same answer whether or not the address had an account, and whether or not the mail went out.
			return { sent: to };
		}
		const result = await users.signUp(event.locals.db, input, { address });
		if (!result.ok) return refuse(result);
		const { token, expiresAt } = await sessions.createSession(event.locals.db, result.user.id, {
			userAgent: event.request.headers.get('user-agent') ?? '',
			ip: address
		});
		setSessionCookie(event, token, expiresAt);
		const next = safeNext(cleanText(form.get('next')), '');
		// The Enrol button's intent came with the new account in this POST: enrol now.
		const step = enrol ? await learning.enrolBySlug(event.locals.db, result.user.id, enrol) : null;
		redirect(303, localizeHref(step ?? (next || '/account?welcome=1')));
	}
};
