// axe-core on every role's pages at 1280 and 360 px, including every lesson and quiz of the shipped
// courses (through "Preview as learner", which opens every lesson with the learners' own components).
// The lesson and quiz steps share one layout, so they are checked at the phone width only.
// Any violation fails, with the rule, the page and the elements named.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { ADMIN, LEARNER1, TRAINER, goto, signIn } from './helpers';
import { COORDINATOR } from './cert-helpers';

const WIDTHS = [1280, 360];

async function check(page: Page, urls: string[], widths = WIDTHS) {
	const problems: string[] = [];
	for (const width of widths) {
		await page.setViewportSize({ width, height: 900 });
		for (const url of urls) {
			await goto(page, url);
			const result = await new AxeBuilder({ page }).analyze();
			for (const v of result.violations)
				problems.push(
					`${width}px ${url}: ${v.id} (${v.impact}) ${v.nodes
						.map((n) => n.target.join(' '))
						.slice(0, 5)
						.join(', ')}`
				);
		}
	}
	expect(problems).toEqual([]);
}

async function signedIn(browser: Browser, account: { email: string; password: string }) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, account.email, account.password);
	return { context, page };
}

/** Links on the current page whose address matches `pattern`, without duplicates. */
async function links(page: Page, pattern: RegExp): Promise<string[]> {
	const hrefs = await page
		.locator('a[href]')
		.evaluateAll((as) =>
			as.map((a) => new URL((a as HTMLAnchorElement).href).pathname + new URL((a as HTMLAnchorElement).href).search)
		);
	return [...new Set(hrefs.filter((h) => pattern.test(h)))];
}

test.describe('accessibility (axe)', () => {
	// The checks only read pages, so both workers may share them.
	test.describe.configure({ mode: 'parallel' });
	test.setTimeout(600_000);

	test('anonymous pages', async ({ page }) => {
		await goto(page, '/en/organisations');
		const organisations = (await links(page, /^\/en\/organisations\/[a-z0-9-]+$/)).slice(0, 2);
		await check(page, [
			'/en',
			'/en/courses',
			'/en/courses/outreach',
			'/en/courses/getting-started',
			'/en/signin',
			'/en/signup',
			'/en/organisations',
			...organisations,
			'/en/verify/AAAA-AAAA-AAAA',
			'/sq',
			'/sr-Cyrl/courses/outreach'
		]);
	});

	test('learner pages', async ({ browser }) => {
		const { context, page } = await signedIn(browser, LEARNER1);
		await goto(page, '/en/courses/outreach');
		const open = await links(page, /^\/en\/courses\/outreach\/[a-z0-9-]+\/[a-z0-9-]+$/);
		await check(page, [
			'/en/learning',
			'/en/account',
			'/en/account/about-you',
			'/en/courses/outreach',
			...open.slice(0, 3)
		]);
		await context.close();
	});

	test('trainer pages, and every lesson and quiz of the shipped courses', async ({ browser }) => {
		const { context, page } = await signedIn(browser, TRAINER);
		await goto(page, '/en/teach');
		const previews = await links(page, /^\/en\/teach\/courses\/\d+\/preview$/);
		const editors = (await links(page, /^\/en\/teach\/(lessons|quizzes|texts)\//)).slice(0, 6);
		const insights = (await links(page, /^\/en\/teach\/courses\/\d+\/insight$/)).slice(0, 1);
		const steps: string[] = [];
		for (const preview of previews) {
			await goto(page, preview);
			steps.push(preview, ...(await links(page, /^\/en\/teach\/courses\/\d+\/preview\/[a-z0-9-]+\/[a-z0-9-]+$/)));
		}
		expect(steps.length).toBeGreaterThan(10);
		const lesson = editors.find((e) => e.startsWith('/en/teach/lessons/'));
		await check(page, [
			'/en/teach',
			...insights,
			...editors,
			...(lesson ? [`${lesson}?locale=sq`, `${lesson}/history`] : [])
		]);
		await check(page, steps, [360]);
		await context.close();
	});

	test('coordinator pages', async ({ browser }) => {
		const { context, page } = await signedIn(browser, COORDINATOR);
		await goto(page, '/en/cohorts');
		const cohorts = (await links(page, /^\/en\/cohorts\/\d+$/)).slice(0, 1);
		const extra = cohorts.flatMap((c) => [c, `${c}/members`, `${c}/edit`, `${c}/insight`]);
		if (cohorts[0]) {
			await goto(page, cohorts[0]);
			extra.push(...(await links(page, /^\/en\/cohorts\/\d+\/learners\/\d+$/)).slice(0, 1));
		}
		await check(page, ['/en/cohorts', '/en/cohorts/new', '/en/coordinate', '/en/coordinate/certificates', ...extra]);
		await context.close();
	});

	test('admin pages', async ({ browser }) => {
		const { context, page } = await signedIn(browser, ADMIN);
		await goto(page, '/en/admin/users');
		const user = (await links(page, /^\/en\/admin\/users\/\d+$/)).slice(0, 1);
		await check(page, [
			'/en/admin/users',
			...user,
			'/en/admin/organisations',
			'/en/admin/organisations/new',
			'/en/admin/audit'
		]);
		await context.close();
	});
});
