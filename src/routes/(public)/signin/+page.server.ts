import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { localizeHref } from '$lib/i18n/href';
import { m } from '$lib/paraglide/messages';
import * as users from '$lib/server/people/users';
import * as sessions from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/http/cookie';
import { safeNext } from '$lib/server/http/guard';
import { cleanText } from '$lib/server/platform/form-text';
import { forwardedWithoutSetting, reportForwardedWithoutSetting } from '$lib/server/auth/client-address';
import * as learning from '$lib/server/http/learning-pages';
import * as landing from '$lib/server/people/landing';
import { getLocale } from '$lib/paraglide/runtime';

// Nothing asked for (no `next`, or the home page): each role lands where its work is.
const landed = (next: string) => next === '' || next === '/';

export const load: PageServerLoad = async ({ locals, url }) => {
	const next = safeNext(url.searchParams.get('next'), '');
	// A link never enrols anyone: a signed-in visitor only goes on to `next`.
	if (locals.user)
		redirect(303, localizeHref(landed(next) ? await landing.landingPath(locals.db, locals.user, getLocale()) : next));
	return { next, enrol: learning.enrolIntent(url.searchParams.get('enrol')) };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const email = cleanText(form.get('email')).slice(0, 254);
		const next = safeNext(cleanText(form.get('next')), '');
		const address = event.getClientAddress();
		if (forwardedWithoutSetting(address, event.request.headers)) {
			reportForwardedWithoutSetting();
			return fail(503, { email, enrol: learning.enrolIntent(form.get('enrol')), message: m.authsec_proxy_unset() });
		}
		const result = await users.signIn(event.locals.db, email, form.get('password'), address);
		if (!result.ok) {
			const enrol = learning.enrolIntent(form.get('enrol'));
			if (result.reason === 'throttled') {
				return fail(429, {
					email,
					enrol,
					message: m.signin_throttled({ minutes: Math.max(1, Math.ceil(result.retryAfterMs / 60000)) })
				});
			}
			if (result.reason === 'busy') return fail(503, { email, enrol, message: m.authsec_busy() });
			return fail(400, { email, enrol, message: m.signin_invalid() });
		}
		const { token, expiresAt } = await sessions.createSession(event.locals.db, result.user.id, {
			userAgent: event.request.headers.get('user-agent') ?? '',
			ip: address
		});
		setSessionCookie(event, token, expiresAt);
		// The Enrol button's intent came with the credentials in this POST: enrol now.
		const enrol = learning.enrolIntent(form.get('enrol'));
		const step = enrol ? await learning.enrolBySlug(event.locals.db, result.user.id, enrol) : null;
		const target = step ?? (landed(next) ? await landing.landingPath(event.locals.db, result.user, getLocale()) : next);
		redirect(303, localizeHref(target));
	}
};
