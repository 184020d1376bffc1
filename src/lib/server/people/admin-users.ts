// What an admin does to one account beyond its role and organisation (users.ts): create it with a
// set-password link, correct its name and e-mail, give its owner a new link, delete it. Every change
// is in the audit log; checks that must hold (a free e-mail, the admin not deleting themself) are made
// inside the writing transaction, so that two admins at the same moment cannot both pass them.
import type { DB } from '../db/client';
import type { Role } from '../../../../db/schema';
import { createPasswordToken, reissuePasswordToken, spendUnusedTokens } from '../auth/password-tokens';
import { cleanText, isEmail, normaliseEmail } from '../platform/form-text';
import { fold } from '../../i18n/script';
import * as audit from './audit';
import { eraseAccount } from './privacy';
import { MAX_NAME_LENGTH, isRole, parseOrganisationChoice } from './users';
import { isUniqueViolation } from '../db/errors';

/** Codes the route turns into messages. */
export type AdminUserError =
	| 'name_required'
	| 'name_too_long'
	| 'email_required'
	| 'email_invalid'
	| 'email_taken'
	| 'role_invalid'
	| 'organisation_unknown';

export type AdminUserErrors = Partial<Record<'name' | 'email' | 'role' | 'organisation', AdminUserError>>;

/** What the form holds, as typed (bounded), to show it again. */
export interface AdminUserValues {
	name: string;
	email: string;
	role: string;
	organisation: string;
}

/** A NO_PASSWORD hash as in users.ts: no password matches it until the owner sets one by the link. */
const NO_PASSWORD = '!unset';

const field = (form: FormData, name: string, max: number) => {
	const value = form.get(name);
	return typeof value === 'string' ? value.slice(0, max) : '';
};

export function readUserForm(form: FormData): AdminUserValues {
	return {
		name: field(form, 'name', 400),
		email: field(form, 'email', 400),
		role: field(form, 'role', 20),
		organisation: field(form, 'organisation', 12)
	};
}

function checkNameAndEmail(values: AdminUserValues, errors: AdminUserErrors) {
	const name = cleanText(values.name);
	const email = normaliseEmail(values.email);
	if (!name) errors.name = 'name_required';
	else if ([...name].length > MAX_NAME_LENGTH) errors.name = 'name_too_long';
	if (!email) errors.email = 'email_required';
	else if (!isEmail(email)) errors.email = 'email_invalid';
	return { name, email };
}

async function emailTaken(db: DB, email: string, except?: number): Promise<boolean> {
	let query = db.selectFrom('users').select('id').where('email', '=', email);
	if (except !== undefined) query = query.where('id', '!=', except);
	return Boolean(await query.executeTakeFirst());
}

const describe = (name: string, email: string) => `${name} <${email}>`;

export type CreateResult =
	| { ok: true; user: { id: number; name: string; email: string }; token: string }
	| { ok: false; errors: AdminUserErrors };

/**
 * Creates an account with a role (and an organisation, confirmed) and no password: its owner sets one
 * through the returned link token (7 days, once). An e-mail that already has an account is refused.
 */
export async function createUser(
	db: DB,
	values: AdminUserValues,
	actorId: number,
	now = Date.now()
): Promise<CreateResult> {
	const errors: AdminUserErrors = {};
	const { name, email } = checkNameAndEmail(values, errors);
	const role: Role | null = isRole(values.role) ? values.role : null;
	if (!role) errors.role = 'role_invalid';
	const organisationId = parseOrganisationChoice(values.organisation);
	if (organisationId === undefined) errors.organisation = 'organisation_unknown';
	if (Object.keys(errors).length > 0 || !role || organisationId === undefined) return { ok: false, errors };

	try {
		return await db.transaction().execute(async (tx): Promise<CreateResult> => {
			if (organisationId !== null) {
				const org = await tx
					.selectFrom('organisations')
					.select('id')
					.where('id', '=', organisationId)
					.executeTakeFirst();
				if (!org) return { ok: false, errors: { organisation: 'organisation_unknown' } };
			}
			if (await emailTaken(tx, email)) return { ok: false, errors: { email: 'email_taken' } };
			const user = await tx
				.insertInto('users')
				.values({
					email,
					name,
					search_text: fold(`${name} ${email}`),
					password_hash: NO_PASSWORD,
					role,
					organisation_id: organisationId,
					created_at: now,
					updated_at: now
				})
				.returning(['id', 'name', 'email'])
				.executeTakeFirstOrThrow();
			const token = await createPasswordToken(tx, user.id, actorId, now);
			await audit.record(tx, actorId, 'user_created', describe(name, email), role, now, { subjectUserId: user.id });
			return { ok: true, user, token };
		});
	} catch (e) {
		// Another request took the address between the check and the insert: the unique index decides.
		if (isUniqueViolation(e)) return { ok: false, errors: { email: 'email_taken' } };
		throw e;
	}
}

