// The pages a one-time password link opens: /set-password/[token] takes only 'set' links (accounts
// made for someone), /reset-password/[token] only 'reset' links (asked for by e-mail). Both refuse a
// bad link alike, show whose password is being set, and sign the owner in once it is set.
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { localizeHref } from '$lib/i18n/href';
import * as tokens from '$lib/server/auth/password-tokens';
import * as sessions from '$lib/server/auth/session';
import * as users from '$lib/server/people/users';
import { setSessionCookie } from '$lib/server/http/cookie';

type Reason = 'invalid' | 'expired' | 'used';

function refuse(purpose: tokens.TokenPurpose, reason: Reason): never {
	if (purpose === 'reset') {
		const message =
			reason === 'expired' ? m.pwd_link_expired() : reason === 'used' ? m.pwd_link_used() : m.pwd_link_invalid();
		error(reason === 'invalid' ? 404 : 410, { message, title: m.pwd_link_problem() });
	}
	const message =
		reason === 'expired'
			? m.set_password_expired()
			: reason === 'used'
				? m.set_password_used()
				: m.set_password_invalid();
	error(reason === 'invalid' ? 404 : 410, { message, title: m.set_password_link_problem() });
}

/** The page's data: whose password the link sets. A reset never opens for a deactivated account. */
export async function loadPasswordLink(event: RequestEvent, purpose: tokens.TokenPurpose) {
	const db = event.locals.db;
	const check = await tokens.checkPasswordToken(db, event.params.token ?? '', Date.now(), purpose);
	if (!check.ok) refuse(purpose, check.reason);
	const user = await users.getUser(db, check.userId);
	if (!user || (purpose === 'reset' && !user.active)) refuse(purpose, 'invalid');
	return { name: user.name, email: user.email };
}

/** Sets the password through the link and signs its owner in (a new session), or re-shows the form. */
export async function usePasswordLink(event: RequestEvent, purpose: tokens.TokenPurpose) {
	const form = await event.request.formData();
	const result = await tokens.usePasswordToken(
		event.locals.db,
		event.params.token ?? '',
		form.get('password'),
		Date.now(),
		purpose
	);
	if (!result.ok) {
		if (result.reason === 'password') return fail(400, { error: result.problem });
		refuse(purpose, result.reason);
	}
	// Every other sign-in of the account has ended (usePasswordToken): this one starts afresh.
	const { token, expiresAt } = await sessions.createSession(event.locals.db, result.userId, {
		userAgent: event.request.headers.get('user-agent') ?? '',
		ip: event.getClientAddress()
	});
	setSessionCookie(event, token, expiresAt);
	redirect(303, localizeHref('/learning'));
}
