// A revision or a version id from a form that is no whole number (the hostile-input suite sends NaN,
// 1.5, 1e308) is simply no match, on both engines: PostgreSQL refuses such a value as a bigint
// parameter, which gave a 500 on restoring an old version of a course's texts.
import { describe, expect, it } from 'vitest';
import { claimRevision, versionNumber } from '$lib/server/authoring/engine/store';
import { freshDb } from './helpers';

describe('the optimistic edit check and version lookups with values that are no whole numbers', () => {
	it('matches nothing and changes nothing', async () => {
		const db = await freshDb();
		const { id } = await db
			.insertInto('courses')
			.values({
				slug: 'bounds',
				pass_mark: 70,
				certificate_modules: 'all',
				org_min_certified: 2,
				created_at: 1,
				updated_at: 1
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		for (const bad of [Number.NaN, 1.5, 1e308, -1e308, Number.POSITIVE_INFINITY]) {
			expect(await claimRevision(db, 'course', id, bad)).toBe(false);
			expect(await versionNumber(db, 'course', id, bad)).toBeNull();
		}
		const revision = async () =>
			(await db.selectFrom('courses').select('edit_revision').where('id', '=', id).executeTakeFirstOrThrow())
				.edit_revision;
		expect(await revision()).toBe(0);
		// A whole number still works as before.
		expect(await claimRevision(db, 'course', id, 0)).toBe(true);
		expect(await revision()).toBe(1);
	});
});
