// Findings of the security review (issue 13) on sign-in, sign-up and accounts. Every concurrency
// case here sends its calls at once (Promise.all), as simultaneous requests would arrive.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DB } from '$lib/server/db/client';
import { openDatabase, migrate } from '$lib/server/db/client';
import * as users from '$lib/server/people/users';
import * as audit from '$lib/server/people/audit';
import { deleteAccount } from '$lib/server/people/privacy';
import { createSession, validateSessionToken } from '$lib/server/auth/session';
import { hashPassword, passwordWorkPeak, PasswordWorkBusy } from '$lib/server/auth/password';
import { forwardedWithoutSetting, proxySettingProblem } from '$lib/server/auth/client-address';
import { countSessions, countUsers, freshDb, insertUser, SECOND, T0 } from './helpers';

const password = 'kesten pada na Ibar';
let hash: string;

beforeAll(async () => {
	hash = await hashPassword(password);
});

async function addAna(db: DB, active = true): Promise<number> {
	const row = await db
		.insertInto('users')
		.values({
			name: 'Ana Petrović',
			email: 'ana@example.org',
			password_hash: hash,
			role: 'learner',
			active: active ? 1 : 0,
			created_at: T0,
			updated_at: T0
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

const many = <T>(n: number, f: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => f(i)));

describe('sign-in throttling under simultaneous attempts', () => {
	let db: DB;
	beforeEach(async () => {
		db = await freshDb();
		await addAna(db);
	});

	it('checks at most 5 of 100 simultaneous wrong passwords, and the right password is then refused', async () => {
		const results = await many(100, () => users.signIn(db, 'ana@example.org', 'wrong password!', '203.0.113.10', T0));
		const checked = results.filter((r) => !r.ok && r.reason === 'invalid').length;
		const refused = results.filter((r) => !r.ok && r.reason === 'throttled').length;
		expect(checked).toBe(5);
		expect(refused).toBe(95);
		expect(await users.signIn(db, 'ana@example.org', password, '203.0.113.10', T0 + SECOND)).toMatchObject({
			ok: false,
			reason: 'throttled'
		});
	});

	it('lets no guess through when the right password is among 50 simultaneous wrong ones after the limit', async () => {
		for (let i = 0; i < 5; i++) await users.signIn(db, 'ana@example.org', 'wrong password!', '203.0.113.10', T0);
		const results = await many(51, (i) =>
			users.signIn(db, 'ana@example.org', i === 50 ? password : 'wrong password!', '203.0.113.10', T0)
		);
		expect(results.every((r) => !r.ok && r.reason === 'throttled')).toBe(true);
	});
});

describe('nobody can lock another person out', () => {
	let db: DB;
	beforeEach(async () => {
		db = await freshDb();
		await addAna(db);
	});

	it('an attacker failing on an account does not stop its owner, who signs in from another address', async () => {
		await many(20, () => users.signIn(db, 'ana@example.org', 'wrong password!', '198.51.100.66', T0));
		expect(await users.signIn(db, 'ana@example.org', password, '198.51.100.66', T0)).toMatchObject({
			ok: false,
			reason: 'throttled'
		});
		expect((await users.signIn(db, 'ana@example.org', password, '203.0.113.10', T0)).ok).toBe(true);
	});

	it('20 failures from one address on other accounts do not lock that address (an office behind one NAT)', async () => {
		for (let i = 0; i < 20; i++)
			await users.signIn(db, `colleague${i}@example.org`, 'wrong password!', '203.0.113.10', T0);
		expect((await users.signIn(db, 'ana@example.org', password, '203.0.113.10', T0)).ok).toBe(true);
	});

	it('bounds password spraying: one address trying one password on many accounts is stopped', async () => {
		const results: string[] = [];
		for (let i = 0; i < 80; i++) {
			const r = await users.signIn(db, `person${i}@example.org`, 'Spring2025!!', '198.51.100.66', T0);
			results.push(r.ok ? 'ok' : r.reason);
		}
		expect(results.filter((r) => r === 'invalid').length).toBeLessThanOrEqual(60);
		expect(results.at(-1)).toBe('throttled');
	});

	it('bounds guesses on one account from many addresses at once', async () => {
		const results = await many(150, (i) =>
			users.signIn(db, 'ana@example.org', 'wrong password!', `10.0.${i >> 8}.${i & 255}`, T0)
		);
		expect(results.filter((r) => !r.ok && r.reason === 'invalid').length).toBeLessThanOrEqual(100);
		expect(results.some((r) => r.ok)).toBe(false);
	});
});

describe('a deactivated account', () => {
	it('gets the same answer as a wrong password, even with the right one', async () => {
		const db = await freshDb();
		await addAna(db, false);
		const right = await users.signIn(db, 'ana@example.org', password, '203.0.113.10', T0);
		const wrong = await users.signIn(db, 'ana@example.org', 'wrong password!', '203.0.113.11', T0);
		expect(right).toEqual(wrong);
		expect(right).toEqual({ ok: false, reason: 'invalid' });
	});
});

describe('sessions per user', () => {
	it('keeps the 20 newest: one more sign-in ends the oldest', async () => {
		const db = await freshDb();
		const ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
		const tokens: string[] = [];
		for (let i = 0; i < 21; i++) tokens.push((await createSession(db, ana, {}, T0 + i * SECOND)).token);
		expect(await countSessions(db, ana)).toBe(20);
		expect(await validateSessionToken(db, tokens[0], T0 + 30 * SECOND)).toBeNull();
		expect(await validateSessionToken(db, tokens[1], T0 + 30 * SECOND)).not.toBeNull();
		expect(await validateSessionToken(db, tokens[20], T0 + 30 * SECOND)).not.toBeNull();
	});

	it('holds at 20 under 50 simultaneous sign-ins, and the newest works', async () => {
		const db = await freshDb();
		const ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
		const made = await many(50, (i) => createSession(db, ana, {}, T0 + i));
		expect(await countSessions(db, ana)).toBe(20);
		expect(await validateSessionToken(db, made[49].token, T0 + SECOND)).not.toBeNull();
	});
});

describe('sign-up', () => {
	const good = { name: 'Ana Petrović', email: 'ana@example.org', password, organisation: 'independent' };

	it('is throttled per address: 40 simultaneous sign-ups from one address create at most 30 accounts', async () => {
		const db = await freshDb();
		const results = await many(40, (i) =>
			users.signUp(db, { ...good, email: `spam${i}@example.org` }, { address: '198.51.100.66', now: T0 })
		);
		expect(await countUsers(db)).toBeLessThanOrEqual(30);
		expect(results.filter((r) => !r.ok && 'reason' in r && r.reason === 'throttled').length).toBeGreaterThanOrEqual(10);
		// Another address is not affected.
		expect((await users.signUp(db, good, { address: '203.0.113.10', now: T0 })).ok).toBe(true);
	});

	it('with e-mail configured, answers a new and an existing address alike and mails each owner', async () => {
		const db = await freshDb();
		await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
		const existing = await users.signUpViaMail(db, { ...good, password: '' }, { address: '203.0.113.10' });
		const fresh = await users.signUpViaMail(
			db,
			{ ...good, email: 'new@example.org', password: '' },
			{ address: '203.0.113.10' }
		);
		if (!existing.ok || !fresh.ok) throw new Error('expected both to be answered with a mail');
		expect(Object.keys(existing).sort()).toEqual(Object.keys(fresh).sort());
		expect(existing.mail.to).toBe('ana@example.org');
		expect(existing.mail.existing).toBe(true);
		expect(fresh.mail.to).toBe('new@example.org');
		expect(fresh.mail.existing).toBe(false);
		expect(await countUsers(db)).toBe(2);
		// The new account cannot be used before its owner sets a password through the link.
		expect(await users.signIn(db, 'new@example.org', '', '203.0.113.10')).toEqual({ ok: false, reason: 'invalid' });
	});

	it('never says that an address is taken', async () => {
		const db = await freshDb();
		await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
		const r = await users.signUp(db, good, { address: '203.0.113.10' });
		expect(JSON.stringify(r)).not.toContain('email_taken');
	});
});

describe('the audit log after an account is deleted', () => {
	it('keeps the actions but shows neither the name nor the e-mail, as actor or as subject', async () => {
		const db = await freshDb();
		const admin = await insertUser(db, { name: 'Admin Adminović', email: 'admin@example.org', role: 'admin' });
		const ana = await addAna(db);
		await users.setRole(db, ana, 'coordinator');
		await audit.record(db, admin, 'role_changed', 'Ana Petrović <ana@example.org>', 'learner → coordinator', T0, {
			subjectUserId: ana
		});
		await audit.record(db, ana, 'certificate_revoked', 'ABCD-EFGH-JKMN', 'wrong person', T0 + SECOND);
		expect(await deleteAccount(db, ana, password, true, T0 + 2 * SECOND)).toEqual({ ok: true });

		const { rows } = await audit.list(db);
		expect(rows.map((r) => r.action).sort()).toEqual(['account_deleted', 'certificate_revoked', 'role_changed']);
		const shown = JSON.stringify(rows);
		expect(shown).not.toContain('Ana');
		expect(shown).not.toContain('ana@example.org');
		const role = rows.find((r) => r.action === 'role_changed')!;
		expect(role).toMatchObject({ actor: 'Admin Adminović', subjectDeletedId: ana });
		const revoked = rows.find((r) => r.action === 'certificate_revoked')!;
		expect(revoked).toMatchObject({ actorDeletedId: ana, subject: 'ABCD-EFGH-JKMN' });
	});
});

describe('deleting an account', () => {
	it('forgets its sign-in failures from every address', async () => {
		const db = await freshDb();
		const ana = await addAna(db);
		await users.signIn(db, 'ana@example.org', 'wrong password!', '203.0.113.10', T0);
		await users.signIn(db, 'ana@example.org', 'wrong password!', '198.51.100.66', T0);
		expect(await deleteAccount(db, ana, password, true, T0)).toEqual({ ok: true });
		const left = await db.selectFrom('sign_in_failures').select('key').execute();
		expect(left.map((r) => r.key).filter((k) => k.includes('ana@example.org'))).toEqual([]);
	});
});

describe('database file permissions', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'civicsteps-mode-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('creates the database and its -wal and -shm files readable by the owner only', async () => {
		const path = join(dir, 'live.sqlite');
		const db = openDatabase(path);
		await migrate(db);
		for (const file of [path, `${path}-wal`, `${path}-shm`])
			expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
		await db.destroy();
	});
});

