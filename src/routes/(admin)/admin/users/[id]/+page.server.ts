import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { idParam, requireUser } from '$lib/server/http/guard';
import * as users from '$lib/server/people/users';
import * as organisations from '$lib/server/people/organisations';
import * as audit from '$lib/server/people/audit';
import { redirectDone } from '$lib/server/http/prg';
import * as flash from '$lib/server/http/flash';
import * as adminUsers from '$lib/server/people/admin-users';
import { mailLink, type ShownLink } from '../link-mail';

async function loadTarget(db: App.Locals['db'], id: number) {
	const target = await users.getUser(db, id);
	if (!target) error(404, { message: m.error_404_text() });
	return target;
}

export const load: PageServerLoad = async (event) => {
	const admin = requireUser(event, 'admin');
	const target = await loadTarget(event.locals.db, idParam(event.params.id));
	const shown = await flash.take<ShownLink>(event.locals.db, admin.id, event.url.searchParams.get('link'));
	return {
		// A link made for this account a moment ago (created, or a new password link), for this admin only.
		link: shown && shown.email === target.email ? shown : null,
		deleted: adminUsers.isDeleted(target.password_hash),
		self: target.id === admin.id,
		target: {
			id: target.id,
			name: target.name,
			email: target.email,
			role: target.role,
			organisationId: target.organisation_id,
			active: Boolean(target.active),
			createdAt: target.created_at
		},
		organisations: await organisations.organisationChoices(event.locals.db),
		roles: users.ROLES
	};
};

export const actions: Actions = {
	role: async (event) => {
		const admin = requireUser(event, 'admin');
		const id = idParam(event.params.id);
		const target = await loadTarget(event.locals.db, id);
		const role = (await event.request.formData()).get('role');
		if (!users.isRole(role)) return fail(400, { message: m.err_role_invalid() });
		if (id === admin.id && role !== 'admin') return fail(400, { message: m.err_own_admin_role() });
		await users.setRole(event.locals.db, id, role);
		if (target.role !== role)
			await audit.record(
				event.locals.db,
				admin.id,
				'role_changed',
				`${target.name} <${target.email}>`,
				`${target.role} → ${role}`,
				undefined,
				{ subjectUserId: target.id }
			);
		redirectDone(event, 'saved');
	},
	organisation: async (event) => {
		requireUser(event, 'admin');
		const id = idParam(event.params.id);
		await loadTarget(event.locals.db, id);
		const choice = users.parseOrganisationChoice((await event.request.formData()).get('organisation'));
		if (choice === undefined || !(await users.setOrganisation(event.locals.db, id, choice))) {
			return fail(400, { message: m.err_organisation_unknown() });
		}
		redirectDone(event, 'saved');
	},
	deactivate: async (event) => {
		const admin = requireUser(event, 'admin');
		const id = idParam(event.params.id);
		const target = await loadTarget(event.locals.db, id);
		if (id === admin.id) return fail(400, { message: m.err_deactivate_self() });
		await users.setActive(event.locals.db, id, false);
		await audit.record(
			event.locals.db,
			admin.id,
			'user_deactivated',
			`${target.name} <${target.email}>`,
			'',
			undefined,
			{ subjectUserId: target.id }
		);
		redirectDone(event, 'deactivated');
	},
	reactivate: async (event) => {
		const admin = requireUser(event, 'admin');
		const id = idParam(event.params.id);
		const target = await loadTarget(event.locals.db, id);
		await users.setActive(event.locals.db, id, true);
		await audit.record(
			event.locals.db,
			admin.id,
			'user_reactivated',
			`${target.name} <${target.email}>`,
			'',
			undefined,
			{ subjectUserId: target.id }
		);
		redirectDone(event, 'reactivated');
	},
	details: async (event) => {
		const admin = requireUser(event, 'admin');
		const id = idParam(event.params.id);
		await loadTarget(event.locals.db, id);
		const form = adminUsers.readUserForm(await event.request.formData());
		const values = { name: form.name, email: form.email };
		const result = await adminUsers.editUser(event.locals.db, id, values, admin.id);
		if (!result.ok && 'reason' in result) error(404, { message: m.error_404_text() });
		if (!result.ok) return fail(400, { action: 'details' as const, values, errors: result.errors });
		redirectDone(event, 'saved');
	},
	password: async (event) => {
		const admin = requireUser(event, 'admin');
		const id = idParam(event.params.id);
		await loadTarget(event.locals.db, id);
		const result = await adminUsers.issuePasswordLink(event.locals.db, id, admin.id);
		if (!result.ok) error(404, { message: m.error_404_text() });
		const shown = await mailLink(result, result.token);
		redirectDone(event, 'linked', { link: await flash.put(event.locals.db, admin.id, shown) });
	}
};
