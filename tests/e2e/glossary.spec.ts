// The glossary page: public, in every locale, sorted by the locale's alphabet, reached from the footer
// and the course page, and readable without JavaScript on a 360 px phone.
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { goto } from './helpers';

test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 800 } });

test('a visitor finds the glossary from the footer and reads it in Albanian', async ({ page }, testInfo) => {
	await goto(page, '/sq');
	await page.getByRole('contentinfo').getByRole('link', { name: 'Fjalorthi' }).click();
	await expect(page).toHaveURL(/\/sq\/glossary$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Fjalorthi' })).toBeVisible();
	const outreach = page.locator('#outreach');
	await expect(outreach.getByRole('term')).toHaveText(/puna me komunitetin\s*\(outreach\)/);
	await expect(outreach.getByRole('definition')).toContainText('përtej rrethit të zakonshëm');
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
	await page.screenshot({
		path: join(testInfo.project.outputDir, 'screenshots', 'glossary-sq-360.png'),
		fullPage: true
	});
});

test('the glossary in Serbian is sorted by its alphabet, and the Cyrillic is derived', async ({ page }) => {
	await goto(page, '/sr-Latn/glossary');
	const terms = await page.getByRole('term').allTextContents();
	const words = terms.map((t) => t.replace(/\s*\(.*\)\s*$/, '').trim());
	expect(words.length).toBeGreaterThanOrEqual(40);
	expect(words).toEqual([...words].sort(new Intl.Collator('sr-Latn').compare));
	await goto(page, '/sr-Cyrl/glossary');
	await expect(page.locator('#outreach').getByRole('term')).toContainText('рад са заједницом');
	await expect(page.locator('#two-factor-authentication').getByRole('term')).toContainText('(2FA)');
});

test('the course page links to the glossary', async ({ page }) => {
	await goto(page, '/en/courses/outreach');
	await page.getByRole('link', { name: 'Glossary of the course terms' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Glossary' })).toBeVisible();
	await expect(page.locator('#stakeholder').getByRole('term')).toHaveText('stakeholder');
});
