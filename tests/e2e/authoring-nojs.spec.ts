// The authoring area without JavaScript: every form is a plain HTML form, so a trainer can write,
// preview and publish a lesson, draft, publish and restore module texts, and walk through a course
// in the preview as learner; a learner then reads what was published.
import { expect, test } from '@playwright/test';
import { goto } from './helpers';
import { answerQuiz, exactPath, h1, signUpLearner, submitButton } from './learning-helpers';
import {
	PNG_1X1,
	createTrainerCourse,
	editor,
	importTestCourse,
	openEditor,
	openModuleTexts,
	openPreview,
	previewBanner,
	previewView,
	publishDrafts,
	publishTexts,
	publishedLessonPath,
	saveDraft,
	saveTextsDraft,
	t,
	textsEditor,
	trainerSession
} from './authoring-helpers';

test.use({ javaScriptEnabled: false });

// Contexts made with browser.newContext() get the option explicitly.
const NO_JS = { javaScriptEnabled: false } as const;

test.describe('authoring without JavaScript', () => {
	test('a trainer saves a draft, previews and publishes a lesson; a learner reads it', async ({ browser }) => {
		const trainer = await trainerSession(browser, NO_JS);
		const learnerContext = await browser.newContext(NO_JS);
		try {
			const page = trainer.page;
			const made = await createTrainerCourse(page);
			// No app script is running: SvelteKit would have mounted its route announcer.
			await expect(page.locator('#svelte-announcer')).toHaveCount(0);
			const e = editor(page);
			await expect(e.title).toHaveValue(made.lessonTitle);
			await expect(page.getByText(t('editor_draft_notice'))).toBeVisible();

			// Save a draft.
			const title = `Hello without scripts ${made.tag}`;
			const body = `## What this lesson is about\n\nThis text was written **without JavaScript** ${made.tag}.\n\n- first point\n- second point`;
			await e.title.fill(title);
			await e.body.fill(body);
			await saveDraft(page);
			await expect(e.title).toHaveValue(title);
			await expect(e.body).toHaveValue(body);

			// Preview: the rendered text, as learners will see it; the draft is still there.
			const previewText = `${body}\n\nA line only in the preview ${made.tag}.`;
			await e.body.fill(previewText);
			await e.preview.click();
			const preview = e.previewSection;
			await expect(preview).toBeVisible();
			await expect(preview.getByRole('heading', { level: 3, name: title })).toBeVisible();
			await expect(preview.getByRole('heading', { level: 2, name: 'What this lesson is about' })).toBeVisible();
			await expect(preview.locator('strong')).toHaveText('without JavaScript');
			await expect(preview.getByRole('listitem')).toHaveText(['first point', 'second point']);
			await expect(preview.getByText(`A line only in the preview ${made.tag}.`)).toBeVisible();
			await expect(preview.getByText(/Removed because/)).toHaveCount(0);
			await expect(e.body).toHaveValue(previewText);
			// Preview saves nothing.
			await openEditor(page, made.lessonId);
			await expect(e.body).toHaveValue(body);

			// An image, uploaded without scripts.
			await e.image.setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG_1X1 });
			await e.alt.fill('A dot');
			await e.upload.click();
			await expect(page.getByRole('status').filter({ hasText: t('editor_image_added') })).toBeVisible();
			await expect(e.body).toHaveValue(/!\[A dot\]\(\/uploads\/[a-f0-9]{32}\.png\)\n?$/);
			await saveDraft(page);

			// Publish.
			await publishDrafts(page, 1, 'Written without JavaScript');
			await expect(e.title).toHaveValue(title);
			const lessonPath = await publishedLessonPath(page);
			const coursePath = lessonPath.split('/').slice(0, 4).join('/');

			// A learner enrols (without JavaScript too) and reads the published lesson.
			const learner = await learnerContext.newPage();
			await signUpLearner(learner, 'en', 'nojs-reader');
			await goto(learner, coursePath);
			await expect(h1(learner)).toHaveText(made.courseTitle);
			await learner.getByRole('button', { name: t('course_enrol'), exact: true }).click();
			await expect(learner).toHaveURL(exactPath(lessonPath));
			await expect(h1(learner)).toHaveText(title);
			const article = learner.getByRole('article');
			await expect(article.getByRole('heading', { level: 2, name: 'What this lesson is about' })).toBeVisible();
			await expect(article.getByText(`without JavaScript`, { exact: true })).toBeVisible();
			await expect(article.getByRole('img', { name: 'A dot' })).toHaveAttribute(
				'src',
				/^\/uploads\/[a-f0-9]{32}\.png$/
			);
			await expect(article.getByText(`A line only in the preview ${made.tag}.`)).toHaveCount(0);
		} finally {
			await learnerContext.close();
			await trainer.context.close();
		}
	});

	test('a trainer drafts, publishes and restores a module introduction', async ({ browser }) => {
		const course = await importTestCourse(browser);
		const trainer = await trainerSession(browser, NO_JS);
		const learnerContext = await browser.newContext(NO_JS);
		try {
			const page = trainer.page;
			const moduleId = await openModuleTexts(page, course.title, course.module.title);
			await expect(page.locator('#svelte-announcer')).toHaveCount(0);
			const line = `Written without scripts ${course.tag}.`;
			await textsEditor(page).intro.fill(line);
			await saveTextsDraft(page);

			const learner = await learnerContext.newPage();
			await goto(learner, `/en/courses/${course.slug}`);
			await learner.getByText(t('module_about'), { exact: true }).click();
			await expect(learner.getByText('Know the basics')).toBeVisible();
			await expect(learner.getByText(line)).toHaveCount(0);

			await publishTexts(page, 2);
			await goto(learner, `/en/courses/${course.slug}`);
			await learner.getByText(t('module_about'), { exact: true }).click();
			await expect(learner.getByText(line)).toBeVisible();

			await goto(page, `/en/teach/texts/module/${moduleId}/history`);
			await page
				.locator('tbody tr')
				.nth(1)
				.getByRole('button', { name: t('history_restore') })
				.click();
			await expect(page).toHaveURL(exactPath(`/en/teach/texts/module/${moduleId}?published=3`));
			await expect(textsEditor(page).intro).toHaveValue('');
			await goto(learner, `/en/courses/${course.slug}`);
			await expect(learner.getByText(line)).toHaveCount(0);
		} finally {
			await learnerContext.close();
			await trainer.context.close();
		}
	});

	test('a trainer walks through the course in the preview as learner, and nothing is recorded', async ({ browser }) => {
		const course = await importTestCourse(browser);
		const trainer = await trainerSession(browser, NO_JS);
		try {
			const page = trainer.page;
			const courseId = await openPreview(page, course.title);
			await expect(page.locator('#svelte-announcer')).toHaveCount(0);
			await previewView(page, 'drafts');
			await previewView(page, 'published');

			await page.getByRole('link', { name: t('course_start'), exact: true }).click();
			await expect(page).toHaveURL(
				exactPath(`/en/teach/courses/${courseId}/preview/${course.module.slug}/${course.lesson.slug}`)
			);
			await expect(previewBanner(page)).toBeVisible();
			await expect(h1(page)).toHaveText(course.lesson.title);
			await expect(page.getByRole('article')).toContainText(course.lesson.firstLine);

			const quizHeading = t('quiz_heading', { module: course.module.title });
			await page.getByRole('link', { name: t('lesson_next', { title: quizHeading }), exact: true }).click();
			await expect(h1(page)).toHaveText(quizHeading);
			await answerQuiz(page, course.quiz, 'right');
			await submitButton(page).click();
			await expect(page).toHaveURL(exactPath(`/en/teach/courses/${courseId}/preview/${course.module.slug}/quiz`, true));
			const result = page.getByRole('status').filter({ hasText: t('quiz_result_passed', { score: 100 }) });
			await expect(result).toContainText(t('preview_quiz_not_recorded'));
			await expect(page.getByText(course.quiz.questions[1].explanation)).toBeVisible();

			// Nothing was recorded: the trainer is not enrolled in the course.
			await goto(page, `/en/courses/${course.slug}`);
			await expect(page.getByRole('button', { name: t('course_enrol'), exact: true })).toBeVisible();
		} finally {
			await trainer.context.close();
		}
	});

	test('"Publish drafts" right after typing publishes what is on screen; nothing typed is lost', async ({
		browser
	}) => {
		const trainer = await trainerSession(browser, NO_JS);
		try {
			const page = trainer.page;
			const made = await createTrainerCourse(page);
			await publishDrafts(page, 1);
			// No draft now: the trainer types and clicks "Publish drafts", not "Save draft".
			const e = editor(page);
			const body = `Typed and published at once ${made.tag}.`;
			await e.body.fill(body);
			await publishDrafts(page, 2);
			await expect(e.body).toHaveValue(body);
			// And with a draft already saved, the typed text wins over the older draft.
			await e.body.fill(`An older draft ${made.tag}.`);
			await saveDraft(page);
			const newer = `The newer typed text ${made.tag}.`;
			await e.body.fill(newer);
			await publishDrafts(page, 3);
			await expect(e.body).toHaveValue(newer);
		} finally {
			await trainer.context.close();
		}
	});
});
