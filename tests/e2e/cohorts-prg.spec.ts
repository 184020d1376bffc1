// After a form that changed something is sent, the browser lands on a plain page address (never
// `?/confirm` and the like) and reloading it sends nothing again — checked without JavaScript, where
// the browser shows exactly the address the server answered with.
import { expect, test, type Page } from '@playwright/test';
import { DEMO_ORG } from './helpers';
import { open } from './learning-helpers';
import { COORDINATOR, sessionAs } from './cert-helpers';
import {
	cohortValues,
	confirmButton,
	createCohort,
	membersHeading,
	rosterCsv,
	rosterPeople,
	rosterSection,
	setPasswordLink,
	t,
	uploadRoster
} from './cohort-helpers';

test.use({ javaScriptEnabled: false });

async function expectNoActionInAddress(page: Page) {
	expect(new URL(page.url()).search).not.toMatch(/^\?\//);
}

test('confirming a class list ends on a plain address; reloading it adds nobody twice and keeps the links', async ({
	browser
}, testInfo) => {
	const { context, page } = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password, {
		javaScriptEnabled: false
	});
	const cohort = cohortValues('PRG cohort');
	await createCohort(page, cohort);
	const { cyrillic } = rosterPeople(cohort.tag, DEMO_ORG);
	const existing = { name: 'Jelena Đorđević', email: 'learner1@example.org', organisation: DEMO_ORG };
	await uploadRoster(page, rosterCsv(testInfo, 'prg.csv', [cyrillic, existing]));
	await confirmButton(page, 2).click();
	await expect(page.getByRole('status').filter({ hasText: t('roster_done', { count: 2 }) })).toBeVisible();
	await expectNoActionInAddress(page);
	const link = await setPasswordLink(page, cyrillic.name);
	// Afterwards the table says what happened, not what will happen.
	const table = rosterSection(page).getByRole('table');
	await expect(table).toContainText(t('daily_roster_existing_added'));
	await expect(table).not.toContainText(t('roster_existing'));

	const reloaded = await page.reload();
	expect(reloaded?.request().method()).toBe('GET');
	expect(await setPasswordLink(page, cyrillic.name)).toBe(link);
	await expect(membersHeading(page, 2)).toBeVisible();
	await context.close();
});

test('adding a person by hand ends on a plain address with the count', async ({ browser }) => {
	const { context, page } = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password, {
		javaScriptEnabled: false
	});
	const cohort = cohortValues('PRG add');
	const id = await createCohort(page, cohort);
	await open(page, `/en/cohorts/${id}/members?q=learner2`);
	await page.getByRole('main').getByRole('checkbox').first().check();
	await page
		.getByRole('main')
		.getByRole('button', { name: t('members_add_selected'), exact: true })
		.click();
	await expect(page.getByRole('status').filter({ hasText: t('members_added', { count: 1 }) })).toBeVisible();
	await expectNoActionInAddress(page);
	const reloaded = await page.reload();
	expect(reloaded?.request().method()).toBe('GET');
	await context.close();
});

test('a class list of one person says "1 learner", and the dashboard tiles are written alike', async ({
	browser
}, testInfo) => {
	const { context, page } = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password, {
		javaScriptEnabled: false
	});
	const cohort = cohortValues('PRG one');
	const id = await createCohort(page, cohort);
	const { albanian } = rosterPeople(cohort.tag, DEMO_ORG);
	await uploadRoster(page, rosterCsv(testInfo, 'one.csv', [albanian]));
	await rosterSection(page).getByRole('button', { name: 'Confirm and add 1 learner', exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Done: 1 learner is in the cohort.' })).toBeVisible();
	await open(page, `/en/cohorts/${id}`);
	const tiles = page.getByRole('list', { name: t('dashboard_counts'), exact: true }).getByRole('listitem');
	for (const text of await tiles.allInnerTexts()) expect(text.replace(/^\s*\d+\s*/, '')).toMatch(/^[A-Z]/);
	await context.close();
});
