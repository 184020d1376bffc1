// STUB (foundation): replaced by the section's implementation.
import type { RawTable } from '$lib/indicators/report';
import type { DB } from '../db/client';
import type { Scope } from './scope';

export async function learningTables(_db: DB, _scope: Scope): Promise<RawTable[]> {
	return [];
}
