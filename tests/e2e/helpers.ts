// Shared helpers for the end-to-end tests. Every test uses its own accounts (unique e-mails), since
// the tests share one database and run in two workers.
import { join } from 'node:path';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

export const ADMIN = { email: 'admin@example.org', password: 'civic-admin-demo', name: 'Ana Admin' };
export const TRAINER = { email: 'trainer@example.org', password: 'civic-trainer-demo' };
export const LEARNER1 = { email: 'learner1@example.org', password: 'civic-learner-demo' };

/** The English texts the tests look for (messages/en.json). */
export const EN = {
	homeTitle: 'Step-by-step training for civil-society organisations',
	signinTitle: 'Sign in',
	signupTitle: 'Create an account',
	accountTitle: 'My account',
	teachTitle: 'Trainer area',
	usersTitle: 'Users',
	notFoundTitle: 'Page not found',
	forbiddenTitle: 'Not allowed',
	signedOut: 'You are signed out.',
	signinInvalid: 'The e-mail address or password is not correct, or the account has been deactivated.',
	formHasErrors: 'Please correct the fields marked below.',
	nameRequired: 'Please enter your name.',
	nameTooLong: 'The name is too long (at most 100 characters).',
	emailInvalid: 'This does not look like an e-mail address.',
	signupRefused: 'We could not create an account with these details. If you already have an account, sign in instead.',
	passwordTooShort: 'The password must have at least 10 characters.',
	passwordCommon: 'This password is too common or too easy to guess. Please choose another.',
	passwordWrong: 'The current password is not correct.',
	passwordChanged: 'Your password has been changed. You were signed out on your other devices.',
	sessionRevoked: 'That device has been signed out.',
	saved: 'Saved.',
	userDeactivated: 'The account has been deactivated and signed out everywhere.',
	userReactivated: 'The account has been reactivated.',
	independent: 'Independent (no organisation)'
} as const;

export const DEMO_ORG = 'Demo Youth Association';

/** A password that passes the policy (long enough, not a common one). */
export function strongPassword(): string {
	return `Blue kettle ${Math.random().toString(36).slice(2, 8)} sings`;
}

/** An e-mail address no other test uses. */
export function uniqueEmail(prefix = 'user'): string {
	return `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

export interface Account {
	name: string;
	email: string;
	password: string;
}

export function newAccount(prefix = 'user'): Account {
	const email = uniqueEmail(prefix);
	return { name: `Test ${prefix} ${email.split('@')[0].slice(-6)}`, email, password: strongPassword() };
}

/**
 * Waits until SvelteKit has hydrated the page (its route announcer exists only once the app is
 * mounted), so that a test acts on the page as it will stay. Pages without JavaScript are ready as
 * they load. The page is read only once its HTML is parsed: the marker of a scripted page is set at
 * the end of the body, and a heading seen earlier would make a scripted page pass for a plain one.
 */
export async function ready(page: Page): Promise<void> {
	await page.waitForLoadState('domcontentloaded');
	const scripted = await page
		.evaluate(() => Object.keys(window).some((k) => k.startsWith('__sveltekit_')))
		.catch(() => false);
	if (scripted) await page.locator('#svelte-announcer').waitFor({ state: 'attached' });
}

/** page.goto, then waits for hydration; returns the response. */
export async function goto(page: Page, url: string) {
	const response = await page.goto(url);
	await ready(page);
	return response;
}

/** page.reload, then waits for hydration. */
export async function reload(page: Page) {
	const response = await page.reload();
	await ready(page);
	return response;
}

export async function fillSignUp(
	page: Page,
	values: { name?: string; email?: string; password?: string; organisation?: string }
): Promise<void> {
	if (values.name !== undefined) await page.getByLabel('Full name').fill(values.name);
	if (values.email !== undefined) await page.getByLabel('E-mail address').fill(values.email);
	if (values.password !== undefined) await page.getByLabel('Password', { exact: true }).fill(values.password);
	if (values.organisation !== undefined)
		await page.getByLabel('Organisation').selectOption({ label: values.organisation });
}

/** Signs up through the form and waits for My account. */
export async function signUp(page: Page, account: Account, organisation: string = EN.independent): Promise<void> {
	await goto(page, '/en/signup');
	await expect(page.getByRole('heading', { level: 1, name: EN.signupTitle })).toBeVisible();
	await fillSignUp(page, { ...account, organisation });
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page).toHaveURL(/\/en\/account\?welcome=1$/);
	await expect(page.getByRole('heading', { level: 1, name: EN.accountTitle })).toBeVisible();
}

/** Fills and submits the sign-in form on the current page (which must be a sign-in page). */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
	await ready(page);
	await page.getByLabel('E-mail address').fill(email);
	await page.getByLabel('Password', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in from /en/signin and waits until the browser has left the sign-in page. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
	await goto(page, '/en/signin');
	await submitSignIn(page, email, password);
	await expect(page).toHaveURL((url) => !url.pathname.endsWith('/signin'));
	// On a phone the Sign out button sits in the closed header menu: present, not visible.
	await expect(page.locator('form[action$="/signout"] button').first()).toBeAttached();
}

/** Signs out with the header button and waits for the home page's notice. */
export async function signOut(page: Page): Promise<void> {
	await ready(page);
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/en\?signedout=1$/);
	await expect(page.getByText(EN.signedOut)).toBeVisible();
	await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' })).toBeVisible();
}

/** A fresh browser context (own cookies) with the admin signed in. */
export async function adminSession(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, ADMIN.email, ADMIN.password);
	return { context, page };
}

/** Opens a user's admin page by searching for their e-mail in the users list. */
export async function openAdminUser(page: Page, account: Pick<Account, 'name' | 'email'>): Promise<void> {
	await goto(page, '/en/admin/users');
	await page.getByRole('searchbox', { name: 'Search by name or e-mail' }).fill(account.email);
	await page.getByRole('button', { name: 'Search' }).click();
	await expect(page.getByText('1 user found')).toBeVisible();
	await page.getByRole('table').getByRole('link', { name: account.name }).click();
	await expect(page.getByRole('heading', { level: 1, name: account.name })).toBeVisible();
	await ready(page);
}

/** The rows of the sign-ins table on My account (without the header row). */
export function sessionRows(page: Page) {
	return page.getByRole('table').locator('tbody').getByRole('row');
}

/** Full-page screenshots at a phone and a desktop width, each checked not to scroll sideways. */
export async function shootAtWidths(page: Page, name: string, outputDir: string, widths = [360, 1280]) {
	for (const width of widths) {
		await page.setViewportSize({ width, height: 800 });
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow, `${name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
		await page.screenshot({ path: join(outputDir, 'screenshots', `${name}-${width}.png`), fullPage: true });
	}
}
