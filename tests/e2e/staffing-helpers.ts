// Helpers for the staffing suite (staffing.spec.ts): a call with shifts, a volunteer profile and an
// application are written straight into the e2e database of this port (the calls and applying
// pages belong to other parts of the work), then the tests drive the CSO's and the volunteer's pages.
import { expect, type Browser, type Page } from '@playwright/test';
import type { ApplicationStatus } from '../../db/schema-volunteering';
import type { DB } from '../../src/lib/server/db/client';
import { withDb } from './db';
import { newAccount, signIn, signUp, type Account } from './helpers';

export const MEMBER = { email: 'learner1@example.org', password: 'civic-learner-demo' };
/** A confirmed member of another organisation (Demo Women's Initiative). */
export const OTHER_MEMBER = { email: 'learner2@example.org', password: 'civic-learner-demo' };
export const DEMO_YOUTH = 'Demo Youth Association';

export const HOUR = 60 * 60 * 1000;

/** Runs `fn` on this port's e2e database (tests/e2e/db.ts) and closes it. */
export function write<T>(fn: (db: DB) => Promise<T>): Promise<T> {
	return withDb(fn);
}

export function organisation(name: string): Promise<{ id: number; slug: string }> {
	return write((db) =>
		db.selectFrom('organisations').select(['id', 'slug']).where('name', '=', name).executeTakeFirstOrThrow()
	);
}

export function userId(email: string): Promise<number> {
	return write(
		async (db) => (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id
	);
}

/** A call of the organisation (open) with shifts starting at the given offsets from now. */
export async function seedCall(
	organisationName: string,
	title: string,
	shifts: { startsIn: number; hours: number; places: number }[]
): Promise<{ callId: number; shiftIds: number[]; slug: string }> {
	const org = await organisation(organisationName);
	return write(async (db) => {
		const now = Date.now();
		const { id: callId } = await db
			.insertInto('volunteer_calls')
			.values({
				organisation_id: org.id,
				locale: 'en',
				title,
				description: 'Help on the day.',
				municipality: 'mitrovica-north',
				place: 'Youth centre',
				status: 'open',
				minors_allowed: 1,
				created_at: now,
				updated_at: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const shiftIds: number[] = [];
		for (const s of shifts) {
			const starts = now + s.startsIn;
			const shift = await db
				.insertInto('volunteer_shifts')
				.values({ call_id: callId, starts_at: starts, ends_at: starts + s.hours * HOUR, places: s.places })
				.returning('id')
				.executeTakeFirstOrThrow();
			shiftIds.push(shift.id);
		}
		return { callId, shiftIds, slug: org.slug };
	});
}

export async function seedProfile(userIdValue: number, minor: boolean, phone = '+383 44 555 010'): Promise<void> {
	await write(async (db) => {
		const now = Date.now();
		await db
			.insertInto('volunteer_profiles')
			.values({
				user_id: userIdValue,
				municipality: 'zvecan',
				languages: '["sq","sr"]',
				skills: '["events","photo-video"]',
				age_band: minor ? 'under-18' : '18-24',
				phone,
				contact_consent_at: now,
				guardian_name: minor ? 'Vesna Guardian' : '',
				guardian_contact: minor ? '+383 49 777 000' : '',
				guardian_consent_at: minor ? now : null,
				created_at: now,
				updated_at: now
			})
			.execute();
	});
}

export function seedApplication(
	shiftId: number,
	userIdValue: number,
	message: string,
	status: ApplicationStatus = 'applied'
): Promise<number> {
	return write(async (db) => {
		const now = Date.now();
		const row = await db
			.insertInto('volunteer_applications')
			.values({ shift_id: shiftId, user_id: userIdValue, message, status, created_at: now, updated_at: now })
			.returning('id')
			.executeTakeFirstOrThrow();
		return row.id;
	});
}

/** A new account signed up in its own browser context, with a volunteer profile. */
export async function volunteerSession(browser: Browser, prefix: string, minor = false, javaScriptEnabled = true) {
	const context = await browser.newContext({ javaScriptEnabled });
	const page = await context.newPage();
	const account: Account = newAccount(prefix);
	await signUp(page, account);
	const id = await userId(account.email);
	await seedProfile(id, minor);
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
