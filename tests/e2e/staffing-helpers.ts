// Helpers for the staffing suite (staffing.spec.ts): a call with shifts, a volunteer profile and an
// application are written straight into the e2e database of this port (the calls and applying
// pages belong to other parts of the work), then the tests drive the CSO's and the volunteer's pages.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect, type Browser, type Page } from '@playwright/test';
import { newAccount, signIn, signUp, type Account } from './helpers';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PORT = Number(process.env.E2E_PORT ?? 4173);
/** The database the e2e server of this port uses (src/cli/e2e-server.ts). */
export const DB_FILE = join(ROOT, 'tests', '.tmp', String(PORT), 'e2e.sqlite');

export const MEMBER = { email: 'learner1@example.org', password: 'civic-learner-demo' };
/** A confirmed member of another organisation (Demo Women's Initiative). */
export const OTHER_MEMBER = { email: 'learner2@example.org', password: 'civic-learner-demo' };
export const DEMO_YOUTH = 'Demo Youth Association';

export const HOUR = 60 * 60 * 1000;

/** Runs `fn` on this port's e2e database, waiting for the server's writes, and closes it. */
export function write<T>(fn: (db: Database.Database) => T): T {
	const db = new Database(DB_FILE, { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	try {
		return fn(db);
	} finally {
		db.close();
	}
}

export function organisation(name: string): { id: number; slug: string } {
	return write(
		(db) => db.prepare('select id, slug from organisations where name = ?').get(name) as { id: number; slug: string }
	);
}

export function userId(email: string): number {
	return write((db) => (db.prepare('select id from users where email = ?').get(email) as { id: number }).id);
}

/** A call of the organisation (open) with shifts starting at the given offsets from now. */
export function seedCall(
	organisationName: string,
	title: string,
	shifts: { startsIn: number; hours: number; places: number }[]
): { callId: number; shiftIds: number[]; slug: string } {
	const org = organisation(organisationName);
	return write((db) => {
		const now = Date.now();
		const call = db
			.prepare(
				`insert into volunteer_calls (organisation_id, locale, title, description, municipality, place, status, minors_allowed, created_at, updated_at)
				 values (?, 'en', ?, 'Help on the day.', 'mitrovica-north', 'Youth centre', 'open', 1, ?, ?)`
			)
			.run(org.id, title, now, now);
		const callId = Number(call.lastInsertRowid);
		const shiftIds = shifts.map((s) => {
			const starts = now + s.startsIn;
			return Number(
				db
					.prepare('insert into volunteer_shifts (call_id, starts_at, ends_at, places) values (?, ?, ?, ?)')
					.run(callId, starts, starts + s.hours * HOUR, s.places).lastInsertRowid
			);
		});
		return { callId, shiftIds, slug: org.slug };
	});
}

export function seedProfile(userIdValue: number, minor: boolean, phone = '+383 44 555 010'): void {
	write((db) => {
		const now = Date.now();
		db.prepare(
			`insert into volunteer_profiles (user_id, municipality, languages, skills, age_band, phone, contact_consent_at,
			 guardian_name, guardian_contact, guardian_consent_at, created_at, updated_at)
			 values (?, 'zvecan', '["sq","sr"]', '["events","photo-video"]', ?, ?, ?, ?, ?, ?, ?, ?)`
		).run(
			userIdValue,
			minor ? 'under-18' : '18-24',
			phone,
			now,
			minor ? 'Vesna Guardian' : '',
			minor ? '+383 49 777 000' : '',
			minor ? now : null,
			now,
			now
		);
	});
}

export function seedApplication(shiftId: number, userIdValue: number, message: string, status = 'applied'): number {
	return write((db) => {
		const now = Date.now();
		return Number(
			db
				.prepare(
					'insert into volunteer_applications (shift_id, user_id, message, status, created_at, updated_at) values (?, ?, ?, ?, ?, ?)'
				)
				.run(shiftId, userIdValue, message, status, now, now).lastInsertRowid
		);
	});
}

/** A new account signed up in its own browser context, with a volunteer profile. */
export async function volunteerSession(browser: Browser, prefix: string, minor = false, javaScriptEnabled = true) {
	const context = await browser.newContext({ javaScriptEnabled });
	const page = await context.newPage();
	const account: Account = newAccount(prefix);
	await signUp(page, account);
	const id = userId(account.email);
	seedProfile(id, minor);
	return { context, page, account, id };
}

export async function memberSession(browser: Browser, who = MEMBER, javaScriptEnabled = true) {
	const context = await browser.newContext({ javaScriptEnabled });
	const page = await context.newPage();
	await signIn(page, who.email, who.password);
	return { context, page };
}

export function applicantsPath(slug: string, callId: number): string {
	return `/en/organisations/${slug}/calls/${callId}/applicants`;
}

/** The card of one applicant on the applicants page. */
export function applicantCard(page: Page, name: string) {
	return page.getByRole('article', { name: new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
}

export async function expectHeading(page: Page, text: string | RegExp): Promise<void> {
	await expect(page.getByRole('heading', { level: 1, name: text })).toBeVisible();
}
