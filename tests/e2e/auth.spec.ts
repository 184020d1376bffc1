import { expect, test, type Page } from '@playwright/test';
import {
	DEMO_ORG,
	EN,
	LEARNER1,
	fillSignUp,
	goto,
	newAccount,
	reload,
	sessionRows,
	signIn,
	signOut,
	signUp,
	strongPassword,
	submitSignIn,
	uniqueEmail
} from './helpers';

test.describe('account life cycle', () => {
	test('sign up, sign out, sign in, change password, sign in with the new one', async ({ page }) => {
		const account = newAccount('cycle');
		await signUp(page, account, DEMO_ORG);

		// Lands signed in on My account, with a welcome and the profile just entered.
		await expect(page.getByRole('status').filter({ hasText: `Welcome to CivicSteps, ${account.name}!` })).toBeVisible();
		await expect(page.getByText(account.email, { exact: true })).toBeVisible();
		await expect(page.getByText(DEMO_ORG, { exact: true })).toBeVisible();
		await expect(page.getByText('Learner', { exact: true })).toBeVisible();
		await expect(
			page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My account' })
		).toBeVisible();

		await signOut(page);

		await goto(page, '/en/signin');
		await submitSignIn(page, account.email, account.password);
		await expect(page).toHaveURL(/\/en$/);
		await expect(page.getByText(`Welcome back, ${account.name}.`)).toBeVisible();

		// Change the password.
		await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My account' }).click();
		await expect(page.getByRole('heading', { level: 1, name: EN.accountTitle })).toBeVisible();
		const newPassword = strongPassword();
		await page.getByLabel('Current password').fill(account.password);
		await page.getByLabel('New password').fill(newPassword);
		await page.getByRole('button', { name: 'Change password' }).click();
		await expect(page.getByRole('status').filter({ hasText: EN.passwordChanged })).toBeVisible();

		await goto(page, '/en/account');
		await signOut(page);

		// The old password is refused, the new one works.
		await goto(page, '/en/signin');
		await submitSignIn(page, account.email, account.password);
		await expect(page.getByRole('alert')).toHaveText(EN.signinInvalid);
		await expect(page).toHaveURL(/\/en\/signin/);

		await submitSignIn(page, account.email, newPassword);
		await expect(page).toHaveURL(/\/en$/);
		await expect(page.getByText(`Welcome back, ${account.name}.`)).toBeVisible();
	});

	test('changing the password checks the current one and the new one', async ({ page }) => {
		const account = newAccount('pwcheck');
		await signUp(page, account);

		await page.getByLabel('Current password').fill('not the current password');
		await page.getByLabel('New password').fill(strongPassword());
		await page.getByRole('button', { name: 'Change password' }).click();
		await expect(page.getByLabel('Current password')).toHaveAccessibleDescription(EN.passwordWrong);

		await page.getByLabel('Current password').fill(account.password);
		await page.getByLabel('New password').fill('short');
		await page.getByRole('button', { name: 'Change password' }).click();
		await expect(page.getByLabel('New password')).toHaveAccessibleDescription(
			new RegExp(EN.passwordTooShort.replace(/\./g, '\\.'))
		);

		// The password did not change: signing in again with the original works.
		await signOut(page);
		await signIn(page, account.email, account.password);
	});

	test('a signed-out visitor opening My account signs in and comes back to it', async ({ page }) => {
		const account = newAccount('next');
		await signUp(page, account);
		await signOut(page);

		await goto(page, '/en/account');
		await expect(page).toHaveURL(/\/en\/signin\?next=%2Faccount$/);
		await expect(page.getByRole('heading', { level: 1, name: EN.signinTitle })).toBeVisible();
		await submitSignIn(page, account.email, account.password);
		await expect(page).toHaveURL(/\/en\/account$/);
		await expect(page.getByRole('heading', { level: 1, name: EN.accountTitle })).toBeVisible();
		await expect(page.getByText(account.email, { exact: true })).toBeVisible();
	});
});

/** The summary alert and one field's error, with name and e-mail kept. */
async function expectSignUpError(page: Page, field: string, message: string, kept: { name: string; email: string }) {
	await expect(page.getByRole('alert')).toHaveText(EN.formHasErrors);
	const input = page.getByLabel(field, { exact: true });
	await expect(input).toHaveAttribute('aria-invalid', 'true');
	await expect(input).toHaveAccessibleDescription(new RegExp(escapeRegExp(message)));
	await expect(page.getByLabel('Full name')).toHaveValue(kept.name);
	await expect(page.getByLabel('E-mail address')).toHaveValue(kept.email);
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Submits the sign-up form and returns the body of the server's answer to the POST. */
async function submitSignUp(page: Page): Promise<string> {
	const [response] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/en/signup')),
		page.getByRole('button', { name: 'Create account' }).click()
	]);
	return response.text();
}

