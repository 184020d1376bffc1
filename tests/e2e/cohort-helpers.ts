// Helpers for the cohort and coordinator-dashboard tests (cohorts.spec.ts, cohorts-nojs.spec.ts).
// They build on helpers.ts, learning-helpers.ts and cert-helpers.ts; visible texts come from
// messages/en.json and content/, never hard-coded. Every test makes its own cohorts and learners
// (unique names and e-mails), since the tests share one database and run in two workers.
import { writeFileSync } from 'node:fs';
import { expect, type Locator, type Page, type Response, type TestInfo } from '@playwright/test';
import { h1, lessonPath, msg, open, readCourse, ready } from './learning-helpers';
import { escapeRegExp, uniqueTag } from './cert-helpers';

export const t = (key: string, params: Record<string, string | number> = {}) => msg('en', key, params);

/** The demo trainer (src/lib/server/platform/demo.ts). */
export const TEODORA = { name: 'Teodora Trainer', email: 'trainer@example.org', password: 'civic-trainer-demo' };
export const OUTREACH = readCourse('outreach');
export const GETTING_STARTED = readCourse('getting-started');

// ---------------------------------------------------------------------------------------------
// Dates

const DAY = 24 * 60 * 60 * 1000;

/** A date as the form's date inputs take it (YYYY-MM-DD), `offset` days from today. */
export function isoDay(offset = 0): string {
	return new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
}

