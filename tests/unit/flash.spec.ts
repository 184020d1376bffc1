// Flash values (set-password links shown after a redirect) live in the database, so that the
// redirect's GET may reach another app instance: encrypted, for the same user, for ten minutes.
import { afterEach, describe, expect, it } from 'vitest';
import * as flash from '$lib/server/http/flash';
import { T0, insertUser } from './helpers';
import { twoHandles, type TwoHandles } from './two-handles';

let handles: TwoHandles | undefined;
afterEach(async () => {
	await handles?.close();
	handles = undefined;
});

const LINK = 'https://civicsteps.example/set-password/0123456789abcdefghijklmnopqrstuv';

async function setUp() {
	handles = await twoHandles();
	const coordinator = await insertUser(handles.one, { name: 'Cora', email: 'cora@example.org', role: 'coordinator' });
	const stranger = await insertUser(handles.one, { name: 'Olga', email: 'olga@example.org', role: 'coordinator' });
	return { one: handles.one, other: handles.other, coordinator, stranger };
}

describe('flash values across instances', () => {
	it('one instance puts, another takes it, again on a reload; another user gets nothing', async () => {
		const { one, other, coordinator, stranger } = await setUp();
		const value = [{ name: 'Ana', email: 'ana@example.org', link: LINK }];
		const key = await flash.put(one, coordinator, value, T0);
		expect(await flash.take(other, coordinator, key, T0 + 1000)).toEqual(value);
		// A reload shows the links again.
		expect(await flash.take(other, coordinator, key, T0 + 2000)).toEqual(value);
		expect(await flash.take(other, stranger, key, T0 + 1000)).toBeNull();
		expect(await flash.take(other, coordinator, null, T0)).toBeNull();
		expect(await flash.take(other, coordinator, 'not-a-key', T0)).toBeNull();
		expect(await flash.take(other, coordinator, 'x'.repeat(16), T0)).toBeNull();
	});

	it('is gone after ten minutes, and an expired row is deleted by a later put', async () => {
		const { one, other, coordinator } = await setUp();
		const key = await flash.put(one, coordinator, { link: LINK }, T0);
		expect(await flash.take(other, coordinator, key, T0 + flash.FLASH_TTL_MS - 1)).toEqual({ link: LINK });
		expect(await flash.take(other, coordinator, key, T0 + flash.FLASH_TTL_MS)).toBeNull();
		await flash.put(other, coordinator, { link: 'later' }, T0 + flash.FLASH_TTL_MS + 1);
		const keys = await one.selectFrom('flash_values').select('key').execute();
		expect(keys.map((k) => k.key)).not.toContain(key);
		expect(keys).toHaveLength(1);
	});

	it('stores the value encrypted: the row does not show the link', async () => {
		const { one, other, coordinator } = await setUp();
		const key = await flash.put(one, coordinator, [{ link: LINK }], T0);
		const row = await other.selectFrom('flash_values').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
		expect(row.user_id).toBe(coordinator);
		expect(row.value).not.toContain('set-password');
		expect(row.value).not.toContain('0123456789abcdef');
		expect(Buffer.from(row.value, 'base64url').toString('latin1')).not.toContain('set-password');
	});

	it('a row moved to another user or key does not decrypt', async () => {
		const { one, other, coordinator, stranger } = await setUp();
		const key = await flash.put(one, coordinator, { link: LINK }, T0);
		await one.updateTable('flash_values').set({ user_id: stranger }).where('key', '=', key).execute();
		expect(await flash.take(other, stranger, key, T0)).toBeNull();
	});
});
