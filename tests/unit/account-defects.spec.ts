// Defects a walk through the app and a security probe found: a deleted person's name and e-mail left in
// the audit log's details, and password links that outlived an e-mail correction or a password change.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import * as adminUsers from '$lib/server/people/admin-users';
import * as account from '$lib/server/people/account';
import * as audit from '$lib/server/people/audit';
import * as users from '$lib/server/people/users';
import { deleteAccount } from '$lib/server/people/privacy';
import { auditCsv } from '$lib/server/people/audit-csv';
import { checkPasswordToken, createResetToken } from '$lib/server/auth/password-tokens';
import { createSession } from '$lib/server/auth/session';
import { hashPassword } from '$lib/server/auth/password';
import { MINUTE, T0, freshDb, insertUser } from './helpers';

const password = 'kesten pada na Ibar';
let db: DB;
let admin: number;

beforeEach(async () => {
	db = await freshDb();
	admin = await insertUser(db, { name: 'Admin Adminović', email: 'admin@example.org', role: 'admin' });
});

const allDetails = async () =>
	(await db.selectFrom('audit_log').select(['subject', 'detail']).execute())
		.map((r) => `${r.subject} ${r.detail}`)
		.join('\n');

describe('deleting an account erases the person from every audit entry about them', () => {
	it('admin deletion: created, edited, renamed, e-mail changed: no old name or e-mail in page, search or CSV', async () => {
		const made = await adminUsers.createUser(
			db,
			{ name: 'Walk User A', email: 'walka@example.org', role: 'learner', organisation: '' },
			admin,
			T0
		);
		if (!made.ok) throw new Error('refused');
		const id = made.user.id;
		await adminUsers.editUser(db, id, { name: 'Walk Renamed 7', email: 'renamed7@example.org' }, admin, T0 + MINUTE);
		await audit.record(db, id, 'name_changed', 'Walk Renamed 7', 'Walk Renamed 7 → Walk Eight', T0 + 2 * MINUTE, {
			subjectUserId: id
		});
		expect(await allDetails()).toContain('walka@example.org');
		expect(await adminUsers.deleteUser(db, id, admin, T0 + 3 * MINUTE)).toEqual({ ok: true });
		const text = await allDetails();
		for (const trace of ['Walk User A', 'walka@example.org', 'Walk Renamed 7', 'renamed7@example.org', 'Walk Eight'])
			expect(text).not.toContain(trace);
		for (const q of ['walka', 'Renamed', 'Walk']) {
			const found = await audit.search(db, { ...audit.EMPTY_AUDIT_FILTER, q });
			expect(found.total).toBe(0);
		}
		const csv = auditCsv((await audit.search(db, audit.EMPTY_AUDIT_FILTER, 1)).rows, false);
		expect(csv).not.toContain('walka');
		expect(csv).not.toContain('Renamed');
		// The actions stay on record.
		const actions = (await audit.list(db)).rows.map((r) => r.action);
		expect(actions).toEqual(expect.arrayContaining(['user_created', 'user_edited', 'name_changed', 'account_deleted']));
	});

	it('self-deletion: a confirmed e-mail change leaves neither address in the log', async () => {
		const ana = await insertUser(db, { name: 'Ana Petrović', email: 'ana@example.org' });
		await db
			.updateTable('users')
			.set({ password_hash: await hashPassword(password) })
			.where('id', '=', ana)
			.execute();
		await adminUsers.editUser(db, ana, { name: 'Ana P', email: 'ana.p@example.org' }, admin, T0);
		const asked = await account.requestEmailChange(db, ana, { password, email: 'ana.q@example.org' }, T0 + MINUTE);
		if (!asked.ok) throw new Error('refused');
		expect(await account.confirmEmailChange(db, asked.token, T0 + 2 * MINUTE)).toMatchObject({ ok: true });
		expect(await deleteAccount(db, ana, password, true, T0 + 3 * MINUTE)).toEqual({ ok: true });
		const text = await allDetails();
		for (const trace of ['Ana', 'ana@example.org', 'ana.p@example.org', 'ana.q@example.org'])
			expect(text).not.toContain(trace);
	});
});

