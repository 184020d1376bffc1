import { expect, test, type Page } from '@playwright/test';
import { EN, goto } from './helpers';

// sq and sr-Latn are being translated while these tests are written: they check the language tag and
// that the heading is no longer the English one, not exact strings. sr-Cyrl must be in Cyrillic.
const CYRILLIC = /[\u0400-\u04FF]/;

const LANGUAGES = [
	{ locale: 'sq', link: 'Shqip' },
	{ locale: 'sr-Latn', link: 'Srpski (latinica)' },
	{ locale: 'sr-Cyrl', link: 'Српски (ћирилица)' }
] as const;

/** A language link: each is named in its own language, whatever the page's language. */
function languageLink(page: Page, name: string) {
	return page.getByRole('banner').getByRole('link', { name, exact: true });
}

async function expectTranslatedHeading(page: Page, locale: string, english: string) {
	const heading = page.getByRole('heading', { level: 1 });
	await expect(heading).toBeVisible();
	await expect(heading).not.toHaveText(english);
	if (locale === 'sr-Cyrl') await expect(heading).toHaveText(CYRILLIC);
}

test.describe('language switch', () => {
	for (const { locale, link } of LANGUAGES) {
		test(`switching to ${locale} translates the home page and the sign-in page`, async ({ page }) => {
			await goto(page, '/en');
			await expect(page.locator('html')).toHaveAttribute('lang', 'en');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(EN.homeTitle);
			await expect(languageLink(page, 'English')).toHaveAttribute('aria-current', 'true');

			await languageLink(page, link).click();
			await expect(page).toHaveURL(new RegExp(`/${locale}$`));
			await expect(page.locator('html')).toHaveAttribute('lang', locale);
			await expect(languageLink(page, link)).toHaveAttribute('aria-current', 'true');
			await expectTranslatedHeading(page, locale, EN.homeTitle);

			// The switch keeps the page: from the English sign-in page to the same page in the language.
			await goto(page, '/en/signin');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(EN.signinTitle);
			await languageLink(page, link).click();
			await expect(page).toHaveURL(new RegExp(`/${locale}/signin$`));
			await expect(page.locator('html')).toHaveAttribute('lang', locale);
			await expectTranslatedHeading(page, locale, EN.signinTitle);

			// And back to English.
			await languageLink(page, 'English').click();
			await expect(page).toHaveURL(/\/en\/signin$/);
			await expect(page.locator('html')).toHaveAttribute('lang', 'en');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(EN.signinTitle);
		});
	}

	test('the chosen language is remembered for unprefixed addresses', async ({ page }) => {
		await goto(page, '/en');
		await languageLink(page, 'Shqip').click();
		await expect(page).toHaveURL(/\/sq$/);

		await goto(page, '/');
		await expect(page).toHaveURL(/\/sq$/);
		await expect(page.locator('html')).toHaveAttribute('lang', 'sq');

		await goto(page, '/signin');
		await expect(page).toHaveURL(/\/sq\/signin$/);

		// Choosing another language replaces the remembered one.
		await languageLink(page, 'Српски (ћирилица)').click();
		await expect(page).toHaveURL(/\/sr-Cyrl\/signin$/);
		await goto(page, '/');
		await expect(page).toHaveURL(/\/sr-Cyrl$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(CYRILLIC);
	});

	test('without a remembered choice, the browser language decides', async ({ browser }) => {
		for (const [browserLocale, expected] of [
			['sq-XK', 'sq'],
			['sr-RS', 'sr-Latn'],
			['en-GB', 'en']
		] as const) {
			const context = await browser.newContext({ locale: browserLocale });
			try {
				const page = await context.newPage();
				await goto(page, '/');
				await expect(page).toHaveURL(new RegExp(`/${expected}$`));
				await expect(page.locator('html')).toHaveAttribute('lang', expected);
			} finally {
				await context.close();
			}
		}
	});

	test('the sign-in and sign-up pages are in Cyrillic script in sr-Cyrl', async ({ page }) => {
		await goto(page, '/sr-Cyrl/signin');
		await expect(page.locator('html')).toHaveAttribute('lang', 'sr-Cyrl');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(CYRILLIC);
		await goto(page, '/sr-Cyrl/signup');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(CYRILLIC);
	});
});
