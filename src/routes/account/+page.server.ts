import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/auth/guard';
import * as sessions from '$lib/server/auth/session';
import * as users from '$lib/server/users';
import * as organisations from '$lib/server/organisations';
import { cleanText } from '$lib/server/text';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const db = event.locals.db;
	const organisation = user.organisationId ? await organisations.getOrganisation(db, user.organisationId) : undefined;
	const list = await sessions.listSessions(db, user.id);
	return {
		profile: { name: user.name, email: user.email, role: user.role, organisation: organisation?.name ?? null },
		sessions: list.map((s) => ({ ...s, current: s.id === event.locals.session?.id }))
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
		return { action: 'password' as const, success: m.password_changed() };
	},
	revoke: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const id = cleanText(form.get('session')).slice(0, 64);
		if (!id || !(await sessions.revokeOwnSession(event.locals.db, user.id, id))) {
			return fail(404, { action: 'revoke' as const, message: m.session_not_found() });
		}
		return { action: 'revoke' as const, success: m.session_revoked() };
	}
};
