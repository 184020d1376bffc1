// A coordinator's everyday tools (issue 20): the member picker, bulk actions on selected learners
// (message, remind, CSV), messages with their history, a new set-password link, moving a learner to
// another cohort and removing one after a confirm page; un-revoking a certificate after a revoke that
// takes a confirm page. With JavaScript, and the core journey without it; axe at 360 and 1280 px.
import { readFileSync } from 'node:fs';
import { axeAtWidths } from './axe-helpers';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_ORG } from './helpers';
import { h1, open } from './learning-helpers';
import {
	COORDINATOR,
	certificateCard,
	expectRevoked,
	expectValid,
	finishCourse,
	openCertificates,
	sessionAs,
	signUpMember,
	submitRevoke,
	uniqueTag,
	verifyPath
} from './cert-helpers';
import {
	addRoster,
	cohortPath,
	cohortValues,
	createCohort,
	expectLinkRefused,
	membersHeading,
	rosterCsv,
	rosterPeople,
	setPasswordThroughLink,
	t
} from './cohort-helpers';

const SHOTS = '/tmp/shots';

const axeAndShoot = (page: Page, name: string) => axeAtWidths(page, name, { shots: 'coord', overflow: false });

const main = (page: Page) => page.getByRole('main');
const memberBox = (page: Page, name: string) =>
	main(page)
		.getByRole('group', { name: t('coh_bulk_legend'), exact: true })
		.getByRole('checkbox', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `) });

/** Two cohorts of the outreach course; the first with two learners from a class list. */
async function twoCohorts(page: Page, testInfo: import('@playwright/test').TestInfo, prefix: string) {
	const spring = cohortValues(`${prefix} spring`);
	const autumn = cohortValues(`${prefix} autumn`);
	const autumnId = await createCohort(page, autumn);
	const springId = await createCohort(page, spring);
	const people = rosterPeople(spring.tag, DEMO_ORG);
	const list = [people.cyrillic, people.albanian];
	const links = await addRoster(page, rosterCsv(testInfo, `${prefix}.csv`, list), list);
	return { spring, autumn, springId, autumnId, people, links };
}

test.describe('a coordinator with JavaScript', () => {
	test('selects learners, writes to them, reminds them, exports them, and manages one', async ({
		browser
	}, testInfo) => {
		test.setTimeout(180_000);
		const { context, page } = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password);
		const { spring, autumn, springId, autumnId, people, links } = await twoCohorts(page, testInfo, 'Coord');
		const { cyrillic, albanian } = people;

		// The picker lists the people it can add without a search, one line each, with a count.
		await open(page, cohortPath(springId, '/members'));
		await expect(main(page).getByText(/^People who can be added: \d+$/)).toBeVisible();
		const picker = main(page).getByRole('group', { name: t('members_add_existing'), exact: true });
		await expect(picker.getByRole('checkbox').first()).toHaveAccessibleName(/^.+ — .+@.+$/);
		await axeAndShoot(page, 'members');

		// "Select all shown" ticks both members; "Write to selected" opens the message form for them.
		await main(page)
			.getByRole('group', { name: t('coh_bulk_legend'), exact: true })
			.waitFor();
		await page
			.locator('section', { has: membersHeading(page, 2) })
			.getByRole('button', { name: t('coh_select_all'), exact: true })
			.click();
		await expect(memberBox(page, cyrillic.name)).toBeChecked();
		await expect(memberBox(page, albanian.name)).toBeChecked();
		await main(page)
			.getByRole('button', { name: t('coh_bulk_message'), exact: true })
			.click();
		await expect(h1(page)).toHaveText(`${t('coh_messages_title')}: ${spring.name}`);
		await expect(main(page).getByText(t('coh_to_selected', { count: 2 }), { exact: true })).toBeVisible();

		// Markup is refused with a message, and what was typed stays.
		await main(page).getByLabel(t('coh_subject'), { exact: true }).fill('Welcome <b>all</b>');
		await main(page).getByLabel(t('coh_body'), { exact: true }).fill('We start on Monday at 10.');
		await main(page)
			.getByRole('button', { name: t('coh_send'), exact: true })
			.click();
		await expect(page.getByRole('alert')).toHaveText(t('coh_err_form'));
		await expect(main(page).getByText(t('volp_err_markup'), { exact: true })).toBeVisible();
		await expect(main(page).getByLabel(t('coh_body'), { exact: true })).toHaveValue('We start on Monday at 10.');
		await expect(main(page).getByText(t('coh_to_selected', { count: 2 }), { exact: true })).toBeVisible();
		await main(page).getByLabel(t('coh_subject'), { exact: true }).fill('Welcome, all');
		await main(page)
			.getByRole('button', { name: t('coh_send'), exact: true })
			.click();
		await expect(page.getByRole('status').filter({ hasText: t('coh_sent', { count: 2, mailed: 0 }) })).toBeVisible();
		const history = main(page).getByRole('article').filter({ hasText: 'Welcome, all' });
		await expect(history).toContainText(t('coh_recipients', { count: 2 }));
		await axeAndShoot(page, 'messages');

		// A reminder to one learner, from the members page.
		await open(page, cohortPath(springId, '/members'));
		await memberBox(page, albanian.name).check();
		await main(page)
			.getByRole('button', { name: t('coh_bulk_remind'), exact: true })
			.click();
		await expect(
			page.getByRole('status').filter({ hasText: t('coh_reminded', { count: 1, mailed: 0 }) })
		).toBeVisible();
		await expect(main(page).getByRole('article').first()).toContainText(t('coh_recipients', { count: 1 }));

		// Export of the selected learners: UTF-8 with a byte-order mark, their names and e-mails.
		await open(page, cohortPath(springId, '/members'));
		await memberBox(page, cyrillic.name).check();
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			main(page)
				.getByRole('button', { name: t('coh_bulk_export'), exact: true })
				.click()
		]);
		const csv = readFileSync((await download.path())!, 'utf8');
		expect(csv.startsWith('\uFEFF')).toBe(true);
		expect(csv).toContain(cyrillic.name);
		expect(csv).toContain(cyrillic.email);
		expect(csv).not.toContain(albanian.email);

		// A new set-password link for the Albanian learner: shown in full with a copy button; the old one stops working.
		await open(page, cohortPath(springId, '/members'));
		await main(page)
			.getByRole('link', { name: t('coh_manage_named', { name: albanian.name }), exact: true })
			.click();
		await expect(h1(page)).toHaveText(albanian.name);
		await main(page)
			.getByRole('button', { name: t('coh_link_issue'), exact: true })
			.click();
		const linkBox = main(page).getByRole('textbox', {
			name: t('coh_link_label', { name: albanian.name }),
			exact: true
		});
		await expect(linkBox).toHaveValue(/\/set-password\/[a-z0-9]+\.[a-z0-9]+$/);
		await expect(main(page).getByRole('button', { name: t('coh_copy'), exact: true })).toBeVisible();
		const newLink = await linkBox.inputValue();
		await axeAndShoot(page, 'learner');

		// Moved to the autumn cohort, with a message saying so.
		const target = main(page).getByLabel(t('coh_move_to'), { exact: true });
		await target.selectOption((await target.locator('option', { hasText: autumn.name }).getAttribute('value'))!);
		await main(page)
			.getByRole('button', { name: t('coh_move'), exact: true })
			.click();
		await expect(page).toHaveURL(new RegExp(`/en/cohorts/${autumnId}/learners/\\d+\\?done=moved$`));
		await expect(page.getByRole('status')).toHaveText(t('coh_moved', { cohort: autumn.name }));
		await open(page, cohortPath(springId, '/members'));
		await expect(membersHeading(page, 1)).toBeVisible();

		// The confirm page before removing someone (opened, not confirmed here).
		await open(page, cohortPath(springId, '/members'));
		await main(page)
			.getByRole('link', { name: t('coh_manage_named', { name: cyrillic.name }), exact: true })
			.click();
		await main(page)
			.getByRole('link', { name: t('coh_remove'), exact: true })
			.click();
		await expect(h1(page)).toHaveText(t('coh_remove_title'));
		await axeAndShoot(page, 'remove');

		// The dashboard names its modules and keeps the name column in view.
		await open(page, cohortPath(springId));
		await expect(main(page).getByRole('columnheader', { name: /^1\. / })).toBeVisible();
		await axeAndShoot(page, 'dashboard');

		// The learner: the old link is spent, the new one sets the password.
		const learner = await browser.newContext();
		const lp = await learner.newPage();
		await expectLinkRefused(lp, await lp.goto(links.get(albanian.name)!), 'used');
		await setPasswordThroughLink(lp, newLink, albanian.name, `Coord-${uniqueTag()}-pass!`);
		await learner.close();
		await context.close();
	});

	test('revokes a certificate after a confirm page and restores it', async ({ browser }) => {
		test.setTimeout(240_000);
		const holder = await browser.newContext();
		const hp = await holder.newPage();
		const learner = await signUpMember(hp, DEMO_ORG, 'coordcert');
		await finishCourse(hp);
		const coordinator = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password);
		await openCertificates(coordinator.page, learner.name);
		const card = coordinator.page.getByRole('main').getByRole('article').filter({ hasText: learner.name });
		const code = (await card.getByRole('link').first().textContent())!.trim();
		await expect(certificateCard(coordinator.page, code)).toContainText(t('status_valid'));

		// The card's button leads to a confirm page; Cancel would change nothing.
		await certificateCard(coordinator.page, code)
			.getByRole('textbox', { name: t('certificates_revoke_reason'), exact: true })
			.fill('Wrong person');
		await certificateCard(coordinator.page, code)
			.getByRole('button', { name: t('certificates_revoke'), exact: true })
			.click();
		await expect(h1(coordinator.page)).toHaveText(t('coh_revoke_title'));
		await expect(coordinator.page.getByLabel(t('certificates_revoke_reason'), { exact: true })).toHaveValue(
			'Wrong person'
		);
		await axeAndShoot(coordinator.page, 'revoke');
		await openCertificates(coordinator.page, code);
		const revoked = await submitRevoke(coordinator.page, code, 'Wrong person');
		expect(revoked.status()).toBe(200);
		await expect(coordinator.page.getByRole('status')).toHaveText(t('certificates_revoked'));
		const visitor = await browser.newContext();
		const vp = await visitor.newPage();
		await open(vp, verifyPath(code));
		await expectRevoked(vp, 'Wrong person');

		// Restoring needs a reason; then the verify page says valid again.
		const restore = certificateCard(coordinator.page, code);
		await restore.getByRole('button', { name: t('coh_unrevoke'), exact: true }).click();
		await expect(coordinator.page.getByRole('alert')).toHaveText(t('coh_unrevoke_reason_required'));
		await restore.getByRole('textbox', { name: t('coh_unrevoke_reason'), exact: true }).fill('Revoked by mistake');
		await restore.getByRole('button', { name: t('coh_unrevoke'), exact: true }).click();
		await expect(coordinator.page.getByRole('status')).toHaveText(t('coh_unrevoked'));
		await expect(certificateCard(coordinator.page, code)).toContainText(t('status_valid'));
		await open(vp, verifyPath(code));
		await expectValid(vp, learner.name);
		await visitor.close();
		await holder.close();
		await coordinator.context.close();
	});
});

test.describe('a coordinator without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('writes to the cohort, gives a new link, moves one learner and removes another after a confirm page', async ({
		browser
	}, testInfo) => {
		test.setTimeout(180_000);
		const { context, page } = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password, {
			javaScriptEnabled: false
		});
		const { spring, autumn, springId, autumnId, people } = await twoCohorts(page, testInfo, 'NoJS');
		const { cyrillic, albanian } = people;

		// "Select all shown" is a link that ticks every member's box.
		await open(page, cohortPath(springId, '/members'));
		await page
			.locator('section', { has: membersHeading(page, 2) })
			.getByRole('link', { name: t('coh_select_all'), exact: true })
			.click();
		await expect(memberBox(page, cyrillic.name)).toBeChecked();
		await expect(memberBox(page, albanian.name)).toBeChecked();
		await main(page)
			.getByRole('button', { name: t('coh_bulk_message'), exact: true })
			.click();
		await expect(main(page).getByText(t('coh_to_selected', { count: 2 }), { exact: true })).toBeVisible();
		await main(page)
			.getByRole('link', { name: t('coh_to_all_instead'), exact: true })
			.click();
		await expect(main(page).getByText(t('coh_to_all'), { exact: true })).toBeVisible();
		await main(page).getByLabel(t('coh_subject'), { exact: true }).fill('Room change');
		await main(page).getByLabel(t('coh_body'), { exact: true }).fill('Room 2 from now on.\nSee you there.');
		await main(page)
			.getByRole('button', { name: t('coh_send'), exact: true })
			.click();
		await expect(page).toHaveURL(/\/messages\?done=sent&count=2&mailed=0$/);
		await expect(main(page).getByRole('article').filter({ hasText: 'Room change' })).toContainText(
			'Room 2 from now on.'
		);

		// A new link, shown selectable in full.
		await open(page, cohortPath(springId, '/members'));
		await main(page)
			.getByRole('link', { name: t('coh_manage_named', { name: cyrillic.name }), exact: true })
			.click();
		await main(page)
			.getByRole('button', { name: t('coh_link_issue'), exact: true })
			.click();
		await expect(
			main(page).getByRole('textbox', { name: t('coh_link_label', { name: cyrillic.name }), exact: true })
		).toHaveValue(/\/set-password\/[a-z0-9]+\.[a-z0-9]+$/);
		await expect(main(page).getByRole('button', { name: t('coh_copy'), exact: true })).toHaveCount(0);

		// Moved to the other cohort of the same course.
		const option = main(page).getByLabel(t('coh_move_to'), { exact: true }).locator('option', { hasText: autumn.name });
		await main(page)
			.getByLabel(t('coh_move_to'), { exact: true })
			.selectOption((await option.getAttribute('value'))!);
		await main(page)
			.getByRole('button', { name: t('coh_move'), exact: true })
			.click();
		await expect(page).toHaveURL(new RegExp(`/en/cohorts/${autumnId}/learners/\\d+\\?done=moved$`));

		// The other one is removed after a confirm page; their progress stays theirs.
		await open(page, cohortPath(springId, '/members'));
		await expect(membersHeading(page, 1)).toBeVisible();
		await main(page)
			.getByRole('link', { name: t('coh_manage_named', { name: albanian.name }), exact: true })
			.click();
		await main(page)
			.getByRole('link', { name: t('coh_remove'), exact: true })
			.click();
		await expect(h1(page)).toHaveText(t('coh_remove_title'));
		await expect(main(page)).toContainText(spring.name);
		await page.screenshot({ path: `${SHOTS}/coord-remove-nojs.png`, fullPage: true });
		await main(page)
			.getByRole('button', { name: t('coh_remove_confirm'), exact: true })
			.click();
		await expect(page).toHaveURL(new RegExp(`/en/cohorts/${springId}/members\\?done=removed$`));
		await expect(page.getByRole('status').filter({ hasText: t('coh_removed') })).toBeVisible();
		await expect(membersHeading(page, 0)).toBeVisible();
		await context.close();
	});
});
