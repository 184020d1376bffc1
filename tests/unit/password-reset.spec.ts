// Forgotten passwords (issue 20): a reset link asked for by e-mail address, answered alike whether
// the address has an account or not, throttled per address and per client, made only for active
// accounts, valid for an hour, used once (and only the newest works), ending every other sign-in,
// and on record in the audit log.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import {
	RESET_ACCOUNT_RULE,
	RESET_CLIENT_RULE,
	RESET_TOKEN_TTL_MS,
	checkPasswordToken,
	createPasswordToken,
	requestPasswordReset,
	usePasswordToken
} from '$lib/server/auth/password-tokens';
import { verifyPassword } from '$lib/server/auth/password';
import { createSession } from '$lib/server/auth/session';
import { HOUR, MINUTE, T0, countSessions, freshDb, insertUser } from './helpers';

const GOOD = 'river-lantern-orchard-42';
const OFFICE = '203.0.113.7';

let db: DB;
let milica: number;

beforeEach(async () => {
	db = await freshDb();
	milica = await insertUser(db, { name: 'Milica Ilić', email: 'milica@example.org' });
});

async function askFor(email: string, address = OFFICE, now = T0) {
	const result = await requestPasswordReset(db, email, address, now);
	if (!result.ok) throw new Error(`refused: ${result.reason}`);
	return result.mail;
}

