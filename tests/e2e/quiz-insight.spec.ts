// Quiz insight, item quality: ten learners of a cohort answer a three-question quiz (an own course,
// imported as a zip) so that one question is too easy, one too hard and one misleading. The
// coordinator (for the cohort) and a trainer of the course (for all its learners) see the flags and
// the stated thresholds, and filter by flag with the GET form, all with JavaScript off; modules fold
// with <details>. Screenshots at 360 and 1280 px are kept with the test's output.
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
	BASE,
	DEMO,
	accountWithRole,
	addMembers,
	assignAuthor,
	completeLesson,
	courseFixture,
	createCohort,
	enrol,
	followDone,
	msg,
	pool,
	signIn,
	signUp,
	submitQuiz,
	tag,
	zipOf,
	type Client,
	type CohortFixture,
	type CourseFixture
} from './security-helpers';

const PROMPTS = {
	easy: 'What does CSO stand for?',
	hard: 'Which municipal body approves the local budget?',
	tricky: 'What should an outreach plan start with?'
};
const OPTIONS = {
	easy: ['Central Statistics Office', 'Civil society organisation', 'Community sports club'],
	hard: ["The mayor's office", 'The municipal assembly', "The citizens' forum"],
	tricky: ['A list of channels', 'A clear goal', 'A poster']
};

function quizYaml(): string {
	const questions = (Object.keys(PROMPTS) as (keyof typeof PROMPTS)[])
		.map(
			(id) =>
				`  - id: ${id}\n    type: single\n    prompt: "${PROMPTS[id]}"\n    options:\n${OPTIONS[id]
					.map((o) => `      - "${o}"\n`)
					.join('')}    correct: 2\n    explanation: The second option.\n`
		)
		.join('');
	return `title: Check\nmax_attempts: null\nwait_minutes: 0\nquestions:\n${questions}`;
}

function courseZip(slug: string): Buffer {
	return zipOf({
		[`${slug}/course.md`]: `---\ntitle: Insight course ${slug}\nsummary: A course of the quiz insight test.\npass_mark: 70\ncertificate:\n  modules: [first]\n  organisation_min_certified: 2\n---\nA course.\n`,
		[`${slug}/01-first/module.md`]: `---\ntitle: Planning outreach\nsummary: Plan.\nobjectives:\n  - Plan\n---\nPlan.\n`,
		[`${slug}/01-first/01-start.md`]: `---\ntitle: Start here\nminutes: 1\n---\nThe lesson.\n`,
		[`${slug}/01-first/quiz.yaml`]: quizYaml()
	});
}

// Option chosen on (easy, hard, tricky); 2 is right. Everyone gets "easy" right (too easy); two get
// "hard" right (too hard); the four strongest choose "A list of channels" on "tricky" while the
// others get it right (misleading: negative discrimination, and the top third prefers a wrong answer).
const ANSWERS: [string, string, string][] = [
	['2', '2', '1'],
	['2', '2', '1'],
	['2', '1', '1'],
	['2', '1', '1'],
	['2', '1', '2'],
	['2', '3', '2'],
	['2', '1', '2'],
	['2', '3', '2'],
	['2', '1', '2'],
	['2', '1', '2']
];

let course: CourseFixture;
let cohort: CohortFixture;
let coordinator: Client;
let trainer: Client;

test.beforeAll(async () => {
	test.setTimeout(240_000);
	const t = tag();
	const admin = await signIn(DEMO.admin);
	coordinator = await signIn(DEMO.coordinator);
	const slug = `insight-${t}`;
	const imported = await admin.multipart('/en/teach?/import', {
		archive: { name: `${slug}.zip`, mimeType: 'application/zip', buffer: courseZip(slug) }
	});
	expect(await followDone(admin, imported, 'import')).toContain(msg('import_done', { slug }));
	course = await courseFixture(slug);
	trainer = await accountWithRole(admin, 'trainer', `Insight Trainer ${t}`, `insight-trainer-${t}@example.org`);
	await assignAuthor(admin, course, trainer.account!.id);
	cohort = await createCohort(coordinator, `Insight cohort ${t}`, course, [trainer.account!.id]);
	const learners = await pool(ANSWERS, 3, async (_, i) => {
		const learner = await signUp(`Insight Learner ${i} ${t}`, `insight-${i}-${t}@example.org`, null);
		return learner;
	});
	await addMembers(
		coordinator,
		cohort,
		learners.map((l) => l.account!.id)
	);
	// In order: the order of submission breaks ties in the strongest third.
	for (const [i, learner] of learners.entries()) {
		await enrol(learner, course);
		await completeLesson(learner, course, 0);
		const [easy, hard, tricky] = ANSWERS[i];
		await submitQuiz(learner, course, 0, { easy, hard, tricky }, OPTIONS);
		await learner.dispose();
	}
	await admin.dispose();
});

test.afterAll(async () => {
	await coordinator?.dispose();
	await trainer?.dispose();
});

/** A browser page without JavaScript, signed in as the client. */
async function noJsPage(browser: Browser, client: Client): Promise<Page> {
	const context = await browser.newContext({
		javaScriptEnabled: false,
		storageState: await client.ctx.storageState()
	});
	return context.newPage();
}