/** A calendar date (YYYY-MM-DD) as the English pages write it ("5 March 2025"). */
export function longDate(iso: string): string {
	return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T12:00:00Z`));
}

/** "5 March 2025 – 2 April 2025", as the cohort pages and My learning show a cohort's dates. */
export function dateRange(starts: string, ends: string): string {
	return `${longDate(starts)} – ${longDate(ends)}`;
}

// ---------------------------------------------------------------------------------------------
// Cohorts

export interface CohortValues {
	name: string;
	courseTitle: string;
	starts: string;
	ends: string;
	trainers: string[];
}

export function cohortValues(
	prefix: string,
	course = OUTREACH,
	trainers: string[] = [TEODORA.name]
): CohortValues & { tag: string } {
	const tag = uniqueTag();
	return { tag, name: `${prefix} ${tag}`, courseTitle: course.title(), starts: isoDay(-2), ends: isoDay(28), trainers };
}

/** Fills the cohort form on the current page (new or edit). */
export async function fillCohortForm(page: Page, values: Partial<CohortValues>): Promise<void> {
	const main = page.getByRole('main');
	if (values.name !== undefined) await main.getByLabel(t('cohort_name'), { exact: true }).fill(values.name);
	if (values.courseTitle !== undefined)
		await main.getByLabel(t('cohort_course'), { exact: true }).selectOption({ label: values.courseTitle });
	if (values.starts !== undefined) await main.getByLabel(t('cohort_starts'), { exact: true }).fill(values.starts);
	if (values.ends !== undefined) await main.getByLabel(t('cohort_ends'), { exact: true }).fill(values.ends);
	for (const trainer of values.trainers ?? []) await main.getByRole('checkbox', { name: trainer, exact: true }).check();
}

/** Creates a cohort at /en/cohorts/new (the page must be a coordinator's); ends on its members page. Returns the id. */
export async function createCohort(page: Page, values: CohortValues): Promise<number> {
	await open(page, '/en/cohorts/new');
	await expect(h1(page)).toHaveText(t('cohort_new'));
	await fillCohortForm(page, values);
	await page
		.getByRole('main')
		.getByRole('button', { name: t('cohort_create'), exact: true })
		.click();
	await expect(page).toHaveURL(/\/en\/cohorts\/\d+\/members\?created=1$/);
	await expect(h1(page)).toHaveText(`${t('members_title')}: ${values.name}`);
	await expect(page.getByRole('status').filter({ hasText: t('cohort_created') })).toBeVisible();
	return Number(/\/cohorts\/(\d+)\//.exec(page.url())![1]);
}

export const cohortPath = (id: number, rest = '') => `/en/cohorts/${id}${rest}`;

/** The sub-navigation of the cohort pages. */
export function cohortNav(page: Page): Locator {
	return page.getByRole('navigation', { name: t('cohort_sections'), exact: true });
}

/** Opens a cohort's dashboard and checks its heading. */
export async function openDashboard(page: Page, id: number, name: string): Promise<void> {
	const response = await open(page, cohortPath(id));
	expect(response?.status()).toBe(200);
	await expect(h1(page)).toHaveText(name);
	await expect(page.getByRole('heading', { level: 2, name: t('dashboard_matrix'), exact: true })).toBeVisible();
}

/** One of the dashboard's counts ("2 enrolled", "1 On track"...). */
export function countItem(page: Page, key: string): Locator {
	return page
		.getByRole('list', { name: t('dashboard_counts'), exact: true })
		.getByRole('listitem')
		.filter({ hasText: new RegExp(`^\\s*\\d+\\s*${escapeRegExp(t(key))}\\s*$`) });
}

export async function expectCount(page: Page, key: string, n: number): Promise<void> {
	await expect(countItem(page, key)).toHaveText(new RegExp(`^\\s*${n}\\s*${escapeRegExp(t(key))}\\s*$`));
}

/** A learner's row in the dashboard's matrix. Its cells: status, %, M1..Mn, last activity. */
export function matrixRow(page: Page, name: string): Locator {
	return page
		.getByRole('main')
		.getByRole('table')
		.locator('tbody')
		.getByRole('row')
		.filter({ has: page.getByRole('link', { name, exact: true }) });
}

/** The percentage a matrix row shows. */
export async function rowPercent(row: Locator): Promise<number> {
	const text = ((await row.getByRole('cell').nth(1).textContent()) ?? '').trim();
	expect(text).toMatch(/^\d+%$/);
	return Number(text.replace('%', ''));
}

/** The cell of module `number` (1-based) in a matrix row. */
export function moduleCell(row: Locator, number: number): Locator {
	return row.getByRole('cell').nth(1 + number);
}

// ---------------------------------------------------------------------------------------------
// Members and class lists

export const ROSTER_HEADER = 'name,email,organisation';

export interface RosterPerson {
	name: string;
	email: string;
	organisation: string;
}

/** A CSV cell, quoted when needed. */
function csvCell(value: string): string {
	return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes a CSV (UTF-8, no BOM) under the test's output folder; returns its path. */
export function writeCsv(testInfo: TestInfo, fileName: string, rows: string[][]): string {
	const path = testInfo.outputPath(fileName);
	writeFileSync(path, rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n', 'utf8');
	return path;
}

export function rosterCsv(testInfo: TestInfo, fileName: string, people: RosterPerson[]): string {
	return writeCsv(testInfo, fileName, [
		ROSTER_HEADER.split(','),
		...people.map((p) => [p.name, p.email, p.organisation])
	]);
}

/** Two new learners with a Serbian Cyrillic and an Albanian name (with ë), unique e-mails. */
export function rosterPeople(tag: string, organisation: string): { cyrillic: RosterPerson; albanian: RosterPerson } {
	return {
		cyrillic: { name: `Милош Јовановић ${tag}`, email: `milos-${tag}@example.test`, organisation },
		albanian: { name: `Arbëresha Krasniqi ${tag}`, email: `arberesha-${tag}@example.test`, organisation }
	};
}

/** The "Upload a class list (CSV)" section of the members page. */
export function rosterSection(page: Page): Locator {
	return page
		.getByRole('main')
		.locator('section')
		.filter({ has: page.getByRole('heading', { level: 2, name: t('roster_title'), exact: true }) });
}

/** Chooses a file in "CSV file" and presses "Check the file"; waits for the page to come back. */
export async function uploadRoster(page: Page, path: string): Promise<Response | null> {
	const section = rosterSection(page);
	await section.getByLabel(t('roster_file'), { exact: true }).setInputFiles(path);
	// A plain form post (no enhancement): wait for the new document, not just the response.
	const [response] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/members?/preview')),
		page.waitForEvent('load'),
		section.getByRole('button', { name: t('roster_check'), exact: true }).click()
	]);
	await ready(page);
	return response;
}

/** A row of the preview table, by the file's line number (the header is line 1). */
export function previewRow(page: Page, line: number): Locator {
	return rosterSection(page)
		.getByRole('table')
		.locator('tbody')
		.getByRole('row')
		.filter({ has: page.getByRole('cell', { name: String(line), exact: true }) });
}

export function confirmButton(page: Page, count: number): Locator {
	return rosterSection(page).getByRole('button', { name: t('roster_confirm', { count }), exact: true });
}

/** The "Learners in this cohort: N" heading of the members page. */
export function membersHeading(page: Page, count: number): Locator {
	return page.getByRole('heading', { level: 2, name: t('members_current', { count }), exact: true });
}

/** The set-password link shown after confirming a class list. */
export async function setPasswordLink(page: Page, name: string): Promise<string> {
	const input = page.getByRole('textbox', { name: t('roster_link_for', { name }), exact: true });
	await expect(input).toHaveValue(/\/set-password\/[a-z0-9]+\.[a-z0-9]+$/);
	return input.inputValue();
}

/** The invitation link of the members page. */
export async function inviteLink(page: Page): Promise<string> {
	const input = page.getByLabel(t('invite_title'), { exact: true });
	await expect(input).toHaveValue(/\/join\/[A-Za-z0-9_-]+$/);
	return input.inputValue();
}

/**
 * Uploads a clean class list on the members page open in `page`, checks the preview (every row a new
 * account), confirms it, and returns each person's set-password link.
 */
export async function addRoster(page: Page, path: string, people: RosterPerson[]): Promise<Map<string, string>> {
	await uploadRoster(page, path);
	await expect(
		rosterSection(page).getByRole('heading', { level: 3, name: t('roster_preview'), exact: true })
	).toBeVisible();
	for (const [i, person] of people.entries()) {
		const row = previewRow(page, i + 2);
		await expect(row).toContainText(person.name);
		await expect(row).toContainText(person.email);
		await expect(row).toContainText(person.organisation);
		await expect(row).toContainText(t('roster_new_account'));
	}
	await confirmButton(page, people.length).click();
	await expect(page.getByRole('status').filter({ hasText: t('roster_done', { count: people.length }) })).toBeVisible();
	const links = new Map<string, string>();
	for (const person of people) links.set(person.name, await setPasswordLink(page, person.name));
	await expect(membersHeading(page, people.length)).toBeVisible();
	return links;
}

// ---------------------------------------------------------------------------------------------
// Learners

/** Sets a password through a set-password link in `page`; ends on My learning. */
export async function setPasswordThroughLink(page: Page, link: string, name: string, password: string): Promise<void> {
	const response = await open(page, link);
	expect(response?.status()).toBe(200);
	await expect(h1(page)).toHaveText(t('set_password_title'));
	await expect(page.getByText(t('set_password_intro', { name }), { exact: true })).toBeVisible();
	await page.getByLabel(t('field_new_password'), { exact: true }).fill(password);
	await page.getByRole('button', { name: t('set_password_submit'), exact: true }).click();
	await expect(page).toHaveURL(/\/en\/learning$/);
	await expect(h1(page)).toHaveText(t('learning_title'));
	await expect(page.getByRole('button', { name: t('nav_sign_out'), exact: true })).toBeVisible();
}

/** The error page a refused set-password link shows. */
export async function expectLinkRefused(
	page: Page,
	response: Response | null,
	reason: 'used' | 'invalid'
): Promise<void> {
	expect(response?.status()).toBe(reason === 'used' ? 410 : 404);
	await expect(h1(page)).toHaveText(t('set_password_link_problem'));
	await expect(
		page.getByText(t(reason === 'used' ? 'set_password_used' : 'set_password_invalid'), { exact: true })
	).toBeVisible();
	await expect(page.getByLabel(t('field_new_password'), { exact: true })).toHaveCount(0);
}

/** A link whose secret was changed (same length, same alphabet). */
export function tamperedLink(link: string): string {
	const last = link.at(-1)!;
	return link.slice(0, -1) + (last === 'a' ? 'b' : 'a');
}

export const firstLessonPath = (course = GETTING_STARTED) =>
	lessonPath('en', course.slug, course.modules[0].slug, course.modules[0].lessons[0].slug);

// ---------------------------------------------------------------------------------------------
// Access

/** The 403 page. */
export async function expectForbidden(page: Page, response: Response | null): Promise<void> {
	expect(response?.status(), page.url()).toBe(403);
	await expect(h1(page)).toHaveText(t('error_403_title'));
	await expect(page.getByText(t('error_403_text'), { exact: true })).toBeVisible();
}
