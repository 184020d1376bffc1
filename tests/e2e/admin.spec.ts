import { expect, test } from '@playwright/test';
import {
	ADMIN,
	EN,
	adminSession,
	goto,
	newAccount,
	openAdminUser,
	reload,
	signIn,
	signUp,
	submitSignIn
} from './helpers';

test.describe('administration', () => {
	test('an admin makes a new user a trainer: /teach goes from 403 to open', async ({ page, browser }) => {
		const account = newAccount('trainee');
		await signUp(page, account);

		// Before: a learner gets the localised 403 page, and no Teach link.
		const before = await goto(page, '/en/teach');
		expect(before?.status()).toBe(403);
		await expect(page.getByRole('heading', { level: 1, name: EN.forbiddenTitle })).toBeVisible();
		await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teach' })).toHaveCount(0);
		const adminPage = await goto(page, '/en/admin/users');
		expect(adminPage?.status()).toBe(403);

		const admin = await adminSession(browser);
		try {
			await openAdminUser(admin.page, account);
			await expect(admin.page.getByLabel('Role')).toHaveValue('learner');
			await admin.page.getByLabel('Role').selectOption({ label: 'Trainer' });
			await admin.page.getByRole('button', { name: 'Change role' }).click();
			await expect(admin.page.getByRole('status').filter({ hasText: EN.saved })).toBeVisible();
			await reload(admin.page);
			await expect(admin.page.getByLabel('Role')).toHaveValue('trainer');

			// The list shows the new role.
			await goto(admin.page, `/en/admin/users?q=${encodeURIComponent(account.email)}`);
			const row = admin.page.getByRole('row').filter({ hasText: account.email });
			await expect(row).toContainText('Trainer');
		} finally {
			await admin.context.close();
		}

		// After: the same session opens the trainer area.
		const after = await goto(page, '/en/teach');
		expect(after?.status()).toBe(200);
		await expect(page.getByRole('heading', { level: 1, name: EN.teachTitle })).toBeVisible();
		await expect(page.getByText(`Welcome, ${account.name}.`)).toBeVisible();
		await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teach' })).toBeVisible();
		// A trainer is still no admin.
		const stillNoAdmin = await goto(page, '/en/admin/users');
		expect(stillNoAdmin?.status()).toBe(403);
	});

	test('an admin deactivates a user: the session ends and sign-in is refused until reactivation', async ({
		page,
		browser
	}) => {
		const account = newAccount('deactivate');
		await signUp(page, account);

		const admin = await adminSession(browser);
		try {
			await openAdminUser(admin.page, account);
			await expect(admin.page.getByText('Active', { exact: true })).toBeVisible();
			await admin.page.getByRole('button', { name: 'Deactivate account' }).click();
			// Confirmed on its own page (a GET, so it works without JavaScript too).
			await expect(admin.page.getByRole('heading', { level: 1, name: /^Deactivate the account of/ })).toBeVisible();
			await admin.page.getByRole('button', { name: 'Deactivate account' }).click();
			await expect(admin.page.getByRole('status').filter({ hasText: EN.userDeactivated })).toBeVisible();
			await expect(admin.page.getByText('Deactivated', { exact: true })).toBeVisible();
			await expect(admin.page.getByRole('button', { name: 'Reactivate account' })).toBeVisible();

			// The user's open session is over.
			await reload(page);
			await expect(page).toHaveURL(/\/en\/signin\?next=%2Faccount(%3Fwelcome%3D1)?$/);
			await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);

			// Signing in again is refused, with the message a wrong password gets (it names deactivation
			// as one possible reason, but never confirms that the password was right).
			await goto(page, '/en/signin');
			await submitSignIn(page, account.email, account.password);
			await expect(page.getByRole('alert')).toHaveText(EN.signinInvalid);
			await expect(page).toHaveURL(/\/en\/signin$/);
			await goto(page, '/en/account');
			await expect(page).toHaveURL(/\/en\/signin\?next=%2Faccount$/);

			// The admin list shows the status.
			await goto(admin.page, `/en/admin/users?q=${encodeURIComponent(account.email)}`);
			await expect(admin.page.getByRole('row').filter({ hasText: account.email })).toContainText('Deactivated');

			// Reactivated, the user can sign in again.
			await openAdminUser(admin.page, account);
			await admin.page.getByRole('button', { name: 'Reactivate account' }).click();
			await expect(admin.page.getByRole('status').filter({ hasText: EN.userReactivated })).toBeVisible();
			await signIn(page, account.email, account.password);
		} finally {
			await admin.context.close();
		}
	});

	test('an admin cannot deactivate themselves or drop their own admin role', async ({ browser }) => {
		const admin = await adminSession(browser);
		try {
			await openAdminUser(admin.page, { name: ADMIN.name, email: ADMIN.email });
			await admin.page.getByRole('button', { name: 'Deactivate account' }).click();
			await expect(admin.page.getByRole('alert')).toHaveText('You cannot deactivate your own account.');
			await admin.page.getByLabel('Role').selectOption({ label: 'Learner' });
			await admin.page.getByRole('button', { name: 'Change role' }).click();
			await expect(admin.page.getByRole('alert')).toHaveText('You cannot remove your own administrator role.');
			await goto(admin.page, '/en/admin/users');
			await expect(admin.page.getByRole('heading', { level: 1, name: EN.usersTitle })).toBeVisible();
		} finally {
			await admin.context.close();
		}
	});

	test('an admin sets a user’s organisation', async ({ page, browser }) => {
		const account = newAccount('setorg');
		await signUp(page, account);
		await expect(page.getByText(EN.independent, { exact: true })).toBeVisible();

		const admin = await adminSession(browser);
		try {
			await openAdminUser(admin.page, account);
			await admin.page.getByLabel('Organisation').selectOption({ label: "Demo Women's Initiative" });
			await admin.page.getByRole('button', { name: 'Set organisation' }).click();
			await expect(admin.page.getByRole('status').filter({ hasText: EN.saved })).toBeVisible();
		} finally {
			await admin.context.close();
		}

		await goto(page, '/en/account');
		await expect(page.getByText("Demo Women's Initiative", { exact: true })).toBeVisible();
	});

	test('a signed-out visitor is sent to sign in before the admin pages', async ({ page }) => {
		await goto(page, '/en/admin/users');
		await expect(page).toHaveURL(/\/en\/signin\?next=%2Fadmin%2Fusers$/);
		await submitSignIn(page, ADMIN.email, ADMIN.password);
		await expect(page).toHaveURL(/\/en\/admin\/users$/);
		await expect(page.getByRole('heading', { level: 1, name: EN.usersTitle })).toBeVisible();
		// The list shows people (which ones depends on how many the other tests made before this one).
		await expect(
			page
				.getByRole('row')
				.filter({ has: page.getByRole('cell') })
				.first()
		).toBeVisible();
	});
});
