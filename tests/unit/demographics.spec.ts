// The optional demographic questions (issue 19): every answer optional, closed lists, the community
// only with its explicit consent, "Not now", withdrawals, and the answers in the personal-data export
// and gone with a deleted account.
import { describe, expect, it } from 'vitest';
import * as demographics from '$lib/server/people/demographics';
import { deleteAccount, exportUserData } from '$lib/server/people/privacy';
import { hashPassword } from '$lib/server/auth/password';
import type { DB } from '$lib/server/db/client';
import { DAY, HOUR, T0, freshDb, insertUser } from './helpers';

function form(fields: Record<string, string>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.append(k, v);
	return f;
}

async function setup() {
	const db = await freshDb();
	const ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
	const ben = await insertUser(db, { name: 'Ben', email: 'ben@example.org' });
	return { db, ana, ben };
}

const rowOf = (db: DB, userId: number) =>
	db.selectFrom('demographics').selectAll().where('user_id', '=', userId).executeTakeFirst();

/** Parses the form and saves it, as the page's action does. */
async function submit(db: DB, userId: number, fields: Record<string, string>, now = T0) {
	const parsed = demographics.parseDemographicsForm(form(fields));
	if (!parsed.input) return parsed;
	expect(await demographics.saveDemographics(db, userId, parsed.input, now)).toEqual({ ok: true });
	return parsed;
}

describe('parseDemographicsForm', () => {
	it('takes every answer as optional: an empty form is valid and answers nothing', () => {
		const { input, errors } = demographics.parseDemographicsForm(form({}));
		expect(errors).toEqual({});
		expect(input).toEqual({ gender: null, ageBand: null, community: null, consent: false });
	});

	it("accepts 'prefer-not' for every question", () => {
		const { input, errors } = demographics.parseDemographicsForm(
			form({ gender: 'prefer-not', age_band: 'prefer-not', community: 'prefer-not', community_consent: 'yes' })
		);
		expect(errors).toEqual({});
		expect(input).toEqual({ gender: 'prefer-not', ageBand: 'prefer-not', community: 'prefer-not', consent: true });
	});

	it('refuses codes that are not on the lists, keeping what was sent', () => {
		const long = 'x'.repeat(5000);
		const { input, values, errors } = demographics.parseDemographicsForm(
			form({ gender: 'female', age_band: '30', community: long, community_consent: 'yes' })
		);
		expect(input).toBeNull();
		expect(errors).toEqual({
			gender: 'dem_err_choice_invalid',
			age_band: 'dem_err_choice_invalid',
			community: 'dem_err_choice_invalid'
		});
		expect(values.gender).toBe('female');
		// A forged long value is not shown again whole.
		expect(values.community.length).toBeLessThanOrEqual(40);
	});

	it('refuses a community without the consent box, the values kept', () => {
		const { input, values, errors } = demographics.parseDemographicsForm(
			form({ gender: 'woman', age_band: '25-34', community: 'serbian' })
		);
		expect(input).toBeNull();
		expect(errors).toEqual({ community: 'dem_err_consent_required' });
		expect(values).toEqual({ gender: 'woman', age_band: '25-34', community: 'serbian', consent: false });
	});

	it('takes "prefer not to say" as a community answer without the consent: it names no community', () => {
		const { errors, input } = demographics.parseDemographicsForm(form({ community: 'prefer-not' }));
		expect(errors).toEqual({});
		expect(input?.community).toBe('prefer-not');
	});

	it('does not ask a person under 18 to name a community (a guardian would have to consent)', () => {
		const named = demographics.parseDemographicsForm(
			form({ age_band: 'under-18', community: 'roma', community_consent: 'yes' })
		);
		expect(named.errors).toEqual({ community: 'dem_err_minor_community' });
		expect(named.values).toMatchObject({ age_band: 'under-18', community: 'roma', consent: true });
		const declined = demographics.parseDemographicsForm(form({ age_band: 'under-18', community: 'prefer-not' }));
		expect(declined.errors).toEqual({});
	});

	it('accepts the consent box ticked without a community (there is nothing to store)', () => {
		const { input } = demographics.parseDemographicsForm(form({ gender: 'man', community_consent: 'yes' }));
		expect(input).toEqual({ gender: 'man', ageBand: null, community: null, consent: true });
	});
});

