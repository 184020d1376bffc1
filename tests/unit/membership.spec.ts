// Membership of an organisation must be confirmed before it counts (security review, issue 13):
// anyone could sign up as a member of any organisation and then edit its public profile. A sign-up
// is now a request, which a coordinator, an admin or a confirmed member of that organisation
// confirms or declines; the person can withdraw it. Organisation names are unique across scripts.
import { beforeEach, describe, expect, it } from 'vitest';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import SQLite from 'better-sqlite3';
import type { Database } from '../../db/schema';
import { migrations } from '../../db/migrations/index';
import type { DB } from '$lib/server/db/client';
import * as users from '$lib/server/people/users';
import * as organisations from '$lib/server/people/organisations';
import * as membership from '$lib/server/people/membership';
import * as audit from '$lib/server/people/audit';
import { T0, freshDb, insertOrganisation, insertUser } from './helpers';

let db: DB;
let most: number;
let other: number;
let coordinator: { id: number; role: 'coordinator' };

/** Signs up through the real sign-up, choosing an organisation. */
async function signUp(name: string, organisationId: number | null) {
	const result = await users.signUp(db, {
		name,
		email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.org`,
		password: 'a long and unusual passphrase 7',
		organisation: organisationId === null ? '' : String(organisationId)
	});
	if (!result.ok) throw new Error(JSON.stringify(result));
	return { id: result.user.id, role: 'learner' as const };
}

/** What the session knows about a user: the organisation they are a member of. */
async function sessionUser(id: number) {
	const u = (await users.getUser(db, id))!;
	return { id, role: u.role, organisationId: u.organisation_id };
}

const profile = (name: string) => ({
	name,
	municipality: '',
	description: '',
	website: '',
	socialLinks: [] as string[]
});

beforeEach(async () => {
	db = await freshDb();
	most = await insertOrganisation(db, 'Udruženje Most', 'most');
	other = await insertOrganisation(db, 'Other NGO', 'other');
	coordinator = {
		id: await insertUser(db, { name: 'Kujtim Coordinator', email: 'co@example.org', role: 'coordinator' }),
		role: 'coordinator'
	};
});

describe('a sign-up choosing an organisation', () => {
	it('is a request for membership, which does not open the profile editor', async () => {
		const newcomer = await signUp('Newcomer', most);
		const user = await sessionUser(newcomer.id);
		expect(user.organisationId).toBeNull();
		expect(organisations.canEditProfile(user, most)).toBe(false);
		expect(await membership.requestOf(db, newcomer.id)).toMatchObject({
			organisationId: most,
			name: 'Udruženje Most',
			slug: 'most'
		});
	});

	it('can be withdrawn by the person', async () => {
		const newcomer = await signUp('Newcomer', most);
		expect(await membership.withdraw(db, newcomer.id)).toBe(true);
		expect(await membership.requestOf(db, newcomer.id)).toBeNull();
		expect(await membership.pendingRequests(db, most)).toEqual([]);
	});
});

describe('confirming and declining a request', () => {
	it('a coordinator confirms: the person becomes a member who may edit, and it is in the audit log', async () => {
		const newcomer = await signUp('Newcomer', most);
		expect((await membership.pendingRequests(db, most)).map((r) => r.name)).toEqual(['Newcomer']);
		expect(
			await membership.decide(db, coordinator, { userId: newcomer.id, organisationId: most, decision: 'confirm' })
		).toEqual({ ok: true });
		const user = await sessionUser(newcomer.id);
		expect(user.organisationId).toBe(most);
		expect(organisations.canEditProfile(user, most)).toBe(true);
		expect(await membership.requestOf(db, newcomer.id)).toBeNull();
		expect((await audit.list(db)).rows[0]).toMatchObject({
			action: 'membership_confirmed',
			actor: 'Kujtim Coordinator'
		});
	});

	it('a confirmed member confirms a request for their own organisation, not for another', async () => {
		const member = {
			id: await insertUser(db, { name: 'Confirmed Member', email: 'm@example.org', organisationId: most }),
			role: 'learner' as const
		};
		const newcomer = await signUp('Newcomer', most);
		const elsewhere = await signUp('Elsewhere', other);
		expect(
			await membership.decide(db, member, { userId: elsewhere.id, organisationId: other, decision: 'confirm' })
		).toEqual({ ok: false, reason: 'forbidden' });
		expect((await sessionUser(elsewhere.id)).organisationId).toBeNull();
		expect(
			await membership.decide(db, member, { userId: newcomer.id, organisationId: most, decision: 'confirm' })
		).toEqual({ ok: true });
		expect((await sessionUser(newcomer.id)).organisationId).toBe(most);
	});

	it('a person who is only requesting membership cannot confirm others', async () => {
		const first = await signUp('First', most);
		const second = await signUp('Second', most);
		expect(
			await membership.decide(db, first, { userId: second.id, organisationId: most, decision: 'confirm' })
		).toEqual({ ok: false, reason: 'forbidden' });
		expect(await membership.decide(db, first, { userId: first.id, organisationId: most, decision: 'confirm' })).toEqual(
			{ ok: false, reason: 'forbidden' }
		);
		expect((await sessionUser(second.id)).organisationId).toBeNull();
		expect((await sessionUser(first.id)).organisationId).toBeNull();
		expect((await membership.pendingRequests(db, most)).map((r) => r.name)).toEqual(['First', 'Second']);
	});

	it('declining leaves the person an independent learner', async () => {
		const newcomer = await signUp('Newcomer', most);
		expect(
			await membership.decide(db, coordinator, { userId: newcomer.id, organisationId: most, decision: 'decline' })
		).toEqual({ ok: true });
		expect((await sessionUser(newcomer.id)).organisationId).toBeNull();
		expect(await membership.requestOf(db, newcomer.id)).toBeNull();
		expect((await audit.list(db)).rows[0]).toMatchObject({
			action: 'membership_declined',
			actor: 'Kujtim Coordinator'
		});
	});

	it('answers not found for a request that does not exist (or was withdrawn)', async () => {
		const newcomer = await signUp('Newcomer', most);
		await membership.withdraw(db, newcomer.id);
		expect(
			await membership.decide(db, coordinator, { userId: newcomer.id, organisationId: most, decision: 'confirm' })
		).toEqual({ ok: false, reason: 'not_found' });
		expect((await sessionUser(newcomer.id)).organisationId).toBeNull();
	});
});

describe('organisation names', () => {
	it('are unique, whatever the script, case or diacritics', async () => {
		const first = await organisations.createOrganisation(db, profile('Zvečan'), coordinator.id);
		expect(first.ok).toBe(true);
		expect(await organisations.createOrganisation(db, profile('ЗВЕЧАН'), coordinator.id)).toEqual({
			ok: false,
			errors: { name: 'org_name_taken' }
		});
		expect(await organisations.createOrganisation(db, profile(' zvecan '), coordinator.id)).toEqual({
			ok: false,
			errors: { name: 'org_name_taken' }
		});
		expect(await organisations.updateOrganisation(db, other, profile('Zvecan'), coordinator.id)).toEqual({
			ok: false,
			errors: { name: 'org_name_taken' }
		});
		expect((await organisations.getOrganisation(db, other))!.name).toBe('Other NGO');
	});

	it('are unique whether đ is written đ, ђ or dj (the rule quiz answers follow too)', async () => {
		expect((await organisations.createOrganisation(db, profile('Đurđa'), coordinator.id)).ok).toBe(true);
		for (const name of ['Djurdja', 'ЂУРЂА']) {
			expect(await organisations.createOrganisation(db, profile(name), coordinator.id)).toEqual({
				ok: false,
				errors: { name: 'org_name_taken' }
			});
		}
	});

	it('an organisation may keep or re-spell its own name', async () => {
		expect(await organisations.updateOrganisation(db, most, profile('UDRUŽENJE MOST'), coordinator.id)).toEqual({
			ok: true
		});
		expect((await organisations.getOrganisation(db, most))!.name).toBe('UDRUŽENJE MOST');
	});

	it('a profile change is in the audit log with who changed what', async () => {
		await organisations.updateOrganisation(
			db,
			most,
			{ ...profile('Most Zvečan'), website: 'https://most.example.org' },
			coordinator.id
		);
		const [row] = (await audit.list(db)).rows;
		expect(row).toMatchObject({ action: 'organisation_changed', actor: 'Kujtim Coordinator', subject: 'Most Zvečan' });
		expect(row.detail).toContain('Udruženje Most → Most Zvečan');
		expect(row.detail).toContain('website');
	});
});

describe('migration 0008 on an existing database', () => {
	it('keeps memberships made by staff and the demo, and turns self-declared ones into requests', async () => {
		const raw = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
		const migrator = new Migrator({ db: raw, provider: { getMigrations: async () => migrations } });
		expect((await migrator.migrateTo('0007_structure_versions')).error).toBeUndefined();
		const old = raw as unknown as Kysely<Record<string, Record<string, unknown>>>;
		await old
			.insertInto('organisations')
			.values({ id: 1, slug: 'most', name: 'Most', created_at: T0, updated_at: T0 })
			.execute();
		const person = (id: number, email: string, role = 'learner') => ({
			id,
			email,
			name: email,
			password_hash: 'x',
			role,
			organisation_id: 1,
			created_at: T0,
			updated_at: T0 + id
		});
		await old
			.insertInto('users')
			.values([
				person(1, 'coordinator@example.org', 'coordinator'),
				person(2, 'signed.up@example.org'),
				person(3, 'from.roster@example.org'),
				person(4, 'learner1@example.org'),
				person(5, 'trainer@example.org', 'trainer')
			])
			.execute();
		await old
			.insertInto('password_tokens')
			.values({
				id: 't',
				user_id: 3,
				secret_hash: new Uint8Array(32),
				expires_at: T0,
				used_at: T0,
				created_by: 1,
				created_at: T0
			})
			.execute();

		expect((await migrator.migrateTo('0008_membership')).error).toBeUndefined();
		const rows = await raw
			.selectFrom('users')
			.select(['id', 'organisation_id', 'requested_organisation_id', 'requested_at'])
			.orderBy('id')
			.execute();
		expect(rows).toEqual([
			{ id: 1, organisation_id: 1, requested_organisation_id: null, requested_at: null },
			{ id: 2, organisation_id: null, requested_organisation_id: 1, requested_at: T0 + 2 },
			{ id: 3, organisation_id: 1, requested_organisation_id: null, requested_at: null },
			{ id: 4, organisation_id: 1, requested_organisation_id: null, requested_at: null },
			{ id: 5, organisation_id: 1, requested_organisation_id: null, requested_at: null }
		]);
		expect((await migrator.migrateDown()).error).toBeUndefined();
		expect(
			(await raw.selectFrom('users').select('organisation_id').where('id', '=', 2).executeTakeFirstOrThrow())
				.organisation_id
		).toBe(1);
		await raw.destroy();
	});
});