test.describe('sign-up with bad input', () => {
	test.beforeEach(async ({ page }) => {
		await goto(page, '/en/signup');
		await expect(page.getByRole('heading', { level: 1, name: EN.signupTitle })).toBeVisible();
	});

	// Refused with a neutral message that does not confirm the address has an account (issue 13).
	test('an e-mail address already in use', async ({ page }) => {
		const password = strongPassword();
		await fillSignUp(page, { name: 'Someone Else', email: LEARNER1.email, password });
		const body = await submitSignUp(page);
		expect(body).not.toContain(password);
		await expectSignUpError(page, 'E-mail address', EN.signupRefused, { name: 'Someone Else', email: LEARNER1.email });
		await expect(page).toHaveURL(/\/en\/signup$/);
	});

	test('the same e-mail in other capitals is also refused', async ({ page }) => {
		await fillSignUp(page, { name: 'Capital Letters', email: 'Learner1@Example.ORG', password: strongPassword() });
		await submitSignUp(page);
		await expect(page.getByLabel('E-mail address')).toHaveAccessibleDescription(EN.signupRefused);
	});

	test('a malformed e-mail address', async ({ page }) => {
		const password = strongPassword();
		await fillSignUp(page, { name: 'Malformed Mail', email: 'not-an-email', password });
		const body = await submitSignUp(page);
		expect(body).not.toContain(password);
		await expectSignUpError(page, 'E-mail address', EN.emailInvalid, { name: 'Malformed Mail', email: 'not-an-email' });
	});

	test('a short password', async ({ page }) => {
		const email = uniqueEmail('short');
		await fillSignUp(page, { name: 'Short Password', email, password: 'abc123' });
		const body = await submitSignUp(page);
		expect(body).not.toContain('abc123');
		await expectSignUpError(page, 'Password', EN.passwordTooShort, { name: 'Short Password', email });
	});

	test('a common password', async ({ page }) => {
		const email = uniqueEmail('common');
		await fillSignUp(page, { name: 'Common Password', email, password: 'password123' });
		const body = await submitSignUp(page);
		expect(body).not.toContain('password123');
		await expectSignUpError(page, 'Password', EN.passwordCommon, { name: 'Common Password', email });
	});

	test('a missing name', async ({ page }) => {
		const email = uniqueEmail('noname');
		const password = strongPassword();
		await fillSignUp(page, { email, password });
		const body = await submitSignUp(page);
		expect(body).not.toContain(password);
		await expectSignUpError(page, 'Full name', EN.nameRequired, { name: '', email });
	});

	test('a 10,000-character name', async ({ page }) => {
		const email = uniqueEmail('longname');
		const password = strongPassword();
		const name = 'N'.repeat(10_000);
		await fillSignUp(page, { name, email, password });
		const body = await submitSignUp(page);
		expect(body).not.toContain(password);
		await expect(page.getByRole('alert')).toHaveText(EN.formHasErrors);
		const nameInput = page.getByLabel('Full name');
		await expect(nameInput).toHaveAttribute('aria-invalid', 'true');
		await expect(nameInput).toHaveAccessibleDescription(new RegExp(escapeRegExp(EN.nameTooLong)));
		// The name is kept (the server echoes a shortened copy of it), and so is the e-mail.
		await expect(nameInput).toHaveValue(/^N{100,}$/);
		await expect(page.getByLabel('E-mail address')).toHaveValue(email);
	});

	test('nothing entered at all shows a message for every required field', async ({ page }) => {
		await submitSignUp(page);
		await expect(page.getByRole('alert')).toHaveText(EN.formHasErrors);
		await expect(page.getByLabel('Full name')).toHaveAccessibleDescription(new RegExp(escapeRegExp(EN.nameRequired)));
		await expect(page.getByLabel('E-mail address')).toHaveAccessibleDescription('Please enter your e-mail address.');
		await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(/Please enter a password\./);
	});
});