describe('argon2 work', () => {
	it('runs at most 2 hashes at once server-wide, and a flood of sign-ins beyond the queue is told the server is busy', async () => {
		passwordWorkPeak(true);
		const results = await many(60, (i) =>
			hashPassword(`password number ${i}`, true).then(
				() => 'hashed',
				(e) => (e instanceof PasswordWorkBusy ? 'busy' : 'error')
			)
		);
		expect(passwordWorkPeak()).toBeLessThanOrEqual(2);
		expect(results.filter((r) => r === 'hashed').length).toBeGreaterThanOrEqual(30);
		expect(results.filter((r) => r === 'busy').length).toBeGreaterThan(0);
		expect(results).not.toContain('error');
	});
});

describe('behind a proxy without ADDRESS_HEADER', () => {
	it('refuses to start when ORIGIN is https and ADDRESS_HEADER is unset', () => {
		expect(proxySettingProblem({ ORIGIN: 'https://learn.example.org' })).toMatch(/ADDRESS_HEADER/);
		expect(proxySettingProblem({ ORIGIN: 'https://learn.example.org', ADDRESS_HEADER: 'X-Forwarded-For' })).toBeNull();
		expect(proxySettingProblem({ ORIGIN: 'http://localhost:3000' })).toBeNull();
	});

	it('recognises a forwarded request from a local proxy, but not a header sent by a direct visitor', () => {
		const forwarded = new Headers({ 'x-forwarded-for': '198.51.100.7' });
		expect(forwardedWithoutSetting('127.0.0.1', forwarded, {})).toBe(true);
		expect(forwardedWithoutSetting('::1', forwarded, {})).toBe(true);
		expect(forwardedWithoutSetting('203.0.113.9', forwarded, {})).toBe(false);
		expect(forwardedWithoutSetting('127.0.0.1', new Headers(), {})).toBe(false);
		expect(forwardedWithoutSetting('198.51.100.7', forwarded, { ADDRESS_HEADER: 'X-Forwarded-For' })).toBe(false);
	});
});
