// Several instances starting together: the preparation runs under one lock, one after the other.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import { withStartupLock } from '$lib/server/db/startup';
import { engine } from './engine';
import { freshDb } from './helpers';
import { twoHandles, type TwoHandles } from './two-handles';

let handles: TwoHandles | undefined;
afterEach(async () => {
	await handles?.close();
	handles = undefined;
});

/** How many sessions wait for an advisory lock of this database. */
async function waitingForLock(db: DB): Promise<number> {
	const { rows } = await sql<{ n: number }>`
		select count(*)::int as n from pg_locks
		where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`.execute(
		db
	);
	return rows[0].n;
}

/** A preparation that records when it starts and ends, and takes a while in between. */
function preparation(name: string, log: string[], wait: Promise<void>) {
	return async () => {
		log.push(`${name} starts`);
		await wait;
		log.push(`${name} ends`);
		return name;
	};
}

describe('withStartupLock', () => {
	it('runs the work and hands back its result', async () => {
		const db = await freshDb();
		expect(await withStartupLock(db, async () => 42)).toBe(42);
	});

	// On SQLite one server prepares; the lock is PostgreSQL's, shared by the instances of one database.
	it.skipIf(engine === 'sqlite')('two instances starting together prepare one after the other', async () => {
		handles = await twoHandles();
		const log: string[] = [];
		let release!: () => void;
		const slow = new Promise<void>((resolve) => (release = resolve));
		const first = withStartupLock(handles.one, preparation('one', log, slow));
		// The first holds the lock before the second asks for it.
		while (log.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
		const second = withStartupLock(handles.other, preparation('other', log, Promise.resolve()));
		// The second is seen waiting for the lock (PostgreSQL's own list of locks) while the first's work runs.
		while ((await waitingForLock(handles.one)) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
		expect(log).toEqual(['one starts']);
		release();
		expect(await Promise.all([first, second])).toEqual(['one', 'other']);
		expect(log).toEqual(['one starts', 'one ends', 'other starts', 'other ends']);
	});

	it.skipIf(engine === 'sqlite')('a preparation that fails lets the next instance in', async () => {
		handles = await twoHandles();
		await expect(
			withStartupLock(handles.one, async () => {
				throw new Error('content/ is broken');
			})
		).rejects.toThrow('content/ is broken');
		expect(await withStartupLock(handles.other, async () => 'prepared')).toBe('prepared');
	});
});
