// Helpers for the volunteer journeys: open calls with shifts written straight into the e2e database
// (calls are made by organisations through their own pages; these tests need one that is open), and
// filling in the volunteer profile form. Other suites may import them.
import { expect, type Page } from '@playwright/test';
import type { DB } from '../../src/lib/server/db/client';
import { withDb } from './db';
import { goto } from './helpers';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface CallFixture {
	title: string;
	/** An organisation's name (default: the demo's first organisation). */
	organisation?: string;
	municipality?: string;
	place?: string;
	skills?: string[];
	languages?: string[];
	minorsAllowed?: boolean;
	status?: 'pending' | 'open' | 'declined' | 'closed';
	requiredCourseId?: number | null;
	/** One shift per entry: days from now and places. */
	shifts?: { inDays: number; places: number }[];
}

export interface MadeCall {
	id: number;
	shiftIds: number[];
}

/** Writes a call and its shifts into the e2e database (as an organisation's approved call). */
export function createCall(fixture: CallFixture): Promise<MadeCall> {
	return withDb((db) =>
		db.transaction().execute(async (tx) => {
			const org = await tx
				.selectFrom('organisations')
				.select('id')
				.where('name', '=', fixture.organisation ?? 'Demo Youth Association')
				.executeTakeFirst();
			if (!org) throw new Error(`no organisation ${fixture.organisation}`);
			const now = Date.now();
			const call = await tx
				.insertInto('volunteer_calls')
				.values({
					organisation_id: org.id,
					created_by: null,
					locale: 'en',
					title: fixture.title,
					description: 'Help us for an afternoon.',
					municipality: fixture.municipality ?? 'zvecan',
					place: fixture.place ?? 'Town square',
					skills: JSON.stringify(fixture.skills ?? []),
					languages: JSON.stringify(fixture.languages ?? []),
					required_course_id: fixture.requiredCourseId ?? null,
					minors_allowed: fixture.minorsAllowed ? 1 : 0,
					status: fixture.status ?? 'open',
					created_at: now,
					updated_at: now
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			const shiftIds: number[] = [];
			for (const { inDays, places } of fixture.shifts ?? [{ inDays: 3, places: 2 }]) {
				// Whole hours, so that the times read cleanly on the page.
				const starts = Math.floor((now + inDays * DAY) / HOUR) * HOUR;
				const row = await tx
					.insertInto('volunteer_shifts')
					.values({ call_id: call.id, starts_at: starts, ends_at: starts + 3 * HOUR, places })
					.returning('id')
					.executeTakeFirstOrThrow();
				shiftIds.push(row.id);
			}
			return { id: call.id, shiftIds };
		})
	);
}

/** The id of the account with this e-mail. */
async function userIdOf(db: DB, email: string): Promise<number> {
	const user = await db.selectFrom('users').select('id').where('email', '=', email.toLowerCase()).executeTakeFirst();
	if (!user) throw new Error(`no user ${email}`);
	return user.id;
}

/** A title no other test uses. */
export function callTitle(prefix = 'Call'): string {
	return `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export interface ProfileFields {
	municipality?: string;
	languages?: string[];
	skills?: string[];
	skillsOther?: string;
	availability?: string[];
	age?: string;
	phone?: string;
	contactConsent?: boolean;
	guardianName?: string;
	guardianContact?: string;
	guardianConsent?: boolean;
}

/** Fills the volunteer profile form (English labels) on the current page. */
export async function fillProfile(page: Page, f: ProfileFields): Promise<void> {
	if (f.municipality) await page.getByLabel('Municipality where you live').selectOption({ label: f.municipality });
	for (const l of f.languages ?? [])
		await page.getByRole('group', { name: 'Languages you speak' }).getByLabel(l).check();
	for (const s of f.skills ?? [])
		await page.getByRole('group', { name: 'What you can help with' }).getByLabel(s).check();
	for (const a of f.availability ?? [])
		await page.getByRole('group', { name: 'When you are available' }).getByLabel(a).check();
	if (f.skillsOther !== undefined) await page.getByLabel('Other skills (optional)').fill(f.skillsOther);
	if (f.age) await page.getByLabel('Age', { exact: true }).selectOption({ label: f.age });
	if (f.phone !== undefined) await page.getByLabel('Phone (optional)').fill(f.phone);
	if (f.guardianName !== undefined) await page.getByLabel('Name of your parent or guardian').fill(f.guardianName);
	if (f.guardianContact !== undefined) await page.getByLabel('Their phone or e-mail').fill(f.guardianContact);
	if (f.guardianConsent) await page.getByLabel(/My parent or guardian agrees/).check();
	if (f.contactConsent) await page.getByLabel(/Organisations I apply to may contact me/).check();
}

/** Creates a volunteer profile through the form and waits for the volunteering page. */
export async function createProfile(page: Page, f: ProfileFields): Promise<void> {
	await goto(page, '/en/volunteer/profile');
	await expect(page.getByRole('heading', { level: 1, name: 'Become a volunteer' })).toBeVisible();
	await fillProfile(page, { contactConsent: true, ...f });
	await page.getByRole('button', { name: 'Create profile' }).click();
	await expect(page).toHaveURL(/\/en\/volunteer\?done=created$/);
	await expect(page.getByText('Your volunteer profile is ready.')).toBeVisible();
}

/** Writes an application of the account with this e-mail to a shift (a volunteer profile is made if missing). */
export function addApplication(shiftId: number, email: string): Promise<number> {
	return withDb((db) =>
		db.transaction().execute(async (tx) => {
			const userId = await userIdOf(tx, email);
			const now = Date.now();
			await tx
				.insertInto('volunteer_profiles')
				.values({
					user_id: userId,
					municipality: 'zvecan',
					languages: '["sr"]',
					age_band: '25-34',
					contact_consent_at: now,
					created_at: now,
					updated_at: now
				})
				.onConflict((oc) => oc.column('user_id').doNothing())
				.execute();
			const row = await tx
				.insertInto('volunteer_applications')
				.values({
					shift_id: shiftId,
					user_id: userId,
					message: 'Matrix',
					status: 'applied',
					created_at: now,
					updated_at: now
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			return row.id;
		})
	);
}

let matrixFixture: { open: MadeCall; pending: MadeCall; foreignApplication: number } | null = null;

/**
 * For the access matrix: an open and a pending call, and an application of the demo volunteer that
 * nobody else may withdraw. Made once per run.
 */
export async function volunteerMatrixFixture() {
	if (!matrixFixture) {
		const open = await createCall({ title: callTitle('Matrix open') });
		matrixFixture = {
			open,
			pending: await createCall({ title: callTitle('Matrix pending'), status: 'pending' }),
			foreignApplication: await addApplication(open.shiftIds[0], 'volunteer@example.org')
		};
	}
	return matrixFixture;
}

/** Writes an in-app notice for the account with this e-mail (as volunteering/notices.ts notify does). */
export async function addNotice(
	email: string,
	kind: string,
	params: Record<string, string | number>,
	link = ''
): Promise<void> {
	await withDb(async (db) => {
		const userId = await userIdOf(db, email);
		await db
			.insertInto('notices')
			.values({ user_id: userId, kind, params: JSON.stringify(params), link, created_at: Date.now() })
			.execute();
	});
}
