import { describe, expect, it } from 'vitest';
import * as profiles from '$lib/server/volunteering/profiles';
import * as applications from '$lib/server/volunteering/applications';
import { notify } from '$lib/server/people/notices';
import { deleteAccount, exportUserData } from '$lib/server/people/privacy';
import { hashPassword } from '$lib/server/auth/password';
import { DAY, T0, freshDb, insertOrganisation, insertUser } from './helpers';
import { MINOR, addCall, addProfile, addShift } from './volunteer-fixture';

function form(fields: Record<string, string | string[]>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
	return f;
}

const good = {
	municipality: 'leposavic',
	languages: ['sr', 'sq'],
	skills: ['it', 'teaching'],
	skills_other: 'Chess club',
	availability: ['evenings'],
	age_band: '18-24',
	phone: '+383 (0)44 123-456',
	contact_consent: 'yes'
};

describe('parseProfileForm', () => {
	it('accepts a complete adult profile and drops guardian details', () => {
		const { input, errors } = profiles.parseProfileForm(form({ ...good, guardian_name: 'Someone' }));
		expect(errors).toEqual({});
		expect(input).toEqual({
			municipality: 'leposavic',
			languages: ['sr', 'sq'],
			skills: ['it', 'teaching'],
			skillsOther: 'Chess club',
			availability: ['evenings'],
			ageBand: '18-24',
			phone: '+383 (0)44 123-456',
			guardianName: '',
			guardianContact: ''
		});
	});

	it('requires municipality, a language, an age band and the consent to be contacted', () => {
		const { input, errors } = profiles.parseProfileForm(form({}));
		expect(input).toBeNull();
		expect(errors).toEqual({
			municipality: 'volp_municipality_required',
			age_band: 'volp_age_required',
			languages: 'volp_languages_required',
			contact_consent: 'volp_contact_consent_required'
		});
	});

	it('refuses a minor without a guardian and their consent, keeping every value', () => {
		const { input, values, errors } = profiles.parseProfileForm(form({ ...good, age_band: 'under-18' }));
		expect(input).toBeNull();
		expect(errors).toEqual({
			guardian_name: 'volp_guardian_name_required',
			guardian_contact: 'volp_guardian_contact_required',
			guardian_consent: 'volp_guardian_consent_required'
		});
		expect(values).toMatchObject({ municipality: 'leposavic', languages: ['sr', 'sq'], skills_other: 'Chess club' });
		const withGuardian = profiles.parseProfileForm(
			form({
				...good,
				age_band: 'under-18',
				guardian_name: 'Mira',
				guardian_contact: '064 111 222',
				guardian_consent: 'yes'
			})
		);
		expect(withGuardian.errors).toEqual({});
		expect(withGuardian.input).toMatchObject({ guardianName: 'Mira', guardianContact: '064 111 222' });
	});

	it('refuses codes that are not on the lists, and implausible or overlong text', () => {
		const { errors } = profiles.parseProfileForm(
			form({
				...good,
				municipality: 'belgrade',
				languages: ['sr', 'de'],
				skills: ['<script>'],
				availability: ['always'],
				age_band: '12',
				phone: '<b>call me</b>',
				skills_other: 'x'.repeat(301)
			})
		);
		expect(errors).toEqual({
			municipality: 'volp_choice_invalid',
			languages: 'volp_choice_invalid',
			skills: 'volp_choice_invalid',
			availability: 'volp_choice_invalid',
			age_band: 'volp_choice_invalid',
			phone: 'volp_phone_invalid',
			skills_other: 'too_long'
		});
		expect(profiles.parseProfileForm(form({ ...good, phone: '12345' })).errors).toEqual({
			phone: 'volp_phone_invalid'
		});
		expect(profiles.parseProfileForm(form({ ...good, phone: '1'.repeat(31) })).errors).toEqual({ phone: 'too_long' });
	});
});

