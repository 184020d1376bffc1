import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryDatabase, hotQuery, type DB } from '$lib/server/db';

describe('queries compiled once (hotQuery)', () => {
	let db: DB;
	beforeEach(async () => {
		db = await createMemoryDatabase();
		await db.insertInto('meta').values([{ key: 'a', value: 'one' }, { key: 'b', value: 'two' }]).execute();
	});
	afterEach(() => db.destroy());

	const valueOf = hotQuery((db: DB, key: string) => db.selectFrom('meta').select('value').where('key', '=', key), ['placeholder']);

	it('answers each call with its own parameters, as Kysely does', async () => {
		expect(await valueOf(db, 'a')).toEqual([{ value: 'one' }]);
		expect(await valueOf(db, 'b')).toEqual([{ value: 'two' }]);
		expect(await valueOf(db, 'missing')).toEqual([]);
		expect(await valueOf(db, 'b')).toEqual(await db.selectFrom('meta').select('value').where('key', '=', 'b').execute());
	});

	it('sees writes made since, and works inside a transaction', async () => {
		expect(await valueOf(db, 'c')).toEqual([]);
		await db.insertInto('meta').values({ key: 'c', value: 'three' }).execute();
		expect(await valueOf(db, 'c')).toEqual([{ value: 'three' }]);
		const inside = await db.transaction().execute(async (tx) => {
			await tx.updateTable('meta').set({ value: 'changed' }).where('key', '=', 'c').execute();
			return valueOf(tx, 'c');
		});
		expect(inside).toEqual([{ value: 'changed' }]);
	});

	it('refuses a query whose parameters are not the placeholders given', async () => {
		const wrong = hotQuery((db: DB, key: string) => db.selectFrom('meta').select('value').where('key', '=', key).where('value', '!=', 'x'), ['k']);
		await expect(async () => wrong(db, 'a')).rejects.toThrow(/placeholders/);
	});
});
