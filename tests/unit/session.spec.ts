import { beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import {
	createSession,
	invalidateSession,
	invalidateUserSessions,
	listSessions,
	revokeOwnSession,
	sessionExpiry,
	validateSessionToken
} from '$lib/server/auth/session';
import { DAY, HOUR, MINUTE, T0, countSessions, freshDb, insertUser } from './helpers';

let db: DB;
let ana: number;
let bojan: number;

beforeEach(async () => {
	db = await freshDb();
	ana = await insertUser(db, { name: 'Ana Petrović', email: 'ana@example.org', role: 'trainer' });
	bojan = await insertUser(db, { name: 'Bojan Krasniqi', email: 'bojan@example.org' });
});

describe('createSession and validateSessionToken', () => {
	it('gives a token that signs the user in', async () => {
		const { token, expiresAt } = await createSession(db, ana, {}, T0);
		expect(expiresAt.getTime()).toBe(T0 + 30 * DAY);
		const result = await validateSessionToken(db, token, T0 + MINUTE);
		expect(result?.user).toEqual({
			id: ana,
			name: 'Ana Petrović',
			email: 'ana@example.org',
			role: 'trainer',
			organisationId: null
		});
		expect(result?.session.refreshed).toBe(false);
	});

	it('gives every sign-in its own token', async () => {
		const a = await createSession(db, ana, {}, T0);
		const b = await createSession(db, ana, {}, T0);
		expect(a.token).not.toBe(b.token);
		expect(a.id).not.toBe(b.id);
	});

	it('does not store the secret part of the token', async () => {
		const { token, id } = await createSession(db, ana, {}, T0);
		const secret = token.split('.')[1];
		const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		const stored = JSON.stringify({ ...row, secret_hash: Buffer.from(row.secret_hash).toString('utf8') });
		expect(stored).not.toContain(secret);
		// Presenting the stored hash as if it were the secret does not work either.
		const forged = `${id}.${Buffer.from(row.secret_hash).toString('hex').slice(0, 64)}`;
		expect(await validateSessionToken(db, forged, T0)).toBeNull();
	});

	it('does not write on every request: within an hour the session is not refreshed', async () => {
		const { token } = await createSession(db, ana, {}, T0);
		const result = await validateSessionToken(db, token, T0 + 59 * MINUTE);
		expect(result?.session.refreshed).toBe(false);
		expect(result?.session.lastVerifiedAt).toBe(T0);
	});

	it('refreshes the session after an hour, moving its expiry', async () => {
		const { token } = await createSession(db, ana, {}, T0);
		const later = T0 + HOUR;
		const result = await validateSessionToken(db, token, later);
		expect(result?.session.refreshed).toBe(true);
		expect(result?.session.lastVerifiedAt).toBe(later);
		expect(sessionExpiry(result!.session).getTime()).toBe(later + 30 * DAY);
		// The refresh is remembered: the next request soon after needs none.
		const next = await validateSessionToken(db, token, later + MINUTE);
		expect(next?.session.refreshed).toBe(false);
		expect(next?.session.lastVerifiedAt).toBe(later);
	});

	it('keeps someone who comes back regularly signed in well beyond 30 days', async () => {
		const { token } = await createSession(db, ana, {}, T0);
		for (let day = 20; day <= 100; day += 20) {
			expect(await validateSessionToken(db, token, T0 + day * DAY), `day ${day}`).not.toBeNull();
		}
	});

	it('still accepts a session just under 30 days after the last request', async () => {
		const { token } = await createSession(db, ana, {}, T0);
		expect(await validateSessionToken(db, token, T0 + 30 * DAY - MINUTE)).not.toBeNull();
	});

	it('ends a session after 30 days without a request, for good', async () => {
		const { token } = await createSession(db, ana, {}, T0);
		expect(await validateSessionToken(db, token, T0 + 30 * DAY)).toBeNull();
		expect(await countSessions(db, ana)).toBe(0);
		// Even a clock that goes back does not bring it back.
		expect(await validateSessionToken(db, token, T0 + DAY)).toBeNull();
	});

	it('refuses a token with the wrong secret, and the real token keeps working', async () => {
		const { token, id } = await createSession(db, ana, {}, T0);
		const secret = token.split('.')[1];
		const tampered = `${id}.${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`;
		expect(await validateSessionToken(db, tampered, T0)).toBeNull();
		expect(await validateSessionToken(db, `${id}.`, T0)).toBeNull();
		expect(await validateSessionToken(db, token, T0)).not.toBeNull();
	});

	it('refuses malformed and unknown tokens', async () => {
		const { token, id } = await createSession(db, ana, {}, T0);
		const secret = token.split('.')[1];
		for (const bad of [
			'',
			'.',
			'nodot',
			`.${secret}`,
			`${token}.extra`,
			`${id}.${secret}${'x'.repeat(64)}`,
			`${'a'.repeat(65)}.${secret}`,
			`unknownid.${secret}`,
			`${secret}.${id}`
		]) {
			expect(await validateSessionToken(db, bad, T0), JSON.stringify(bad)).toBeNull();
		}
	});

	it('refuses a revoked session', async () => {
		const { token, id } = await createSession(db, ana, {}, T0);
		await invalidateSession(db, id);
		expect(await validateSessionToken(db, token, T0)).toBeNull();
	});

	it('refuses the session of a deactivated user and removes it', async () => {
		const { token } = await createSession(db, ana, {}, T0);
		await db.updateTable('users').set({ active: 0 }).where('id', '=', ana).execute();
		expect(await validateSessionToken(db, token, T0)).toBeNull();
		expect(await countSessions(db, ana)).toBe(0);
	});

	it('shows a role change at the next request', async () => {
		const { token } = await createSession(db, bojan, {}, T0);
		await db.updateTable('users').set({ role: 'coordinator' }).where('id', '=', bojan).execute();
		expect((await validateSessionToken(db, token, T0))?.user.role).toBe('coordinator');
	});
});

describe('invalidateUserSessions', () => {
	it('signs a user out everywhere without touching other users', async () => {
		const a1 = await createSession(db, ana, {}, T0);
		const a2 = await createSession(db, ana, {}, T0);
		const b1 = await createSession(db, bojan, {}, T0);
		await invalidateUserSessions(db, ana);
		expect(await validateSessionToken(db, a1.token, T0)).toBeNull();
		expect(await validateSessionToken(db, a2.token, T0)).toBeNull();
		expect(await validateSessionToken(db, b1.token, T0)).not.toBeNull();
	});

	it('can keep the session in use', async () => {
		const current = await createSession(db, ana, {}, T0);
		const other = await createSession(db, ana, {}, T0);
		await invalidateUserSessions(db, ana, current.id);
		expect(await validateSessionToken(db, current.token, T0)).not.toBeNull();
		expect(await validateSessionToken(db, other.token, T0)).toBeNull();
	});
});

describe('revokeOwnSession', () => {
	it('lets a user sign out one of their own devices', async () => {
		const phone = await createSession(db, ana, { userAgent: 'phone' }, T0);
		const laptop = await createSession(db, ana, { userAgent: 'laptop' }, T0);
		expect(await revokeOwnSession(db, ana, phone.id)).toBe(true);
		expect(await validateSessionToken(db, phone.token, T0)).toBeNull();
		expect(await validateSessionToken(db, laptop.token, T0)).not.toBeNull();
	});

	it("cannot revoke another user's session", async () => {
		const bojans = await createSession(db, bojan, {}, T0);
		expect(await revokeOwnSession(db, ana, bojans.id)).toBe(false);
		expect(await validateSessionToken(db, bojans.token, T0)).not.toBeNull();
	});

	it('answers false for a session that is already gone', async () => {
		const s = await createSession(db, ana, {}, T0);
		expect(await revokeOwnSession(db, ana, s.id)).toBe(true);
		expect(await revokeOwnSession(db, ana, s.id)).toBe(false);
		expect(await revokeOwnSession(db, ana, 'no-such-session')).toBe(false);
	});
});

describe('listSessions', () => {
	it("lists only the user's own live sessions, most recently used first", async () => {
		const old = await createSession(db, ana, { userAgent: 'Firefox', ip: '203.0.113.1' }, T0);
		const recent = await createSession(db, ana, { userAgent: 'Chrome on Android', ip: '198.51.100.7' }, T0 + 2 * DAY);
		await createSession(db, bojan, { userAgent: 'Safari' }, T0);
		const list = await listSessions(db, ana, T0 + 3 * DAY);
		expect(list.map((s) => s.id)).toEqual([recent.id, old.id]);
		expect(list[0]).toMatchObject({ userAgent: 'Chrome on Android', ip: '198.51.100.7', createdAt: T0 + 2 * DAY });
	});

	it('leaves out sessions that have expired', async () => {
		await createSession(db, ana, {}, T0);
		const recent = await createSession(db, ana, {}, T0 + 20 * DAY);
		const list = await listSessions(db, ana, T0 + 31 * DAY);
		expect(list.map((s) => s.id)).toEqual([recent.id]);
	});

	it('shortens overlong user agents and addresses', async () => {
		await createSession(db, ana, { userAgent: 'U'.repeat(1000), ip: '1'.repeat(200) }, T0);
		const [s] = await listSessions(db, ana, T0);
		expect(s.userAgent.length).toBeLessThanOrEqual(300);
		expect(s.ip.length).toBeLessThanOrEqual(64);
	});

	it('is empty for a user who is not signed in anywhere', async () => {
		expect(await listSessions(db, bojan, T0)).toEqual([]);
	});
});
