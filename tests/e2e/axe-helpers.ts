// axe checks shared by the e2e specs: one width (the violations, to collect), or the page at a phone
// and a desktop width with a screenshot of each and, by default, no sideways scrolling.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const SHOTS = '/tmp/shots';

/** The open page's axe violations, one line each, prefixed with `label`. */
export async function axeViolations(page: Page, label: string): Promise<string[]> {
	const result = await new AxeBuilder({ page }).analyze();
	return result.violations.map(
		(v) =>
			`${label}: ${v.id} (${v.impact}) ${v.nodes
				.map((n) => n.target.join(' '))
				.slice(0, 5)
				.join(', ')}`
	);
}

export interface AxeWidthsOptions {
	/** Screenshots go to /tmp/shots/<shots>-<name>-<width>.png; null takes none. */
	shots: string | null;
	/** Fail when the page scrolls sideways (default true). */
	overflow?: boolean;
	/** Whole-page screenshots (default true). */
	fullPage?: boolean;
}

/** axe on the open page at 360 and 1280 px (left at 1280 px), expecting no violations at either. */
export async function axeAtWidths(page: Page, name: string, options: AxeWidthsOptions): Promise<void> {
	const { shots, overflow = true, fullPage = true } = options;
	if (shots) mkdirSync(SHOTS, { recursive: true });
	const problems: string[] = [];
	for (const width of [360, 1280]) {
		await page.setViewportSize({ width, height: 900 });
		if (overflow) {
			const sideways = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(sideways, `${name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
		}
		if (shots) await page.screenshot({ path: `${SHOTS}/${shots}-${name}-${width}.png`, fullPage });
		problems.push(...(await axeViolations(page, `${width}px ${name}`)));
	}
	expect(problems).toEqual([]);
}