test.describe('sign-in failures', () => {
	test('a wrong password and an unknown e-mail get the same generic message', async ({ page }) => {
		const account = newAccount('wrongpw');
		await signUp(page, account);
		await signOut(page);

		await goto(page, '/en/signin');
		await submitSignIn(page, account.email, 'not the right password');
		const wrongPassword = page.getByRole('alert');
		await expect(wrongPassword).toHaveText(EN.signinInvalid);
		const wrongPasswordText = await wrongPassword.textContent();
		await expect(page.getByLabel('E-mail address')).toHaveValue(account.email);
		await expect(page).toHaveURL(/\/en\/signin$/);

		await goto(page, '/en/signin');
		const unknown = uniqueEmail('nobody');
		await submitSignIn(page, unknown, 'not the right password');
		await expect(page.getByRole('alert')).toHaveText(EN.signinInvalid);
		expect(await page.getByRole('alert').textContent()).toBe(wrongPasswordText);
		await expect(page.getByLabel('E-mail address')).toHaveValue(unknown);
		await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('sign up, sign out and sign in', async ({ page }) => {
		const account = newAccount('nojs');
		await page.goto('/en/signup');
		// The app really is not running: SvelteKit's route announcer only exists once it has started.
		await expect(page.locator('#svelte-announcer')).toHaveCount(0);
		await signUp(page, account, DEMO_ORG);
		await expect(page.getByText(`Welcome to CivicSteps, ${account.name}!`)).toBeVisible();
		await expect(page.getByText(DEMO_ORG, { exact: true })).toBeVisible();

		await signOut(page);

		await goto(page, '/en/signin');
		await submitSignIn(page, account.email, account.password);
		await expect(page).toHaveURL(/\/en$/);
		await expect(page.getByText(`Welcome back, ${account.name}.`)).toBeVisible();

		// The sign-in sends back to where the visitor came from, without JavaScript too.
		await signOut(page);
		await goto(page, '/en/account');
		await expect(page).toHaveURL(/\/en\/signin\?next=%2Faccount$/);
		await submitSignIn(page, account.email, account.password);
		await expect(page).toHaveURL(/\/en\/account$/);
		await expect(page.getByRole('heading', { level: 1, name: EN.accountTitle })).toBeVisible();
	});

	test('bad sign-up input keeps name and e-mail but never the password', async ({ page }) => {
		const email = uniqueEmail('nojsbad');
		await goto(page, '/en/signup');
		await fillSignUp(page, { name: 'No Script', email, password: 'password123' });
		await page.getByRole('button', { name: 'Create account' }).click();
		await expect(page).toHaveURL(/\/en\/signup$/);
		await expectSignUpError(page, 'Password', EN.passwordCommon, { name: 'No Script', email });
		await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
		expect(await page.content()).not.toContain('password123');
	});
});

test.describe('sign-ins on My account', () => {
	test('lists sign-ins; revoking another device signs it out', async ({ page, browser }) => {
		const account = newAccount('devices');
		await signUp(page, account);
		await expect(sessionRows(page)).toHaveCount(1);
		await expect(sessionRows(page).first()).toContainText('this device');
		await expect(page.getByRole('button', { name: 'Sign out this device' })).toHaveCount(0);

		const other = await browser.newContext();
		try {
			const otherPage = await other.newPage();
			await signIn(otherPage, account.email, account.password);

			await reload(page);
			await expect(sessionRows(page)).toHaveCount(2);
			const otherRow = sessionRows(page).filter({ hasNot: page.getByText('this device', { exact: true }) });
			await expect(otherRow).toHaveCount(1);
			await expect(otherRow).toContainText('Chrome');
			await otherRow.getByRole('button', { name: 'Sign out this device' }).click();
			await expect(page.getByRole('status').filter({ hasText: EN.sessionRevoked })).toBeVisible();
			await expect(sessionRows(page)).toHaveCount(1);

			// The other browser is signed out; this one is not.
			await goto(otherPage, '/en/account');
			await expect(otherPage).toHaveURL(/\/en\/signin\?next=%2Faccount$/);
			await expect(otherPage.getByRole('button', { name: 'Sign out' })).toHaveCount(0);

			await reload(page);
			await expect(page.getByRole('heading', { level: 1, name: EN.accountTitle })).toBeVisible();
			await expect(page.getByText(account.email, { exact: true })).toBeVisible();
		} finally {
			await other.close();
		}
	});

	test('changing the password signs out the other devices', async ({ page, browser }) => {
		const account = newAccount('pwother');
		await signUp(page, account);
		const other = await browser.newContext();
		try {
			const otherPage = await other.newPage();
			await signIn(otherPage, account.email, account.password);

			await reload(page);
			await expect(sessionRows(page)).toHaveCount(2);
			await page.getByLabel('Current password').fill(account.password);
			await page.getByLabel('New password').fill(strongPassword());
			await page.getByRole('button', { name: 'Change password' }).click();
			await expect(page.getByRole('status').filter({ hasText: EN.passwordChanged })).toBeVisible();

			await goto(otherPage, '/en/account');
			await expect(otherPage).toHaveURL(/\/en\/signin\?next=%2Faccount$/);

			await reload(page);
			await expect(sessionRows(page)).toHaveCount(1);
		} finally {
			await other.close();
		}
	});
});
