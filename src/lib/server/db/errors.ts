/**
 * True when `e` is a broken unique constraint. better-sqlite3 and pg name the same failure
 * differently (the message text differs too, so it is never matched).
 */
export function isUniqueViolation(e: unknown): boolean {
	const code = (e as { code?: unknown } | null)?.code;
	return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
