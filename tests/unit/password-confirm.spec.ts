// Guesses at the current password on My account (security probe: 25 wrong guesses, then the right
// one, were all checked): five wrong guesses in fifteen minutes, then the account waits, even with
// the right password; a right password gives its guess back.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import { hashPassword } from '$lib/server/auth/password';
import { guardPasswordGuess } from '$lib/server/auth/password-confirm';
import * as account from '$lib/server/people/account';
import { changePassword } from '$lib/server/people/users';
import { MINUTE, T0, freshDb, insertUser } from './helpers';

const password = 'kesten pada na Ibar';
let db: DB;
let ana: number;

beforeEach(async () => {
	db = await freshDb();
	ana = await insertUser(db, { name: 'Ana Petrović', email: 'ana@example.org' });
	await db
		.updateTable('users')
		.set({ password_hash: await hashPassword(password) })
		.where('id', '=', ana)
		.execute();
});

const askEmail = (pw: string, now = T0) =>
	guardPasswordGuess(
		db,
		ana,
		() => account.requestEmailChange(db, ana, { password: pw, email: 'ana.new@example.org' }, now),
		(r) => !r.ok && 'errors' in r && r.errors.current === 'password_wrong',
		now
	);

describe('guardPasswordGuess', () => {
	it('refuses the sixth guess in fifteen minutes, even a right one, until the wait is over', async () => {
		for (let i = 0; i < 5; i++) expect(await askEmail('wrong guess ' + i)).toMatchObject({ throttled: false });
		const refused = await askEmail(password, T0 + MINUTE);
		expect(refused).toMatchObject({ throttled: true });
		expect(refused.throttled && refused.retryAfterMs).toBeGreaterThan(10 * MINUTE);
		// Another action of the same account counts against the same limit.
		const change = await guardPasswordGuess(
			db,
			ana,
			() => changePassword(db, ana, password, 'a-new-long-password-91', ''),
			(r) => !r.ok && r.errors.current === 'password_wrong',
			T0 + MINUTE
		);
		expect(change).toMatchObject({ throttled: true });
		expect(await askEmail(password, T0 + 16 * MINUTE)).toMatchObject({ throttled: false, result: { ok: true } });
	});

	it('gives back a guess that proved right', async () => {
		for (let i = 0; i < 4; i++) await askEmail('wrong guess ' + i);
		for (let i = 0; i < 3; i++)
			expect(await askEmail(password)).toMatchObject({ throttled: false, result: { ok: true } });
		expect(await askEmail('one more wrong')).toMatchObject({ throttled: false });
		expect(await askEmail(password)).toMatchObject({ throttled: true });
	});
});
