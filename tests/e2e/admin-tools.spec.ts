// The admin's everyday tools (issue 20): creating one account with a set-password link, correcting a
// name and e-mail, a new password link, confirm pages for deactivating and deleting, and the audit log
// filtered and exported. With JavaScript, and the core journey again without it; axe on every new page.
import { mkdirSync } from 'node:fs';
import { axeAtWidths } from './axe-helpers';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { ADMIN, adminSession, goto, newAccount, ready, signIn, signOut } from './helpers';

const SHOTS = '/tmp/shots';

/** The admin signed in, in a context of its own without JavaScript (a new context does not take test.use). */
async function adminWithoutScripts(browser: Browser) {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, ADMIN.email, ADMIN.password);
	return { context, page };
}

const axeAndShoot = (page: Page, name: string) => axeAtWidths(page, name, { shots: 'admin' });

/** Screenshots only: axe needs scripts, so pages without JavaScript are checked in the tests with it. */
async function shoot(page: Page, name: string) {
	mkdirSync(SHOTS, { recursive: true });
	for (const width of [360, 1280]) {
		await page.setViewportSize({ width, height: 900 });
		await page.screenshot({ path: `${SHOTS}/admin-${name}-nojs-${width}.png`, fullPage: true });
	}
}

/** Fills and sends the new-user form; the page is /en/admin/users/new. */
async function createUser(page: Page, account: { name: string; email: string }, role = 'Trainer') {
	await page.getByLabel('Full name').fill(account.name);
	await page.getByLabel('E-mail address').fill(account.email);
	await page.getByLabel('Role').selectOption({ label: role });
	await page.getByRole('button', { name: 'Create account' }).click();
}

/** The set-password link shown on a user's page, as a path on this server. */
async function shownLink(page: Page, name: string): Promise<string> {
	const value = await page.getByRole('textbox', { name: `Set-password link for ${name}` }).inputValue();
	expect(value).toMatch(/\/set-password\/[a-z2-7]+\.[a-z2-7]+$/);
	return new URL(value).pathname;
}

