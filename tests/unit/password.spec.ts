import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, hashPassword, verifyPassword } from '$lib/server/auth/password';

describe('hashPassword / verifyPassword', () => {
	it('stores an argon2id hash that verifies only the right password', async () => {
		const hash = await hashPassword('kesten pada na Ibar');
		expect(hash).toMatch(/^\$argon2id\$/);
		expect(hash).not.toContain('kesten pada na Ibar');
		expect(await verifyPassword(hash, 'kesten pada na Ibar')).toBe(true);
		expect(await verifyPassword(hash, 'kesten pada na ibar')).toBe(false);
		expect(await verifyPassword(hash, '')).toBe(false);
	});

	it('salts: the same password hashed twice gives different hashes', async () => {
		const [a, b] = await Promise.all([hashPassword('same passphrase here'), hashPassword('same passphrase here')]);
		expect(a).not.toBe(b);
	});

	it('answers false (and does not throw) for a damaged hash', async () => {
		expect(await verifyPassword('not-a-hash', 'anything at all')).toBe(false);
		expect(await verifyPassword('', 'anything at all')).toBe(false);
	});
});

describe('checkPasswordPolicy', () => {
	it('refuses passwords shorter than 10 characters', async () => {
		expect(await checkPasswordPolicy('short')).toBe('password_too_short');
		expect(await checkPasswordPolicy('nine char')).toBe('password_too_short');
	});

	it('counts characters, not UTF-16 code units', async () => {
		// Five emoji are ten UTF-16 units but only five characters.
		expect(await checkPasswordPolicy('🔑🔑🔑🔑🔑')).toBe('password_too_short');
	});

	it('refuses very long passwords', async () => {
		expect(await checkPasswordPolicy('a long passphrase '.repeat(20))).toBe('password_too_long');
	});

	it('refuses common passwords, whatever their case', async () => {
		expect(await checkPasswordPolicy('password123')).toBe('password_common');
		expect(await checkPasswordPolicy('qwertyuiop')).toBe('password_common');
		expect(await checkPasswordPolicy('QwertyUIOP')).toBe('password_common');
		expect(await checkPasswordPolicy('civicsteps123')).toBe('password_common');
	});

	it('refuses a password equal to the e-mail address or the name', async () => {
		expect(await checkPasswordPolicy('ana.petrovic@example.org', { email: 'ana.petrovic@example.org' })).toBe(
			'password_common'
		);
		expect(await checkPasswordPolicy('Ana.Petrovic@Example.org', { email: 'ana.petrovic@example.org' })).toBe(
			'password_common'
		);
		expect(await checkPasswordPolicy('ana petrović', { name: 'Ana Petrović' })).toBe('password_common');
	});

	it('refuses one character repeated', async () => {
		expect(await checkPasswordPolicy('aaaaaaaaaaaa')).toBe('password_common');
	});

	it('accepts a good passphrase', async () => {
		expect(await checkPasswordPolicy('kesten pada na Ibar', { email: 'ana@example.org', name: 'Ana' })).toBeNull();
		expect(await checkPasswordPolicy('Zvečan-most-2025!')).toBeNull();
	});
});
