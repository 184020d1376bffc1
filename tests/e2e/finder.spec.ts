// Search within a course and the forgotten-password path (issue 20), with and without JavaScript:
// a learner searches a course from its page (diacritics and script do not matter, matches marked,
// lessons not open yet said so), and someone who forgot their password is told to ask a coordinator
// (this server sends no e-mail) and uses a reset link, which signs out their other sessions and works
// once. axe at 360 and 1280 px on every new page.
import { createHash, randomBytes } from 'node:crypto';
import { axeAtWidths } from './axe-helpers';
import { expect, test, type Page } from '@playwright/test';
import { goto, newAccount, signIn, signUp, strongPassword, submitSignIn } from './helpers';
import { userId, write } from './staffing-helpers';

const SEARCH = 'Search this course';
const FOUR = 'Four municipalities and who decides what';

const axeAtBothWidths = (page: Page, name: string) => axeAtWidths(page, name, { shots: 'finder', fullPage: false });

/** A reset link for an account, made as the forgotten-password page makes it (only a hash stored). */
async function resetLink(email: string, expiresInMs = 60 * 60_000): Promise<string> {
	const id = randomBytes(20).toString('hex');
	const secret = randomBytes(20).toString('hex');
	const user = await userId(email);
	await write((db) =>
		db
			.insertInto('password_tokens')
			.values({
				id,
				user_id: user,
				secret_hash: createHash('sha256').update(secret).digest(),
				expires_at: Date.now() + expiresInMs,
				used_at: null,
				created_by: null,
				created_at: Date.now(),
				purpose: 'reset'
			})
			.execute()
	);
	return `/en/reset-password/${id}.${secret}`;
}

async function searchFromCoursePage(page: Page, query: string) {
	await goto(page, '/en/courses/outreach');
	await page.getByRole('searchbox', { name: SEARCH }).fill(query);
	await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
	await expect(page).toHaveURL(new RegExp(`/en/courses/outreach/search\\?q=${encodeURIComponent(query)}$`));
}

async function searchJourney(page: Page) {
	const learner = newAccount('finder');
	await signUp(page, learner);

	// Not enrolled: the lessons are found, marked, and said to be closed.
	await searchFromCoursePage(page, 'leposavic');
	await expect(
		page.getByRole('heading', { level: 1, name: 'Search: Community outreach for civil-society organisations' })
	).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: /^Lessons found for “leposavic”: \d+$/ })).toBeVisible();
	const first = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: FOUR }) });
	await expect(first.locator('mark').first()).toHaveText('Leposavić');
	await expect(first.getByText('Enrol in the course to open its lessons.')).toBeVisible();
	await expect(first.getByRole('link', { name: FOUR })).toHaveCount(0);

	// Too short, and nothing found: clear answers, the query kept.
	await goto(page, '/en/courses/outreach/search?q=%C3%AB');
	await expect(page.getByText('Type at least 2 letters to search.')).toBeVisible();
	await expect(page.getByRole('searchbox', { name: SEARCH })).toHaveValue('ë');
	await goto(page, `/en/courses/outreach/search?q=${encodeURIComponent('<b>zzqx</b>')}`);
	await expect(page.getByRole('heading', { level: 2, name: 'No lessons found for “<b>zzqx</b>”.' })).toBeVisible();

	// A reader of Serbian in Cyrillic types Latin without diacritics and finds the Cyrillic text.
	await goto(page, '/sr-Cyrl/courses/outreach/search?q=leposavic');
	await expect(page.locator('mark').first()).toHaveText('Лепосавић');

	// Enrolled: the open lesson is a link to the lesson.
	await goto(page, '/en/courses/outreach');
	await page.getByRole('button', { name: 'Enrol' }).click();
	await expect(page).toHaveURL(/\/en\/courses\/outreach\/.+/);
	await searchFromCoursePage(page, 'Leposavić');
	await page.getByRole('link', { name: FOUR }).click();
	await expect(page.getByRole('heading', { level: 1, name: FOUR })).toBeVisible();
}

async function resetJourney(page: Page, otherPage: Page) {
	const person = newAccount('forgot');
	await signUp(page, person);
	await signIn(otherPage, person.email, person.password);
	await page.getByRole('button', { name: 'Sign out' }).click();

	await goto(page, '/en/signin');
	await page.getByRole('link', { name: 'Forgot your password?' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Forgotten password' })).toBeVisible();
	// This server sends no e-mail: the page says whom to ask.
	await expect(page.getByText(/does not send e-mail\. Ask your coordinator/)).toBeVisible();

	const link = await resetLink(person.email);
	// A reset link is for the reset page only: the invitation page does not know it.
	const elsewhere = await goto(page, link.replace('/reset-password/', '/set-password/'));
	expect(elsewhere?.status()).toBe(404);
	await goto(page, link);
	await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
	const fresh = strongPassword();
	await page.getByLabel('New password').fill(fresh);
	await page.getByRole('button', { name: 'Save the new password' }).click();
	await expect(page).toHaveURL(/\/en\/learning$/);
	await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

	// The other session has ended; the link works once; the new password signs in.
	await goto(otherPage, '/en/account');
	await expect(otherPage).toHaveURL(/\/en\/signin/);
	const again = await goto(page, link);
	expect(again?.status()).toBe(410);
	await expect(page.getByText('This link has already been used.')).toBeVisible();
	await goto(otherPage, '/en/signin');
	await submitSignIn(otherPage, person.email, fresh);
	await expect(otherPage.getByRole('button', { name: 'Sign out' })).toBeVisible();
	// An expired link says so.
	const expired = await goto(page, await resetLink(person.email, -1000));
	expect(expired?.status()).toBe(410);
	await expect(page.getByText(/This link has expired/)).toBeVisible();
}

test.describe('with JavaScript', () => {
	test('a learner searches a course: folded, marked, closed lessons said so, open ones linked', async ({ page }) => {
		await searchJourney(page);
	});

	test('a forgotten password: ask a coordinator without e-mail, a reset link works once and ends other sessions', async ({
		page,
		browser
	}) => {
		const other = await browser.newContext();
		await resetJourney(page, await other.newPage());
		await other.close();
	});

	test('the new pages pass axe at 360 and 1280 px', async ({ page }) => {
		// Five pages, each checked and photographed at two widths.
		test.setTimeout(150_000);
		await signIn(page, 'learner1@example.org', 'civic-learner-demo');
		await goto(page, '/en/courses/outreach/search?q=leposavic');
		await axeAtBothWidths(page, 'search');
		await goto(page, '/en/courses/outreach/search?q=x');
		await axeAtBothWidths(page, 'search-short');
		await goto(page, '/en/courses/outreach');
		await axeAtBothWidths(page, 'course');
		await page.getByRole('button', { name: 'Sign out' }).click();
		await goto(page, '/en/forgot-password');
		await axeAtBothWidths(page, 'forgot');
		await goto(page, await resetLink('learner2@example.org'));
		await axeAtBothWidths(page, 'reset');
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('search and a password reset work as plain forms', async ({ page, browser }) => {
		await searchJourney(page);
		await page.getByRole('button', { name: 'Sign out' }).click();
		await expect(page).toHaveURL(/\/en\?signedout=1$/);
		const other = await browser.newContext({ javaScriptEnabled: false });
		await resetJourney(page, await other.newPage());
		await other.close();
	});
});
