// One-time "set your password" links (invitations from a class list) against a fresh migrated
// database: a link works once, for seven days, only with its exact secret; a weak password does not
// spend it; setting a password ends the account's other sign-ins.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import {
	PASSWORD_TOKEN_TTL_MS,
	checkPasswordToken,
	createPasswordToken,
	usePasswordToken
} from '$lib/server/auth/password-tokens';
import { verifyPassword } from '$lib/server/auth/password';
import { createSession, validateSessionToken } from '$lib/server/auth/session';
import { DAY, MINUTE, T0, countSessions, freshDb, insertUser } from './helpers';

const GOOD = 'river-lantern-orchard-42';

let db: DB;
let milica: number;
let coordinator: number;

beforeEach(async () => {
	db = await freshDb();
	coordinator = await insertUser(db, { name: 'Vesna Coordinator', email: 'vesna@example.org', role: 'coordinator' });
	milica = await insertUser(db, { name: 'Milica Ilić', email: 'milica@example.org' });
});

const passwordHash = async (id = milica) =>
	(await db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow()).password_hash;

describe('createPasswordToken and checkPasswordToken', () => {
	it('gives a link token that names its account and is valid for seven days', async () => {
		expect(PASSWORD_TOKEN_TTL_MS).toBe(7 * DAY);
		const token = await createPasswordToken(db, milica, coordinator, T0);
		expect(token).toMatch(/^[a-z2-7]+\.[a-z2-7]+$/);
		expect(await checkPasswordToken(db, token, T0)).toEqual({ ok: true, userId: milica, tokenId: token.split('.')[0] });
		expect(await checkPasswordToken(db, token, T0 + 7 * DAY - 1)).toMatchObject({ ok: true });
		expect(await checkPasswordToken(db, token, T0 + 7 * DAY)).toEqual({ ok: false, reason: 'expired' });
		expect(await checkPasswordToken(db, token, T0 + 30 * DAY)).toEqual({ ok: false, reason: 'expired' });
	});

	it('does not store the secret, only its hash', async () => {
		const token = await createPasswordToken(db, milica, coordinator, T0);
		const [id, secret] = token.split('.');
		const row = await db.selectFrom('password_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(row).toMatchObject({
			user_id: milica,
			created_by: coordinator,
			created_at: T0,
			expires_at: T0 + 7 * DAY,
			used_at: null
		});
		expect(Buffer.from(row.secret_hash).toString('utf8')).not.toContain(secret);
		expect(Buffer.from(row.secret_hash).toString('hex')).not.toContain(secret);
		// Presenting the stored hash as the secret does not work.
		expect(
			await checkPasswordToken(db, `${id}.${Buffer.from(row.secret_hash).toString('hex').slice(0, 64)}`, T0)
		).toEqual({ ok: false, reason: 'invalid' });
	});

	it('gives every link its own token', async () => {
		const a = await createPasswordToken(db, milica, null, T0);
		const b = await createPasswordToken(db, milica, null, T0);
		expect(a).not.toBe(b);
		expect(a.split('.')[0]).not.toBe(b.split('.')[0]);
		expect(await checkPasswordToken(db, a, T0)).toMatchObject({ ok: true });
		expect(await checkPasswordToken(db, b, T0)).toMatchObject({ ok: true });
	});

	it('calls a tampered, unknown or malformed token invalid', async () => {
		const token = await createPasswordToken(db, milica, coordinator, T0);
		const [id, secret] = token.split('.');
		const flipped = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
		const other = await createPasswordToken(db, coordinator, null, T0);
		for (const bad of [
			`${id}.${flipped}`,
			`${id}.${secret.slice(0, -1)}`,
			`${id}.${other.split('.')[1]}`, // someone else's secret with this id
			`${other.split('.')[0]}.${secret}`,
			`${'a'.repeat(32)}.${secret}`,
			'',
			'.',
			id,
			`${id}.`,
			`.${secret}`,
			`${token}.extra`,
			`${id}.${secret}${'a'.repeat(60)}`,
			`${'a'.repeat(65)}.${secret}`,
			"x' or '1'='1.y"
		]) {
			expect(await checkPasswordToken(db, bad, T0), bad).toEqual({ ok: false, reason: 'invalid' });
		}
	});
});