describe('changing an e-mail spends the password links already mailed', () => {
	it('an admin correcting a mistyped address makes the earlier set-password link useless', async () => {
		const made = await adminUsers.createUser(
			db,
			{ name: 'Milica Ilić', email: 'milica@exmaple.org', role: 'trainer', organisation: '' },
			admin,
			T0
		);
		if (!made.ok) throw new Error('refused');
		expect(await checkPasswordToken(db, made.token, T0 + MINUTE)).toMatchObject({ ok: true });
		await adminUsers.editUser(
			db,
			made.user.id,
			{ name: 'Milica Ilić', email: 'milica@example.org' },
			admin,
			T0 + MINUTE
		);
		expect(await checkPasswordToken(db, made.token, T0 + 2 * MINUTE)).toEqual({ ok: false, reason: 'used' });
	});

	it('an admin changing only the name leaves the link working', async () => {
		const made = await adminUsers.createUser(
			db,
			{ name: 'Milica Ilic', email: 'milica@example.org', role: 'trainer', organisation: '' },
			admin,
			T0
		);
		if (!made.ok) throw new Error('refused');
		await adminUsers.editUser(
			db,
			made.user.id,
			{ name: 'Milica Ilić', email: 'milica@example.org' },
			admin,
			T0 + MINUTE
		);
		expect(await checkPasswordToken(db, made.token, T0 + 2 * MINUTE)).toMatchObject({ ok: true });
	});

	it('a person confirming a new address spends their unused reset links', async () => {
		const ana = await insertUser(db, { name: 'Ana Petrović', email: 'ana@example.org' });
		await db
			.updateTable('users')
			.set({ password_hash: await hashPassword(password) })
			.where('id', '=', ana)
			.execute();
		const reset = await createResetToken(db, ana, T0);
		const asked = await account.requestEmailChange(db, ana, { password, email: 'ana.new@example.org' }, T0);
		if (!asked.ok) throw new Error('refused');
		expect(await account.confirmEmailChange(db, asked.token, T0 + MINUTE)).toMatchObject({ ok: true });
		expect(await checkPasswordToken(db, reset, T0 + 2 * MINUTE)).toEqual({ ok: false, reason: 'used' });
	});
});

describe('changing one’s password spends the unused reset and set links', () => {
	it('a reset link asked for earlier no longer works', async () => {
		const signed = await users.signUp(db, {
			name: 'Ana Petrović',
			email: 'ana@example.org',
			password,
			organisation: 'independent'
		});
		if (!signed.ok) throw new Error('sign-up failed');
		const id = signed.user.id;
		const reset = await createResetToken(db, id, Date.now());
		const current = await createSession(db, id);
		expect(await users.changePassword(db, id, password, 'nova lozinka za Zvečan', current.id)).toEqual({ ok: true });
		expect(await checkPasswordToken(db, reset, Date.now())).toEqual({ ok: false, reason: 'used' });
	});
});

describe('the admin’s list of users', () => {
	it('leaves deleted (anonymised) accounts out of the list and the count', async () => {
		const ana = await insertUser(db, { name: 'Ana Petrović', email: 'ana@example.org' });
		await insertUser(db, { name: 'Bojan Krasniqi', email: 'bojan@example.org' });
		expect((await users.searchUsers(db, '')).total).toBe(3);
		expect(await adminUsers.deleteUser(db, ana, admin)).toEqual({ ok: true });
		const { users: list, total } = await users.searchUsers(db, '');
		expect(total).toBe(2);
		expect(list.map((u) => u.name)).toEqual(['Admin Adminović', 'Bojan Krasniqi']);
		expect((await users.searchUsers(db, 'deleted')).total).toBe(0);
	});
});

describe('the audit log’s filter', () => {
	it('tells of a "from" day after the "to" day and of a day that cannot be read', () => {
		const problem = (query: string) => audit.dateProblem(new URLSearchParams(query));
		expect(problem('from=2025-03-05&to=2025-03-01')).toBe('order');
		expect(problem('from=2025-13-45')).toBe('invalid');
		expect(problem('to=yesterday')).toBe('invalid');
		expect(problem('from=2025-03-01&to=2025-03-01')).toBeNull();
		expect(problem('from=&to=')).toBeNull();
	});

	it('finds the entries about a deleted account by "#<id>", as the page names it', async () => {
		const ana = await insertUser(db, { name: 'Ana Petrović', email: 'ana@example.org' });
		await audit.record(db, admin, 'role_changed', 'Ana <ana@example.org>', 'learner → trainer', T0, {
			subjectUserId: ana
		});
		expect(await adminUsers.deleteUser(db, ana, admin, T0 + MINUTE)).toEqual({ ok: true });
		const found = await audit.search(db, { ...audit.EMPTY_AUDIT_FILTER, q: `#${ana}` });
		expect(found.rows.map((r) => r.action).sort()).toEqual(['account_deleted', 'role_changed']);
		expect(found.rows.every((r) => r.subjectDeletedId === ana)).toBe(true);
	});
});
