// What an admin does to accounts (people/admin-users.ts) and how they read the audit log
// (people/audit.ts search and export), against a fresh migrated database.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import * as adminUsers from '$lib/server/people/admin-users';
import * as audit from '$lib/server/people/audit';
import { auditCsv } from '$lib/server/people/audit-csv';
import { checkPasswordToken, usePasswordToken } from '$lib/server/auth/password-tokens';
import { createSession, validateSessionToken } from '$lib/server/auth/session';
import { DAY, MINUTE, T0, freshDb, insertOrganisation, insertUser } from './helpers';

const GOOD = 'river-lantern-orchard-42';

let db: DB;
let admin: number;

beforeEach(async () => {
	db = await freshDb();
	admin = await insertUser(db, { name: 'Admin Adminović', email: 'admin@example.org', role: 'admin' });
});

const values = (over: Partial<adminUsers.AdminUserValues> = {}): adminUsers.AdminUserValues => ({
	name: 'Milica Ilić',
	email: 'Milica@Example.org',
	role: 'trainer',
	organisation: '',
	...over
});

const user = (id: number) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('createUser', () => {
	it('makes an account with its role and organisation and a set-password link, in the log', async () => {
		const org = await insertOrganisation(db, 'Demo NGO', 'demo-ngo');
		const result = await adminUsers.createUser(db, values({ organisation: String(org) }), admin, T0);
		if (!result.ok) throw new Error('refused');
		const row = await user(result.user.id);
		expect(row).toMatchObject({
			email: 'milica@example.org',
			name: 'Milica Ilić',
			role: 'trainer',
			organisation_id: org
		});
		expect(await checkPasswordToken(db, result.token, T0 + 6 * DAY)).toMatchObject({ ok: true, userId: row.id });
		expect(await usePasswordToken(db, result.token, GOOD, T0 + MINUTE)).toEqual({ ok: true, userId: row.id });
		const { rows } = await audit.list(db);
		expect(rows[0]).toMatchObject({ action: 'user_created', actor: 'Admin Adminović', detail: 'trainer' });
		expect(rows[0].subject).toContain('milica@example.org');
	});

	it('refuses an e-mail that has an account (any case), a bad role, an unknown organisation, empty fields', async () => {
		expect(await adminUsers.createUser(db, values({ email: 'ADMIN@example.org' }), admin)).toEqual({
			ok: false,
			errors: { email: 'email_taken' }
		});
		expect(await adminUsers.createUser(db, values({ role: 'superuser' }), admin)).toMatchObject({
			ok: false,
			errors: { role: 'role_invalid' }
		});
		expect(await adminUsers.createUser(db, values({ organisation: '999' }), admin)).toMatchObject({
			ok: false,
			errors: { organisation: 'organisation_unknown' }
		});
		expect(await adminUsers.createUser(db, values({ name: ' ', email: 'no-at-sign' }), admin)).toMatchObject({
			ok: false,
			errors: { name: 'name_required', email: 'email_invalid' }
		});
		expect(await adminUsers.createUser(db, values({ name: 'x'.repeat(101) }), admin)).toMatchObject({
			errors: { name: 'name_too_long' }
		});
		const count = await db
			.selectFrom('users')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		expect(Number(count.n)).toBe(1);
	});

	it('lets only one of two simultaneous creations with one e-mail through', async () => {
		const results = await Promise.all([
			adminUsers.createUser(db, values(), admin),
			adminUsers.createUser(db, values({ name: 'Another Milica' }), admin)
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.find((r) => !r.ok)).toEqual({ ok: false, errors: { email: 'email_taken' } });
	});
});

describe('editUser', () => {
	it('changes name and e-mail at once and logs the old and new values', async () => {
		const ana = await insertUser(db, { name: 'Ana Petrovic', email: 'ana@example.org' });
		expect(await adminUsers.editUser(db, ana, { name: 'Ana Petrović', email: 'ana.p@example.org' }, admin, T0)).toEqual(
			{
				ok: true,
				changed: true
			}
		);
		expect(await user(ana)).toMatchObject({ name: 'Ana Petrović', email: 'ana.p@example.org' });
		const { rows } = await audit.list(db);
		expect(rows[0]).toMatchObject({ action: 'user_edited' });
		expect(rows[0].detail).toBe('Ana Petrovic → Ana Petrović; ana@example.org → ana.p@example.org');
		// Nothing changed: nothing logged.
		expect(await adminUsers.editUser(db, ana, { name: 'Ana Petrović', email: 'ana.p@example.org' }, admin)).toEqual({
			ok: true,
			changed: false
		});
		expect((await audit.list(db)).total).toBe(1);
	});

	it('refuses an e-mail of another account and unknown or deleted accounts', async () => {
		const ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
		expect(await adminUsers.editUser(db, ana, { name: 'Ana', email: 'admin@example.org' }, admin)).toEqual({
			ok: false,
			errors: { email: 'email_taken' }
		});
		expect(await adminUsers.editUser(db, 9999, { name: 'Ana', email: 'x@example.org' }, admin)).toEqual({
			ok: false,
			reason: 'unknown'
		});
		expect(await adminUsers.deleteUser(db, ana, admin)).toEqual({ ok: true });
		expect(await adminUsers.editUser(db, ana, { name: 'Ana', email: 'ana@example.org' }, admin)).toEqual({
			ok: false,
			reason: 'unknown'
		});
	});
});

describe('issuePasswordLink', () => {
	it('makes a new link and stops the older unused ones', async () => {
		const created = await adminUsers.createUser(db, values(), admin, T0);
		if (!created.ok) throw new Error('refused');
		const again = await adminUsers.issuePasswordLink(db, created.user.id, admin, T0 + MINUTE);
		if (!again.ok) throw new Error('refused');
		expect(await checkPasswordToken(db, created.token, T0 + 2 * MINUTE)).toEqual({ ok: false, reason: 'used' });
		expect(await checkPasswordToken(db, again.token, T0 + 2 * MINUTE)).toMatchObject({ ok: true });
		expect(again).toMatchObject({ name: 'Milica Ilić', email: 'milica@example.org', locale: null });
		expect((await audit.list(db)).rows[0]).toMatchObject({ action: 'password_link_issued' });
		expect(await adminUsers.issuePasswordLink(db, 9999, admin)).toEqual({ ok: false, reason: 'unknown' });
	});
});

describe('deleteUser', () => {
	it('anonymises the account as self-deletion does, signs it out, and logs the admin as actor', async () => {
		const ana = await insertUser(db, { name: 'Ana Petrović', email: 'ana@example.org' });
		const { token } = await createSession(db, ana);
		expect(await adminUsers.deleteUser(db, ana, admin, T0)).toEqual({ ok: true });
		expect(await user(ana)).toMatchObject({
			name: 'Deleted user',
			email: `deleted-${ana}@deleted.invalid`,
			password_hash: audit.DELETED_ACCOUNT_HASH,
			active: 0
		});
		expect(await validateSessionToken(db, token)).toBeNull();
		const { rows } = await audit.list(db);
		expect(rows[0]).toMatchObject({ action: 'account_deleted', actor: 'Admin Adminović', subjectDeletedId: ana });
		expect(await adminUsers.deleteUser(db, ana, admin)).toEqual({ ok: false, reason: 'unknown' });
	});

	it('refuses the admin themself', async () => {
		expect(await adminUsers.deleteUser(db, admin, admin)).toEqual({ ok: false, reason: 'self' });
		expect((await user(admin)).name).toBe('Admin Adminović');
	});
});

describe('audit search and export', () => {
	beforeEach(async () => {
		const vesna = await insertUser(db, { name: 'Vesna Đorđević', email: 'vesna@example.org', role: 'coordinator' });
		await audit.record(db, admin, 'role_changed', 'Ana <ana@example.org>', 'learner → trainer', T0);
		await audit.record(db, vesna, 'certificate_revoked', 'ABCD-EFGH', 'wrong person', T0 + DAY);
		await audit.record(db, admin, 'user_deactivated', '=HYPERLINK("x") <evil@example.org>', '', T0 + 3 * DAY);
	});
	const filter = (over: Partial<audit.AuditFilter>) => ({ ...audit.EMPTY_AUDIT_FILTER, ...over });
	const actions = async (over: Partial<audit.AuditFilter>) =>
		(await audit.search(db, filter(over))).rows.map((r) => r.action);

	it('filters by action, actor (folded), subject, free text and days on Kosovo’s clock', async () => {
		expect(await actions({ action: 'role_changed' })).toEqual(['role_changed']);
		expect(await actions({ actor: 'djordjevic' })).toEqual(['certificate_revoked']);
		expect(await actions({ actor: 'ADMIN' })).toEqual(['user_deactivated', 'role_changed']);
		expect(await actions({ subject: 'ana@' })).toEqual(['role_changed']);
		expect(await actions({ q: 'wrong' })).toEqual(['certificate_revoked']);
		expect(await actions({ q: '%' })).toEqual([]);
		// T0 is 2025-03-01 10:00 in Belgrade; T0 + DAY is 03-02, T0 + 3 DAY is 03-04.
		expect(await actions({ from: '2025-03-02' })).toEqual(['user_deactivated', 'certificate_revoked']);
		expect(await actions({ to: '2025-03-02' })).toEqual(['certificate_revoked', 'role_changed']);
		expect(await actions({ from: '2025-03-02', to: '2025-03-02' })).toEqual(['certificate_revoked']);
		expect((await audit.search(db, filter({ action: 'role_changed' }))).total).toBe(1);
		expect(await audit.actionsInLog(db)).toEqual(['certificate_revoked', 'role_changed', 'user_deactivated']);
	});

	it('reads a filter from a query string, leaving out what is malformed', () => {
		const parsed = audit.parseFilter(
			new URLSearchParams({ action: 'DROP TABLE', actor: 'x'.repeat(500), from: '2025-02-30', to: '2025-03-04' })
		);
		expect(parsed).toEqual({ ...audit.EMPTY_AUDIT_FILTER, actor: 'x'.repeat(100), to: '2025-03-04' });
		expect(audit.filterQuery(parsed)).toBe(`actor=${'x'.repeat(100)}&to=2025-03-04`);
	});

	it('exports the filtered rows as CSV with a byte-order mark and no formula cells', async () => {
		const { rows, more } = await audit.exportRows(db, filter({ actor: 'admin' }));
		expect(more).toBe(false);
		const csv = auditCsv(rows, more);
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const lines = csv.slice(1).trim().split('\r\n');
		expect(lines).toHaveLength(3);
		expect(lines[1]).toContain(`"'=HYPERLINK(""x"") <evil@example.org>"`);
		expect(lines[2]).toContain('role_changed');
	});
});