describe('requestPasswordReset', () => {
	it('gives an active account a link for an hour, and an unknown address nothing, alike', async () => {
		const mail = await askFor('  Milica@Example.org ');
		expect(mail).toMatchObject({ to: 'milica@example.org', name: 'Milica Ilić', locale: null });
		expect(RESET_TOKEN_TTL_MS).toBe(HOUR);
		expect(await checkPasswordToken(db, mail!.token, T0 + HOUR - 1, 'reset')).toMatchObject({
			ok: true,
			userId: milica
		});
		expect(await checkPasswordToken(db, mail!.token, T0 + HOUR, 'reset')).toEqual({ ok: false, reason: 'expired' });
		expect(await askFor('nobody@example.org')).toBeNull();
		// Only a hash of the secret is stored.
		const [id, secret] = mail!.token.split('.');
		const row = await db.selectFrom('password_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(row.purpose).toBe('reset');
		expect(Buffer.from(row.secret_hash).toString('hex')).not.toContain(secret);
	});

	it('gives a deactivated or deleted account nothing', async () => {
		await insertUser(db, { name: 'Past', email: 'past@example.org', active: false });
		const gone = await insertUser(db, { name: 'Gone', email: 'gone@example.org' });
		await db.updateTable('users').set({ password_hash: '!deleted' }).where('id', '=', gone).execute();
		expect(await askFor('past@example.org')).toBeNull();
		expect(await askFor('gone@example.org')).toBeNull();
		expect(await db.selectFrom('password_tokens').selectAll().execute()).toEqual([]);
	});

	it('refuses what is not an e-mail address', async () => {
		expect(await requestPasswordReset(db, 'milica', OFFICE, T0)).toEqual({ ok: false, reason: 'email' });
		expect(await requestPasswordReset(db, null, OFFICE, T0)).toEqual({ ok: false, reason: 'email' });
	});

	it('throttles one address, whether it has an account or not, and not the others', async () => {
		for (const email of ['milica@example.org', 'nobody@example.org']) {
			for (let i = 0; i < RESET_ACCOUNT_RULE.freeFailures; i++) await askFor(email, `198.51.100.${i}`);
			const refused = await requestPasswordReset(db, email, '198.51.100.99', T0);
			expect(refused).toMatchObject({ ok: false, reason: 'throttled' });
		}
		expect(await askFor('other@example.org')).toBeNull();
		// After the lock and the window, asking works again.
		expect(await askFor('milica@example.org', OFFICE, T0 + 2 * HOUR)).not.toBeNull();
	});

	it('throttles one client asking for many addresses', async () => {
		for (let i = 0; i < RESET_CLIENT_RULE.freeFailures; i++) await askFor(`person${i}@example.org`);
		expect(await requestPasswordReset(db, 'milica@example.org', OFFICE, T0 + MINUTE)).toMatchObject({
			ok: false,
			reason: 'throttled'
		});
		expect(await askFor('milica@example.org', '192.0.2.1', T0 + MINUTE)).not.toBeNull();
	});

	it('counts requests sent at the same moment one after another', async () => {
		const results = await Promise.all(
			Array.from({ length: 10 }, () => requestPasswordReset(db, 'milica@example.org', OFFICE, T0))
		);
		expect(results.filter((r) => r.ok)).toHaveLength(RESET_ACCOUNT_RULE.freeFailures);
	});
});

describe('using a reset link', () => {
	it('sets the password once, ends every sign-in and is on record', async () => {
		await createSession(db, milica, { userAgent: 'phone' }, T0);
		await createSession(db, milica, { userAgent: 'laptop' }, T0);
		const { token } = (await askFor('milica@example.org'))!;
		expect(await usePasswordToken(db, token, 'short', T0 + MINUTE, 'reset')).toMatchObject({
			ok: false,
			reason: 'password'
		});
		expect(await usePasswordToken(db, token, GOOD, T0 + MINUTE, 'reset')).toEqual({ ok: true, userId: milica });
		const user = await db.selectFrom('users').selectAll().where('id', '=', milica).executeTakeFirstOrThrow();
		expect(await verifyPassword(user.password_hash, GOOD)).toBe(true);
		expect(await countSessions(db, milica)).toBe(0);
		expect(await usePasswordToken(db, token, GOOD, T0 + MINUTE, 'reset')).toEqual({ ok: false, reason: 'used' });
		const log = await db.selectFrom('audit_log').selectAll().execute();
		expect(log).toMatchObject([
			{ actor_id: milica, action: 'password_reset', subject: 'milica@example.org', subject_user_id: milica }
		]);
	});

	it('works only for the newest link, only as a reset link, and not once the account is deactivated', async () => {
		const first = (await askFor('milica@example.org'))!.token;
		const second = (await askFor('milica@example.org', OFFICE, T0 + MINUTE))!.token;
		expect(await checkPasswordToken(db, first, T0 + MINUTE, 'reset')).toEqual({ ok: false, reason: 'used' });
		expect(await checkPasswordToken(db, second, T0 + MINUTE, 'reset')).toMatchObject({ ok: true });
		const invitation = await createPasswordToken(db, milica, null, T0);
		expect(await checkPasswordToken(db, invitation, T0, 'reset')).toEqual({ ok: false, reason: 'invalid' });
		await db.updateTable('users').set({ active: 0 }).where('id', '=', milica).execute();
		expect(await usePasswordToken(db, second, GOOD, T0 + MINUTE, 'reset')).toEqual({ ok: false, reason: 'invalid' });
	});
});

describe('requestPasswordReset, answered alike (security probe)', () => {
	// The kinds and tables of the statements a request runs, in order.
	async function statementsFor(email: string, address: string) {
		const seen: string[] = [];
		const recorder = {
			transformQuery(args: { node: { kind: string } }) {
				seen.push(args.node.kind);
				return args.node as never;
			},
			async transformResult(args: { result: unknown }) {
				return args.result as never;
			}
		};
		const result = await requestPasswordReset(db.withPlugin(recorder), email, address, T0);
		expect(result.ok).toBe(true);
		return seen;
	}

	it('runs the same statements whether or not the address has an account', async () => {
		const known = await statementsFor('milica@example.org', '198.51.100.1');
		const unknown = await statementsFor('nobody@example.org', '198.51.100.2');
		expect(unknown).toEqual(known);
		expect(known.filter((k) => k === 'InsertQueryNode').length).toBeGreaterThan(2);
	});
});
