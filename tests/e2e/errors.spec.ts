import { expect, test } from '@playwright/test';
import { ADMIN, EN, goto, newAccount, signIn, signUp } from './helpers';

test.describe('errors and hostile requests', () => {
	test('a tampered session cookie is treated as signed out', async ({ page, context }) => {
		const account = newAccount('tamper');
		await signUp(page, account);
		const cookie = (await context.cookies()).find((c) => c.name === 'session');
		expect(cookie, 'the session cookie is set after sign-up').toBeTruthy();
		const original = cookie!.value;
		const [id, secret] = original.split('.');
		const flipped = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');

		const variants = [
			`${id}.${flipped}`, // right session id, wrong secret
			`${flipped}.${secret}`, // unknown session id
			id, // no secret at all
			'garbage',
			`${id}.${secret}.${secret}`,
			`${'x'.repeat(100)}.${secret}`,
			'%00%ff..%2e'
		];
		for (const value of variants) {
			await context.addCookies([{ ...cookie!, value }]);
			const response = await goto(page, '/en/account');
			expect(response?.status(), `cookie ${JSON.stringify(value)}`).toBe(200);
			await expect(page).toHaveURL(/\/en\/signin\?next=%2Faccount$/);
			await expect(page.getByRole('heading', { level: 1, name: EN.signinTitle })).toBeVisible();
			await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);

			const home = await goto(page, '/en');
			expect(home?.status()).toBe(200);
			await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' })).toBeVisible();
		}

		// The real cookie still works: tampering did not end the real session.
		await context.addCookies([{ ...cookie!, value: original }]);
		await goto(page, '/en/account');
		await expect(page.getByRole('heading', { level: 1, name: EN.accountTitle })).toBeVisible();
		await expect(page.getByText(account.email, { exact: true })).toBeVisible();
	});

	test('a 404 page is localised', async ({ page }) => {
		const sq = await goto(page, '/sq/nonexistent');
		expect(sq?.status()).toBe(404);
		await expect(page.locator('html')).toHaveAttribute('lang', 'sq');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

		const cyr = await goto(page, '/sr-Cyrl/nonexistent');
		expect(cyr?.status()).toBe(404);
		await expect(page.locator('html')).toHaveAttribute('lang', 'sr-Cyrl');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(/[\u0400-\u04FF]/);

		const en = await goto(page, '/en/nonexistent');
		expect(en?.status()).toBe(404);
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await expect(page.getByRole('heading', { level: 1, name: EN.notFoundTitle })).toBeVisible();
		await page.getByRole('link', { name: 'Go to the home page' }).click();
		await expect(page).toHaveURL(/\/en$/);
	});

	test('an unknown user id in the admin area is a 404, not a 500', async ({ page }) => {
		await signIn(page, ADMIN.email, ADMIN.password);
		for (const id of ['999999', 'abc', '1e3', '-1', '99999999999999999999']) {
			const response = await goto(page, `/en/admin/users/${id}`);
			expect(response?.status(), `/en/admin/users/${id}`).toBe(404);
			await expect(page.getByRole('heading', { level: 1, name: EN.notFoundTitle })).toBeVisible();
		}
	});

	test('a cross-origin form POST is refused with 403', async ({ request, baseURL }) => {
		for (const contentType of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain']) {
			const response = await request.post('/en/signin', {
				headers: { Origin: 'http://evil.example', 'Content-Type': contentType },
				data: 'email=admin%40example.org&password=civic-admin-demo',
				maxRedirects: 0
			});
			expect(response.status(), contentType).toBe(403);
			expect(response.headers()['set-cookie'] ?? '').not.toContain('session=');
		}
		const signup = await request.post('/en/signup', {
			headers: { Origin: 'http://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
			data: 'name=Evil&email=evil%40example.test&password=Blue+kettle+sings+loud',
			maxRedirects: 0
		});
		expect(signup.status()).toBe(403);

		// The same POST from the site's own origin is not refused (it fails validation instead).
		const own = await request.post('/en/signup', {
			headers: {
				Origin: new URL(baseURL!).origin,
				'Content-Type': 'application/x-www-form-urlencoded',
				Accept: 'text/html'
			},
			data: 'name=&email=&password=',
			maxRedirects: 0
		});
		expect(own.status()).toBe(400);
	});
});
