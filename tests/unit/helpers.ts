// Shared set-up for the domain tests: a fresh migrated in-memory database per test, and quick ways
// to put people and organisations into it without going through argon2 when a test does not sign in.
import { createMemoryDatabase, type DB } from '$lib/server/db/client';
import { fold } from '$lib/i18n/script';
import type { Role } from '../../db/schema';
import { engine, freshPostgresDb } from './engine';

/** A fixed clock, so that session and throttle tests read as a timeline. */
export const T0 = Date.UTC(2025, 2, 1, 9, 0, 0);
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A fresh migrated database: SQLite in memory, or PostgreSQL under TEST_DATABASE_URL (engine.ts). */
export function freshDb(): Promise<DB> {
	return engine === 'postgres' ? freshPostgresDb() : createMemoryDatabase();
}

/** Inserts a user row directly. The password hash is a placeholder: such users cannot sign in. */
export async function insertUser(
	db: DB,
	user: { name: string; email: string; role?: Role; active?: boolean; organisationId?: number | null }
): Promise<number> {
	const row = await db
		.insertInto('users')
		.values({
			name: user.name,
			email: user.email,
			search_text: fold(`${user.name} ${user.email}`),
			password_hash: 'not-a-real-hash',
			role: user.role ?? 'learner',
			active: user.active === false ? 0 : 1,
			organisation_id: user.organisationId ?? null,
			created_at: T0,
			updated_at: T0
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export async function insertOrganisation(db: DB, name: string, slug: string): Promise<number> {
	const row = await db
		.insertInto('organisations')
		.values({
			name,
			slug,
			municipality: '',
			description: '',
			website: '',
			social_links: '',
			created_at: T0,
			updated_at: T0
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export async function countUsers(db: DB): Promise<number> {
	const r = await db
		.selectFrom('users')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

export async function countSessions(db: DB, userId?: number): Promise<number> {
	let q = db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n'));
	if (userId !== undefined) q = q.where('user_id', '=', userId);
	const r = await q.executeTakeFirstOrThrow();
	return Number(r.n);
}
