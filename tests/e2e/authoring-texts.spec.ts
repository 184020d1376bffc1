// Course and module texts as drafts with versions, and "Preview as learner": a trainer drafts a
// module introduction that learners do not see until it is published, restores an earlier version,
// and a stale second editor is refused; a trainer walks through a course as a learner, with the
// published version or the drafts, and nothing is recorded. Every test works on a course of its own.
import { expect, test, type Page } from '@playwright/test';
import { answerQuiz, exactPath, h1, ready, submitButton } from './learning-helpers';
import { ADMIN, goto, reload } from './helpers';
import {
	courseTextsId,
	editor,
	importTestCourse,
	lessonIdOnTeach,
	openEditor,
	openModuleTexts,
	openPreview,
	openTeach,
	previewBanner,
	previewView,
	publishTexts,
	saveDraft,
	saveTextsDraft,
	t,
	textsEditor,
	trainerSession
} from './authoring-helpers';

/** Waits for the response of a form action (POST …?/<action>) that `click` triggers. */
async function actionResponse(page: Page, action: string, click: () => Promise<void>) {
	const [response] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).search === `?/${action}`),
		click()
	]);
	return response;
}

/** Opens "About this module" of the (only) module on a learner's course page. */
async function openModuleAbout(page: Page) {
	await page.getByText(t('module_about'), { exact: true }).click();
}

