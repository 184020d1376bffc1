// Passwords: argon2id with the parameters OWASP's Password Storage Cheat Sheet lists first
// (19 MiB memory, 2 iterations, 1 lane), and a policy of length plus a common-password list.
import { hash, verify } from '@node-rs/argon2';

const options = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordProblem = 'password_too_short' | 'password_too_long' | 'password_common';

export function hashPassword(password: string): Promise<string> {
	return hash(password, { ...options, algorithm: 2 /* Argon2id */ });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

let common: Set<string> | undefined;

/** Passwords long enough to pass the length rule that still appear in breach lists. The list is
 * zxcvbn-ts's common-password dictionary (about 49,000 entries), loaded on first use. */
async function commonPasswords(): Promise<Set<string>> {
	if (!common) {
		const { dictionary } = await import('@zxcvbn-ts/language-common');
		const list = (dictionary as Record<string, string[]>)['passwords-common'] ?? [];
		common = new Set(list.filter((p) => p.length >= MIN_PASSWORD_LENGTH).map((p) => p.toLowerCase()));
		for (const extra of ['civicsteps123', 'password1234', 'qwertyuiop1', '0123456789']) common.add(extra);
	}
	return common;
}

/** Returns the first rule a new password breaks, or null when it is acceptable. */
export async function checkPasswordPolicy(
	password: string,
	context: { email?: string; name?: string } = {}
): Promise<PasswordProblem | null> {
	if ([...password].length < MIN_PASSWORD_LENGTH) return 'password_too_short';
	if (password.length > MAX_PASSWORD_LENGTH) return 'password_too_long';
	const lower = password.toLowerCase();
	if ((await commonPasswords()).has(lower)) return 'password_common';
	if (context.email && lower === context.email.toLowerCase()) return 'password_common';
	if (context.name && lower === context.name.trim().toLowerCase()) return 'password_common';
	if (/^(.)\1+$/.test(password)) return 'password_common';
	return null;
}
