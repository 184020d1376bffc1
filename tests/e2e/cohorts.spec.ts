// Cohorts and the coordinator dashboard with JavaScript on: a coordinator creates a cohort, uploads a
// class list (a faulty one first, which writes nothing), confirms a clean one and passes on the
// set-password links; a new learner sets a password, sees the cohort on My learning and completes a
// lesson; the dashboard, the learner page and the CSV export show it. Set-password links work once
// and refuse tampering; the invitation link lets a signed-in learner join; quiz insight shows a
// learner's quiz answers. Who may see what (trainers read-only, other trainers, learners, visitors),
// form errors, and screenshots of the dashboard and the class-list preview.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, DEMO_ORG, LEARNER1, newAccount, openAdminUser, signUp, strongPassword } from './helpers';
import {
	answerQuiz,
	completeModuleLessons,
	coursePath,
	exactPath,
	expectResult,
	h1,
	lessonPath,
	open,
	readQuiz,
	ready,
	signUpLearner,
	submitButton
} from './learning-helpers';
import { COORDINATOR, downloadFrom, escapeRegExp, newPage, postHtmlForm, sessionAs, uniqueTag } from './cert-helpers';
import {
	GETTING_STARTED,
	OUTREACH,
	TEODORA,
	addRoster,
	cohortNav,
	cohortPath,
	cohortValues,
	confirmButton,
	createCohort,
	dateRange,
	expectCount,
	expectForbidden,
	expectLinkRefused,
	fillCohortForm,
	firstLessonPath,
	inviteLink,
	matrixRow,
	membersHeading,
	moduleCell,
	openDashboard,
	previewRow,
	rosterCsv,
	rosterPeople,
	rosterSection,
	rowPercent,
	setPasswordThroughLink,
	t,
	tamperedLink,
	uploadRoster,
	writeCsv
} from './cohort-helpers';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Takes a full-page screenshot at a width, after checking (softly, so that the screenshot is still
 * taken) that the page does not scroll sideways, as screenshots.spec.ts does for the other pages.
 */
async function shoot(page: Page, name: string, width: number, outputDir: string): Promise<void> {
	await page.setViewportSize({ width, height: 800 });
	await expect(h1(page)).toBeVisible();
	const overflow = await page.evaluate(() => {
		const limit = document.documentElement.clientWidth;
		// Clipped by a scrolling ancestor (an absolutely positioned element only by one at or above its containing block).
		const clipped = (el: Element) => {
			let absolute = getComputedStyle(el).position === 'absolute';
			for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
				const style = getComputedStyle(a);
				if (absolute && style.position === 'static') continue;
				absolute = false;
				if (style.overflowX !== 'visible') return true;
			}
			return false;
		};
		const sticksOut = (el: Element | null) => !!el && el.getBoundingClientRect().right > limit + 1 && !clipped(el);
		const wide = [...document.body.querySelectorAll('*')]
			.filter((el) => sticksOut(el) && !sticksOut(el.parentElement))
			.map(
				(el) =>
					`${el.tagName.toLowerCase()}${typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : ''} (${Math.round(el.getBoundingClientRect().width)}px wide)`
			);
		return { by: document.documentElement.scrollWidth - limit, wide: [...new Set(wide)].slice(0, 5) };
	});
	expect
		.soft(overflow.by, `${name} at ${width}px scrolls sideways; too wide: ${overflow.wide.join(', ')}`)
		.toBeLessThanOrEqual(0);
	await page.screenshot({ path: join(outputDir, 'screenshots', `${name}-${width}.png`), fullPage: true });
}

