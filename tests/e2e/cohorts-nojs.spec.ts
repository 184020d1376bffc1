// Cohorts without JavaScript: creating a cohort (and a refused one keeping its values), uploading a
// class list, confirming it and setting a password through the link all work with plain forms.
import { expect, test } from '@playwright/test';
import { DEMO_ORG, strongPassword } from './helpers';
import { h1, open } from './learning-helpers';
import { COORDINATOR, newPage, sessionAs } from './cert-helpers';
import {
	OUTREACH,
	TEODORA,
	addRoster,
	cohortValues,
	createCohort,
	dateRange,
	expectCount,
	fillCohortForm,
	matrixRow,
	membersHeading,
	openDashboard,
	previewRow,
	rosterCsv,
	rosterPeople,
	rosterSection,
	setPasswordThroughLink,
	t,
	uploadRoster
} from './cohort-helpers';

test.use({ javaScriptEnabled: false });

const NO_JS = { javaScriptEnabled: false } as const;

test.describe('cohorts without JavaScript', () => {
	test('a coordinator creates a cohort, uploads and confirms a class list; a learner sets a password', async ({
		browser
	}, testInfo) => {
		test.setTimeout(120_000);
		const { context, page } = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password, NO_JS);
		// The page really runs without scripts: SvelteKit never starts.
		await open(page, '/en/cohorts/new');
		expect(await page.locator('#svelte-announcer').count()).toBe(0);

		// A refused form comes back with the message and the values.
		const cohort = cohortValues('No-JS cohort');
		await fillCohortForm(page, { ...cohort, ends: cohort.starts });
		await page
			.getByRole('main')
			.getByRole('button', { name: t('cohort_create'), exact: true })
			.click();
		await expect(page.getByRole('alert')).toHaveText(t('form_has_errors'));
		await expect(page.getByText(t('err_cohort_end_before_start'), { exact: true })).toBeVisible();
		const main = page.getByRole('main');
		await expect(main.getByLabel(t('cohort_name'), { exact: true })).toHaveValue(cohort.name);
		await expect(main.getByLabel(t('cohort_course'), { exact: true }).locator('option:checked')).toHaveText(
			cohort.courseTitle
		);
		await expect(main.getByLabel(t('cohort_starts'), { exact: true })).toHaveValue(cohort.starts);
		await expect(main.getByLabel(t('cohort_ends'), { exact: true })).toHaveValue(cohort.starts);
		await expect(main.getByRole('checkbox', { name: TEODORA.name, exact: true })).toBeChecked();

		// Created with a plain post.
		const id = await createCohort(page, cohort);

		// A class list with a problem: the preview marks it and offers no confirmation.
		const { cyrillic, albanian } = rosterPeople(cohort.tag, DEMO_ORG);
		const faulty = rosterCsv(testInfo, 'faulty.csv', [cyrillic, { ...albanian, organisation: 'No such organisation' }]);
		await uploadRoster(page, faulty);
		await expect(previewRow(page, 3)).toContainText(t('roster_organisation_unknown'));
		await expect(rosterSection(page).getByText(t('roster_fix_and_upload'), { exact: true })).toBeVisible();
		await expect(rosterSection(page).getByRole('button', { name: /^Confirm and add/ })).toHaveCount(0);
		await expect(membersHeading(page, 0)).toBeVisible();

		// The clean list: preview, confirm, one link per new learner.
		const links = await addRoster(page, rosterCsv(testInfo, 'clean.csv', [cyrillic, albanian]), [cyrillic, albanian]);
		await expect(page.getByRole('main').getByRole('listitem').filter({ hasText: cyrillic.email })).toContainText(
			cyrillic.name
		);

		// The dashboard lists both, not started.
		await openDashboard(page, id, cohort.name);
		await expectCount(page, 'count_enrolled', 2);
		await expectCount(page, 'status_not_started', 2);
		await expect(matrixRow(page, cyrillic.name).getByRole('cell').first()).toHaveText(t('status_not_started'));
		await expect(matrixRow(page, albanian.name).getByRole('cell').first()).toHaveText(t('status_not_started'));

		// The learner sets a password without JavaScript and sees the cohort on My learning.
		const learner = await newPage(browser, NO_JS);
		await setPasswordThroughLink(learner.page, links.get(albanian.name)!, albanian.name, strongPassword());
		const card = learner.page
			.getByRole('main')
			.getByRole('article')
			.filter({ has: learner.page.getByRole('heading', { level: 2, name: OUTREACH.title(), exact: true }) });
		await expect(card).toContainText(`Cohort: ${cohort.name} (`);
		await expect
			.soft(
				card.getByText(t('learning_cohort', { name: cohort.name, dates: dateRange(cohort.starts, cohort.ends) }), {
					exact: true
				}),
				'cohort dates on My learning'
			)
			.toBeVisible();
		await expect(h1(learner.page)).toHaveText(t('learning_title'));
		await Promise.all([learner.context.close(), context.close()]);
	});
});
