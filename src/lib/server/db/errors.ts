/**
 * True when `e` is a broken unique constraint. better-sqlite3 and pg name the same failure
 * differently (the message text differs too, so it is never matched).
 */
export function isUniqueViolation(e: unknown): boolean {
	const code = (e as { code?: unknown } | null)?.code;
	return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

/**
 * True when PostgreSQL refused a value that its column's type cannot hold: '1.5', 'NaN' or 'abc'
 * as a bigint (22P02), or 1e20 (22003). SQLite stores or compares such values without complaint.
 */
export function isBadValue(e: unknown): boolean {
	const code = (e as { code?: unknown } | null)?.code;
	return code === '22P02' || code === '22003';
}