async function setPassword(page: Page, path: string, password: string) {
	await goto(page, path);
	await page.getByLabel('New password', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Save password and sign in' }).click();
	await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

test.describe('admin tools', () => {
	test('an admin creates an account, corrects it and sends a new password link; the audit log shows it all', async ({
		browser,
		page
	}) => {
		const account = newAccount('created');
		const admin = await adminSession(browser);
		try {
			const a = admin.page;
			await goto(a, '/en/admin/users');
			await a.getByRole('link', { name: 'New user' }).click();
			await expect(a.getByRole('heading', { level: 1, name: 'New user' })).toBeVisible();
			await ready(a);
			await axeAndShoot(a, 'new-user');

			// An address that has an account: the form comes back with the values and a clear message.
			await createUser(a, { name: account.name, email: 'ADMIN@example.org' });
			await expect(a.getByRole('alert')).toHaveText('An account with this e-mail address already exists.');
			await expect(a.getByLabel('Full name')).toHaveValue(account.name);
			await expect(a.getByLabel('Role')).toHaveValue('trainer');

			await a.getByLabel('E-mail address').fill(account.email);
			await a.getByRole('button', { name: 'Create account' }).click();
			await expect(a.getByRole('heading', { level: 1, name: account.name })).toBeVisible();
			await expect(a.getByRole('status').filter({ hasText: 'Account created.' })).toBeVisible();
			await expect(a.getByText('No e-mail was sent')).toBeVisible();
			const first = await shownLink(a, account.name);
			await expect(a.getByRole('button', { name: 'Copy link' })).toBeVisible();
			await ready(a);
			await axeAndShoot(a, 'user-with-link');

			// A new link: the first one stops working.
			await a.getByRole('button', { name: 'Send a password link' }).click();
			await expect(a.getByRole('status').filter({ hasText: 'A new set-password link was made.' })).toBeVisible();
			const second = await shownLink(a, account.name);
			expect(second).not.toBe(first);
			const stale = await page.goto(first);
			expect(stale?.status()).toBe(410);
			await setPassword(page, second, account.password);
			await signOut(page);

			// The name and e-mail corrected by the admin; the person signs in with the new address.
			const corrected = { name: `${account.name} Ilić`, email: account.email.replace('created-', 'renamed-') };
			await a.getByLabel('Full name').fill(corrected.name);
			await a.getByLabel('E-mail address').fill(corrected.email);
			await a.getByRole('button', { name: 'Save name and e-mail' }).click();
			await expect(a.getByRole('heading', { level: 1, name: corrected.name })).toBeVisible();
			await signIn(page, corrected.email, account.password);

			// The log, narrowed to this account, names all three acts; the export holds the same rows.
			await goto(a, '/en/admin/audit');
			await a.getByLabel('Text in subject or details').fill(account.email.slice('created-'.length));
			await a.getByRole('button', { name: 'Apply filter' }).click();
			await expect(a.getByText('3 entries')).toBeVisible();
			const rows = a.getByRole('table').locator('tbody').getByRole('row');
			await expect(rows).toHaveCount(3);
			await expect(rows.nth(0)).toContainText('Name or e-mail changed');
			await expect(rows.nth(0)).toContainText(`${account.email} → ${corrected.email}`);
			await expect(rows.nth(1)).toContainText('Password link made');
			await expect(rows.nth(2)).toContainText('Account created');
			await ready(a);
			await axeAndShoot(a, 'audit');
			const [download] = await Promise.all([
				a.waitForEvent('download'),
				a.getByRole('link', { name: 'Export these entries (CSV)' }).click()
			]);
			const csv = await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8'));
			expect(csv.startsWith('\uFEFF')).toBe(true);
			expect(csv.split('\r\n').filter(Boolean)).toHaveLength(4);
			for (const action of ['user_created', 'password_link_issued', 'user_edited']) expect(csv).toContain(action);
			expect(csv).toContain(corrected.email);
		} finally {
			await admin.context.close();
		}
	});

	test('deleting asks first, then anonymises the account; an admin cannot delete themself', async ({
		browser,
		page
	}) => {
		const account = newAccount('todelete');
		const admin = await adminSession(browser);
		try {
			const a = admin.page;
			await goto(a, '/en/admin/users/new');
			await createUser(a, account, 'Learner');
			await setPassword(page, await shownLink(a, account.name), account.password);
			const id = /\/admin\/users\/(\d+)/.exec(a.url())?.[1];
			expect(id).toBeTruthy();
			// A corrected name and e-mail first: the log then holds both the old and the new ones.
			const renamed = { name: `${account.name} Renamed`, email: account.email.replace('todelete-', 'renamed-') };
			await a.getByLabel('Full name').fill(renamed.name);
			await a.getByLabel('E-mail address').fill(renamed.email);
			await a.getByRole('button', { name: 'Save name and e-mail' }).click();
			await expect(a.getByRole('heading', { level: 1, name: renamed.name })).toBeVisible();
			account.name = renamed.name;

			// Deactivating is confirmed on a page of its own too.
			await a.getByRole('button', { name: 'Deactivate account' }).click();
			await expect(
				a.getByRole('heading', { level: 1, name: `Deactivate the account of ${account.name}?` })
			).toBeVisible();
			await ready(a);
			await axeAndShoot(a, 'deactivate-confirm');
			await a.getByRole('link', { name: 'Cancel' }).click();
			await expect(a.getByRole('heading', { level: 1, name: account.name })).toBeVisible();

			await a.getByRole('button', { name: 'Delete account' }).click();
			await expect(a.getByRole('heading', { level: 1, name: `Delete the account of ${account.name}?` })).toBeVisible();
			await ready(a);
			await axeAndShoot(a, 'delete-confirm');
			// Cancel goes back; nothing happened.
			await a.getByRole('link', { name: 'Cancel' }).click();
			await expect(a.getByRole('heading', { level: 1, name: account.name })).toBeVisible();
			await a.getByRole('button', { name: 'Delete account' }).click();
			await expect(a.getByRole('heading', { level: 1, name: /^Delete the account of/ })).toBeVisible();
			await a.getByRole('button', { name: 'Delete account' }).click();
			await expect(a.getByRole('status').filter({ hasText: 'The account was deleted.' })).toBeVisible();
			await expect(a).toHaveURL(/\/en\/admin\/users\?done=deleted$/);

			// Signed out at once, and the address is free: nothing of the person is left to search.
			await page.reload();
			await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
			await goto(a, `/en/admin/users?q=${encodeURIComponent(account.email)}`);
			await expect(a.getByText('0 users found')).toBeVisible();

			// The log says who deleted an account, not whose it was.
			await goto(a, '/en/admin/audit?action=account_deleted&actor=Ana%20Admin');
			await expect(a.getByRole('table').locator('tbody').getByRole('row').first()).toContainText(
				/Ana Admin.*Account deleted.*deleted account #\d+/
			);

			// Nothing of the person is left in the log: not the old, not the corrected name or address
			// (page and export alike read these rows); "#id" finds the entries about the account.
			for (const trace of [account.email, renamed.email, renamed.name]) {
				await goto(a, `/en/admin/audit?q=${encodeURIComponent(trace)}`);
				await expect(a.getByText('0 entries')).toBeVisible();
			}
			await goto(a, `/en/admin/audit?q=${encodeURIComponent(`#${id}`)}`);
			const about = a.getByRole('table').locator('tbody').getByRole('row');
			await expect(about.first()).toContainText(`deleted account #${id}`);
			await expect(about.filter({ hasText: 'Name or e-mail changed' })).toHaveCount(1);
			await expect(a.getByRole('table')).not.toContainText(renamed.email);

			// Days the wrong way round: a message, the form kept.
			await goto(a, '/en/admin/audit?from=2026-03-05&to=2026-03-01&q=x');
			await expect(a.getByRole('alert')).toContainText('The “from” day is after the “to” day.');
			await expect(a.getByLabel('Text in subject or details')).toHaveValue('x');

			// The list of users leaves deleted accounts out; the account's own page says "Deleted".
			await goto(a, '/en/admin/users');
			await expect(a.getByRole('table').getByText('Deleted user')).toHaveCount(0);
			await goto(a, `/en/admin/users/${id}`);
			await expect(a.getByText('Deleted', { exact: true })).toBeVisible();

			// Their own account: the confirm page says no, and offers no button.
			await goto(a, '/en/admin/users?q=admin%40example.org');
			const self = await a.getByRole('table').getByRole('link', { name: 'Ana Admin' }).getAttribute('href');
			await goto(a, `${self}/delete`);
			await expect(a.getByRole('alert')).toHaveText('You cannot delete your own account here: use My account.');
			await expect(a.getByRole('button', { name: 'Delete account' })).toHaveCount(0);
		} finally {
			await admin.context.close();
		}
	});
});

test.describe('admin tools without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('create, confirm a deactivation, confirm a deletion, filter the log', async ({ browser }) => {
		const account = newAccount('nojs');
		const admin = await adminWithoutScripts(browser);
		try {
			const a = admin.page;
			await goto(a, '/en/admin/users/new');
			// The page really runs without scripts: SvelteKit never starts.
			expect(await a.locator('#svelte-announcer').count()).toBe(0);
			await createUser(a, { name: account.name, email: 'admin@example.org' });
			await expect(a.getByRole('alert')).toHaveText('An account with this e-mail address already exists.');
			await expect(a.getByLabel('Full name')).toHaveValue(account.name);
			await a.getByLabel('E-mail address').fill(account.email);
			await a.getByRole('button', { name: 'Create account' }).click();
			await expect(a.getByRole('heading', { level: 1, name: account.name })).toBeVisible();
			const link = await shownLink(a, account.name);
			// Without JavaScript there is nothing to copy with: the link is there to select.
			await expect(a.getByRole('button', { name: 'Copy link' })).toHaveCount(0);

			// The link works without JavaScript too.
			const person = await browser.newContext({ javaScriptEnabled: false });
			try {
				const p = await person.newPage();
				await setPassword(p, link, account.password);
			} finally {
				await person.close();
			}

			await a.getByRole('button', { name: 'Deactivate account' }).click();
			await expect(
				a.getByRole('heading', { level: 1, name: `Deactivate the account of ${account.name}?` })
			).toBeVisible();
			await shoot(a, 'deactivate-confirm');
			await a.getByRole('button', { name: 'Deactivate account' }).click();
			await expect(a.getByRole('status').filter({ hasText: 'The account has been deactivated' })).toBeVisible();
			await expect(a.getByRole('button', { name: 'Reactivate account' })).toBeVisible();

			await a.getByRole('button', { name: 'Delete account' }).click();
			await expect(a.getByRole('heading', { level: 1, name: /^Delete the account of/ })).toBeVisible();
			await a.getByRole('button', { name: 'Delete account' }).click();
			await expect(a.getByRole('status').filter({ hasText: 'The account was deleted.' })).toBeVisible();

			await goto(a, '/en/admin/audit');
			await a.getByLabel('Action').selectOption({ label: 'Account deactivated' });
			await a.getByLabel('Who (name or e-mail)').fill('Ana Admin');
			await a.getByRole('button', { name: 'Apply filter' }).click();
			await expect(a).toHaveURL(/action=user_deactivated/);
			const rows = a.getByRole('table').locator('tbody').getByRole('row');
			await expect(rows.first()).toContainText('Account deactivated');
			await expect(rows.filter({ hasText: 'Role changed' })).toHaveCount(0);
			await a.getByRole('link', { name: 'Clear filter' }).click();
			await expect(a.getByLabel('Action')).toHaveValue('');
		} finally {
			await admin.context.close();
		}
	});
});
