// A person's own details on My account (issue 20): name, preferred language, e-mail change by link.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import * as account from '$lib/server/people/account';
import * as audit from '$lib/server/people/audit';
import { deleteAccount, exportUserData } from '$lib/server/people/privacy';
import { hashPassword } from '$lib/server/auth/password';
import { mailTarget } from '$lib/server/people/notices';
import { DAY, HOUR, T0, freshDb, insertUser } from './helpers';

const password = 'kesten pada na Ibar';
let hash: string;
let db: DB;
let ana: number;

beforeAll(async () => {
	hash = await hashPassword(password);
});

beforeEach(async () => {
	db = await freshDb();
	ana = await insertUser(db, { name: 'Ana Petrović', email: 'ana@example.org' });
	await db.updateTable('users').set({ password_hash: hash }).where('id', '=', ana).execute();
});

const userRow = (id: number) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('changing one’s name', () => {
	it('saves the name, keeps issued certificates as they were, and logs the old and the new name', async () => {
		await db
			.insertInto('certificates')
			.values({
				code: 'ABCD-EFGH-JKLM',
				kind: 'volunteer',
				course_id: null,
				user_id: ana,
				organisation_id: null,
				recipient_name: 'Ana Petrović',
				organisation_name: null,
				course_title: 'Project writing',
				locale: 'en',
				issuer_name: 'CivicSteps',
				issued_at: T0,
				credential: '',
				revoked_at: null,
				revoked_reason: null,
				revoked_by: null,
				hours: 20
			})
			.execute();
		const result = await account.changeName(db, ana, '  Ana   Petrović-Jovanović ', T0 + HOUR);
		expect(result).toEqual({ ok: true, changed: true, name: 'Ana Petrović-Jovanović' });
		const row = await userRow(ana);
		expect(row.name).toBe('Ana Petrović-Jovanović');
		expect(row.search_text).toContain('jovanovic');
		const log = await audit.list(db);
		expect(log.rows[0]).toMatchObject({
			action: 'name_changed',
			actor: 'Ana Petrović-Jovanović',
			detail: 'Ana Petrović → Ana Petrović-Jovanović'
		});
		const cert = await db
			.selectFrom('certificates')
			.select('recipient_name')
			.where('user_id', '=', ana)
			.executeTakeFirstOrThrow();
		expect(cert.recipient_name).toBe('Ana Petrović');
	});

	it('writes nothing when the name is the same', async () => {
		expect(await account.changeName(db, ana, 'Ana Petrović')).toEqual({
			ok: true,
			changed: false,
			name: 'Ana Petrović'
		});
		expect((await audit.list(db)).total).toBe(0);
	});

	it('refuses an empty name, a long one, markup and control characters, changing nothing', async () => {
		expect(await account.changeName(db, ana, '   ')).toEqual({ ok: false, error: 'name_required' });
		expect(await account.changeName(db, ana, 7)).toEqual({ ok: false, error: 'name_required' });
		expect(await account.changeName(db, ana, 'a'.repeat(101))).toEqual({ ok: false, error: 'name_too_long' });
		expect(await account.changeName(db, ana, '<b>Ana</b>')).toEqual({ ok: false, error: 'volp_err_markup' });
		expect(await account.changeName(db, ana, 'Ana\nAdmin')).toEqual({ ok: false, error: 'acct_err_name_control' });
		expect(await account.changeName(db, ana, 'Ana\u202Eeivs')).toEqual({
			ok: false,
			error: 'acct_err_name_control'
		});
		expect((await userRow(ana)).name).toBe('Ana Petrović');
		expect((await audit.list(db)).total).toBe(0);
	});

	it('erases the names from the log entry when the account is deleted', async () => {
		await account.changeName(db, ana, 'Ana Jovanović');
		expect(await deleteAccount(db, ana, password, true)).toMatchObject({ ok: true });
		const log = await audit.list(db);
		const entry = log.rows.find((r) => r.action === 'name_changed');
		expect(entry).toMatchObject({ subject: '', detail: '' });
	});
});

describe('the preferred language', () => {
	it('is stored, used for e-mail and exported; anything but the four locales is refused', async () => {
		expect(await account.preferredLocale(db, ana)).toBeNull();
		expect(await account.setLocale(db, ana, 'sr-Cyrl')).toBe(true);
		expect(await account.preferredLocale(db, ana)).toBe('sr-Cyrl');
		expect(await account.setLocale(db, ana, 'de')).toBe(false);
		expect(await account.setLocale(db, ana, ['sq'])).toBe(false);
		expect(await account.preferredLocale(db, ana)).toBe('sr-Cyrl');
		const smtp = process.env.SMTP_URL;
		process.env.SMTP_URL = 'smtp://localhost:2525';
		try {
			expect(await mailTarget(db, ana, 'certificate-issued')).toEqual({ to: 'ana@example.org', locale: 'sr-Cyrl' });
		} finally {
			if (smtp === undefined) delete process.env.SMTP_URL;
			else process.env.SMTP_URL = smtp;
		}
		expect((await exportUserData(db, ana))?.profile).toMatchObject({ preferredLanguage: 'sr-Cyrl' });
	});
});

