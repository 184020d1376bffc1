// People with accounts: sign-up, sign-in, password changes and what admins do to accounts.
import type { DB } from './db';
import type { Role, User } from '../../../db/schema';
import { hashPassword, verifyPassword, checkPasswordPolicy, type PasswordProblem } from './auth/password';
import { EMAIL_RULE, IP_RULE, clearFailures, lockedFor, recordFailure } from './auth/throttle';
import { invalidateUserSessions } from './auth/session';
import { sql } from 'kysely';
import { cleanText, foldForSearch, isEmail, normaliseEmail } from './text';

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

/**
 * Creates a learner account. Returns field errors (codes such as 'email_taken') instead of throwing,
 * so that the form can be shown again with the values kept.
 */
export async function signUp(
	db: DB,
	input: SignUpInput
): Promise<{ ok: true; user: User } | { ok: false; errors: FieldErrors }> {
	const errors: FieldErrors = {};
	const name = cleanText(input.name);
	const email = normaliseEmail(input.email);
	const password = typeof input.password === 'string' ? input.password : '';
	const organisationId = parseOrganisationChoice(input.organisation);

	if (!name) errors.name = 'name_required';
	else if ([...name].length > MAX_NAME_LENGTH) errors.name = 'name_too_long';
	if (!email) errors.email = 'email_required';
	else if (!isEmail(email)) errors.email = 'email_invalid';
	if (!password) errors.password = 'password_required';
	else {
		const problem: PasswordProblem | null = await checkPasswordPolicy(password, { email, name });
		if (problem) errors.password = problem;
	}
	if (organisationId === undefined || (organisationId !== null && !(await organisationExists(db, organisationId)))) {
		errors.organisation = 'organisation_unknown';
	}
	if (!errors.email && (await findUserByEmail(db, email))) errors.email = 'email_taken';
	if (Object.keys(errors).length > 0) return { ok: false, errors };

	const passwordHash = await hashPassword(password);
	const now = Date.now();
	try {
		const user = await db
			.insertInto('users')
			.values({
				email,
				name,
				search_text: foldForSearch(`${name} ${email}`),
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
		if (String(e).includes('UNIQUE')) return { ok: false, errors: { email: 'email_taken' } };
		throw e;
	}
}

export function findUserByEmail(db: DB, email: string): Promise<User | undefined> {
	return db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
}

export function getUser(db: DB, id: number): Promise<User | undefined> {
	return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

// Verifying against a real hash of a random password when the e-mail is unknown keeps the answer
// time the same, so timing does not tell whether an address is registered.
let dummyHash: Promise<string> | undefined;

export type SignInResult =
	| { ok: true; user: User }
	| { ok: false; reason: 'invalid' | 'inactive' }
	| { ok: false; reason: 'throttled'; retryAfterMs: number };

/** Checks an e-mail and password, with throttling per account and per IP. */
export async function signIn(
	db: DB,
	emailInput: unknown,
	password: unknown,
	ip: string,
	now = Date.now()
): Promise<SignInResult> {
	const email = normaliseEmail(emailInput);
	const emailKey = `email:${email.slice(0, 254)}`;
	const ipKey = `ip:${ip}`;
	const wait = Math.max(await lockedFor(db, emailKey, now), await lockedFor(db, ipKey, now));
	if (wait > 0) return { ok: false, reason: 'throttled', retryAfterMs: wait };

	const user = email ? await findUserByEmail(db, email) : undefined;
	const candidate = typeof password === 'string' ? password.slice(0, 1024) : '';
	dummyHash ??= hashPassword(crypto.randomUUID());
	const valid = await verifyPassword(user?.password_hash ?? (await dummyHash), candidate);
	if (!user || !valid) {
		await recordFailure(db, emailKey, EMAIL_RULE, now);
		await recordFailure(db, ipKey, IP_RULE, now);
		return { ok: false, reason: 'invalid' };
	}
	if (!user.active) return { ok: false, reason: 'inactive' };
	await clearFailures(db, emailKey);
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
		await tx
			.updateTable('users')
			.set({ password_hash: passwordHash, updated_at: Date.now() })
			.where('id', '=', userId)
			.execute();
		await invalidateUserSessions(tx, userId, keepSessionId);
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
export async function searchUsers(
	db: DB,
	query: string,
	page = 1
): Promise<{ users: UserListItem[]; total: number }> {
	// SQLite's lower() and LIKE fold ASCII only, so the match runs on a folded copy of name and
	// e-mail; ESCAPE makes % and _ typed by the admin plain characters.
	const q = foldForSearch(cleanText(query)).slice(0, 100);
	let base = db.selectFrom('users').leftJoin('organisations', 'organisations.id', 'users.organisation_id');
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
		.set({ organisation_id: organisationId, requested_organisation_id: null, requested_at: null, updated_at: Date.now() })
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
			search_text: foldForSearch(`${cleanText(input.name)} ${normaliseEmail(input.email)}`),
			password_hash: await hashPassword(input.password),
			role: input.role,
			organisation_id: input.organisationId ?? null,
			created_at: now,
			updated_at: now
		})
		.returningAll()
		.executeTakeFirstOrThrow();
}

export async function countAdmins(db: DB): Promise<number> {
	const r = await db
		.selectFrom('users')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('role', '=', 'admin')
		.where('active', '=', 1)
		.executeTakeFirstOrThrow();
	return Number(r.n);
}
