import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { localizeHref } from '$lib/i18n/href';
import * as users from '$lib/server/users';
import * as organisations from '$lib/server/organisations';
import * as sessions from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { cleanText } from '$lib/server/text';
import { safeNext } from '$lib/server/auth/guard';
import * as learning from '$lib/server/learning';

export const load: PageServerLoad = async ({ locals, url }) => {
	const next = safeNext(url.searchParams.get('next'), '');
	// A link never enrols anyone: a signed-in visitor only goes on.
	if (locals.user) redirect(303, localizeHref(next || '/account'));
	return { organisations: await organisations.organisationChoices(locals.db), next, enrol: learning.enrolIntent(url.searchParams.get('enrol')) };
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
		const result = await users.signUp(event.locals.db, input);
		if (!result.ok) {
			// Echo back what was typed (cut to a sane length), never the password.
			return fail(400, {
				values: {
					name: cleanText(input.name).slice(0, 200),
					email: cleanText(input.email).slice(0, 254),
					organisation: cleanText(input.organisation).slice(0, 12)
				},
				errors: result.errors,
				enrol: learning.enrolIntent(form.get('enrol'))
			});
		}
		const { token, expiresAt } = await sessions.createSession(event.locals.db, result.user.id, {
			userAgent: event.request.headers.get('user-agent') ?? '',
			ip: event.getClientAddress()
		});
		setSessionCookie(event, token, expiresAt);
		const next = safeNext(cleanText(form.get('next')), '');
		// The Enrol button's intent came with the new account in this POST: enrol now.
		const enrol = learning.enrolIntent(form.get('enrol'));
		const step = enrol ? await learning.enrolBySlug(event.locals.db, result.user.id, enrol) : null;
		redirect(303, localizeHref(step ?? (next || '/account?welcome=1')));
	}
};
