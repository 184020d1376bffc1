import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/i18n/href';
import * as tokens from '$lib/server/auth/password-tokens';
import * as sessions from '$lib/server/auth/session';
import * as users from '$lib/server/people/users';
import { setSessionCookie } from '$lib/server/http/cookie';

function refuse(reason: 'invalid' | 'expired' | 'used'): never {
	const message =
		reason === 'expired'
			? m.set_password_expired()
			: reason === 'used'
				? m.set_password_used()
				: m.set_password_invalid();
	error(reason === 'invalid' ? 404 : 410, { message, title: m.set_password_link_problem() });
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const check = await tokens.checkPasswordToken(locals.db, params.token, Date.now(), 'set');
	if (!check.ok) refuse(check.reason);
	const user = await users.getUser(locals.db, check.userId);
	if (!user) refuse('invalid');
	return { name: user.name, email: user.email };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const result = await tokens.usePasswordToken(
			event.locals.db,
			event.params.token,
			form.get('password'),
			Date.now(),
			'set'
		);
		if (!result.ok) {
			if (result.reason === 'password') return fail(400, { error: result.problem });
			refuse(result.reason);
		}
		const { token, expiresAt } = await sessions.createSession(event.locals.db, result.userId, {
			userAgent: event.request.headers.get('user-agent') ?? '',
			ip: event.getClientAddress()
		});
		setSessionCookie(event, token, expiresAt);
		redirect(303, localizeHref('/learning'));
	}
};