export type EditResult =
	{ ok: true; changed: boolean } | { ok: false; errors: AdminUserErrors } | { ok: false; reason: 'unknown' };

/**
 * Corrects an account's name and e-mail. An admin's change needs no confirmation by link (the admin
 * vouches for it); the log keeps the old and the new values. A deleted account cannot be edited.
 */
export async function editUser(
	db: DB,
	userId: number,
	values: Pick<AdminUserValues, 'name' | 'email'>,
	actorId: number,
	now = Date.now()
): Promise<EditResult> {
	const errors: AdminUserErrors = {};
	const { name, email } = checkNameAndEmail({ ...values, role: '', organisation: '' }, errors);
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	try {
		return await db.transaction().execute(async (tx): Promise<EditResult> => {
			const user = await tx
				.selectFrom('users')
				.select(['name', 'email', 'password_hash'])
				.where('id', '=', userId)
				.executeTakeFirst();
			if (!user || user.password_hash === audit.DELETED_ACCOUNT_HASH) return { ok: false, reason: 'unknown' };
			if (user.name === name && user.email === email) return { ok: true, changed: false };
			if (email !== user.email && (await emailTaken(tx, email, userId))) {
				return { ok: false, errors: { email: 'email_taken' } };
			}
			await tx
				.updateTable('users')
				.set({ name, email, search_text: fold(`${name} ${email}`), updated_at: now })
				.where('id', '=', userId)
				.execute();
			// A link mailed to the old (perhaps mistyped) address must not set the password any more.
			if (user.email !== email) await spendUnusedTokens(tx, userId, now);
			const changes = [
				user.name !== name ? `${user.name} → ${name}` : null,
				user.email !== email ? `${user.email} → ${email}` : null
			].filter(Boolean);
			await audit.record(tx, actorId, 'user_edited', describe(name, email), changes.join('; '), now, {
				subjectUserId: userId
			});
			return { ok: true, changed: true };
		});
	} catch (e) {
		if (isUniqueViolation(e)) return { ok: false, errors: { email: 'email_taken' } };
		throw e;
	}
}

export type LinkResult =
	{ ok: true; token: string; name: string; email: string; locale: string | null } | { ok: false; reason: 'unknown' };

/**
 * A new set-password link for an account (its owner forgot the password, or lost the first link).
 * The account's older unused links stop working; its password stays until the new one is set.
 */
export async function issuePasswordLink(
	db: DB,
	userId: number,
	actorId: number,
	now = Date.now()
): Promise<LinkResult> {
	return db.transaction().execute(async (tx): Promise<LinkResult> => {
		const user = await tx
			.selectFrom('users')
			.select(['name', 'email', 'password_hash', 'locale'])
			.where('id', '=', userId)
			.executeTakeFirst();
		if (!user || user.password_hash === audit.DELETED_ACCOUNT_HASH) return { ok: false, reason: 'unknown' };
		const token = await reissuePasswordToken(tx, userId, actorId, now);
		await audit.record(tx, actorId, 'password_link_issued', describe(user.name, user.email), '', now, {
			subjectUserId: userId
		});
		return { ok: true, token, name: user.name, email: user.email, locale: user.locale };
	});
}

export type DeleteResult = { ok: true } | { ok: false; reason: 'self' | 'unknown' | 'last_admin' };

/** Deletes an account as its owner would (privacy.eraseAccount), recorded as the admin's act. */
export async function deleteUser(db: DB, userId: number, actorId: number, now = Date.now()): Promise<DeleteResult> {
	if (userId === actorId) return { ok: false, reason: 'self' };
	const user = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
	if (!user || user.password_hash === audit.DELETED_ACCOUNT_HASH) return { ok: false, reason: 'unknown' };
	return eraseAccount(db, userId, actorId, now);
}

/** Whether an account has been deleted (anonymised): its page offers nothing more to do. */
export function isDeleted(passwordHash: string): boolean {
	return passwordHash === audit.DELETED_ACCOUNT_HASH;
}
