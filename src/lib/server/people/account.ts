// A person's own details on My account: their name (printed on certificates issued from now on),
// their preferred language (e-mails, the default language of a certificate's PDF) and their e-mail
// address, changed only through a link sent to the new address.
//
// E-mail change links are `id.secret` like the set-password links (auth/password-tokens.ts): only a
// SHA-256 hash of the secret is stored and compared in constant time, a link lasts 24 hours and
// works once, and a newer request ends the earlier ones.
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { DB } from '../db/client';
import { fold } from '../../i18n/script';
import { locales, type Locale } from '$lib/paraglide/runtime';
import { verifyPassword } from '../auth/password';
import { cleanText, hasMarkup, isEmail, MARKUP_ERROR, normaliseEmail } from '../platform/form-text';
import { MAX_NAME_LENGTH } from './users';
import * as audit from './audit';
import { spendUnusedTokens } from '../auth/password-tokens';
import { isUniqueViolation } from '../db/errors';

export const EMAIL_CHANGE_TTL_MS = 24 * 60 * 60 * 1000;
/** Requests per person in any 24 hours: each one sends a mail to an address the person chose. */
export const EMAIL_CHANGES_PER_DAY = 5;
const DAY_MS = 24 * 60 * 60 * 1000;

// Control characters (tab and newline too: a name is one line) and the bidirectional overrides that
// can make a name on a certificate read differently from what it is.
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

export type NameError = 'name_required' | 'name_too_long' | 'acct_err_name_control' | typeof MARKUP_ERROR;

/** Checks a name as typed; the cleaned name or the message code of the problem. */
export function checkName(input: unknown): { ok: true; name: string } | { ok: false; error: NameError } {
	const raw = typeof input === 'string' ? input : '';
	if (CONTROL.test(raw.trim())) return { ok: false, error: 'acct_err_name_control' };
	const name = cleanText(raw).replace(/\s+/g, ' ');
	if (!name) return { ok: false, error: 'name_required' };
	if ([...name].length > MAX_NAME_LENGTH) return { ok: false, error: 'name_too_long' };
	if (hasMarkup(name)) return { ok: false, error: MARKUP_ERROR };
	return { ok: true, name };
}

export type ChangeNameResult = { ok: true; changed: boolean; name: string } | { ok: false; error: NameError };

/**
 * Changes a person's own name. Certificates already issued keep the name they were issued with
 * (certificates.recipient_name and the signed credential are written at issue time); the audit log
 * gets the old and the new name.
 */
export async function changeName(db: DB, userId: number, input: unknown, now = Date.now()): Promise<ChangeNameResult> {
	const check = checkName(input);
	if (!check.ok) return check;
	const name = check.name;
	return db.transaction().execute(async (tx) => {
		const user = await tx.selectFrom('users').select(['name', 'email']).where('id', '=', userId).executeTakeFirst();
		if (!user) return { ok: false as const, error: 'name_required' as const };
		if (user.name === name) return { ok: true as const, changed: false, name };
		await tx
			.updateTable('users')
			.set({ name, search_text: fold(`${name} ${user.email}`), updated_at: now })
			.where('id', '=', userId)
			.execute();
		await audit.record(tx, userId, 'name_changed', name, `${user.name} → ${name}`, now, { subjectUserId: userId });
		return { ok: true as const, changed: true, name };
	});
}

export function isPreferredLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** Stores the preferred language; false for anything but one of the four locales. */
export async function setLocale(db: DB, userId: number, locale: unknown, now = Date.now()): Promise<boolean> {
	if (!isPreferredLocale(locale)) return false;
	const done = await db
		.updateTable('users')
		.set({ locale, updated_at: now })
		.where('id', '=', userId)
		.executeTakeFirst();
	return Number(done.numUpdatedRows) > 0;
}