test.describe('cohorts (JavaScript on)', () => {
	test('a coordinator creates a cohort, uploads a class list, and follows a new learner on the dashboard', async ({
		page,
		browser
	}, testInfo) => {
		test.setTimeout(180_000);
		const { context: coordContext, page: coord } = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password);
		const cohort = cohortValues('Outreach spring');
		const id = await createCohort(coord, cohort);

		// The new cohort is in the list, with its course and no learners.
		await open(coord, '/en/cohorts');
		const listRow = coord
			.getByRole('main')
			.getByRole('row')
			.filter({ has: coord.getByRole('link', { name: cohort.name, exact: true }) });
		await expect(listRow).toContainText(OUTREACH.title());
		await expect(listRow.getByRole('cell').last()).toHaveText('0');

		// A class list with a bad e-mail and a repeated e-mail: per-row errors, no confirm button, nothing written.
		const { cyrillic, albanian } = rosterPeople(cohort.tag, DEMO_ORG);
		await open(coord, cohortPath(id, '/members'));
		const faulty = rosterCsv(testInfo, 'faulty.csv', [
			cyrillic,
			{ ...albanian, email: 'arberesha.at.example.test' },
			{ name: `Duplicate ${cohort.tag}`, email: cyrillic.email.toUpperCase(), organisation: DEMO_ORG }
		]);
		const faultyResponse = await uploadRoster(coord, faulty);
		expect(faultyResponse?.status()).toBe(200);
		await expect(
			rosterSection(coord).getByRole('heading', { level: 3, name: t('roster_preview'), exact: true })
		).toBeVisible();
		await expect(previewRow(coord, 2)).toContainText(t('roster_new_account'));
		await expect(previewRow(coord, 3)).toContainText(t('err_email_invalid'));
		await expect(previewRow(coord, 4)).toContainText(t('roster_email_duplicate'));
		await expect(rosterSection(coord).getByText(t('roster_fix_and_upload'), { exact: true })).toBeVisible();
		await expect(rosterSection(coord).getByRole('button', { name: /^Confirm and add/ })).toHaveCount(0);
		await expect(membersHeading(coord, 0)).toBeVisible();
		await open(coord, cohortPath(id, '/members'));
		await expect(membersHeading(coord, 0)).toBeVisible();
		await openDashboard(coord, id, cohort.name);
		await expectCount(coord, 'count_enrolled', 0);

		// The clean list: preview (the first row is still a new account: nothing was created), confirm, links.
		await open(coord, cohortPath(id, '/members'));
		const clean = rosterCsv(testInfo, 'clean.csv', [cyrillic, albanian]);
		const links = await addRoster(coord, clean, [cyrillic, albanian]);
		const cyrillicLink = links.get(cyrillic.name)!;
		const albanianLink = links.get(albanian.name)!;
		expect(new URL(cyrillicLink).origin).toBe(new URL(coord.url()).origin);
		await expect(coord.getByRole('main').getByRole('listitem').filter({ hasText: cyrillic.email })).toContainText(
			cyrillic.name
		);
		await expect(coord.getByRole('main').getByRole('listitem').filter({ hasText: albanian.email })).toContainText(
			albanian.name
		);

		// The new learner, in a browser of their own, sets a password through the link.
		const password = strongPassword();
		await setPasswordThroughLink(page, cyrillicLink, cyrillic.name, password);
		const card = page
			.getByRole('main')
			.getByRole('article')
			.filter({ has: page.getByRole('heading', { level: 2, name: OUTREACH.title(), exact: true }) });
		await expect(card).toBeVisible();
		await expect(
			card.getByText(
				new RegExp(
					`^${escapeRegExp(t('learning_cohort', { name: cohort.name, dates: 'DATES' })).replace('DATES', '.+')}$`
				)
			)
		).toBeVisible();
		// The dates are the ones the coordinator entered.
		await expect
			.soft(
				card.getByText(t('learning_cohort', { name: cohort.name, dates: dateRange(cohort.starts, cohort.ends) }), {
					exact: true
				}),
				'cohort dates on My learning'
			)
			.toBeVisible();

		// ... and completes the first lesson of the course.
		const [m1] = OUTREACH.modules;
		await card.getByRole('link', { name: t('course_continue_where'), exact: true }).click();
		await expect(page).toHaveURL(exactPath(lessonPath('en', OUTREACH.slug, m1.slug, m1.lessons[0].slug)));
		await expect(h1(page)).toHaveText(m1.lessons[0].title());
		await ready(page);
		await page.getByRole('button', { name: t('lesson_complete_continue'), exact: true }).click();
		await expect(page).toHaveURL(exactPath(lessonPath('en', OUTREACH.slug, m1.slug, m1.lessons[1].slug)));
		const expectedPercent = Math.round(100 / OUTREACH.units);
		expect(expectedPercent).toBeGreaterThan(0);
		await open(page, '/en/learning');
		await expect(
			page.getByRole('progressbar', { name: t('course_percent_done', { percent: expectedPercent }), exact: true })
		).toBeVisible();

		// The dashboard: counts, the learner on track with module 1 in progress, the other not started.
		await openDashboard(coord, id, cohort.name);
		await expect
			.soft(
				coord
					.getByRole('main')
					.getByText(`${OUTREACH.title()} · ${dateRange(cohort.starts, cohort.ends)}`, { exact: true }),
				'cohort dates on the dashboard'
			)
			.toBeVisible();
		// (The edit form keeps the dates as entered.)
		await open(coord, cohortPath(id, '/edit'));
		await expect(coord.getByRole('main').getByLabel(t('cohort_starts'), { exact: true })).toHaveValue(cohort.starts);
		await expect(coord.getByRole('main').getByLabel(t('cohort_ends'), { exact: true })).toHaveValue(cohort.ends);
		await openDashboard(coord, id, cohort.name);
		await expectCount(coord, 'count_enrolled', 2);
		await expectCount(coord, 'status_on_track', 1);
		await expectCount(coord, 'status_not_started', 1);
		await expectCount(coord, 'status_at_risk', 0);
		await expectCount(coord, 'status_completed', 0);
		const row = matrixRow(coord, cyrillic.name);
		await expect(row).toContainText(DEMO_ORG);
		await expect(row.getByRole('cell').first()).toHaveText(t('status_on_track'));
		expect(await rowPercent(row)).toBe(expectedPercent);
		await expect(moduleCell(row, 1)).toHaveAttribute('title', t('cell_in_progress'));
		await expect(moduleCell(row, 1)).toContainText(t('cell_in_progress'));
		await expect(moduleCell(row, 2)).toHaveAttribute('title', t('cell_not_started'));
		const other = matrixRow(coord, albanian.name);
		await expect(other.getByRole('cell').first()).toHaveText(t('status_not_started'));
		expect(await rowPercent(other)).toBe(0);

		// The status filter keeps only the learner on track.
		await coord
			.getByRole('list', { name: t('dashboard_counts'), exact: true })
			.getByRole('link', { name: new RegExp(`${t('status_on_track')}$`) })
			.click();
		await expect(coord).toHaveURL(/[?&]status=on_track/);
		await expect(matrixRow(coord, cyrillic.name)).toBeVisible();
		await expect(matrixRow(coord, albanian.name)).toHaveCount(0);

		// The CSV export of the matrix: UTF-8 with a byte-order mark, the Cyrillic name intact.
		await openDashboard(coord, id, cohort.name);
		const exported = await downloadFrom(
			coord,
			cohortNav(coord).getByRole('link', { name: t('export_matrix'), exact: true }),
			testInfo
		);
		expect(exported.suggested).toBe(`cohort-${id}-matrix.csv`);
		const bytes = readFileSync(exported.path);
		expect([...bytes.subarray(0, 3)]).toEqual(UTF8_BOM);
		const csv = bytes.subarray(3).toString('utf8');
		const lines = csv.split(/\r\n/);
		expect(lines[0]).toContain(`M1 ${m1.title()}`);
		const learnerLine = lines.find((l) => l.startsWith(cyrillic.name));
		expect(learnerLine, csv).toBeDefined();
		expect(learnerLine).toContain(DEMO_ORG);
		expect(learnerLine).toContain(t('status_on_track'));
		expect(learnerLine).toContain(`,${expectedPercent},${t('cell_in_progress')},`);
		expect(lines.some((l) => l.startsWith(albanian.name))).toBe(true);

		// The learner's page: the first lesson done.
		await openDashboard(coord, id, cohort.name);
		await matrixRow(coord, cyrillic.name).getByRole('link', { name: cyrillic.name, exact: true }).click();
		await expect(coord).toHaveURL(/\/en\/cohorts\/\d+\/learners\/\d+$/);
		await expect(h1(coord)).toHaveText(cyrillic.name);
		await expect(
			coord.getByRole('main').getByRole('listitem').filter({ hasText: m1.lessons[0].title() }).first()
		).toContainText(t('lesson_done'));

		// The set-password link a second time: refused, in the learner's browser and in a fresh one.
		await expectLinkRefused(page, await open(page, cyrillicLink), 'used');
		const stranger = await newPage(browser);
		await expectLinkRefused(stranger.page, await open(stranger.page, cyrillicLink), 'used');
		// A tampered link is refused too, and does not spend the real one.
		await expectLinkRefused(stranger.page, await open(stranger.page, tamperedLink(albanianLink)), 'invalid');
		await expectLinkRefused(
			stranger.page,
			await open(stranger.page, albanianLink.replace(/\.[a-z0-9]+$/, '')),
			'invalid'
		);
		const stillValid = await open(stranger.page, albanianLink);
		expect(stillValid?.status()).toBe(200);
		await expect(h1(stranger.page)).toHaveText(t('set_password_title'));
		await expect(
			stranger.page.getByText(t('set_password_intro', { name: albanian.name }), { exact: true })
		).toBeVisible();

		// The learner signs in again with the new password.
		const again = await newPage(browser);
		await open(again.page, '/en/signin');
		await again.page.getByLabel(t('field_email'), { exact: true }).fill(cyrillic.email);
		await again.page.getByLabel(t('field_password'), { exact: true }).fill(password);
		await again.page
			.getByRole('main')
			.getByRole('button', { name: t('signin_submit'), exact: true })
			.click();
		await expect(again.page.getByRole('button', { name: t('nav_sign_out'), exact: true })).toBeVisible();

		await Promise.all([stranger.context.close(), again.context.close(), coordContext.close()]);
	});

	test('a signed-in learner joins through the invitation link', async ({ page, browser }) => {
		test.setTimeout(90_000);
		const { context: coordContext, page: coord } = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password);
		const cohort = cohortValues('Invite round', GETTING_STARTED);
		const id = await createCohort(coord, cohort);
		const invite = await inviteLink(coord);
		expect(new URL(invite).origin).toBe(new URL(coord.url()).origin);

		// A visitor sees the cohort and is asked to sign in or create an account first.
		const visitor = await newPage(browser);
		const visit = await open(visitor.page, invite);
		expect(visit?.status()).toBe(200);
		await expect(h1(visitor.page)).toHaveText(t('join_title', { cohort: cohort.name }));
		await expect(visitor.page.getByText(t('join_sign_in_first'), { exact: true })).toBeVisible();
		await expect(visitor.page.getByRole('button', { name: t('join_submit'), exact: true })).toHaveCount(0);
		await visitor.context.close();

		// A new learner, signed in, joins and lands on the course.
		const learner = await signUpLearner(page, 'en', 'joiner');
		await open(page, invite);
		await expect(h1(page)).toHaveText(t('join_title', { cohort: cohort.name }));
		await expect(page.getByRole('main')).toContainText(GETTING_STARTED.title());
		await page.getByRole('button', { name: t('join_submit'), exact: true }).click();
		await expect(page).toHaveURL(exactPath(coursePath('en', GETTING_STARTED.slug)));
		await expect(h1(page)).toHaveText(GETTING_STARTED.title());
		await expect(page.getByRole('link', { name: t('course_start'), exact: true })).toBeVisible();
		await open(page, '/en/learning');
		await expect(
			page.getByRole('main').getByText(new RegExp(`^${escapeRegExp(`Cohort: ${cohort.name} (`)}`))
		).toBeVisible();

		// The learner is in the cohort.
		await open(coord, cohortPath(id, '/members'));
		await expect(membersHeading(coord, 1)).toBeVisible();
		await expect(coord.getByRole('main').getByRole('listitem').filter({ hasText: learner.email })).toContainText(
			learner.name
		);
		await openDashboard(coord, id, cohort.name);
		await expectCount(coord, 'count_enrolled', 1);
		await expect(matrixRow(coord, learner.name).getByRole('cell').first()).toHaveText(t('status_not_started'));

		// A broken invitation link is a clear 404.
		const broken = await open(page, `/en/join/${'x'.repeat(24)}`);
		expect(broken?.status()).toBe(404);
		await expect(h1(page)).toHaveText(t('join_invalid_title'));
		await coordContext.close();
	});

	test('quiz insight shows the questions a cohort learner answered', async ({ page, browser }, testInfo) => {
		test.setTimeout(120_000);
		const { context: coordContext, page: coord } = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password);
		const cohort = cohortValues('Quiz insight', GETTING_STARTED);
		const id = await createCohort(coord, cohort);

		// Nobody has answered yet.
		await open(coord, cohortPath(id, '/insight'));
		await expect(h1(coord)).toHaveText(t('insight_title'));
		const [m1, m2] = GETTING_STARTED.modules;
		const quiz1 = readQuiz(GETTING_STARTED, m1.slug);
		const quiz2 = readQuiz(GETTING_STARTED, m2.slug);
		const question = (prompt: string) => coord.getByRole('main').getByRole('row').filter({ hasText: prompt });
		for (const q of quiz1.questions) await expect(question(q.prompt)).toContainText(t('insight_no_answers'));

		// A learner with an account is added through the search of the members page.
		const learner = await signUpLearner(page, 'en', 'insight');
		await open(coord, `${cohortPath(id, '/members')}?q=${encodeURIComponent(learner.email)}`);
		await coord
			.getByRole('main')
			.getByRole('checkbox', { name: new RegExp(`^${escapeRegExp(learner.name)} `) })
			.check();
		await coord.getByRole('button', { name: t('members_add_selected'), exact: true }).click();
		await expect(coord.getByRole('status').filter({ hasText: t('members_added', { count: 1 }) })).toBeVisible();
		await expect(membersHeading(coord, 1)).toBeVisible();

		// The learner completes module 1 and answers its quiz, all wrong.
		await open(page, firstLessonPath(GETTING_STARTED));
		await completeModuleLessons(page, GETTING_STARTED, 0);
		await answerQuiz(page, quiz1, 'wrong');
		await submitButton(page).click();
		await expectResult(page, quiz1, 'wrong', m1.title());

		// Insight: every question of module 1 answered wrong at the first attempt, with the wrong answers.
		await open(coord, cohortPath(id, '/insight'));
		await expect(h1(coord)).toHaveText(t('insight_title'));
		for (const q of quiz1.questions) {
			await expect(question(q.prompt)).toContainText(t('insight_share', { share: 0, right: 0, total: 1 }));
			await expect(question(q.prompt)).toContainText(t('insight_wrong_answers'));
			// Under its module: the rows sit in the module's folding section, headed by its title.
			await expect(
				coord
					.getByRole('group')
					.filter({ has: coord.getByRole('heading', { name: new RegExp(escapeRegExp(m1.title())) }) })
					.getByRole('row')
					.filter({ hasText: q.prompt })
			).toBeVisible();
		}
		const single = quiz1.questions.find((q) => q.type === 'single')!;
		const wrongChoice = single.options[(single.correct as number) === 1 ? 1 : 0];
		await expect(question(single.prompt).getByRole('listitem').filter({ hasText: wrongChoice })).toHaveText(
			`${wrongChoice} (1)`
		);
		for (const q of quiz2.questions) await expect(question(q.prompt)).toContainText(t('insight_no_answers'));

		// The dashboard marks module 1's quiz as failed; the quiz export lists the questions.
		await openDashboard(coord, id, cohort.name);
		const row = matrixRow(coord, learner.name);
		await expect(moduleCell(row, 1)).toHaveAttribute('title', t('cell_quiz_failed'));
		const exported = await downloadFrom(
			coord,
			cohortNav(coord).getByRole('link', { name: t('export_quiz'), exact: true }),
			testInfo
		);
		const bytes = readFileSync(exported.path);
		expect([...bytes.subarray(0, 3)]).toEqual(UTF8_BOM);
		const csv = bytes.subarray(3).toString('utf8');
		expect(csv).toContain(single.prompt);
		expect(csv).toContain(`${wrongChoice} (1)`);
		await coordContext.close();
	});

	test('trainers read only the cohorts they teach; learners and visitors cannot see dashboards', async ({
		page,
		browser
	}) => {
		test.setTimeout(120_000);
		const { context: coordContext, page: coord } = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password);
		const taught = cohortValues('Taught by Teodora', GETTING_STARTED);
		const taughtId = await createCohort(coord, taught);
		const notTaught = cohortValues('Without trainer', GETTING_STARTED, []);
		const notTaughtId = await createCohort(coord, notTaught);

		// The coordinator manages both.
		await openDashboard(coord, taughtId, taught.name);
		await expect(cohortNav(coord).getByRole('link', { name: t('cohort_edit'), exact: true })).toBeVisible();
		await expect(cohortNav(coord).getByRole('link', { name: t('members_title'), exact: true })).toBeVisible();

		// Teodora sees the cohort she teaches, read-only.
		const teodora = await sessionAs(browser, TEODORA.email, TEODORA.password);
		const tp = teodora.page;
		await open(tp, '/en/cohorts');
		await expect(h1(tp)).toHaveText(t('cohorts_title'));
		await expect(tp.getByRole('main').getByRole('link', { name: taught.name, exact: true })).toBeVisible();
		await expect(tp.getByRole('main').getByRole('link', { name: notTaught.name, exact: true })).toHaveCount(0);
		await expect(tp.getByRole('main').getByRole('link', { name: t('cohort_new'), exact: true })).toHaveCount(0);
		await openDashboard(tp, taughtId, taught.name);
		await expect(cohortNav(tp).getByRole('link', { name: t('dashboard_title'), exact: true })).toBeVisible();
		await expect(cohortNav(tp).getByRole('link', { name: t('insight_title'), exact: true })).toBeVisible();
		await expect(tp.getByRole('main').getByRole('link', { name: t('cohort_edit'), exact: true })).toHaveCount(0);
		await expect(tp.getByRole('main').getByRole('link', { name: t('members_title'), exact: true })).toHaveCount(0);
		await expectForbidden(tp, await open(tp, cohortPath(taughtId, '/edit')));
		await expectForbidden(tp, await open(tp, cohortPath(taughtId, '/members')));
		await expectForbidden(tp, await open(tp, '/en/cohorts/new'));
		// Nor can she change anything with a hand-made post.
		await open(tp, cohortPath(taughtId));
		const post = await postHtmlForm(tp, cohortPath(taughtId, '/edit?/archive'), []);
		expect(post.status()).toBe(403);
		await openDashboard(tp, taughtId, taught.name);
		await expect(tp.getByText(t('cohort_archived'), { exact: true })).toHaveCount(0);
		// The cohort she does not teach: 403, for the dashboard, the insight and the export.
		await expectForbidden(tp, await open(tp, cohortPath(notTaughtId)));
		await expectForbidden(tp, await open(tp, cohortPath(notTaughtId, '/insight')));
		const exportResponse = await tp.request.get(cohortPath(notTaughtId, '/export/matrix'), { maxRedirects: 0 });
		expect(exportResponse.status()).toBe(403);
		await teodora.context.close();

		// A newly made trainer, not assigned to the cohort: 403.
		const account = newAccount('newtrainer');
		const trainer = await newPage(browser);
		await signUp(trainer.page, account);
		const admin = await sessionAs(browser, ADMIN.email, ADMIN.password);
		await openAdminUser(admin.page, account);
		await admin.page.getByLabel(t('field_role'), { exact: true }).selectOption({ label: t('role_trainer') });
		await admin.page.getByRole('button', { name: t('admin_change_role'), exact: true }).click();
		await expect(admin.page.getByRole('status').filter({ hasText: t('saved') })).toBeVisible();
		await admin.context.close();
		const list = await open(trainer.page, '/en/cohorts');
		expect(list?.status()).toBe(200);
		await expect(trainer.page.getByRole('main').getByRole('link', { name: taught.name, exact: true })).toHaveCount(0);
		await expectForbidden(trainer.page, await open(trainer.page, cohortPath(taughtId)));
		await trainer.context.close();

		// A learner: 403 on any dashboard and on the list.
		const learner = await sessionAs(browser, LEARNER1.email, LEARNER1.password);
		await expectForbidden(learner.page, await open(learner.page, cohortPath(taughtId)));
		await expectForbidden(learner.page, await open(learner.page, cohortPath(notTaughtId)));
		await expectForbidden(learner.page, await open(learner.page, '/en/cohorts'));
		await learner.context.close();

		// A visitor is sent to sign in, and comes back after.
		await open(page, cohortPath(taughtId));
		await expect(page).toHaveURL(exactPath(`/en/signin?next=${encodeURIComponent(`/cohorts/${taughtId}`)}`));
		await expect(h1(page)).toHaveText(t('signin_title'));
		await page.getByLabel(t('field_email'), { exact: true }).fill(TEODORA.email);
		await page.getByLabel(t('field_password'), { exact: true }).fill(TEODORA.password);
		await page
			.getByRole('main')
			.getByRole('button', { name: t('signin_submit'), exact: true })
			.click();
		await expect(page).toHaveURL(exactPath(cohortPath(taughtId)));
		await expect(h1(page)).toHaveText(taught.name);
		await coordContext.close();
	});

	test('bad input: end date before start date, and a class list with a wrong header', async ({ browser }, testInfo) => {
		const { context, page } = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password);
		const values = cohortValues('Backwards dates');
		await open(page, '/en/cohorts/new');
		await fillCohortForm(page, { ...values, starts: values.ends, ends: values.starts });
		await page
			.getByRole('main')
			.getByRole('button', { name: t('cohort_create'), exact: true })
			.click();
		await expect(page.getByRole('alert')).toHaveText(t('form_has_errors'));
		await expect(page.getByText(t('err_cohort_end_before_start'), { exact: true })).toBeVisible();
		await expect(page).toHaveURL(/\/en\/cohorts\/new/);
		const main = page.getByRole('main');
		await expect(main.getByLabel(t('cohort_name'), { exact: true })).toHaveValue(values.name);
		await expect(main.getByLabel(t('cohort_course'), { exact: true }).locator('option:checked')).toHaveText(
			values.courseTitle
		);
		await expect(main.getByLabel(t('cohort_starts'), { exact: true })).toHaveValue(values.ends);
		await expect(main.getByLabel(t('cohort_ends'), { exact: true })).toHaveValue(values.starts);
		await expect(main.getByLabel(t('cohort_ends'), { exact: true })).toHaveAttribute('aria-invalid', 'true');
		await expect(main.getByRole('checkbox', { name: TEODORA.name, exact: true })).toBeChecked();
		// Nothing was created.
		await open(page, '/en/cohorts');
		await expect(page.getByRole('main').getByRole('link', { name: values.name, exact: true })).toHaveCount(0);

		// A class list whose first row does not name the columns.
		const cohort = cohortValues('Wrong header');
		const id = await createCohort(page, cohort);
		const path = writeCsv(testInfo, 'wrong-header.csv', [
			['Vorname', 'Mail', 'Firma'],
			[`Wrong ${cohort.tag}`, `wrong-${cohort.tag}@example.test`, DEMO_ORG]
		]);
		const response = await uploadRoster(page, path);
		expect(response?.status()).toBe(400);
		await expect(rosterSection(page).getByRole('alert')).toHaveText(
			t('roster_bad_header', { found: 'Vorname, Mail, Firma' })
		);
		await expect(rosterSection(page).getByRole('table')).toHaveCount(0);
		await expect(membersHeading(page, 0)).toBeVisible();
		await expect(page).toHaveURL(new RegExp(`/en/cohorts/${id}/members`));
		await context.close();
	});

	test('screenshots of the class-list preview and the dashboard at 360 and 1280 px', async ({ browser }, testInfo) => {
		test.setTimeout(90_000);
		const { context, page } = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password);
		const cohort = cohortValues('Screenshot cohort');
		const id = await createCohort(page, cohort);
		const { cyrillic, albanian } = rosterPeople(uniqueTag(), DEMO_ORG);
		await uploadRoster(page, rosterCsv(testInfo, 'shots.csv', [cyrillic, albanian]));
		await expect(confirmButton(page, 2)).toBeVisible();
		for (const width of [360, 1280]) {
			await expect(
				page.getByRole('heading', { level: 1, name: `${t('members_title')}: ${cohort.name}`, exact: true })
			).toBeVisible();
			await expect(
				rosterSection(page).getByRole('heading', { level: 3, name: t('roster_preview'), exact: true })
			).toBeVisible();
			await shoot(page, 'cohort-members-preview', width, testInfo.project.outputDir);
		}
		await confirmButton(page, 2).click();
		await expect(page.getByRole('status').filter({ hasText: t('roster_done', { count: 2 }) })).toBeVisible();
		await openDashboard(page, id, cohort.name);
		await expect(matrixRow(page, cyrillic.name)).toBeVisible();
		for (const width of [360, 1280]) {
			await expect(page.getByRole('heading', { level: 1, name: cohort.name, exact: true })).toBeVisible();
			await expect(page.getByRole('heading', { level: 2, name: t('dashboard_matrix'), exact: true })).toBeVisible();
			await shoot(page, 'cohort-dashboard', width, testInfo.project.outputDir);
		}
		await context.close();
	});
});
