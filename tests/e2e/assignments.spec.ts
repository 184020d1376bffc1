// Practical assignments, end to end without JavaScript: a learner hands in a piece of the outreach
// portfolio (refused inputs keep the text and say why), the demo trainer reviews it from the queue
// and asks for a revision, the learner sees the feedback on My learning and hands in again, the
// trainer accepts, and a further version is refused. Handed-in files are readable by the learner
// and the course's trainer only. Screenshots of the learner's page and the queue at 360 and 1280 px.
// With and without JavaScript: a trainer creates, edits and removes an assignment in the browser
// (bad input and a stale edit refused), the learner sees its status on the course page and the
// reviewer the answer's Markdown rendered, with nothing active; a locked module's hand-in is refused.
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { expect, test, type Page } from '@playwright/test';
import { TRAINER, signIn } from './helpers';
import { enrolFromList, h1, msg, open, readCourse, signUpLearner } from './learning-helpers';
import { COORDINATOR, sessionAs } from './cert-helpers';
import { PDF, assignmentPath, handIn, newestSubmissionId, readAssignments, review } from './assignment-helpers';
import { courseSection, importTestCourse, moduleBlock, trainerSession } from './authoring-helpers';

const COURSE = readCourse('outreach');
const [FIRST] = readAssignments(COURSE);
const t = (key: string, params: Record<string, string | number> = {}) => msg('en', key, params);
const TYPES = 'PDF, DOCX, ODT, PNG, JPEG';

test.use({ javaScriptEnabled: false });