describe('usePasswordToken', () => {
	it('sets the password and spends the link: the second use is refused as used', async () => {
		const token = await createPasswordToken(db, milica, coordinator, T0);
		expect(await usePasswordToken(db, token, GOOD, T0 + DAY)).toEqual({ ok: true, userId: milica });
		expect(await verifyPassword(await passwordHash(), GOOD)).toBe(true);
		const row = await db
			.selectFrom('password_tokens')
			.select('used_at')
			.where('id', '=', token.split('.')[0])
			.executeTakeFirstOrThrow();
		expect(row.used_at).toBe(T0 + DAY);
		expect(await checkPasswordToken(db, token, T0 + DAY + MINUTE)).toEqual({ ok: false, reason: 'used' });
		expect(await usePasswordToken(db, token, 'another-good-password-7', T0 + DAY + MINUTE)).toEqual({
			ok: false,
			reason: 'used'
		});
		expect(await verifyPassword(await passwordHash(), GOOD)).toBe(true);
		expect(await verifyPassword(await passwordHash(), 'another-good-password-7')).toBe(false);
	});

	it('refuses an expired link without changing the password', async () => {
		const token = await createPasswordToken(db, milica, coordinator, T0);
		const before = await passwordHash();
		expect(await usePasswordToken(db, token, GOOD, T0 + 7 * DAY)).toEqual({ ok: false, reason: 'expired' });
		expect(await passwordHash()).toBe(before);
	});

	it('refuses a tampered or malformed link without changing the password', async () => {
		const token = await createPasswordToken(db, milica, coordinator, T0);
		const before = await passwordHash();
		const [id, secret] = token.split('.');
		expect(await usePasswordToken(db, `${id}.${secret.split('').reverse().join('')}`, GOOD, T0)).toEqual({
			ok: false,
			reason: 'invalid'
		});
		expect(await usePasswordToken(db, 'not-a-token', GOOD, T0)).toEqual({ ok: false, reason: 'invalid' });
		expect(await passwordHash()).toBe(before);
		expect(await checkPasswordToken(db, token, T0)).toMatchObject({ ok: true });
	});

	it('refuses a weak or missing password without spending the link', async () => {
		const token = await createPasswordToken(db, milica, coordinator, T0);
		const before = await passwordHash();
		const cases: [unknown, string][] = [
			['short', 'password_too_short'],
			['password1234', 'password_common'],
			['milica@example.org', 'password_common'],
			['Milica Ilić', 'password_common'],
			['aaaaaaaaaaaa', 'password_common'],
			['x'.repeat(257), 'password_too_long'],
			['', 'password_required'],
			[null, 'password_required'],
			[42, 'password_required']
		];
		for (const [password, problem] of cases) {
			expect(await usePasswordToken(db, token, password, T0 + MINUTE), String(password)).toEqual({
				ok: false,
				reason: 'password',
				problem
			});
		}
		expect(await passwordHash()).toBe(before);
		expect(await checkPasswordToken(db, token, T0 + MINUTE)).toMatchObject({ ok: true });
		expect(await usePasswordToken(db, token, GOOD, T0 + 2 * MINUTE)).toEqual({ ok: true, userId: milica });
	});

	it('ends every other sign-in of the account, and no one else’s', async () => {
		const phone = await createSession(db, milica, { userAgent: 'phone' }, T0);
		const laptop = await createSession(db, milica, { userAgent: 'laptop' }, T0);
		const other = await createSession(db, coordinator, {}, T0);
		expect(await countSessions(db, milica)).toBe(2);
		const token = await createPasswordToken(db, milica, coordinator, T0);
		expect(await usePasswordToken(db, token, GOOD, T0 + MINUTE)).toMatchObject({ ok: true });
		expect(await countSessions(db, milica)).toBe(0);
		expect(await validateSessionToken(db, phone.token, T0 + 2 * MINUTE)).toBeNull();
		expect(await validateSessionToken(db, laptop.token, T0 + 2 * MINUTE)).toBeNull();
		expect(await validateSessionToken(db, other.token, T0 + 2 * MINUTE)).not.toBeNull();
	});
});