/** The language a person chose on My account, or null when they have not chosen one. */
export async function preferredLocale(db: DB, userId: number): Promise<Locale | null> {
	const row = await db.selectFrom('users').select('locale').where('id', '=', userId).executeTakeFirst();
	return isPreferredLocale(row?.locale) ? row.locale : null;
}

function random(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

const hash = (secret: string) => sha256(new TextEncoder().encode(secret));

export type EmailChangeErrors = Partial<Record<'current' | 'email', string>>;

export type RequestEmailChangeResult =
	| {
			ok: true;
			/** The link's token, to be mailed to `to` (and never shown to the requester). */
			token: string;
			to: string;
			oldEmail: string;
			name: string;
			locale: Locale | null;
			expiresAt: number;
	  }
	| { ok: false; errors: EmailChangeErrors }
	| { ok: false; reason: 'throttled' };

/**
 * Asks to change a person's e-mail address: checks their current password and makes a link for the
 * new address. Whether the new address already has an account is not said here (that would tell
 * anyone signed in which addresses have accounts); the link then refuses to change it.
 */
export async function requestEmailChange(
	db: DB,
	userId: number,
	input: { password: unknown; email: unknown },
	now = Date.now()
): Promise<RequestEmailChangeResult> {
	const user = await db
		.selectFrom('users')
		.select(['email', 'name', 'password_hash', 'locale'])
		.where('id', '=', userId)
		.executeTakeFirst();
	if (!user) return { ok: false, errors: { current: 'password_wrong' } };
	const email = normaliseEmail(input.email);
	const errors: EmailChangeErrors = {};
	if (!email) errors.email = 'email_required';
	else if (!isEmail(email)) errors.email = 'email_invalid';
	else if (email === user.email) errors.email = 'acct_err_email_same';
	const password = typeof input.password === 'string' ? input.password.slice(0, 1000) : '';
	if (!password) errors.current = 'password_required';
	else if (!(await verifyPassword(user.password_hash, password))) errors.current = 'password_wrong';
	if (errors.email || errors.current) return { ok: false, errors };

	const id = random();
	const secret = random();
	const expiresAt = now + EMAIL_CHANGE_TTL_MS;
	const made = await db.transaction().execute(async (tx) => {
		// Counted in the writing transaction, so that simultaneous requests cannot pass the limit together.
		const recent = await tx
			.selectFrom('email_changes')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('user_id', '=', userId)
			.where('created_at', '>', now - DAY_MS)
			.executeTakeFirstOrThrow();
		if (Number(recent.n) >= EMAIL_CHANGES_PER_DAY) return false;
		// Only the newest link works: the earlier ones expire now (kept, as they count towards the limit).
		await tx
			.updateTable('email_changes')
			.set({ expires_at: now })
			.where('user_id', '=', userId)
			.where('used_at', 'is', null)
			.where('expires_at', '>', now)
			.execute();
		await tx
			.insertInto('email_changes')
			.values({
				id,
				user_id: userId,
				new_email: email,
				secret_hash: hash(secret),
				expires_at: expiresAt,
				used_at: null,
				created_at: now
			})
			.execute();
		return true;
	});
	if (!made) return { ok: false, reason: 'throttled' };
	return {
		ok: true,
		token: `${id}.${secret}`,
		to: email,
		oldEmail: user.email,
		name: user.name,
		locale: isPreferredLocale(user.locale) ? user.locale : null,
		expiresAt
	};
}

export type EmailLinkProblem = 'invalid' | 'expired' | 'used';

export type EmailChangeCheck =
	| { ok: true; changeId: string; userId: number; newEmail: string; name: string }
	| { ok: false; reason: EmailLinkProblem };

/** Checks a confirmation link without using it. */
export async function checkEmailChange(db: DB, token: string, now = Date.now()): Promise<EmailChangeCheck> {
	const [id, secret, extra] = token.split('.');
	if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64)
		return { ok: false, reason: 'invalid' };
	const row = await db
		.selectFrom('email_changes')
		.innerJoin('users', 'users.id', 'email_changes.user_id')
		.select([
			'email_changes.id',
			'email_changes.user_id',
			'email_changes.new_email',
			'email_changes.secret_hash',
			'email_changes.expires_at',
			'email_changes.used_at',
			'users.name',
			'users.active'
		])
		.where('email_changes.id', '=', id)
		.executeTakeFirst();
	if (!row || !constantTimeEqual(hash(secret), new Uint8Array(row.secret_hash)))
		return { ok: false, reason: 'invalid' };
	if (row.used_at !== null) return { ok: false, reason: 'used' };
	if (row.expires_at <= now || row.active !== 1) return { ok: false, reason: 'expired' };
	return { ok: true, changeId: row.id, userId: row.user_id, newEmail: row.new_email, name: row.name };
}

