// Passwords: argon2id with the parameters OWASP's Password Storage Cheat Sheet lists first
// (19 MiB memory, 2 iterations, 1 lane), and a policy of length plus a common-password list.
import { hash, verify } from '@node-rs/argon2';

const options = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordProblem = 'password_too_short' | 'password_too_long' | 'password_common';

// Each argon2 run takes 19 MiB outside the V8 heap and a core for tens of milliseconds. Without a
// bound, 100 sign-ups at once ran 100 hashes on libuv's threads and every page waited seconds behind
// them. At most HASH_SLOTS run at once, server-wide; the rest queue. Sign-in and sign-up do not
// queue without end: past MAX_WAITING they are told the server is busy (`PasswordWorkBusy`), so that
// a flood gets a quick "try again" page instead of stalling everyone else.
export const HASH_SLOTS = 2;
export const MAX_WAITING = 32;

export class PasswordWorkBusy extends Error {
	constructor() {
		super('too many password checks at once');
	}
}

let running = 0;
let peak = 0;
const waiting: (() => void)[] = [];

async function withSlot<T>(work: () => Promise<T>, shed: boolean): Promise<T> {
	if (running >= HASH_SLOTS) {
		if (shed && waiting.length >= MAX_WAITING) throw new PasswordWorkBusy();
		await new Promise<void>((resolve) => waiting.push(resolve));
	} else running++;
	peak = Math.max(peak, running);
	try {
		return await work();
	} finally {
		const next = waiting.shift();
		// The slot passes straight to the next in line, so `running` never drops in between.
		if (next) next();
		else running--;
	}
}

/** The most argon2 runs seen at the same moment since the last reset (for tests and the bench). */
export function passwordWorkPeak(reset = false): number {
	const value = peak;
	if (reset) peak = running;
	return value;
}

/** Hashes a new password. `shed`: refuse with PasswordWorkBusy instead of queueing when the queue is full. */
export function hashPassword(password: string, shed = false): Promise<string> {
	return withSlot(() => hash(password, { ...options, algorithm: 2 /* Argon2id */ }), shed);
}

/** Checks a password against its hash; false for a malformed hash. `shed` as for hashPassword. */
export async function verifyPassword(passwordHash: string, password: string, shed = false): Promise<boolean> {
	return withSlot(async () => {
		try {
			return await verify(passwordHash, password);
		} catch {
			return false;
		}
	}, shed);
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