const row = (page: Page, prompt: string) => page.getByRole('main').getByRole('row').filter({ hasText: prompt });

async function expectFlags(page: Page) {
	await expect(row(page, PROMPTS.easy).getByText(msg('insight_flag_too_easy'), { exact: true })).toBeVisible();
	await expect(row(page, PROMPTS.hard).getByText(msg('insight_flag_too_hard'), { exact: true })).toBeVisible();
	await expect(row(page, PROMPTS.tricky).getByText(msg('insight_flag_misleading'), { exact: true })).toBeVisible();
	await expect(row(page, PROMPTS.easy)).toContainText(msg('insight_share', { share: 100, right: 10, total: 10 }));
	await expect(row(page, PROMPTS.hard)).toContainText(msg('insight_share', { share: 20, right: 2, total: 10 }));
	// Being right on "tricky" goes with a lower rest of the score: a negative correlation, over 10.
	await expect(row(page, PROMPTS.tricky)).toContainText(/−0\.\d\d \(n = 10\)|-0\.\d\d \(n = 10\)/);
	await expect(row(page, PROMPTS.easy)).not.toContainText(msg('insight_flag_too_hard'));
}

async function filterBy(page: Page, value: string) {
	await page.getByLabel(msg('insight_filter_label')).selectOption(value);
	await page.getByRole('button', { name: msg('filter_apply'), exact: true }).click();
	await expect(page).toHaveURL(new RegExp(`[?&]flag=${value}$`));
	await expect(page.getByLabel(msg('insight_filter_label'))).toHaveValue(value);
}

test('a coordinator sees the flags and thresholds of the cohort, and filters without JavaScript', async ({
	browser
}, testInfo) => {
	const page = await noJsPage(browser, coordinator);
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.goto(`${BASE}/en/cohorts/${cohort.id}/insight`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('insight_title'));
	await expectFlags(page);

	// The thresholds are stated, behind a summary that opens without JavaScript.
	const rule = page.getByText(msg('insight_rule_difficulty', { easy: 90, hard: 30 }));
	await expect(rule).toBeHidden();
	await page.getByText(msg('insight_rules_title'), { exact: true }).click();
	await expect(rule).toBeVisible();
	await expect(page.getByText(msg('insight_rule_minimum', { count: 10 }))).toBeVisible();
	await page.screenshot({ path: testInfo.outputPath('insight-cohort-1280.png'), fullPage: true });

	await page.setViewportSize({ width: 360, height: 800 });
	await expect(row(page, PROMPTS.tricky).getByText(msg('insight_flag_misleading'), { exact: true })).toBeVisible();
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, 'no sideways scrolling at 360 px').toBeLessThanOrEqual(360);
	await page.screenshot({ path: testInfo.outputPath('insight-cohort-360.png'), fullPage: true });

	// Filter: only the too hard question is left; the choice stays selected.
	await page.setViewportSize({ width: 1280, height: 900 });
	await filterBy(page, 'too_hard');
	await expect(row(page, PROMPTS.hard)).toBeVisible();
	await expect(row(page, PROMPTS.easy)).toHaveCount(0);
	await expect(row(page, PROMPTS.tricky)).toHaveCount(0);
	await filterBy(page, 'too_easy');
	await expect(row(page, PROMPTS.easy)).toBeVisible();
	await expect(row(page, PROMPTS.hard)).toHaveCount(0);

	// A module folds away and opens again, without JavaScript.
	await filterBy(page, 'all');
	const summary = page.getByRole('heading', { level: 2, name: /Planning outreach/ });
	await summary.click();
	await expect(row(page, PROMPTS.easy)).toBeHidden();
	await summary.click();
	await expect(row(page, PROMPTS.easy)).toBeVisible();
	await page.context().close();
});

test('a trainer of the course sees the flags over all its learners, and filters without JavaScript', async ({
	browser
}, testInfo) => {
	const page = await noJsPage(browser, trainer);
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.goto(`${BASE}/en/teach`);
	await page
		.getByRole('main')
		.locator('section')
		.filter({ hasText: `Insight course ${course.slug}` })
		.getByRole('link', { name: msg('insight_title'), exact: true })
		.click();
	await expect(page).toHaveURL(new RegExp(`/en/teach/courses/${course.id}/insight$`));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		msg('insight_course_heading', { course: `Insight course ${course.slug}` })
	);
	await expect(page.getByText(msg('insight_scope_course'), { exact: false })).toBeVisible();
	await expectFlags(page);
	await page.screenshot({ path: testInfo.outputPath('insight-course-1280.png'), fullPage: true });

	await filterBy(page, 'misleading');
	await expect(row(page, PROMPTS.tricky)).toBeVisible();
	await expect(row(page, PROMPTS.easy)).toHaveCount(0);
	await filterBy(page, 'not_enough');
	await expect(page.getByRole('status')).toHaveText(msg('insight_none_match'));
	await page.setViewportSize({ width: 360, height: 800 });
	await filterBy(page, 'flagged');
	await page.screenshot({ path: testInfo.outputPath('insight-course-360.png'), fullPage: true });

	// The cohort they teach shows the same, read-only.
	await page.goto(`${BASE}/en/cohorts/${cohort.id}/insight`);
	await expectFlags(page);
	await page.context().close();
});