export type ConfirmEmailChangeResult =
	| { ok: true; userId: number; oldEmail: string; newEmail: string; name: string; locale: Locale | null }
	| { ok: false; reason: EmailLinkProblem | 'taken' };

/**
 * Changes the address through a link and spends the link, unless another account has the new
 * address by now (checked in the same transaction; the link then stays unused until it expires).
 */
export async function confirmEmailChange(db: DB, token: string, now = Date.now()): Promise<ConfirmEmailChangeResult> {
	const check = await checkEmailChange(db, token, now);
	if (!check.ok) return check;
	try {
		return await db.transaction().execute(async (tx) => {
			const taken = await tx
				.selectFrom('users')
				.select('id')
				.where('email', '=', check.newEmail)
				.where('id', '!=', check.userId)
				.executeTakeFirst();
			if (taken) return { ok: false as const, reason: 'taken' as const };
			// Spent first, guarded on used_at and expiry, so that two submissions cannot both succeed.
			const spent = await tx
				.updateTable('email_changes')
				.set({ used_at: now })
				.where('id', '=', check.changeId)
				.where('used_at', 'is', null)
				.where('expires_at', '>', now)
				.executeTakeFirst();
			if (Number(spent.numUpdatedRows) === 0) return { ok: false as const, reason: 'used' as const };
			const user = await tx
				.selectFrom('users')
				.select(['email', 'name', 'locale'])
				.where('id', '=', check.userId)
				.executeTakeFirstOrThrow();
			await tx
				.updateTable('users')
				.set({ email: check.newEmail, search_text: fold(`${user.name} ${check.newEmail}`), updated_at: now })
				.where('id', '=', check.userId)
				.execute();
			await tx
				.updateTable('email_changes')
				.set({ expires_at: now })
				.where('user_id', '=', check.userId)
				.where('used_at', 'is', null)
				.execute();
			// Password links mailed to the old address stop working with it.
			await spendUnusedTokens(tx, check.userId, now);
			await audit.record(tx, check.userId, 'email_changed', check.newEmail, `${user.email} → ${check.newEmail}`, now, {
				subjectUserId: check.userId
			});
			return {
				ok: true as const,
				userId: check.userId,
				oldEmail: user.email,
				newEmail: check.newEmail,
				name: user.name,
				locale: isPreferredLocale(user.locale) ? user.locale : null
			};
		});
	} catch (e) {
		// The unique index on users.email, should another account take the address at the same instant.
		if (isUniqueViolation(e)) return { ok: false, reason: 'taken' };
		throw e;
	}
}

/** Whether a change is waiting for its link to be opened: the page says so. */
export async function pendingEmailChange(
	db: DB,
	userId: number,
	now = Date.now()
): Promise<{ newEmail: string; expiresAt: number } | null> {
	const row = await db
		.selectFrom('email_changes')
		.select(['new_email', 'expires_at'])
		.where('user_id', '=', userId)
		.where('used_at', 'is', null)
		.where('expires_at', '>', now)
		.orderBy('created_at', 'desc')
		.executeTakeFirst();
	return row ? { newEmail: row.new_email, expiresAt: row.expires_at } : null;
}
