// The optional questions about gender, age and community (issue 19), with and without JavaScript:
// asked once on My learning, answered on /account/about-you (the community only with its consent),
// withdrawn, or put off with "Not now"; a visitor is sent to sign in and back.
import { expect, test, type Page } from '@playwright/test';
import { exactPath, h1, msg, open, signUpLearner } from './learning-helpers';
import { newAccount, signUp, submitSignIn } from './helpers';

const t = (key: string, params: Record<string, string> = {}) => msg('en', key, params);
const PAGE = '/en/account/about-you';

const card = (page: Page) => page.getByRole('complementary', { name: t('dem_card_title') });
const gender = (page: Page) => page.getByRole('group', { name: t('dem_field_gender') });
const age = (page: Page) => page.getByRole('group', { name: t('dem_field_age') });
const community = (page: Page) => page.getByLabel(t('dem_community_label'), { exact: true });
const consent = (page: Page) => page.getByRole('checkbox', { name: t('dem_consent_label') });
const save = (page: Page) => page.getByRole('button', { name: t('dem_save') });

for (const javaScriptEnabled of [true, false]) {
	test.describe(`about you ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, () => {
		test.use({ javaScriptEnabled });

		test('the card shows once; answering with a community needs the consent; withdrawing erases', async ({ page }) => {
			await signUpLearner(page, 'en', 'dem');
			await open(page, '/en/learning');
			await expect(card(page)).toBeVisible();
			await card(page)
				.getByRole('link', { name: t('dem_card_answer') })
				.click();
			await expect(page).toHaveURL(exactPath(PAGE));
			await expect(h1(page)).toHaveText(t('dem_title'));
			await expect(page.getByRole('heading', { level: 2, name: t('dem_who_title') })).toBeVisible();
			await expect(page.getByText(t('dem_who_totals'))).toBeVisible();
			await expect(consent(page)).not.toBeChecked();

			// A community without the consent: refused, everything chosen kept.
			await gender(page)
				.getByRole('radio', { name: t('dem_opt_gender_woman') })
				.check();
			await age(page)
				.getByRole('radio', { name: t('vol_opt_age_25_34') })
				.check();
			await community(page).selectOption({ label: t('dem_opt_comm_serbian') });
			await save(page).click();
			await expect(page.getByText(t('dem_err_consent_required')).first()).toBeVisible();
			await expect(community(page)).toHaveAttribute('aria-invalid', 'true');
			await expect(gender(page).getByRole('radio', { name: t('dem_opt_gender_woman') })).toBeChecked();
			await expect(age(page).getByRole('radio', { name: t('vol_opt_age_25_34') })).toBeChecked();
			await expect(community(page)).toHaveValue('serbian');
			await expect(consent(page)).not.toBeChecked();

			// With the consent: saved.
			await consent(page).check();
			await save(page).click();
			await expect(page).toHaveURL(exactPath(`${PAGE}?done=saved`));
			await expect(page.getByRole('status')).toHaveText(t('dem_done_saved'));
			await expect(community(page)).toHaveValue('serbian');
			await expect(consent(page)).toBeChecked();
			// Answered: no "Not now" any more.
			await expect(page.getByRole('button', { name: t('dem_not_now') })).toHaveCount(0);

			// Never asked again; My account shows the person their own answers.
			await open(page, '/en/learning');
			await expect(h1(page)).toHaveText(t('learning_title'));
			await expect(card(page)).toHaveCount(0);
			await open(page, '/en/account');
			await expect(page.getByRole('heading', { level: 2, name: t('dem_title') })).toBeVisible();
			await expect(page.getByText(t('dem_opt_comm_serbian'), { exact: true })).toBeVisible();
			await page.getByRole('link', { name: t('dem_account_edit') }).click();
			await expect(page).toHaveURL(exactPath(PAGE));

			// Withdrawing the consent erases the community only.
			await page.getByRole('button', { name: t('dem_withdraw_consent') }).click();
			await expect(page).toHaveURL(exactPath(`${PAGE}?done=consent-withdrawn`));
			await expect(page.getByRole('status')).toHaveText(t('dem_done_consent_withdrawn'));
			await expect(community(page)).toHaveValue('');
			await expect(consent(page)).not.toBeChecked();
			await expect(gender(page).getByRole('radio', { name: t('dem_opt_gender_woman') })).toBeChecked();
			await expect(page.getByRole('button', { name: t('dem_withdraw_consent') })).toHaveCount(0);

			// Withdrawing everything.
			await page.getByRole('button', { name: t('dem_withdraw_all') }).click();
			await expect(page).toHaveURL(exactPath(`${PAGE}?done=withdrawn`));
			await expect(page.getByRole('status')).toHaveText(t('dem_done_withdrawn'));
			await expect(gender(page).getByRole('radio', { name: t('dem_not_answered') })).toBeChecked();
			await expect(age(page).getByRole('radio', { name: t('dem_not_answered') })).toBeChecked();
			await open(page, '/en/account');
			await expect(page.getByText(t('dem_account_none'))).toBeVisible();
			// Still not asked again.
			await open(page, '/en/learning');
			await expect(card(page)).toHaveCount(0);
		});

		test('"Not now" on the card hides it for good', async ({ page }) => {
			await signUpLearner(page, 'en', 'demlater');
			await open(page, '/en/learning');
			await card(page)
				.getByRole('button', { name: t('dem_not_now') })
				.click();
			await expect(page).toHaveURL(exactPath('/en/learning?done=dem_later'));
			await expect(page.getByRole('status')).toHaveText(t('dem_done_later'));
			await expect(card(page)).toHaveCount(0);
			await open(page, '/en/learning');
			await expect(h1(page)).toHaveText(t('learning_title'));
			await expect(card(page)).toHaveCount(0);
			// The page still lets the person answer later, without offering "Not now" again.
			await open(page, PAGE);
			await expect(save(page)).toBeVisible();
			await expect(page.getByRole('button', { name: t('dem_not_now') })).toHaveCount(0);
		});

		test('"Not now" on the page itself', async ({ page }) => {
			await signUpLearner(page, 'en', 'demlater2');
			await open(page, PAGE);
			await page.getByRole('button', { name: t('dem_not_now') }).click();
			await expect(page).toHaveURL(exactPath(`${PAGE}?done=later`));
			await expect(page.getByRole('status')).toHaveText(t('dem_done_later'));
			await open(page, '/en/learning');
			await expect(card(page)).toHaveCount(0);
		});

		test('a visitor is sent to sign in and comes back', async ({ page }) => {
			const account = newAccount('demanon');
			await signUp(page, account);
			await page.context().clearCookies();
			await open(page, PAGE);
			await expect(page).toHaveURL(exactPath('/en/signin?next=%2Faccount%2Fabout-you'));
			await submitSignIn(page, account.email, account.password);
			await expect(page).toHaveURL(exactPath(PAGE));
			await expect(h1(page)).toHaveText(t('dem_title'));
		});
	});
}

test('a form with more fields than any signed-in form has is refused before it is read', async ({ page, baseURL }) => {
	await signUpLearner(page, 'en', 'dembig');
	const response = await page.request.post(`${PAGE}?/save`, {
		headers: { origin: baseURL!, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		data: `gender=woman&${'x=&'.repeat(2100)}`,
		maxRedirects: 0
	});
	expect(response.status()).toBe(413);
	await open(page, PAGE);
	await expect(gender(page).getByRole('radio', { name: t('dem_not_answered') })).toBeChecked();
	await expect(page.getByRole('button', { name: t('dem_not_now') })).toBeVisible();
});
