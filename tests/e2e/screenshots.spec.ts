// Screenshots of the main pages at a phone width and a desktop width, for review by eye, in
// test-results/screenshots/. Each also checks that the page rendered and does not scroll sideways.
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { ADMIN, EN, goto, newAccount, signIn, signUp } from './helpers';

const WIDTHS = [360, 1280] as const;

async function shoot(page: Page, name: string, width: number, outputDir: string) {
	// No horizontal scrolling at this width.
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow, `${name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
	await page.screenshot({ path: join(outputDir, 'screenshots', `${name}-${width}.png`), fullPage: true });
}

for (const width of WIDTHS) {
	test.describe(`screenshots at ${width}px`, () => {
		test.use({ viewport: { width, height: 800 } });

		test('home', async ({ page }, testInfo) => {
			await goto(page, '/en');
			await expect(page.getByRole('heading', { level: 1, name: EN.homeTitle })).toBeVisible();
			await shoot(page, 'home', width, testInfo.project.outputDir);
		});

		test('sign-up with errors', async ({ page }, testInfo) => {
			await goto(page, '/en/signup');
			await page.getByLabel('Full name').fill('Screen Shot');
			await page.getByLabel('E-mail address').fill('not-an-email');
			await page.getByLabel('Password', { exact: true }).fill('short');
			await page.getByRole('button', { name: 'Create account' }).click();
			await expect(page.getByRole('alert')).toHaveText(EN.formHasErrors);
			await expect(page.getByText(EN.emailInvalid)).toBeVisible();
			await expect(page.getByText(EN.passwordTooShort)).toBeVisible();
			await expect(page.getByRole('heading', { level: 1, name: EN.signupTitle })).toBeVisible();
			await shoot(page, 'signup-errors', width, testInfo.project.outputDir);
		});

		test('account', async ({ page }, testInfo) => {
			const account = newAccount(`shot${width}`);
			await signUp(page, account);
			await expect(page.getByRole('heading', { level: 1, name: EN.accountTitle })).toBeVisible();
			await expect(page.getByRole('heading', { level: 2, name: 'Where you are signed in' })).toBeVisible();
			await shoot(page, 'account', width, testInfo.project.outputDir);
		});

		test('admin users', async ({ page }, testInfo) => {
			await signIn(page, ADMIN.email, ADMIN.password);
			await goto(page, '/en/admin/users');
			await expect(page.getByRole('heading', { level: 1, name: EN.usersTitle })).toBeVisible();
			await expect(page.getByRole('table')).toBeVisible();
			await shoot(page, 'admin-users', width, testInfo.project.outputDir);
		});
	});
}