describe('changing one’s e-mail address', () => {
	const ask = (email: string, pw = password, now = T0) =>
		account.requestEmailChange(db, ana, { password: pw, email }, now);

	it('changes the address only when the link is opened, once, and logs it', async () => {
		const asked = await ask('  Ana.New@Example.org ');
		if (!asked.ok) throw new Error('refused');
		expect(asked.to).toBe('ana.new@example.org');
		expect(asked.oldEmail).toBe('ana@example.org');
		expect((await userRow(ana)).email).toBe('ana@example.org');
		expect(await account.pendingEmailChange(db, ana, T0 + 1)).toEqual({
			newEmail: 'ana.new@example.org',
			expiresAt: T0 + account.EMAIL_CHANGE_TTL_MS
		});
		// Only a hash of the secret is stored.
		const stored = await db.selectFrom('email_changes').selectAll().executeTakeFirstOrThrow();
		expect(Buffer.from(stored.secret_hash).toString()).not.toContain(asked.token.split('.')[1]);

		expect(await account.checkEmailChange(db, asked.token, T0 + HOUR)).toMatchObject({
			ok: true,
			newEmail: 'ana.new@example.org'
		});
		const done = await account.confirmEmailChange(db, asked.token, T0 + HOUR);
		expect(done).toMatchObject({ ok: true, oldEmail: 'ana@example.org', newEmail: 'ana.new@example.org' });
		const row = await userRow(ana);
		expect(row.email).toBe('ana.new@example.org');
		expect(row.search_text).toContain('ana.new@example.org');
		expect(await account.confirmEmailChange(db, asked.token, T0 + HOUR)).toEqual({ ok: false, reason: 'used' });
		expect(await account.pendingEmailChange(db, ana, T0 + HOUR)).toBeNull();
		expect((await audit.list(db)).rows[0]).toMatchObject({
			action: 'email_changed',
			detail: 'ana@example.org → ana.new@example.org'
		});
	});

	it('asks for the current password and a new, valid address', async () => {
		expect(await ask('new@example.org', 'wrong password here')).toEqual({
			ok: false,
			errors: { current: 'password_wrong' }
		});
		expect(await ask('not an address')).toEqual({ ok: false, errors: { email: 'email_invalid' } });
		expect(await ask('ANA@example.org')).toEqual({ ok: false, errors: { email: 'acct_err_email_same' } });
		expect(await ask('', '')).toEqual({
			ok: false,
			errors: { email: 'email_required', current: 'password_required' }
		});
		expect(await db.selectFrom('email_changes').selectAll().execute()).toEqual([]);
	});

	it('refuses wrong, altered, expired and superseded links', async () => {
		const first = await ask('one@example.org');
		const second = await ask('two@example.org', password, T0 + 1);
		if (!first.ok || !second.ok) throw new Error('refused');
		const [id, secret] = second.token.split('.');
		// The last character changed (a random secret ends in 'x' one time in 32: then it becomes 'y').
		const altered = secret.slice(0, -1) + (secret.endsWith('x') ? 'y' : 'x');
		expect(await account.confirmEmailChange(db, `${id}.${altered}`, T0 + 2)).toEqual({
			ok: false,
			reason: 'invalid'
		});
		expect(await account.confirmEmailChange(db, 'nonsense', T0 + 2)).toEqual({ ok: false, reason: 'invalid' });
		expect(await account.confirmEmailChange(db, first.token, T0 + 2)).toEqual({ ok: false, reason: 'expired' });
		expect(await account.confirmEmailChange(db, second.token, T0 + 1 + DAY)).toEqual({
			ok: false,
			reason: 'expired'
		});
		expect((await userRow(ana)).email).toBe('ana@example.org');
	});

	it('refuses an address another account has by the time the link is opened', async () => {
		const asked = await ask('taken@example.org');
		if (!asked.ok) throw new Error('refused');
		await insertUser(db, { name: 'Other', email: 'taken@example.org' });
		expect(await account.confirmEmailChange(db, asked.token, T0 + HOUR)).toEqual({ ok: false, reason: 'taken' });
		expect((await userRow(ana)).email).toBe('ana@example.org');
	});

	it('lets only one of two simultaneous confirmations through', async () => {
		const asked = await ask('twice@example.org');
		if (!asked.ok) throw new Error('refused');
		const results = await Promise.all([
			account.confirmEmailChange(db, asked.token, T0 + HOUR),
			account.confirmEmailChange(db, asked.token, T0 + HOUR)
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect((await audit.list(db)).total).toBe(1);
	});

	it('allows five requests a day, counted even when they come at once', async () => {
		const results = await Promise.all(Array.from({ length: 7 }, (_, i) => ask(`n${i}@example.org`, password, T0 + i)));
		expect(results.filter((r) => r.ok)).toHaveLength(account.EMAIL_CHANGES_PER_DAY);
		expect(results.filter((r) => !r.ok && 'reason' in r && r.reason === 'throttled')).toHaveLength(2);
		expect((await ask('later@example.org', password, T0 + DAY + HOUR)).ok).toBe(true);
	});

	it('goes with the account when it is deleted', async () => {
		await ask('gone@example.org');
		expect(await deleteAccount(db, ana, password, true)).toMatchObject({ ok: true });
		expect(await db.selectFrom('email_changes').selectAll().execute()).toEqual([]);
	});
});
