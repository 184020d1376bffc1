// Certificates and the organisation directory without JavaScript: the verify form leads to the result
// page, the directory search is a plain GET form, and a coordinator revokes a certificate with a plain
// form post (a second revocation is refused with a message).
import { expect, test } from '@playwright/test';
import { exactPath, h1, open } from './learning-helpers';
import {
	COORDINATOR,
	COURSE,
	DEMO_WOMEN,
	DEMO_YOUTH,
	certificateCard,
	certificateCodeOnCoursePage,
	directoryCard,
	expectNotFoundPage,
	expectRevoked,
	expectValid,
	fact,
	finishCourse,
	newPage,
	openCertificates,
	searchDirectory,
	sessionAs,
	signUpMember,
	submitRevoke,
	t,
	uniqueTag,
	verifyPath
} from './cert-helpers';

test.use({ javaScriptEnabled: false });

const NO_JS = { javaScriptEnabled: false } as const;

test.describe('certificates without JavaScript', () => {
	test('a certificate is checked with the verify form and revoked by a coordinator', async ({ page, browser }) => {
		test.setTimeout(150_000);
		const learner = await signUpMember(page, DEMO_WOMEN, 'nojscert');
		// The page really runs without scripts: SvelteKit never starts.
		expect(await page.locator('#svelte-announcer').count()).toBe(0);
		await finishCourse(page);
		const code = await certificateCodeOnCoursePage(page);

		// An anonymous visitor types the code into the verify form and gets the result page.
		const visitor = await newPage(browser, NO_JS);
		await open(visitor.page, '/en/verify');
		expect(await visitor.page.locator('#svelte-announcer').count()).toBe(0);
		await expect(h1(visitor.page)).toHaveText(t('verify_title'));
		await visitor.page
			.getByLabel(t('verify_code_label'), { exact: true })
			.fill(` ${code.replace(/-/g, '').toLowerCase()} `);
		await visitor.page.getByRole('button', { name: t('verify_submit'), exact: true }).click();
		await expect(visitor.page).toHaveURL(exactPath(verifyPath(code)));
		await expectValid(visitor.page, learner.name);
		await expect(fact(visitor.page, t('verify_organisation'))).toHaveText(DEMO_WOMEN);
		await expect(fact(visitor.page, t('verify_course'))).toHaveText(COURSE.title());
		expect(await visitor.page.content()).not.toContain(learner.email);

		// A malformed code typed into the form gives the 404 page.
		await open(visitor.page, '/en/verify');
		await visitor.page.getByLabel(t('verify_code_label'), { exact: true }).fill('hello');
		const [notFound] = await Promise.all([
			visitor.page.waitForResponse((r) => new URL(r.url()).pathname === '/en/verify/hello'),
			visitor.page.getByRole('button', { name: t('verify_submit'), exact: true }).click()
		]);
		await expectNotFoundPage(visitor.page, notFound, 'en');

		// A coordinator revokes it with plain form posts. A second tab stays on the list from before.
		const coordinator = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password, NO_JS);
		await openCertificates(coordinator.page, code);
		const staleTab = await coordinator.context.newPage();
		await openCertificates(staleTab, code);
		await expect(certificateCard(coordinator.page, code)).toContainText(learner.name);
		await expect(certificateCard(coordinator.page, code)).toContainText(t('status_valid'));

		// Without a reason it is refused.
		const empty = await submitRevoke(coordinator.page, code, '');
		expect(empty.status()).toBe(400);
		await expect(coordinator.page.getByRole('alert')).toHaveText(t('certificates_reason_required'));
		await openCertificates(coordinator.page, code);
		await expect(certificateCard(coordinator.page, code)).toContainText(t('status_valid'));

		const reason = `Duplicate record (${uniqueTag()})`;
		const revoked = await submitRevoke(coordinator.page, code, reason);
		// Post/redirect/get: a reload of the page shown next sends nothing again.
		expect(revoked.status()).toBe(303);
		expect(revoked.headers()['location']).toContain('done=revoked');
		await expect(coordinator.page.getByRole('status')).toHaveText(t('certificates_revoked'));
		await openCertificates(coordinator.page, code);
		const row = certificateCard(coordinator.page, code);
		await expect(row).toContainText(t('status_revoked'));
		await expect(row).toContainText(reason);
		await expect(row.getByRole('button', { name: t('certificates_revoke') })).toHaveCount(0);

		// The verify page says so at once.
		await open(visitor.page, verifyPath(code));
		await expectRevoked(visitor.page, reason);

		// Revoking it again from the stale tab is refused with a message (409).
		const again = await submitRevoke(staleTab, code, 'A second reason');
		expect(again.status()).toBe(409);
		await expect(staleTab.getByRole('alert')).toHaveText(t('certificates_already_revoked'));
		await open(visitor.page, verifyPath(code));
		await expectRevoked(visitor.page, reason);

		await visitor.context.close();
		await coordinator.context.close();
	});

	test('the organisation directory search works without JavaScript', async ({ page }) => {
		await open(page, '/en/organisations');
		expect(await page.locator('#svelte-announcer').count()).toBe(0);
		await expect(h1(page)).toHaveText(t('directory_title'));
		await expect(directoryCard(page, DEMO_YOUTH)).toBeVisible();
		await expect(directoryCard(page, DEMO_WOMEN)).toBeVisible();

		// By municipality, without its diacritics ("Zvečan").
		await searchDirectory(page, 'zvecan');
		await expect(directoryCard(page, DEMO_WOMEN)).toBeVisible();
		await expect(directoryCard(page, DEMO_WOMEN)).toContainText('Zvečan');
		await expect(directoryCard(page, DEMO_YOUTH)).toHaveCount(0);

		// The same municipality in Cyrillic.
		await searchDirectory(page, 'Звечан');
		await expect(
			directoryCard(page, DEMO_WOMEN),
			'a Cyrillic search finds the Latin-script municipality'
		).toBeVisible();
		await expect(directoryCard(page, DEMO_YOUTH)).toHaveCount(0);

		// By a part of the name.
		await searchDirectory(page, 'YOUTH ASSOC');
		await expect(directoryCard(page, DEMO_YOUTH)).toBeVisible();
		await expect(directoryCard(page, DEMO_WOMEN)).toHaveCount(0);

		// Nothing matches.
		await searchDirectory(page, `no-such-organisation-${uniqueTag()}`);
		await expect(page.getByText(t('directory_none'), { exact: true })).toBeVisible();
		await expect(page.getByRole('main').getByRole('article')).toHaveCount(0);

		// From a result to the organisation's profile.
		await searchDirectory(page, 'mitrovica');
		await directoryCard(page, DEMO_YOUTH).getByRole('link', { name: DEMO_YOUTH, exact: true }).click();
		await expect(page).toHaveURL(/\/en\/organisations\/[a-z0-9-]+$/);
		await expect(h1(page)).toHaveText(DEMO_YOUTH);
		await expect(page.getByText('Mitrovica North', { exact: true })).toBeVisible();
	});
});