test.describe('course and module texts: drafts, versions and restore', () => {
	test('a module introduction is a draft until published, then learners see it; an earlier version is restored', async ({
		browser
	}) => {
		const course = await importTestCourse(browser);
		const trainer = await trainerSession(browser);
		const visitor = await browser.newContext();
		try {
			const page = trainer.page;
			const moduleId = await openModuleTexts(page, course.title, course.module.title);
			const e = textsEditor(page);
			await expect(e.title).toHaveValue(course.module.title);
			await expect(e.objectives).toHaveValue('Know the basics');
			await expect(e.intro).toHaveValue('');

			// A draft of the introduction.
			const heading = `Before you start ${course.tag}`;
			const line = `An introduction written in the browser ${course.tag}.`;
			await e.intro.fill(`## ${heading}\n\n${line}`);
			await saveTextsDraft(page);
			await expect(e.intro).toHaveValue(`## ${heading}\n\n${line}`);
			await expect(
				page.getByRole('navigation', { name: t('editor_languages') }).getByRole('link', { name: /English/ })
			).toContainText(t('structure_draft'));

			// Learners (here an anonymous visitor of the public course page) do not see the draft.
			const learner = await visitor.newPage();
			await goto(learner, `/en/courses/${course.slug}`);
			await expect(h1(learner)).toHaveText(course.title);
			await openModuleAbout(learner);
			await expect(learner.getByText('Know the basics')).toBeVisible();
			await expect(learner.getByText(line)).toHaveCount(0);

			// Published: learners see it.
			await publishTexts(page, 2, 'Added an introduction');
			await reload(learner);
			await openModuleAbout(learner);
			await expect(learner.getByRole('heading', { level: 2, name: heading })).toBeVisible();
			await expect(learner.getByText(line)).toBeVisible();

			// The history: who and when, the changes, and a restore of version 1.
			await page.getByRole('link', { name: t('editor_history'), exact: true }).click();
			await expect(page).toHaveURL(exactPath(`/en/teach/texts/module/${moduleId}/history`));
			await expect(h1(page)).toHaveText(t('editor_history'));
			const rows = page.locator('tbody tr');
			await expect(rows).toHaveCount(2);
			await expect(rows.nth(0)).toContainText('Teodora Trainer');
			await expect(rows.nth(0)).toContainText('Added an introduction');
			await expect(rows.nth(0)).toContainText(t('history_live'));
			// Version 1 came from the admin's zip import: the importer is its author.
			await expect(rows.nth(1)).toContainText(ADMIN.name);
			await ready(page);
			await rows
				.nth(0)
				.getByRole('link', { name: t('history_changes') })
				.click();
			await expect(page).toHaveURL(/\/history\?from=\d+&to=\d+&locale=en$/);
			const diff = page.locator('pre.diff');
			await expect(diff.locator('.added').filter({ hasText: line })).toHaveCount(1);
			await expect(diff.locator('.removed')).toHaveCount(0);
			// Only the change and one paragraph before it: the title further up is counted, not shown.
			await expect(diff).not.toContainText(`# ${course.module.title}`);
			await expect(diff).toContainText(t('ed_diff_skipped', { count: 2 }));

			await ready(page);
			await rows
				.nth(1)
				.getByRole('button', { name: t('history_restore') })
				.click();
			await expect(page).toHaveURL(exactPath(`/en/teach/texts/module/${moduleId}?published=3`));
			await expect(page.getByRole('status').filter({ hasText: t('editor_published', { number: 3 }) })).toBeVisible();
			await expect(e.intro).toHaveValue('');
			await reload(learner);
			await openModuleAbout(learner);
			await expect(learner.getByText('Know the basics')).toBeVisible();
			await expect(learner.getByText(line)).toHaveCount(0);
			await goto(page, `/en/teach/texts/module/${moduleId}/history`);
			await expect(rows).toHaveCount(3);
			await expect(rows.nth(0)).toContainText(t('editor_restored_note', { number: 1 }));
		} finally {
			await visitor.close();
			await trainer.context.close();
		}
	});

	test('a stale second editor is told the texts changed meanwhile, and nothing is overwritten; a text too long is refused with the form kept', async ({
		browser
	}) => {
		const course = await importTestCourse(browser);
		const current = await trainerSession(browser);
		const stale = await trainerSession(browser);
		try {
			await openTeach(current.page);
			const courseId = await courseTextsId(current.page, course.title);
			const path = `/en/teach/texts/course/${courseId}`;
			// Both open the course texts at the same revision; the stale side has two tabs.
			await goto(current.page, path);
			await goto(stale.page, path);
			const staleTab = await stale.context.newPage();
			await goto(staleTab, path);
			await expect(h1(stale.page)).toHaveText(`${t('structure_course_texts')}: ${course.title}`);

			const currentSummary = `The current editor's summary ${course.tag}.`;
			await textsEditor(current.page).summary.fill(currentSummary);
			await saveTextsDraft(current.page);

			// The stale save: refused with the message, the typed text kept for copying.
			const staleSummary = `The stale editor's summary ${course.tag}.`;
			await textsEditor(stale.page).summary.fill(staleSummary);
			const saved = await actionResponse(stale.page, 'save', () => textsEditor(stale.page).save.click());
			expect(saved.status()).toBe(409);
			await expect(stale.page.getByRole('alert')).toHaveText(t('structure_conflict'));
			await expect(textsEditor(stale.page).summary).toHaveValue(staleSummary);

			// The other stale tab publishes: refused too.
			await ready(staleTab);
			const published = await actionResponse(staleTab, 'publish', () => textsEditor(staleTab).publish.click());
			expect(published.status()).toBe(409);
			await expect(staleTab.getByRole('alert')).toHaveText(t('structure_conflict'));

			// Nothing was overwritten: the current draft stands, nothing new was published.
			await reload(current.page);
			await expect(textsEditor(current.page).summary).toHaveValue(currentSummary);
			await goto(stale.page, path);
			await expect(textsEditor(stale.page).summary).toHaveValue(currentSummary);
			await goto(stale.page, `${path}/history`);
			await expect(stale.page.locator('tbody tr')).toHaveCount(1);

			// An introduction over 200 KB: refused, the other fields as typed.
			await goto(current.page, path);
			const e = textsEditor(current.page);
			await e.summary.fill(`Kept while refused ${course.tag}`);
			await e.intro.fill('x'.repeat(200 * 1024 + 1));
			const tooLong = await actionResponse(current.page, 'save', () => e.save.click());
			expect(tooLong.status()).toBe(413);
			await expect(current.page.getByRole('alert')).toHaveText(t('editor_too_large'));
			await expect(e.summary).toHaveValue(`Kept while refused ${course.tag}`);
			await expect(e.title).toHaveValue(course.title);
		} finally {
			await current.context.close();
			await stale.context.close();
		}
	});
});

