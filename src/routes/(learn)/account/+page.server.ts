import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { redirectDone } from '$lib/server/http/prg';
import { requireUser } from '$lib/server/http/guard';
import * as sessions from '$lib/server/auth/session';
import * as users from '$lib/server/people/users';
import * as organisations from '$lib/server/people/organisations';
import * as membership from '$lib/server/people/membership';
import { cleanText } from '$lib/server/platform/form-text';
import { localizeHref } from '$lib/i18n/href';
import * as privacy from '$lib/server/people/privacy';
import { deleteSessionCookie } from '$lib/server/http/cookie';
import * as demographics from '$lib/server/people/demographics';
import * as account from '$lib/server/people/account';
import { mailConfigured, sendMail } from '$lib/server/platform/mail';
import { getLocale } from '$lib/paraglide/runtime';
import { guardPasswordGuess, waitMinutes } from '$lib/server/auth/password-confirm';

// Too many wrong current passwords in a quarter of an hour (any of the three forms that ask for it).
const guessesMessage = (ms: number) => m.fixd_password_guesses({ minutes: waitMinutes(ms) });

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const db = event.locals.db;
	const organisation = user.organisationId ? await organisations.getOrganisation(db, user.organisationId) : undefined;
	const list = await sessions.listSessions(db, user.id);
	const about = await demographics.getDemographics(db, user.id);
	return {
		profile: { name: user.name, email: user.email, role: user.role, organisation: organisation?.name ?? null },
		locale: await account.preferredLocale(db, user.id),
		pendingEmail: await account.pendingEmailChange(db, user.id),
		canMail: mailConfigured(),
		request: await membership.requestOf(db, user.id),
		sessions: list.map((s) => ({ ...s, current: s.id === event.locals.session?.id })),
		// The person's own optional answers (issue 19), shown to them alone.
		about: about && { gender: about.gender, ageBand: about.ageBand, community: about.community }
	};
};

export const actions: Actions = {
	name: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const value = form.get('name');
		const result = await account.changeName(event.locals.db, user.id, value);
		if (!result.ok) {
			const typed = typeof value === 'string' ? value.slice(0, 300) : '';
			return fail(400, { action: 'name' as const, name: typed, error: result.error });
		}
		redirectDone(event, 'name');
	},
	locale: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const locale = form.get('locale');
		if (!account.isPreferredLocale(locale) || !(await account.setLocale(event.locals.db, user.id, locale))) {
			return fail(400, { action: 'locale' as const, message: m.acct_locale_invalid() });
		}
		// What a person expects from choosing a language: the pages switch to it too (the URL prefix,
		// which also sets the locale cookie in hooks).
		redirect(303, localizeHref('/account?done=locale#language', { locale }));
	},
	email: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const typed = typeof form.get('email') === 'string' ? String(form.get('email')).slice(0, 300) : '';
		if (!mailConfigured())
			return fail(400, { action: 'email' as const, email: typed, message: m.acct_email_no_smtp() });
		const guarded = await guardPasswordGuess(
			event.locals.db,
			user.id,
			() =>
				account.requestEmailChange(event.locals.db, user.id, {
					password: form.get('current'),
					email: form.get('email')
				}),
			(r) => !r.ok && 'errors' in r && r.errors.current === 'password_wrong'
		);
		if (guarded.throttled)
			return fail(429, { action: 'email' as const, email: typed, message: guessesMessage(guarded.retryAfterMs) });
		const result = guarded.result;
		if (!result.ok) {
			if ('reason' in result)
				return fail(429, { action: 'email' as const, email: typed, message: m.acct_email_throttled() });
			return fail(400, { action: 'email' as const, email: typed, errors: result.errors });
		}
		const locale = result.locale ?? getLocale();
		const link = new URL(localizeHref(`/confirm-email/${result.token}`, { locale }), event.url.origin).href;
		const sent = await sendMail(
			result.to,
			m.acct_mail_confirm_subject({}, { locale }),
			m.acct_mail_confirm_body({ name: result.name, link }, { locale })
		);
		if (!sent) return fail(503, { action: 'email' as const, email: typed, message: m.acct_email_send_failed() });
		redirectDone(event, 'email');
	},
	password: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const guarded = await guardPasswordGuess(
			event.locals.db,
			user.id,
			() =>
				users.changePassword(
					event.locals.db,
					user.id,
					form.get('current'),
					form.get('password'),
					event.locals.session!.id
				),
			(r) => !r.ok && r.errors.current === 'password_wrong'
		);
		if (guarded.throttled)
			return fail(429, { action: 'password' as const, errors: {}, message: guessesMessage(guarded.retryAfterMs) });
		const result = guarded.result;
		if (!result.ok) return fail(400, { action: 'password' as const, errors: result.errors });
		redirectDone(event, 'password');
	},
	deleteAccount: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const guarded = await guardPasswordGuess(
			event.locals.db,
			user.id,
			() => privacy.deleteAccount(event.locals.db, user.id, form.get('password'), form.get('confirm') === 'yes'),
			(r) => !r.ok && r.reason === 'password_wrong'
		);
		if (guarded.throttled)
			return fail(429, { action: 'delete' as const, message: guessesMessage(guarded.retryAfterMs) });
		const result = guarded.result;
		if (!result.ok) {
			const message =
				result.reason === 'password_wrong'
					? m.err_password_wrong()
					: result.reason === 'last_admin'
						? m.delete_last_admin()
						: m.delete_confirm_missing();
			return fail(400, { action: 'delete' as const, message });
		}
		deleteSessionCookie(event);
		redirect(303, localizeHref('/?deleted=1'));
	},
	withdrawRequest: async (event) => {
		const user = requireUser(event);
		await membership.withdraw(event.locals.db, user.id);
		return { action: 'withdraw' as const, success: m.sec13_request_withdrawn() };
	},
	revoke: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const id = cleanText(form.get('session')).slice(0, 64);
		if (!id || !(await sessions.revokeOwnSession(event.locals.db, user.id, id))) {
			return fail(404, { action: 'revoke' as const, message: m.session_not_found() });
		}
		redirectDone(event, 'revoked');
	}
};
