// Lists of ids that arrive from forms (checkboxes, multi-selects) and go into SQL IN-lists (security
// review, issue 13). SQLite allows a bounded number of variables per statement (32,766 in the
// version better-sqlite3 ships, 999 before 3.32): 40,000 values in one field gave "too many SQL
// variables" and a 500. A form list is refused past MAX_FORM_LIST, and queries over lists run in
// chunks that stay under the oldest limit, so that no list can reach it.

/** The most values one form field may carry: more than any form offers (500 people added at once). */
export const MAX_FORM_LIST = 500;

/** Variables per statement in a chunked query, well under SQLite's oldest limit of 999. */
export const SQL_CHUNK = 400;

/**
 * The distinct positive ids of a form field's values (other values are dropped), or null when the
 * field carries more than MAX_FORM_LIST values: the caller answers with a message.
 */
export function parseIdList(values: readonly unknown[]): number[] | null {
	if (values.length > MAX_FORM_LIST) return null;
	const ids = values.filter((v): v is string => typeof v === 'string' && /^\d{1,9}$/.test(v)).map(Number);
	return [...new Set(ids)];
}

/** Splits a list into chunks of at most `size` items (for IN-lists and multi-row inserts). */
export function chunked<T>(items: readonly T[], size = SQL_CHUNK): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
	return out;
}

/** Runs a query once per chunk of ids and joins the rows. */
export async function selectInChunks<T, R>(
	ids: readonly T[],
	query: (chunk: T[]) => Promise<R[]>,
	size = SQL_CHUNK
): Promise<R[]> {
	const rows: R[] = [];
	for (const chunk of chunked(ids, size)) rows.push(...(await query(chunk)));
	return rows;
}
