// People with accounts: sign-up, sign-in, password changes and what admins do to accounts.
import type { DB } from '../db/client';
import type { Role, User } from '../../../../db/schema';
import {
	hashPassword,
	verifyPassword,
	checkPasswordPolicy,
	PasswordWorkBusy,
	type PasswordProblem
} from '../auth/password';
import { releaseAttempt, reserveAttempt, signInLimits, signUpRule } from '../auth/throttle';
import { createPasswordToken, spendUnusedTokens } from '../auth/password-tokens';
import { invalidateUserSessions } from '../auth/session';
import { sql } from 'kysely';
import { cleanText, isEmail, normaliseEmail } from '../platform/form-text';
import { fold } from '../../i18n/script';
import { DELETED_ACCOUNT_HASH } from './audit';
import { isUniqueViolation } from '../db/errors';

export const ROLES: readonly Role[] = ['learner', 'trainer', 'coordinator', 'admin'];
export const MAX_NAME_LENGTH = 100;

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export type FieldErrors = Partial<Record<'name' | 'email' | 'password' | 'organisation' | 'current', string>>;

export interface SignUpInput {
	name: unknown;
	email: unknown;
	password: unknown;
	/** An organisation id, or '' / 'independent' for none. */
	organisation: unknown;
}

/** Reads an organisation choice from a form: null for independent, a number, or undefined if bad. */
export function parseOrganisationChoice(value: unknown): number | null | undefined {
	if (value === null || value === undefined || value === '' || value === 'independent') return null;
	if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) return undefined;
	return Number(value);
}

async function organisationExists(db: DB, id: number): Promise<boolean> {
	const row = await db.selectFrom('organisations').select('id').where('id', '=', id).executeTakeFirst();
	return Boolean(row);
}

export type SignUpRefusal =
	| { ok: false; errors: FieldErrors }
	| { ok: false; reason: 'throttled'; retryAfterMs: number }
	| { ok: false; reason: 'busy' };

/** The account exists and its owner may be signed in (sign-up without e-mail). */
export type SignUpResult = { ok: true; user: User } | SignUpRefusal;

/** E-mail is configured: the route mails `mail.to` a set-password link and answers "check your
 * e-mail", the same for a new address and one that already has an account. */
export type SignUpLinkResult =
	{ ok: true; mail: { to: string; name: string; token: string; existing: boolean } } | SignUpRefusal;

export interface SignUpOptions {
	/** The client's address: sign-ups are throttled per address. */
	address?: string;
	now?: number;
}

async function checkSignUp(db: DB, input: SignUpInput, withPassword: boolean) {
	const errors: FieldErrors = {};
	const name = cleanText(input.name);
	const email = normaliseEmail(input.email);
	const password = typeof input.password === 'string' ? input.password : '';
	const organisationId = parseOrganisationChoice(input.organisation);

	if (!name) errors.name = 'name_required';
	else if ([...name].length > MAX_NAME_LENGTH) errors.name = 'name_too_long';
	if (!email) errors.email = 'email_required';
	else if (!isEmail(email)) errors.email = 'email_invalid';
	if (withPassword) {
		if (!password) errors.password = 'password_required';
		else {
			const problem: PasswordProblem | null = await checkPasswordPolicy(password, { email, name });
			if (problem) errors.password = problem;
		}
	}
	if (organisationId === undefined || (organisationId !== null && !(await organisationExists(db, organisationId)))) {
		errors.organisation = 'organisation_unknown';
	}
	return { errors, name, email, password, organisationId: organisationId ?? null };
}

function signUpLimits(address: string | undefined) {
	return [{ key: `signup:${address ?? 'unknown'}`, rule: signUpRule() }];
}

/**
 * Creates a learner account, when no e-mail is configured (the person is then signed in at once).
 * Returns field errors (codes such as 'password_common') instead of throwing, so that the form can be
 * shown again with the values kept. An address that already has an account is refused with a
 * neutral message that does not say so; it cannot look the same as a new account, which is signed
 * in, so with e-mail configured the route uses signUpViaMail instead (README, "Security and data").
 * Throttled per client address, counted before the password is hashed.
 */
