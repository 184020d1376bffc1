// Enrolling from a course page while signed out: signing in (or creating an account) from there
// enrols the learner in the same POST, with JavaScript off; a link alone never enrols anyone.
import { expect, test, type Page } from '@playwright/test';
import { goto, newAccount, signOut, signUp, submitSignIn, fillSignUp, EN } from './helpers';

const COURSE = '/en/courses/getting-started';
const FIRST_LESSON = /\/en\/courses\/getting-started\/how-it-works\/courses-modules-lessons$/;

test.use({ javaScriptEnabled: false });

async function expectEnrolled(page: Page) {
	await goto(page, COURSE);
	await expect(page.getByRole('button', { name: 'Enrol' })).toHaveCount(0);
	await expect(page.getByRole('link', { name: /Start the course|Continue/ })).toBeVisible();
}

test('signing in from the course page enrols the learner', async ({ page }) => {
	const account = newAccount('enrol-in');
	await signUp(page, account);
	await signOut(page);
	await goto(page, COURSE);
	await page.getByRole('link', { name: 'Sign in and enrol' }).click();
	await expect(page.getByRole('heading', { level: 1, name: EN.signinTitle })).toBeVisible();
	await submitSignIn(page, account.email, account.password);
	await expect(page).toHaveURL(FIRST_LESSON);
	await expectEnrolled(page);
});

test('creating an account from the course page enrols the new learner', async ({ page }) => {
	const account = newAccount('enrol-up');
	await goto(page, COURSE);
	await page.getByRole('link', { name: 'Create an account and enrol' }).click();
	await fillSignUp(page, { ...account, organisation: EN.independent });
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page).toHaveURL(FIRST_LESSON);
	await expectEnrolled(page);
});

test('an Enrol form sent while signed out enrols after signing in', async ({ page }) => {
	const account = newAccount('enrol-stale');
	await signUp(page, account);
	await goto(page, COURSE);
	// The session ends (another tab signed out) while the course page with its Enrol button is open.
	await page.context().clearCookies();
	await page.getByRole('button', { name: 'Enrol' }).click();
	await expect(page.getByRole('heading', { level: 1, name: EN.signinTitle })).toBeVisible();
	expect(new URL(page.url()).searchParams.get('next')).not.toContain('?/');
	await submitSignIn(page, account.email, account.password);
	await expect(page).toHaveURL(FIRST_LESSON);
	await expectEnrolled(page);
});

test('opening a sign-in link with an enrol intent while signed in enrols nobody', async ({ page }) => {
	const account = newAccount('enrol-link');
	await signUp(page, account);
	await goto(page, '/en/signin?next=%2Fcourses%2Fgetting-started&enrol=getting-started');
	await goto(page, COURSE);
	await expect(page.getByRole('button', { name: 'Enrol' })).toBeVisible();
});

test('a sign-in link cannot send the learner to another site', async ({ page }) => {
	const account = newAccount('enrol-next');
	await signUp(page, account);
	await signOut(page);
	await goto(page, '/en/signin?next=%2F%2Fevil.example%2F&enrol=getting-started');
	await submitSignIn(page, account.email, account.password);
	await expect(page).toHaveURL(FIRST_LESSON);
});