describe('profiles', () => {
	it('creates, reads, updates; an adult keeps no guardian consent', async () => {
		const db = await freshDb();
		const ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
		expect(await profiles.getProfile(db, ana)).toBeNull();
		expect(await profiles.saveProfile(db, ana, MINOR, T0)).toEqual({ ok: true, created: true });
		const minor = await profiles.getProfile(db, ana);
		expect(minor).toMatchObject({ minor: true, guardianName: 'Mira Petrović', guardianConsentAt: T0, hidden: false });
		expect(await profiles.saveProfile(db, ana, { ...MINOR, ageBand: '18-24' }, T0 + DAY)).toEqual({
			ok: true,
			created: false
		});
		expect(await profiles.getProfile(db, ana)).toMatchObject({
			minor: false,
			guardianName: '',
			guardianContact: '',
			guardianConsentAt: null,
			contactConsentAt: T0 + DAY,
			createdAt: T0
		});
	});

	it('hides and shows a profile; nobody else’s profile changes', async () => {
		const db = await freshDb();
		const ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
		const ben = await insertUser(db, { name: 'Ben', email: 'ben@example.org' });
		await addProfile(db, ana);
		await addProfile(db, ben);
		expect(await profiles.setHidden(db, ana, true)).toBe(true);
		expect((await profiles.getProfile(db, ana))?.hidden).toBe(true);
		expect((await profiles.getProfile(db, ben))?.hidden).toBe(false);
		expect(await profiles.setHidden(db, ana, false)).toBe(true);
		expect((await profiles.getProfile(db, ana))?.hidden).toBe(false);
		const nobody = await insertUser(db, { name: 'Cid', email: 'cid@example.org' });
		expect(await profiles.setHidden(db, nobody, true)).toBe(false);
	});

	it('deleting a profile withdraws applications to shifts to come and keeps past ones', async () => {
		const db = await freshDb();
		const org = await insertOrganisation(db, 'Most', 'most');
		const ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
		await addProfile(db, ana);
		const call = await addCall(db, { organisationId: org });
		const early = await addShift(db, call, 1);
		const later = await addShift(db, call, 5);
		const a = await applications.apply(db, { userId: ana, callId: call, shiftId: early, message: '' }, T0);
		const b = await applications.apply(db, { userId: ana, callId: call, shiftId: later, message: '' }, T0);
		expect(a.ok && b.ok).toBe(true);
		expect(await profiles.deleteProfile(db, ana, T0 + 2 * DAY)).toBe(true);
		expect(await profiles.getProfile(db, ana)).toBeNull();
		const rows = await db
			.selectFrom('volunteer_applications')
			.select(['shift_id', 'status'])
			.where('user_id', '=', ana)
			.orderBy('shift_id')
			.execute();
		expect(rows).toEqual([
			{ shift_id: early, status: 'applied' },
			{ shift_id: later, status: 'withdrawn' }
		]);
		expect(await profiles.deleteProfile(db, ana, T0 + 2 * DAY)).toBe(false);
	});
});

describe('personal data', () => {
	it('the export holds the volunteer profile, applications, hours, events and notices; deletion removes them', async () => {
		const db = await freshDb();
		const org = await insertOrganisation(db, 'Most', 'most');
		const ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
		await db
			.updateTable('users')
			.set({ password_hash: await hashPassword('a long enough password') })
			.where('id', '=', ana)
			.execute();
		const ben = await insertUser(db, { name: 'Ben', email: 'ben@example.org' });
		await profiles.saveProfile(db, ana, MINOR, T0);
		await addProfile(db, ben);
		const call = await addCall(db, { organisationId: org, title: 'Ibar clean-up', minorsAllowed: true });
		const shift = await addShift(db, call, 2);
		for (const userId of [ana, ben]) {
			const applied = await applications.apply(db, { userId, callId: call, shiftId: shift, message: 'Hi' }, T0);
			expect(applied.ok).toBe(true);
			await db
				.insertInto('volunteer_hours')
				.values({
					user_id: userId,
					organisation_id: org,
					application_id: null,
					worked_on: '2025-03-03',
					minutes: 120,
					logged_by: userId,
					confirmed_by: null,
					confirmed_at: null,
					created_at: T0
				})
				.execute();
			await notify(
				db,
				userId,
				'application-accepted',
				{ call: 'Ibar clean-up', callId: call, starts: T0 + 2 * DAY },
				`/calls/${call}`,
				T0
			);
		}
		const event = await db
			.insertInto('portal_events')
			.values({
				kind: 'consultation',
				locale: 'sr-Latn',
				title: 'Javna rasprava',
				municipality: 'zvecan',
				starts_at: T0 + DAY,
				ends_at: null,
				deadline_at: null,
				organisation_id: null,
				created_by: null,
				created_at: T0,
				updated_at: T0
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await db
			.insertInto('portal_event_attendees')
			.values({ event_id: event.id, user_id: ana, created_at: T0, reminded_at: null })
			.execute();

		const exported = await exportUserData(db, ana);
		expect(exported?.volunteering).toMatchObject({
			profile: { municipality: 'zvecan', ageBand: 'under-18', guardianName: 'Mira Petrović', phone: '+383 44 123 456' },
			applications: [{ call: 'Ibar clean-up', organisation: 'Most', message: 'Hi', status: 'applied' }],
			hours: [{ organisation: 'Most', minutes: 120, status: 'logged' }],
			events: [{ event: 'Javna rasprava' }],
			notices: [{ kind: 'application-accepted', params: { call: 'Ibar clean-up' }, readAt: null }]
		});
		expect(JSON.stringify(exported)).not.toContain('ben@example.org');

		expect(await deleteAccount(db, ana, 'a long enough password', true, T0 + DAY)).toEqual({ ok: true });
		for (const table of [
			'volunteer_profiles',
			'volunteer_applications',
			'volunteer_hours',
			'portal_event_attendees',
			'notices'
		] as const) {
			const rows = await db.selectFrom(table).select('user_id').execute();
			expect(
				rows.map((r) => r.user_id),
				table
			).not.toContain(ana);
		}
		expect(await profiles.getProfile(db, ben)).not.toBeNull();
		expect((await applications.history(db, ben, T0)).length).toBe(1);
		expect((await exportUserData(db, ana))?.volunteering).toEqual({
			profile: null,
			applications: [],
			hours: [],
			events: [],
			notices: []
		});
	});
});
