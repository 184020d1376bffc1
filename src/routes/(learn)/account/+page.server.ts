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

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const db = event.locals.db;
	const organisation = user.organisationId ? await organisations.getOrganisation(db, user.organisationId) : undefined;
	const list = await sessions.listSessions(db, user.id);
	const about = await demographics.getDemographics(db, user.id);
	return {
		profile: { name: user.name, email: user.email, role: user.role, organisation: organisation?.name ?? null },
		request: await membership.requestOf(db, user.id),
		sessions: list.map((s) => ({ ...s, current: s.id === event.locals.session?.id })),
		// The person's own optional answers (issue 19), shown to them alone.
		about: about && { gender: about.gender, ageBand: about.ageBand, community: about.community }
	};
};

export const actions: Actions = {
	password: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const result = await users.changePassword(
			event.locals.db,
			user.id,
			form.get('current'),
			form.get('password'),
			event.locals.session!.id
		);
		if (!result.ok) return fail(400, { action: 'password' as const, errors: result.errors });
		redirectDone(event, 'password');
	},
	deleteAccount: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const result = await privacy.deleteAccount(
			event.locals.db,
			user.id,
			form.get('password'),
			form.get('confirm') === 'yes'
		);
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