describe('saveDemographics', () => {
	it('stores the answers with the consent date, and the person is then asked no more', async () => {
		const { db, ana, ben } = await setup();
		expect(await demographics.wasAsked(db, ana)).toBe(false);
		await submit(db, ana, { gender: 'woman', age_band: '25-34', community: 'albanian', community_consent: 'yes' });
		expect(await demographics.getDemographics(db, ana)).toEqual({
			gender: 'woman',
			ageBand: '25-34',
			community: 'albanian',
			communityConsentAt: T0,
			askedAt: T0,
			updatedAt: T0
		});
		expect(await demographics.wasAsked(db, ana)).toBe(true);
		expect(await demographics.wasAsked(db, ben)).toBe(false);
		expect(await demographics.getDemographics(db, ben)).toBeNull();
	});

	it('never stores a community without the consent, whoever calls it', async () => {
		const { db, ana } = await setup();
		expect(
			await demographics.saveDemographics(db, ana, { gender: null, ageBand: null, community: 'roma', consent: false })
		).toEqual({ ok: false, reason: 'consent_required' });
		expect(
			await demographics.saveDemographics(db, ana, {
				gender: 'nobody' as never,
				ageBand: null,
				community: null,
				consent: false
			})
		).toEqual({ ok: false, reason: 'choice_invalid' });
		expect(await rowOf(db, ana)).toBeUndefined();
	});

	it('keeps the consent date while the community stays, dates it anew when it changes, and clears an answer left empty', async () => {
		const { db, ana } = await setup();
		await submit(db, ana, { gender: 'woman', community: 'serbian', community_consent: 'yes' });
		await submit(db, ana, { gender: 'woman', community: 'serbian', community_consent: 'yes' }, T0 + DAY / 2);
		expect((await demographics.getDemographics(db, ana))?.communityConsentAt).toBe(T0);
		await submit(db, ana, { age_band: '55-plus', community: 'bosniak', community_consent: 'yes' }, T0 + DAY);
		expect(await demographics.getDemographics(db, ana)).toEqual({
			gender: null,
			ageBand: '55-plus',
			community: 'bosniak',
			communityConsentAt: T0 + DAY,
			askedAt: T0,
			updatedAt: T0 + DAY
		});
		// Saved again without a community: the consent goes with it.
		await submit(db, ana, { age_band: '55-plus', community_consent: 'yes' }, T0 + 2 * DAY);
		const row = await rowOf(db, ana);
		expect(row).toMatchObject({ community: null, community_consent_at: null, age_band: '55-plus' });
	});

	it('two simultaneous first saves make one row', async () => {
		const { db, ana } = await setup();
		const input = { gender: 'man' as const, ageBand: '18-24' as const, community: null, consent: false };
		const results = await Promise.all([
			demographics.saveDemographics(db, ana, input, T0),
			demographics.saveDemographics(db, ana, { ...input, gender: 'other' }, T0 + 1),
			demographics.declineDemographics(db, ana, T0 + 2)
		]);
		expect(results.slice(0, 2)).toEqual([{ ok: true }, { ok: true }]);
		const rows = await db.selectFrom('demographics').selectAll().where('user_id', '=', ana).execute();
		expect(rows).toHaveLength(1);
		expect(rows[0].age_band).toBe('18-24');
	});
});