test.describe('preview as learner', () => {
	test('a trainer walks from the course to a lesson to the quiz, published or with drafts, and nothing is recorded', async ({
		browser
	}) => {
		const course = await importTestCourse(browser);
		const trainer = await trainerSession(browser);
		try {
			const page = trainer.page;
			// A draft of the lesson's title, not published.
			await openTeach(page);
			const lessonId = await lessonIdOnTeach(page, course.title, course.lesson.title);
			await openEditor(page, lessonId);
			const drafted = `A drafted title ${course.tag}`;
			await editor(page).title.fill(drafted);
			await saveDraft(page);

			// The published course, as learners see it.
			const courseId = await openPreview(page, course.title);
			await expect(previewBanner(page)).toContainText(t('preview_banner'));
			await expect(previewBanner(page)).toContainText(t('preview_showing_published'));
			await expect(page.getByRole('link', { name: course.lesson.title, exact: true })).toBeVisible();
			await expect(page.getByRole('link', { name: drafted })).toHaveCount(0);
			await expect(
				page.getByRole('heading', { level: 2, name: `${t('module_number', { number: 1 })}: ${course.module.title}` })
			).toBeVisible();

			// With the drafts laid over it.
			await previewView(page, 'drafts');
			await expect(previewBanner(page)).toContainText(t('preview_showing_drafts'));
			await expect(page.getByRole('link', { name: drafted, exact: true })).toBeVisible();

			// Start: the lesson, with every lesson open and no "complete" button.
			await page.getByRole('link', { name: t('course_start'), exact: true }).click();
			await expect(page).toHaveURL(
				exactPath(`/en/teach/courses/${courseId}/preview/${course.module.slug}/${course.lesson.slug}?view=drafts`)
			);
			await expect(previewBanner(page)).toBeVisible();
			await expect(h1(page)).toHaveText(drafted);
			await expect(page.getByRole('article')).toContainText(course.lesson.firstLine);
			await expect(page.getByText(t('preview_lesson_not_recorded'))).toBeVisible();
			await expect(page.getByRole('button', { name: t('lesson_complete_continue') })).toHaveCount(0);
			// The same lesson, published.
			await previewView(page, 'published');
			await expect(h1(page)).toHaveText(course.lesson.title);
			await previewView(page, 'drafts');

			// Next: the quiz; a submission is graded and shown, not stored.
			const quizHeading = t('quiz_heading', { module: course.module.title });
			await page.getByRole('link', { name: t('lesson_next', { title: quizHeading }), exact: true }).click();
			await expect(page).toHaveURL(
				exactPath(`/en/teach/courses/${courseId}/preview/${course.module.slug}/quiz?view=drafts`)
			);
			await expect(h1(page)).toHaveText(quizHeading);
			await submitButton(page).click();
			await expect(page.getByRole('alert')).toHaveText(t('quiz_error_unanswered', { count: 2 }));
			await answerQuiz(page, course.quiz, 'right');
			await submitButton(page).click();
			const result = page.getByRole('status').filter({ hasText: t('quiz_result_passed', { score: 100 }) });
			await expect(result).toBeVisible();
			await expect(result).toContainText(t('preview_quiz_not_recorded'));
			await expect(page.getByText(course.quiz.questions[0].explanation)).toBeVisible();
			await page.getByRole('link', { name: t('preview_try_again'), exact: true }).click();
			await answerQuiz(page, course.quiz, 'wrong');
			await submitButton(page).click();
			await expect(page.getByRole('status')).toContainText(t('quiz_result_failed', { score: 0, mark: 70 }));
			await page.getByRole('link', { name: `← ${t('preview_previous', { title: drafted })}` }).click();
			await expect(h1(page)).toHaveText(drafted);

			// Nothing was recorded: the trainer is not even enrolled.
			await goto(page, `/en/courses/${course.slug}`);
			await expect(page.getByRole('button', { name: t('course_enrol'), exact: true })).toBeVisible();

			// The lesson editor leads to the lesson in the preview, with drafts.
			await openEditor(page, lessonId);
			await page.getByRole('link', { name: t('preview_course_link'), exact: true }).click();
			await expect(page).toHaveURL(
				exactPath(`/en/teach/courses/${courseId}/preview/${course.module.slug}/${course.lesson.slug}?view=drafts`)
			);
			await expect(h1(page)).toHaveText(drafted);
		} finally {
			await trainer.context.close();
		}
	});
});