async function shoot(page: Page, name: string, outputDir: string) {
	for (const width of [360, 1280]) {
		await page.setViewportSize({ width, height: 800 });
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow, `${name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
		await page.screenshot({ path: join(outputDir, 'screenshots', `${name}-${width}.png`), fullPage: true });
	}
}

test('a learner hands in, a trainer asks for a revision and then accepts; files stay private', async ({
	browser,
	page
}, testInfo) => {
	test.setTimeout(120_000);
	const learner = await signUpLearner(page, 'en', 'portfolio');
	await enrolFromList(page, COURSE);
	await open(page, `/en/courses/${COURSE.slug}`);
	await page.getByRole('link', { name: t('asg_step_link', { title: FIRST.title }) }).click();
	await expect(h1(page)).toHaveText(`${t('asg_heading')}: ${FIRST.title}`);
	for (const c of FIRST.rubric) await expect(page.getByRole('term').getByText(c.title, { exact: true })).toBeVisible();

	// Empty, then a program renamed to .pdf: refused with the reason, the text kept.
	await page.getByRole('button', { name: t('asg_submit') }).click();
	await expect(page.getByRole('alert')).toHaveText(`${t('asg_error_empty')} ${t('asg_error_kept')}`);
	await page.getByLabel(t('asg_text_label')).fill('Our mission: safe streets for children in Zvečan.');
	await page
		.getByLabel(t('asg_file_label'))
		.setInputFiles({ name: 'mission.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ this is a program') });
	await page.getByRole('button', { name: t('asg_submit') }).click();
	await expect(page.getByRole('alert')).toHaveText(
		`${t('asg_error_wrong_type', { types: TYPES })} ${t('asg_error_kept')}`
	);
	await expect(page.getByLabel(t('asg_text_label'))).toHaveValue('Our mission: safe streets for children in Zvečan.');

	await page
		.getByLabel(t('asg_file_label'))
		.setInputFiles({ name: 'mission.pdf', mimeType: 'application/pdf', buffer: PDF });
	await page.getByRole('button', { name: t('asg_submit') }).click();
	await expect(page.getByRole('status')).toHaveText(t('asg_submitted_notice', { n: 1 }));
	await expect(page.getByText(`${t('asg_status')}: ${t('asg_status_submitted')}`).first()).toBeVisible();
	await shoot(page, 'assignment-learner', testInfo.project.outputDir);

	// Through the same form, posted directly: a DOCX that declares a gigabyte inside, and a file over
	// 10 MB. Each is refused with its reason; version 1 stays the only one.
	const bomb = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') });
	const view = new DataView(bomb.buffer, bomb.byteOffset, bomb.byteLength);
	for (let i = 0; i + 46 < bomb.length; i++)
		if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 2 ** 30, true);
	const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
	const bombed = await handIn(page, COURSE.slug, FIRST.moduleSlug, {
		file: { name: 'plan.docx', mimeType: docx, buffer: Buffer.from(bomb) }
	});
	expect(bombed.status()).toBe(400);
	expect(await bombed.text()).toContain(t('asg_error_zip_bomb'));
	const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]);
	const tooBig = await handIn(page, COURSE.slug, FIRST.moduleSlug, {
		file: { name: 'scan.pdf', mimeType: 'application/pdf', buffer: big }
	});
	expect(tooBig.status()).toBe(413);
	expect(await tooBig.text()).toContain(t('asg_error_too_large', { size: 10 }));
	const id = await newestSubmissionId(page, COURSE.slug, FIRST.moduleSlug);

	// Files: the learner and the course's trainer may read it; another learner and a coordinator of no
	// cohort of this learner get a 404, like a file that does not exist.
	const file = `/en/submissions/${id}/file`;
	const own = await page.request.get(file);
	expect(own.status()).toBe(200);
	expect(own.headers()['content-type']).toBe('application/pdf');
	const other = await browser.newContext({ javaScriptEnabled: false });
	const otherPage = await other.newPage();
	await signUpLearner(otherPage, 'en', 'curious');
	expect((await otherPage.request.get(file)).status()).toBe(404);
	expect((await otherPage.request.get(`/en/submissions/${id + 100000}/file`)).status()).toBe(404);
	await other.close();
	const coordinator = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password);
	expect((await coordinator.page.request.get(file)).status()).toBe(404);
	await coordinator.context.close();

	// The trainer: the queue, oldest first, then the review form.
	const trainerContext = await browser.newContext({ javaScriptEnabled: false });
	const trainer = await trainerContext.newPage();
	await signIn(trainer, TRAINER.email, TRAINER.password);
	expect((await trainer.request.get(file)).status()).toBe(200);
	await open(trainer, '/en/teach');
	// Each course's card on /teach has its queue link under the course's heading.
	const queues = await trainer
		.getByRole('link', { name: t('asg_queue_link') })
		.evaluateAll((links) =>
			links.map((a) => [a.closest('section')?.querySelector('h2')?.textContent?.trim(), a.getAttribute('href')])
		);
	const queue = queues.find(([title]) => title === COURSE.title())?.[1];
	expect(queue, queues.join(' | ')).toBeTruthy();
	await open(trainer, queue!);
	await expect(h1(trainer)).toHaveText(t('asg_queue_title'));
	const item = trainer.getByRole('listitem').filter({ hasText: learner.name });
	await expect(item).toContainText(FIRST.title);
	await shoot(trainer, 'assignment-queue', testInfo.project.outputDir);
	await item.getByRole('link', { name: t('asg_review_open', { n: 1 }) }).click();
	await expect(h1(trainer)).toHaveText(t('asg_review_title', { title: FIRST.title }));

	// A level outside the rubric (a crafted form) is refused with the criterion's name.
	const outOfRange = await review(trainer, id, FIRST, 'accept', '', 9);
	expect(outOfRange.status()).toBe(400);
	expect(await outOfRange.text()).toContain(t('asg_error_score_out_of_range', { criterion: FIRST.rubric[0].title }));
	// A revision without feedback is refused; with it, saved.
	for (const c of FIRST.rubric) await trainer.getByRole('group', { name: c.title }).getByRole('radio').nth(1).check();
	await trainer.getByRole('button', { name: t('asg_review_revise') }).click();
	await expect(trainer.getByRole('alert')).toHaveText(t('asg_error_feedback_required'));
	await trainer.getByLabel(t('asg_review_feedback')).fill('Add the school director and the local radio to the map.');
	await trainer.getByRole('button', { name: t('asg_review_revise') }).click();
	await expect(trainer.getByRole('status')).toHaveText(t('asg_review_saved_revision'));

	// The learner sees the status and the feedback on My learning, and hands in a new version.
	await open(page, '/en/learning');
	await expect(page.getByRole('listitem').filter({ hasText: FIRST.title })).toContainText(
		t('asg_status_needs_revision')
	);
	await expect(page.getByText('Add the school director and the local radio to the map.')).toBeVisible();
	expect(
		(
			await handIn(page, COURSE.slug, FIRST.moduleSlug, {
				text: 'Now with the radio.',
				file: { name: 'map.pdf', mimeType: 'application/pdf', buffer: PDF }
			})
		).status()
	).toBe(303);
	const second = await newestSubmissionId(page, COURSE.slug, FIRST.moduleSlug);
	expect((await review(trainer, second, FIRST, 'accept', 'Good map.')).status()).toBe(303);

	// After acceptance a further version is refused, and both versions are kept.
	const late = await handIn(page, COURSE.slug, FIRST.moduleSlug, { text: 'one more' });
	expect(late.status()).toBe(409);
	await open(page, assignmentPath(COURSE.slug, FIRST.moduleSlug));
	await expect(page.getByText(t('asg_accepted_done'))).toBeVisible();
	await expect(page.getByRole('heading', { level: 3, name: /^Version \d/ })).toHaveCount(2);
	await open(page, '/en/learning');
	await expect(page.getByRole('listitem').filter({ hasText: FIRST.title })).toContainText(t('asg_status_accepted'));
	await trainerContext.close();
});

const HOSTILE =
	'Our **partners**: the radio.\n\n<script>window.__owned = 1</script>\n\n[click](javascript:window.__owned=2) <img src=x onerror="window.__owned=3">';

for (const javaScriptEnabled of [false, true]) {
	test.describe(`JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled });

		test('a trainer creates, edits and removes an assignment; the learner hands in, the reviewer sees it rendered', async ({
			browser,
			page
		}, testInfo) => {
			test.setTimeout(120_000);
			const course = await importTestCourse(browser);
			const { context, page: trainer } = await trainerSession(browser, { javaScriptEnabled });
			await open(trainer, '/en/teach');
			await moduleBlock(trainer, course.title, course.module.title)
				.getByRole('link', { name: t('asged_link') })
				.click();
			await expect(h1(trainer)).toHaveText(t('asged_heading', { module: course.module.title }));
			const editorUrl = trainer.url();

			// Points out of range: refused with the criterion named, everything typed kept.
			const title = `Partner list ${course.tag}`;
			await trainer.getByLabel(t('editor_field_title')).fill(title);
			await trainer.getByLabel(t('asged_instructions')).fill('List **five** partners.');
			const first = trainer.getByRole('group', { name: t('asged_criterion', { n: 1 }) });
			await first.getByLabel(t('asged_criterion_title')).fill('Partners named');
			await first.getByLabel(t('asged_level_label_n', { n: 1, criterion: 1 }), { exact: true }).fill('None');
			await first.getByLabel(t('asged_level_points_n', { n: 1, criterion: 1 }), { exact: true }).fill('0');
			await first.getByLabel(t('asged_level_label_n', { n: 2, criterion: 1 }), { exact: true }).fill('Five');
			await first.getByLabel(t('asged_level_points_n', { n: 2, criterion: 1 }), { exact: true }).fill('101');
			await trainer.getByRole('button', { name: t('asged_create') }).click();
			await expect(trainer.getByRole('alert')).toHaveText(t('asged_error_points', { n: 1, max: 100 }));
			await expect(trainer.getByLabel(t('editor_field_title'))).toHaveValue(title);
			await expect(first.getByLabel(t('asged_level_label_n', { n: 2, criterion: 1 }), { exact: true })).toHaveValue(
				'Five'
			);
			await first.getByLabel(t('asged_level_points_n', { n: 2, criterion: 1 }), { exact: true }).fill('2');
			await trainer.getByRole('button', { name: t('asged_create') }).click();
			await expect(trainer.getByRole('status')).toHaveText(t('asged_saved'));
			if (!javaScriptEnabled) await shoot(trainer, 'assignment-editor', testInfo.project.outputDir);

			// Two tabs: the one that saves second is told the assignment changed meanwhile; its text is kept.
			const other = await context.newPage();
			await open(other, editorUrl);
			await trainer.getByLabel(t('editor_field_title')).fill(`${title} (first tab)`);
			await trainer.getByRole('button', { name: t('asged_save') }).click();
			await expect(trainer.getByRole('status')).toHaveText(t('asged_saved'));
			await other.getByLabel(t('editor_field_title')).fill(`${title} (second tab)`);
			await other.getByRole('button', { name: t('asged_save') }).click();
			await expect(other.getByRole('alert')).toHaveText(t('asged_error_conflict'));
			await expect(other.getByLabel(t('editor_field_title'))).toHaveValue(`${title} (second tab)`);
			await other.close();
			const saved = `${title} (first tab)`;

			// The learner: the status on the course page, a hand-in with hostile Markdown.
			await signUpLearner(page, 'en', 'asged');
			await open(page, `/en/courses/${course.slug}`);
			await page.getByRole('button', { name: t('course_enrol'), exact: true }).click();
			await open(page, `/en/courses/${course.slug}`);
			// The innermost list item: the module's item holds it too.
			const step = page
				.getByRole('listitem')
				.filter({ has: page.getByRole('link', { name: t('asg_step_link', { title: saved }) }) })
				.last();
			await expect(step).toContainText(t('asg_status_none'));
			await step.getByRole('link', { name: t('asg_step_link', { title: saved }) }).click();
			await expect(h1(page)).toHaveText(`${t('asg_heading')}: ${saved}`);
			await page.getByLabel(t('asg_text_label')).fill(HOSTILE);
			await page.getByRole('button', { name: t('asg_submit') }).click();
			await expect(page.getByRole('status')).toHaveText(t('asg_submitted_notice', { n: 1 }));
			await expect(page.locator('.versions strong').filter({ hasText: 'partners' })).toBeVisible();
			await open(page, `/en/courses/${course.slug}`);
			await expect(step).toContainText(t('asg_status_submitted'));

			// The reviewer sees the answer rendered, and nothing of it runs.
			await open(trainer, '/en/teach');
			await courseSection(trainer, course.title)
				.getByRole('link', { name: t('asg_queue_link') })
				.click();
			await trainer.getByRole('link', { name: t('asg_review_open', { n: 1 }) }).click();
			const answer = trainer.getByRole('region', { name: t('asg_review_answer') });
			await expect(answer.locator('strong')).toHaveText('partners');
			await expect(answer.locator('script, img[onerror], a[href^="javascript"]')).toHaveCount(0);
			if (javaScriptEnabled)
				expect(await trainer.evaluate(() => (window as { __owned?: number }).__owned)).toBeUndefined();

			// Removed with a hand-in: archived, gone from the learner's course page.
			await open(trainer, editorUrl);
			await trainer.getByRole('button', { name: t('asged_remove') }).click();
			await expect(trainer.getByRole('status')).toHaveText(t('asged_removed_archived'));
			await open(page, `/en/courses/${course.slug}`);
			await expect(page.getByText(t('asg_step_link', { title: saved }))).toHaveCount(0);
			await context.close();
		});

		test('a locked module’s assignment shows its instructions and refuses a hand-in', async ({ page }) => {
			await signUpLearner(page, 'en', 'locked');
			await enrolFromList(page, COURSE);
			const index = COURSE.modules.findIndex((mod) => mod.slug === 'planning-outreach');
			const locked = readAssignments(COURSE).find((a) => a.moduleSlug === 'planning-outreach')!;
			await open(page, assignmentPath(COURSE.slug, locked.moduleSlug));
			await expect(h1(page)).toHaveText(`${t('asg_heading')}: ${locked.title}`);
			await expect(page.getByText(t('asged_locked', { module: COURSE.modules[index - 1].title() }))).toBeVisible();
			await expect(page.getByRole('button', { name: t('asg_submit') })).toHaveCount(0);
			await expect(page.getByRole('heading', { name: t('asg_rubric') })).toBeVisible();
			const forged = await handIn(page, COURSE.slug, locked.moduleSlug, {
				text: 'Handed in early.',
				file: { name: 'early.pdf', mimeType: 'application/pdf', buffer: PDF }
			});
			expect(forged.status()).toBe(403);
			expect(await forged.text()).toContain(t('asged_locked_refused'));
			await open(page, assignmentPath(COURSE.slug, locked.moduleSlug));
			await expect(page.getByText(`${t('asg_status')}: ${t('asg_status_none')}`)).toBeVisible();
			await expect(page.getByRole('heading', { name: t('asg_versions') })).toHaveCount(0);
		});
	});
}