describe('Not now and withdrawing', () => {
	it('"Not now" remembers the asking with no answers, and never overwrites answers', async () => {
		const { db, ana, ben } = await setup();
		await demographics.declineDemographics(db, ana, T0);
		expect(await rowOf(db, ana)).toEqual({
			user_id: ana,
			gender: null,
			age_band: null,
			community: null,
			community_consent_at: null,
			asked_at: T0,
			updated_at: T0
		});
		expect(await demographics.wasAsked(db, ana)).toBe(true);

		await submit(db, ben, { gender: 'man', community: 'gorani', community_consent: 'yes' });
		await demographics.declineDemographics(db, ben, T0 + HOUR);
		expect(await rowOf(db, ben)).toMatchObject({ gender: 'man', community: 'gorani', community_consent_at: T0 });
	});

	it('withdrawing the community consent erases the community and keeps the rest', async () => {
		const { db, ana } = await setup();
		await submit(db, ana, { gender: 'woman', age_band: '35-54', community: 'turkish', community_consent: 'yes' });
		expect(await demographics.withdrawCommunityConsent(db, ana, T0 + HOUR)).toBe(true);
		expect(await rowOf(db, ana)).toEqual({
			user_id: ana,
			gender: 'woman',
			age_band: '35-54',
			community: null,
			community_consent_at: null,
			asked_at: T0,
			updated_at: T0 + HOUR
		});
	});

	it('withdrawing all answers erases them and the consent, and keeps the asking', async () => {
		const { db, ana, ben } = await setup();
		await submit(db, ana, { gender: 'woman', age_band: '35-54', community: 'ashkali', community_consent: 'yes' });
		await submit(db, ben, { gender: 'man', community: 'egyptian', community_consent: 'yes' });
		expect(await demographics.withdrawAll(db, ana, T0 + HOUR)).toBe(true);
		expect(await rowOf(db, ana)).toEqual({
			user_id: ana,
			gender: null,
			age_band: null,
			community: null,
			community_consent_at: null,
			asked_at: T0,
			updated_at: T0 + HOUR
		});
		expect(await demographics.wasAsked(db, ana)).toBe(true);
		// Only one's own row.
		expect(await rowOf(db, ben)).toMatchObject({ gender: 'man', community: 'egyptian' });
	});

	it('withdrawing with nothing stored changes nothing', async () => {
		const { db, ana } = await setup();
		expect(await demographics.withdrawAll(db, ana)).toBe(false);
		expect(await demographics.withdrawCommunityConsent(db, ana)).toBe(false);
		expect(await rowOf(db, ana)).toBeUndefined();
	});

	it('a stored community without its consent (never written so) is not read back', async () => {
		const { db, ana } = await setup();
		await db
			.insertInto('demographics')
			.values({
				user_id: ana,
				gender: 'not-a-code',
				age_band: null,
				community: 'serbian',
				community_consent_at: null,
				asked_at: T0,
				updated_at: T0
			})
			.execute();
		expect(await demographics.getDemographics(db, ana)).toMatchObject({ gender: null, community: null });
	});
});

describe('personal data', () => {
	it('the export holds the answers and the consent date; a person never asked has null', async () => {
		const { db, ana, ben } = await setup();
		await submit(db, ana, { gender: 'other', age_band: '18-24', community: 'other', community_consent: 'yes' });
		const exported = await exportUserData(db, ana);
		expect(exported?.demographics).toEqual({
			gender: 'other',
			ageBand: '18-24',
			community: 'other',
			communityConsentAt: new Date(T0).toISOString(),
			askedAt: new Date(T0).toISOString(),
			updatedAt: new Date(T0).toISOString()
		});
		expect((await exportUserData(db, ben))?.demographics).toBeNull();
	});

	it('deleting the account (which anonymises the users row) erases the answers', async () => {
		const { db, ana, ben } = await setup();
		await db
			.updateTable('users')
			.set({ password_hash: await hashPassword('a long enough password') })
			.where('id', '=', ana)
			.execute();
		await submit(db, ana, { gender: 'woman', community: 'serbian', community_consent: 'yes' });
		await submit(db, ben, { gender: 'man' });
		expect(await deleteAccount(db, ana, 'a long enough password', true, T0 + DAY)).toEqual({ ok: true });
		// The account row stays, anonymised: the answers had to be deleted explicitly.
		expect(await db.selectFrom('users').select('name').where('id', '=', ana).executeTakeFirst()).toEqual({
			name: 'Deleted user'
		});
		expect(await rowOf(db, ana)).toBeUndefined();
		expect((await exportUserData(db, ana))?.demographics).toBeNull();
		expect(await rowOf(db, ben)).toMatchObject({ gender: 'man' });
	});
});
