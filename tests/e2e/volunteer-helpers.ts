// Helpers for the volunteer journeys: open calls with shifts written straight into the e2e database
// (calls are made by organisations through their own pages; these tests need one that is open), and
// filling in the volunteer profile form. Other suites may import them.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect, type Page } from '@playwright/test';
import { goto } from './helpers';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PORT = Number(process.env.E2E_PORT ?? 4173);
/** The database the e2e server of this port uses (src/cli/e2e-server.ts). */
export const E2E_DB_FILE = join(ROOT, 'tests', '.tmp', String(PORT), 'e2e.sqlite');

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
export function createCall(fixture: CallFixture): MadeCall {
	const db = new Database(E2E_DB_FILE, { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	try {
		return db.transaction(() => {
			const org = db
				.prepare('SELECT id FROM organisations WHERE name = ?')
				.get(fixture.organisation ?? 'Demo Youth Association') as { id: number } | undefined;
			if (!org) throw new Error(`no organisation ${fixture.organisation}`);
			const now = Date.now();
			const call = db
				.prepare(
					`INSERT INTO volunteer_calls (organisation_id, created_by, locale, title, description, municipality, place,
						skills, languages, required_course_id, minors_allowed, status, created_at, updated_at)
					 VALUES (?, NULL, 'en', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
				)
				.get(
					org.id,
					fixture.title,
					'Help us for an afternoon.',
					fixture.municipality ?? 'zvecan',
					fixture.place ?? 'Town square',
					JSON.stringify(fixture.skills ?? []),
					JSON.stringify(fixture.languages ?? []),
					fixture.requiredCourseId ?? null,
					fixture.minorsAllowed ? 1 : 0,
					fixture.status ?? 'open',
					now,
					now
				) as { id: number };
			const shiftIds = (fixture.shifts ?? [{ inDays: 3, places: 2 }]).map(({ inDays, places }) => {
				// Whole hours, so that the times read cleanly on the page.
				const starts = Math.floor((now + inDays * DAY) / HOUR) * HOUR;
				const row = db
					.prepare(
						'INSERT INTO volunteer_shifts (call_id, starts_at, ends_at, places) VALUES (?, ?, ?, ?) RETURNING id'
					)
					.get(call.id, starts, starts + 3 * HOUR, places) as { id: number };
				return row.id;
			});
			return { id: call.id, shiftIds };
		})();
	} finally {
		db.close();
	}
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
export function addApplication(shiftId: number, email: string): number {
	const db = new Database(E2E_DB_FILE, { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	try {
		return db.transaction(() => {
			const user = db.prepare('SELECT id FROM users WHERE email = ?').get(email.toLowerCase()) as
				{ id: number } | undefined;
			if (!user) throw new Error(`no user ${email}`);
			const now = Date.now();
			db.prepare(
				`INSERT INTO volunteer_profiles (user_id, municipality, languages, age_band, contact_consent_at, created_at, updated_at)
				 VALUES (?, 'zvecan', '["sr"]', '25-34', ?, ?, ?) ON CONFLICT (user_id) DO NOTHING`
			).run(user.id, now, now, now);
			const row = db
				.prepare(
					`INSERT INTO volunteer_applications (shift_id, user_id, message, status, created_at, updated_at)
					 VALUES (?, ?, 'Matrix', 'applied', ?, ?) RETURNING id`
				)
				.get(shiftId, user.id, now, now) as { id: number };
			return row.id;
		})();
	} finally {
		db.close();
	}
}

let matrixFixture: { open: MadeCall; pending: MadeCall; foreignApplication: number } | null = null;

/**
 * For the access matrix: an open and a pending call, and an application of the demo volunteer that
 * nobody else may withdraw. Made once per run.
 */
export function volunteerMatrixFixture() {
	if (!matrixFixture) {
		const open = createCall({ title: callTitle('Matrix open') });
		matrixFixture = {
			open,
			pending: createCall({ title: callTitle('Matrix pending'), status: 'pending' }),
			foreignApplication: addApplication(open.shiftIds[0], 'volunteer@example.org')
		};
	}
	return matrixFixture;
}

/** Writes an in-app notice for the account with this e-mail (as volunteering/notices.ts notify does). */
export function addNotice(email: string, kind: string, params: Record<string, string | number>, link = ''): void {
	const db = new Database(E2E_DB_FILE, { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	try {
		const user = db.prepare('SELECT id FROM users WHERE email = ?').get(email.toLowerCase()) as
			{ id: number } | undefined;
		if (!user) throw new Error(`no user ${email}`);
		db.prepare('INSERT INTO notices (user_id, kind, params, link, created_at) VALUES (?, ?, ?, ?, ?)').run(
			user.id,
			kind,
			JSON.stringify(params),
			link,
			Date.now()
		);
	} finally {
		db.close();
	}
}
