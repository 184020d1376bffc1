// Small pieces shared by the indicator sections' queries (issue 19): reading an aggregate, making a
// raw cell, and the period conditions, written portably (no SQLite-only SQL).
import { sql, type Expression, type SqlBool } from 'kysely';
import type { RawCell } from '$lib/indicators/report';
import type { Scope } from './scope';

/** An aggregate as a number (SQLite and PostgreSQL may give a string, a bigint or null). */
export const num = (value: unknown): number => Number(value ?? 0);

export const cell = (value: number, people: number | null): RawCell => ({ value, people });

/** A condition that holds for every row, for a filter the scope does not set. */
export const always = sql<SqlBool>`${sql.lit(1)} = ${sql.lit(1)}`;

/** A condition on a column: from ≤ value < until, each bound left out when null (instants or days). */
export function between(
	column: string,
	from: number | string | null,
	until: number | string | null
): Expression<SqlBool> {
	const parts = [];
	if (from !== null) parts.push(sql`${sql.ref(column)} >= ${from}`);
	if (until !== null) parts.push(sql`${sql.ref(column)} < ${until}`);
	if (parts.length === 0) return always;
	return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

/** A condition on an instant column (epoch ms): within the scope's period. */
export const inPeriod = (scope: Scope, column: string): Expression<SqlBool> => between(column, scope.from, scope.until);
