// Membership of an organisation (security review, issue 13): choosing an organisation at sign-up
// is a request. The person sees that they are requesting membership and cannot open the
// organisation's profile editor (403) until a coordinator, or a confirmed member, confirms them.
// The confirm step also works with JavaScript disabled.
import { expect, test, type Browser } from '@playwright/test';
import { ADMIN, newAccount, signUp, type Account } from './helpers';
import { h1, open } from './learning-helpers';
import { COORDINATOR, confirmMembership, createOrganisation, newPage, sessionAs, t, uniqueTag } from './cert-helpers';

const NO_JS = { javaScriptEnabled: false } as const;

async function newOrganisation(browser: Browser, label: string) {
	const name = `${label} ${uniqueTag()}`;
	const admin = await sessionAs(browser, ADMIN.email, ADMIN.password);
	await createOrganisation(admin.page, {
		name,
		municipality: 'Zubin Potok',
		description: 'Made for a membership test.'
	});
	await admin.context.close();
	return { name, slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-') };
}

async function signUpRequesting(
	browser: Browser,
	organisation: string,
	prefix: string,
	options = {}
): Promise<{ account: Account; page: import('@playwright/test').Page }> {
	const { page } = await newPage(browser, options);
	const account = newAccount(prefix);
	await signUp(page, account, organisation);
	return { account, page };
}

test('a new user asks to join an organisation and can edit its profile only once a coordinator confirms', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const org = await newOrganisation(browser, 'Membership org');
	const { account, page } = await signUpRequesting(browser, org.name, 'joiner');

	// My account says what is going on.
	await expect(page.getByText(org.name, { exact: true })).toBeVisible();
	await expect(page.getByText(t('sec13_request_badge'), { exact: true })).toBeVisible();
	await expect(page.getByRole('button', { name: t('sec13_request_withdraw'), exact: true })).toBeVisible();

	// Not a member yet: no editor, not even by its address.
	await open(page, `/en/organisations/${org.slug}`);
	await expect(page.getByRole('link', { name: t('directory_edit'), exact: true })).toHaveCount(0);
	const refused = await page.goto(`/en/organisations/${org.slug}/edit`);
	expect(refused?.status()).toBe(403);

	// A coordinator confirms under Coordinate.
	await confirmMembership(browser, account.name);

	const allowed = await open(page, `/en/organisations/${org.slug}/edit`);
	expect(allowed?.status()).toBe(200);
	await expect(h1(page)).toHaveText(t('directory_edit_title', { name: org.name }));
	await open(page, '/en/account');
	await expect(page.getByText(t('sec13_request_badge'), { exact: true })).toHaveCount(0);
	await expect(page.getByText(org.name, { exact: true })).toBeVisible();
});

test.describe('without JavaScript', () => {
	test('a coordinator confirms a member, who then confirms the next one on the organisation page', async ({
		browser
	}) => {
		test.setTimeout(120_000);
		const org = await newOrganisation(browser, 'Nojs membership');
		const first = await signUpRequesting(browser, org.name, 'nojsfirst', NO_JS);
		const second = await signUpRequesting(browser, org.name, 'nojssecond', NO_JS);

		// Someone who is only requesting membership sees no requests to decide on.
		await open(first.page, `/en/organisations/${org.slug}`);
		await expect(first.page.locator('#svelte-announcer')).toHaveCount(0);
		await expect(first.page.getByRole('heading', { name: t('sec13_requests_title') })).toHaveCount(0);

		// The coordinator confirms the first person on the organisation's page, with a plain post.
		const coordinator = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password, NO_JS);
		await open(coordinator.page, `/en/organisations/${org.slug}`);
		await coordinator.page
			.getByRole('button', { name: t('sec13_requests_confirm_label', { name: first.account.name }), exact: true })
			.click();
		await expect(coordinator.page.getByRole('status').filter({ hasText: t('sec13_requests_confirmed') })).toBeVisible();
		await coordinator.context.close();

		// Now a confirmed member, the first person confirms the second.
		await open(first.page, `/en/organisations/${org.slug}`);
		await expect(first.page.getByRole('heading', { name: t('sec13_requests_title') })).toBeVisible();
		await first.page
			.getByRole('button', { name: t('sec13_requests_confirm_label', { name: second.account.name }), exact: true })
			.click();
		await expect(first.page.getByRole('status').filter({ hasText: t('sec13_requests_confirmed') })).toBeVisible();
		await expect(first.page.getByText(t('sec13_requests_none'), { exact: true })).toBeVisible();

		const allowed = await open(second.page, `/en/organisations/${org.slug}/edit`);
		expect(allowed?.status()).toBe(200);
		await expect(h1(second.page)).toHaveText(t('directory_edit_title', { name: org.name }));
		await first.page.context().close();
		await second.page.context().close();
	});
});