export async function signUp(db: DB, input: SignUpInput, options: SignUpOptions = {}): Promise<SignUpResult> {
	const now = options.now ?? Date.now();
	const { errors, name, email, password, organisationId } = await checkSignUp(db, input, true);
	if (Object.keys(errors).length > 0) return { ok: false, errors };

	// Counted before anything costly, in one transaction with the check (see throttle.ts).
	const limits = signUpLimits(options.address);
	const reserved = await reserveAttempt(db, limits, now);
	if (!reserved.ok) return { ok: false, reason: 'throttled', retryAfterMs: reserved.retryAfterMs };

	if (await findUserByEmail(db, email)) return { ok: false, errors: { email: 'signup_refused' } };
	let passwordHash: string;
	try {
		passwordHash = await hashPassword(password, true);
	} catch (e) {
		if (!(e instanceof PasswordWorkBusy)) throw e;
		await releaseAttempt(db, limits, [], now);
		return { ok: false, reason: 'busy' };
	}
	try {
		const user = await db
			.insertInto('users')
			.values({
				email,
				name,
				search_text: fold(`${name} ${email}`),
				password_hash: passwordHash,
				role: 'learner',
				// Choosing an organisation is a request: membership is confirmed by someone who knows it
				// (see membership.ts), until then it grants nothing.
				organisation_id: null,
				requested_organisation_id: organisationId ?? null,
				requested_at: organisationId ? now : null,
				created_at: now,
				updated_at: now
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		return { ok: true, user };
	} catch (e) {
		// Two sign-ups with one e-mail at the same moment: the unique index decides.
		if (isUniqueViolation(e)) return { ok: false, errors: { email: 'signup_refused' } };
		throw e;
	}
}

/** A hash that no password matches: an account made through e-mail has none until its owner sets one. */
const NO_PASSWORD = '!unset';

/**
 * Sign-up when e-mail is configured: no password is asked for, and the answer does not depend on
 * whether the address already has an account. A new address gets an account without a password; in
 * both cases the owner of the address is to be mailed a set-password link (`mail`).
 */
export async function signUpViaMail(
	db: DB,
	input: SignUpInput,
	options: SignUpOptions = {}
): Promise<SignUpLinkResult> {
	const now = options.now ?? Date.now();
	const { errors, name, email, organisationId } = await checkSignUp(db, input, false);
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	const reserved = await reserveAttempt(db, signUpLimits(options.address), now);
	if (!reserved.ok) return { ok: false, reason: 'throttled', retryAfterMs: reserved.retryAfterMs };
	const account = { name, email, organisationId };

	return db.transaction().execute(async (tx) => {
		const found = await tx
			.selectFrom('users')
			.select(['id', 'name'])
			.where('email', '=', account.email)
			.executeTakeFirst();
		const user =
			found ??
			(await tx
				.insertInto('users')
				.values({
					email: account.email,
					name: account.name,
					search_text: fold(`${account.name} ${account.email}`),
					password_hash: NO_PASSWORD,
					role: 'learner',
					// A request, as in signUp: confirmed membership comes from someone who knows it.
					organisation_id: null,
					requested_organisation_id: account.organisationId,
					requested_at: account.organisationId ? now : null,
					created_at: now,
					updated_at: now
				})
				.returning(['id', 'name'])
				.executeTakeFirstOrThrow());
		const token = await createPasswordToken(tx, user.id, null, now);
		return { ok: true as const, mail: { to: account.email, name: user.name, token, existing: Boolean(found) } };
	});
}

export function findUserByEmail(db: DB, email: string): Promise<User | undefined> {
	return db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
}

export function getUser(db: DB, id: number): Promise<User | undefined> {
	return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Trainers whose accounts are active, by name: whom an admin may make a course's author. */
export function activeTrainers(db: DB): Promise<{ id: number; name: string }[]> {
	return db
		.selectFrom('users')
		.select(['id', 'name'])
		.where('role', '=', 'trainer')
		.where('active', '=', 1)
		.orderBy('name')
		.execute();
}

// Verifying against a real hash of a random password when the e-mail is unknown keeps the answer
// time the same, so timing does not tell whether an address is registered.
let dummyHash: Promise<string> | undefined;

export type SignInResult =
	| { ok: true; user: User }
	// A deactivated account, or one without a password yet, is answered as a wrong password: the
	// answer must not confirm that the password was right.
	| { ok: false; reason: 'invalid' | 'busy' }
	| { ok: false; reason: 'throttled'; retryAfterMs: number };

/** Checks an e-mail and password, throttled per account and address, per account and per address. */
export async function signIn(
	db: DB,
	emailInput: unknown,
	password: unknown,
	address: string,
	now = Date.now()
): Promise<SignInResult> {
	const email = normaliseEmail(emailInput);
	const limits = signInLimits(email, address);
	const reserved = await reserveAttempt(db, limits, now);
	if (!reserved.ok) return { ok: false, reason: 'throttled', retryAfterMs: reserved.retryAfterMs };

	const user = email ? await findUserByEmail(db, email) : undefined;
	const candidate = typeof password === 'string' ? password.slice(0, 1024) : '';
	let valid: boolean;
	try {
		dummyHash ??= hashPassword(crypto.randomUUID());
		valid = await verifyPassword(user?.password_hash ?? (await dummyHash), candidate, true);
	} catch (e) {
		if (!(e instanceof PasswordWorkBusy)) throw e;
		// Nothing was checked: the reservation is given back.
		await releaseAttempt(db, limits, [], now);
		return { ok: false, reason: 'busy' };
	}
	// The reservation stays counted as a failure unless the password was right for an active account.
	if (!user || !valid || !user.active) return { ok: false, reason: 'invalid' };
	await releaseAttempt(db, limits, [limits[0].key], now);
	return { ok: true, user };
}

/** Changes a password after checking the current one; every other sign-in of the user ends. */
export async function changePassword(
	db: DB,
	userId: number,
	current: unknown,
	next: unknown,
	keepSessionId: string
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
	const user = await getUser(db, userId);
	if (!user) return { ok: false, errors: { current: 'password_wrong' } };
	const currentPassword = typeof current === 'string' ? current : '';
	const newPassword = typeof next === 'string' ? next : '';
	if (!(await verifyPassword(user.password_hash, currentPassword))) {
		return { ok: false, errors: { current: 'password_wrong' } };
	}
	const problem = newPassword
		? await checkPasswordPolicy(newPassword, { email: user.email, name: user.name })
		: 'password_required';
	if (problem) return { ok: false, errors: { password: problem } };
	const passwordHash = await hashPassword(newPassword);
	await db.transaction().execute(async (tx) => {
		const now = Date.now();
		await tx
			.updateTable('users')
			.set({ password_hash: passwordHash, updated_at: now })
			.where('id', '=', userId)
			.execute();
		await invalidateUserSessions(tx, userId, keepSessionId);
		// Reset and set links mailed earlier stop working: the password is the one just chosen.
		await spendUnusedTokens(tx, userId, now);
	});
	return { ok: true };
}

export interface UserListItem {
	id: number;
	name: string;
	email: string;
	role: Role;
	active: number;
	organisationName: string | null;
}

export const USERS_PAGE_SIZE = 50;

/** Users matching a search on name or e-mail, a page at a time, sorted by name. */
export async function searchUsers(db: DB, query: string, page = 1): Promise<{ users: UserListItem[]; total: number }> {
	// SQLite's lower() and LIKE fold ASCII only, so the match runs on a folded copy of name and
	// e-mail; ESCAPE makes % and _ typed by the admin plain characters.
	const q = fold(cleanText(query)).slice(0, 100);
	let base = db
		.selectFrom('users')
		.leftJoin('organisations', 'organisations.id', 'users.organisation_id')
		// Deleted (anonymised) accounts are no one to manage: neither listed nor counted.
		.where('users.password_hash', '!=', DELETED_ACCOUNT_HASH);
	if (q) {
		const like = `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
		base = base.where(sql<boolean>`users.search_text like ${like} escape '\\'`);
	}
	const [rows, count] = await Promise.all([
		base
			.select([
				'users.id',
				'users.name',
				'users.email',
				'users.role',
				'users.active',
				'organisations.name as organisationName'
			])
			.orderBy('users.name')
			.orderBy('users.id')
			.limit(USERS_PAGE_SIZE)
			.offset((Math.max(1, page) - 1) * USERS_PAGE_SIZE)
			.execute(),
		base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
	]);
	return { users: rows, total: Number(count.n) };
}

export async function setRole(db: DB, userId: number, role: Role): Promise<boolean> {
	const r = await db
		.updateTable('users')
		.set({ role, updated_at: Date.now() })
		.where('id', '=', userId)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) > 0;
}

/** Sets a user's organisation as staff do (admins): a confirmed membership, replacing any request. */
export async function setOrganisation(db: DB, userId: number, organisationId: number | null): Promise<boolean> {
	if (organisationId !== null && !(await organisationExists(db, organisationId))) return false;
	const r = await db
		.updateTable('users')
		.set({
			organisation_id: organisationId,
			requested_organisation_id: null,
			requested_at: null,
			updated_at: Date.now()
		})
		.where('id', '=', userId)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) > 0;
}

/** Deactivates (or reactivates) an account; deactivation signs it out everywhere at once. */
export async function setActive(db: DB, userId: number, active: boolean): Promise<boolean> {
	return db.transaction().execute(async (tx) => {
		const r = await tx
			.updateTable('users')
			.set({ active: active ? 1 : 0, updated_at: Date.now() })
			.where('id', '=', userId)
			.executeTakeFirst();
		if (!active) await invalidateUserSessions(tx, userId);
		return Number(r.numUpdatedRows) > 0;
	});
}

/** Creates an account with a given role without the sign-up form (admin tool, demo data). */
export async function createUserWithRole(
	db: DB,
	input: { name: string; email: string; password: string; role: Role; organisationId?: number | null }
): Promise<User> {
	const now = Date.now();
	return db
		.insertInto('users')
		.values({
			email: normaliseEmail(input.email),
			name: cleanText(input.name),
			search_text: fold(`${cleanText(input.name)} ${normaliseEmail(input.email)}`),
			password_hash: await hashPassword(input.password),
			role: input.role,
			organisation_id: input.organisationId ?? null,
			created_at: now,
			updated_at: now
		})
		.returningAll()
		.executeTakeFirstOrThrow();
}
