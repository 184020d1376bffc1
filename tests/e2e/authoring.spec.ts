// The authoring area: trainers write lessons (drafts, preview, images, publication, history) and
// quizzes (the builder), and import and export courses; learners see only what is published, and
// their past quiz attempts keep the questions they answered. Every test works on a course of its own
// (see authoring-helpers.ts), never on the courses in content/ that other spec files read.
import { expect, test, type Page } from '@playwright/test';
import { unzipSync, strFromU8, strToU8, zipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import {
	readCourse,
	answerQuiz,
	expectResult,
	exactPath,
	h1,
	msg,
	postForm,
	ready,
	signUpLearner,
	submitButton,
	type QuizContent
} from './learning-helpers';
import { ADMIN, goto, reload } from './helpers';
import {
	PNG_1X1,
	addLesson,
	addModule,
	builderButtons,
	builderQuestion,
	courseSection,
	createTrainerCourse,
	editor,
	idInHref,
	importTestCourse,
	lessonIdOnTeach,
	moduleBlock,
	newTrainer,
	openEditor,
	openPreview,
	openQuizBuilder,
	openTeach,
	publishDrafts,
	publishQuiz,
	publishedLessonPath,
	saveDraft,
	saveQuizDraft,
	signedInContext,
	submitImport,
	t,
	testCourse,
	tPattern,
	trainerSession,
	zipFiles
} from './authoring-helpers';

/** Waits for the response of a form action (POST …?/<action>) that `click` triggers. */
async function actionResponse(page: Page, action: string, click: () => Promise<void>) {
	const [response] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).search === `?/${action}`),
		click()
	]);
	return response;
}

test.describe('authoring: lessons, images and quizzes', () => {
	test('a trainer adds a lesson with an image and edits the quiz; a learner sees both; old attempts keep the old question', async ({
		browser
	}) => {
		test.slow();
		const course = await importTestCourse(browser);
		const { tag } = course;
		const trainer = await trainerSession(browser);
		const learner = await browser.newContext().then(async (context) => ({ context, page: await context.newPage() }));
		try {
			const page = trainer.page;

			// A new module with a new lesson.
			const moduleTitle = `Pictures ${tag}`;
			const lessonTitle = `Reading a photo ${tag}`;
			await openTeach(page);
			await addModule(page, course.title, moduleTitle);
			await expect(moduleBlock(page, course.title, moduleTitle)).toContainText(
				`${t('module_number', { number: 2 })}: ${moduleTitle}`
			);
			await addLesson(page, course.title, moduleTitle, lessonTitle);
			const e = editor(page);
			await expect(e.title).toHaveValue(lessonTitle);
			await expect(page.getByText(t('editor_draft_notice'))).toBeVisible();

			// The text, then an image uploaded into it.
			const text = `## Looking closely\n\nEvery photo tells a story ${tag}.`;
			await e.body.fill(text);
			await e.image.setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG_1X1 });
			await e.alt.fill('A single dot');
			await e.upload.click();
			await expect(page.getByRole('status').filter({ hasText: t('editor_image_added') })).toBeVisible();
			const body = await e.body.inputValue();
			const image = /!\[A single dot\]\((\/uploads\/[a-f0-9]{32}\.png)\)/.exec(body);
			expect(image, `the text should end with the image: ${body}`).not.toBeNull();
			const imageUrl = image![1];
			expect(body.startsWith(text)).toBe(true);
			await expect(e.title).toHaveValue(lessonTitle);

			// The upload is served as a PNG, cached for a long time.
			const served = await page.request.get(imageUrl);
			expect(served.status()).toBe(200);
			expect(served.headers()['content-type']).toBe('image/png');
			const maxAge = Number(/max-age=(\d+)/.exec(served.headers()['cache-control'] ?? '')?.[1] ?? 0);
			expect(maxAge).toBeGreaterThanOrEqual(30 * 24 * 3600);
			expect(Buffer.from(await served.body()).equals(PNG_1X1)).toBe(true);

			// Preview, save and publish.
			await ready(page);
			await e.preview.click();
			await expect(e.previewSection.getByRole('heading', { level: 2, name: 'Looking closely' })).toBeVisible();
			await expect(e.previewSection.getByRole('img', { name: 'A single dot' })).toHaveAttribute('src', imageUrl);
			await expect(e.body).toHaveValue(body);
			await ready(page);
			await saveDraft(page);
			await expect(e.body).toHaveValue(body);
			await publishDrafts(page, 1, 'First version with a photo');
			await expect(e.body).toHaveValue(body);
			const newLessonPath = await publishedLessonPath(page);

			// The quiz of the first module gets a third question (a short answer).
			const quizId = await openQuizBuilder(page, course.title, course.module.title);
			await builderQuestion(page, 1).open();
			await builderQuestion(page, 2).open();
			await expect(builderQuestion(page, 1).prompt).toHaveValue(course.quiz.questions[0].prompt);
			await expect(builderQuestion(page, 2).prompt).toHaveValue(course.quiz.questions[1].prompt);
			await builderButtons(page).add.click();
			const third = builderQuestion(page, 3);
			await expect(third.group).toBeVisible();
			await ready(page);
			const added = {
				id: 'good-habits',
				type: 'multiple' as const,
				prompt: `Which of these help you learn (${tag})?`,
				options: ['Short daily sessions', 'Skipping the quizzes', 'Taking notes', 'Never rereading'],
				items: [],
				correct: [1, 3],
				accepted: [],
				explanation: 'Short sessions and notes help; skipping and never rereading do not.'
			};
			await third.id.fill(added.id);
			await third.type.selectOption({ label: t('qtype_multiple') });
			await third.prompt.fill(added.prompt);
			await third.fillOptions(added.options);
			await third.rightMany(1).check();
			await third.rightMany(3).check();
			await third.explanation.fill(added.explanation);
			await saveQuizDraft(page);
			await builderQuestion(page, 3).open();
			await expect(builderQuestion(page, 3).prompt).toHaveValue(added.prompt);
			await publishQuiz(page);
			await builderQuestion(page, 3).open();
			for (const [k, option] of added.options.entries())
				await expect(builderQuestion(page, 3).option(k + 1)).toHaveValue(option);
			await expect(builderQuestion(page, 3).rightMany(1)).toBeChecked();
			await expect(builderQuestion(page, 3).rightMany(2)).not.toBeChecked();
			await expect(builderQuestion(page, 3).rightMany(3)).toBeChecked();
			const quizV2: QuizContent = { passMark: 70, questions: [...course.quiz.questions, added] };

			// A new learner enrols and sees the new module and lesson in the course.
			const lp = learner.page;
			await signUpLearner(lp, 'en', 'authoring');
			await goto(lp, `/en/courses/${course.slug}`);
			await expect(h1(lp)).toHaveText(course.title);
			await expect(
				lp.getByRole('heading', { level: 2, name: `${t('module_number', { number: 2 })}: ${moduleTitle}` })
			).toBeVisible();
			await expect(lp.getByText(lessonTitle)).toBeVisible();
			await lp.getByRole('button', { name: t('course_enrol'), exact: true }).click();
			await expect(lp).toHaveURL(exactPath(`/en/courses/${course.slug}/${course.module.slug}/${course.lesson.slug}`));
			await expect(h1(lp)).toHaveText(course.lesson.title);
			await ready(lp);
			await lp.getByRole('button', { name: t('lesson_complete_continue') }).click();
			const quizUrl = `/en/courses/${course.slug}/${course.module.slug}/quiz`;
			await expect(lp).toHaveURL(exactPath(quizUrl));
			await expect(lp.getByRole('group')).toHaveCount(3);

			// First attempt, all wrong, on the quiz as published now.
			await answerQuiz(lp, quizV2, 'wrong');
			await submitButton(lp).click();
			await expectResult(lp, quizV2, 'wrong', course.module.title);
			const attemptUrl = new URL(lp.url()).pathname;
			await expect(lp.getByText(course.quiz.questions[0].prompt, { exact: true })).toBeVisible();

			// The trainer rewrites the first question and republishes.
			const revisedPrompt = `What colour does a cloudless sky have (${tag}, revised)?`;
			await page.goto(`/en/teach/quizzes/${quizId}`);
			await ready(page);
			await builderQuestion(page, 1).open();
			await builderQuestion(page, 1).prompt.fill(revisedPrompt);
			await saveQuizDraft(page);
			await publishQuiz(page);
			await builderQuestion(page, 1).open();
			await expect(builderQuestion(page, 1).prompt).toHaveValue(revisedPrompt);
			const quizV3: QuizContent = {
				...quizV2,
				questions: [{ ...quizV2.questions[0], prompt: revisedPrompt }, ...quizV2.questions.slice(1)]
			};

			// The earlier attempt still shows the question as the learner answered it.
			await reload(lp);
			await expect(h1(lp)).toHaveText(`${t('quiz_result_title')}: ${course.module.title}`);
			await expect(lp.getByText(course.quiz.questions[0].prompt, { exact: true })).toBeVisible();
			await expect(lp.getByText(revisedPrompt)).toHaveCount(0);

			// The quiz itself now asks the new question; the learner passes it.
			await lp.getByRole('link', { name: t('quiz_retake') }).click();
			await expect(lp).toHaveURL(exactPath(quizUrl));
			await expect(lp.getByRole('group', { name: revisedPrompt })).toBeVisible();
			await expect(lp.getByText(course.quiz.questions[0].prompt)).toHaveCount(0);
			await answerQuiz(lp, quizV3, 'right');
			await submitButton(lp).click();
			await expectResult(lp, quizV3, 'right', course.module.title);
			expect(new URL(lp.url()).pathname).not.toBe(attemptUrl);

			// And goes on to the new lesson, image included.
			await lp.getByRole('link', { name: t('continue_to', { title: lessonTitle }) }).click();
			await expect(lp).toHaveURL(exactPath(newLessonPath));
			await expect(h1(lp)).toHaveText(lessonTitle);
			await expect(lp.getByText(`Every photo tells a story ${tag}.`)).toBeVisible();
			const img = lp.getByRole('article').getByRole('img', { name: 'A single dot' });
			await expect(img).toHaveAttribute('src', imageUrl);
			await img.scrollIntoViewIfNeeded();
			await expect
				.poll(() => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth))
				.toBe(1);

			// The old attempt page, opened again, still has the old question.
			await goto(lp, attemptUrl);
			await expect(lp.getByText(course.quiz.questions[0].prompt, { exact: true })).toBeVisible();
		} finally {
			await learner.context.close();
			await trainer.context.close();
		}
	});

	test('a short-answer question added to a published quiz can be published and answered', async ({ browser }) => {
		const course = await importTestCourse(browser);
		const trainer = await trainerSession(browser);
		const learner = await browser.newContext().then(async (context) => ({ context, page: await context.newPage() }));
		try {
			const page = trainer.page;
			await openQuizBuilder(page, course.title, course.module.title);
			await builderButtons(page).add.click();
			const third = builderQuestion(page, 3);
			await expect(third.group).toBeVisible();
			await ready(page);
			const shortAnswer = {
				id: 'capital',
				type: 'short_text' as const,
				prompt: `Which city is the capital of Kosovo (${course.tag})?`,
				options: [],
				items: [],
				correct: null,
				accepted: ['Prishtina', 'Pristina'],
				explanation: 'Prishtina is the capital.'
			};
			await third.id.fill(shortAnswer.id);
			await third.type.selectOption({ label: t('qtype_short_text') });
			await third.prompt.fill(shortAnswer.prompt);
			await third.accepted.fill(shortAnswer.accepted.join('\n'));
			await third.explanation.fill(shortAnswer.explanation);
			await saveQuizDraft(page);
			const published = await actionResponse(page, 'publish', () => builderButtons(page).publish.click());
			expect(published.status(), 'publishing the quiz with a new short-answer question').toBe(303);
			await expect(page.getByRole('status').filter({ hasText: t('builder_published') })).toBeVisible();
			await builderQuestion(page, 3).open();
			await expect(builderQuestion(page, 3).accepted).toHaveValue('Prishtina\nPristina');

			// A learner gets the new question, and an accepted answer counts as right.
			const quiz: QuizContent = { passMark: 70, questions: [...course.quiz.questions, shortAnswer] };
			const lp = learner.page;
			await signUpLearner(lp, 'en', 'shortanswer');
			await goto(lp, `/en/courses/${course.slug}`);
			await lp.getByRole('button', { name: t('course_enrol'), exact: true }).click();
			await expect(h1(lp)).toHaveText(course.lesson.title);
			await ready(lp);
			await lp.getByRole('button', { name: t('lesson_complete_continue') }).click();
			await expect(lp.getByRole('group', { name: shortAnswer.prompt })).toBeVisible();
			await answerQuiz(lp, quiz, 'right');
			await submitButton(lp).click();
			await expectResult(lp, quiz, 'right', course.module.title);
		} finally {
			await learner.context.close();
			await trainer.context.close();
		}
	});

	test('an edit to an English-only quiz reaches learners who use another language', async ({ browser }) => {
		const course = await importTestCourse(browser);
		const trainer = await trainerSession(browser);
		const learner = await browser.newContext().then(async (context) => ({ context, page: await context.newPage() }));
		try {
			// The quiz has no translation; the trainer rewrites its first question.
			const page = trainer.page;
			await openQuizBuilder(page, course.title, course.module.title);
			const revisedPrompt = `What colour does a cloudless sky have (${course.tag}, revised)?`;
			await builderQuestion(page, 1).open();
			await builderQuestion(page, 1).prompt.fill(revisedPrompt);
			await saveQuizDraft(page);
			await publishQuiz(page);

			// An Albanian-speaking learner gets the English quiz as a fallback: the edited one.
			const lp = learner.page;
			await signUpLearner(lp, 'sq', 'fallback');
			await goto(lp, `/sq/courses/${course.slug}`);
			await lp.getByRole('button', { name: msg('sq', 'course_enrol'), exact: true }).click();
			await expect(h1(lp)).toHaveText(course.lesson.title);
			await ready(lp);
			await lp.getByRole('button', { name: msg('sq', 'lesson_complete_continue') }).click();
			await expect(lp).toHaveURL(exactPath(`/sq/courses/${course.slug}/${course.module.slug}/quiz`));
			await expect(lp.getByRole('group')).toHaveCount(2);
			// (Soft, so that a failure reports each language.)
			await expect
				.soft(lp.getByRole('group', { name: revisedPrompt }), 'the sq quiz should show the edited English question')
				.toBeVisible();
			await expect
				.soft(lp.getByText(course.quiz.questions[0].prompt), 'the sq quiz should not show the old question')
				.toHaveCount(0);
			await expect
				.soft(lp.getByText(msg('sq', 'content_fallback_notice')), 'the sq quiz should say it is shown in English')
				.toBeVisible();

			// The same in Serbian (Cyrillic): the English text, not a transliteration of it.
			await goto(lp, `/sr-Cyrl/courses/${course.slug}/${course.module.slug}/quiz`);
			await expect(lp.getByRole('group')).toHaveCount(2);
			await expect
				.soft(
					lp.getByRole('group', { name: revisedPrompt }),
					'the sr-Cyrl quiz should show the edited English question'
				)
				.toBeVisible();
			await expect
				.soft(
					lp.getByText(msg('sr-Cyrl', 'content_fallback_notice')),
					'the sr-Cyrl quiz should say it is shown in English'
				)
				.toBeVisible();
		} finally {
			await learner.context.close();
			await trainer.context.close();
		}
	});

	test('a stale editor gets the conflict message and overwrites nothing (lesson and quiz)', async ({ browser }) => {
		const course = await importTestCourse(browser);
		const current = await trainerSession(browser);
		const stale = await trainerSession(browser);
		try {
			await openTeach(current.page);
			const lessonId = await lessonIdOnTeach(current.page, course.title, course.lesson.title);

			// Both open the editor on the same revision; the stale side has two tabs.
			await openEditor(current.page, lessonId);
			await openEditor(stale.page, lessonId);
			const staleTab = await stale.context.newPage();
			await openEditor(staleTab, lessonId);
			await expect(editor(stale.page).body).toHaveValue(course.lesson.body);

			const currentText = `The current editor's text ${course.tag}.`;
			await editor(current.page).body.fill(currentText);
			await saveDraft(current.page);

			// The stale editor saves: refused, with its text kept for copying.
			const staleText = `The stale editor's text ${course.tag}.`;
			await editor(stale.page).body.fill(staleText);
			const saved = await actionResponse(stale.page, 'save', () => editor(stale.page).save.click());
			expect(saved.status()).toBe(409);
			await expect(stale.page.getByRole('alert').filter({ hasText: t('editor_conflict') })).toBeVisible();
			await expect(stale.page.getByRole('alert')).toContainText('This lesson was changed by someone else');
			await expect(editor(stale.page).body).toHaveValue(staleText);

			// The other stale tab publishes: refused too.
			await ready(staleTab);
			const published = await actionResponse(staleTab, 'publish', () => editor(staleTab).publish.click());
			expect(published.status()).toBe(409);
			await expect(staleTab.getByRole('alert').filter({ hasText: t('editor_conflict') })).toBeVisible();

			// Nothing was overwritten: the current draft stands, and nothing new was published.
			await reload(current.page);
			await expect(editor(current.page).body).toHaveValue(currentText);
			await openEditor(stale.page, lessonId);
			await expect(editor(stale.page).body).toHaveValue(currentText);
			await expect(stale.page.getByText(t('editor_draft_notice'))).toBeVisible();
			await goto(stale.page, `/en/teach/lessons/${lessonId}/history`);
			await expect(stale.page.locator('tbody tr')).toHaveCount(1);

			// The same in the quiz builder.
			const quizId = await openQuizBuilder(current.page, course.title, course.module.title);
			await goto(stale.page, `/en/teach/quizzes/${quizId}`);
			const currentPrompt = `Current prompt ${course.tag}?`;
			await builderQuestion(current.page, 1).open();
			await builderQuestion(current.page, 1).prompt.fill(currentPrompt);
			await saveQuizDraft(current.page);
			const stalePrompt = `Stale prompt ${course.tag}?`;
			await builderQuestion(stale.page, 1).open();
			await builderQuestion(stale.page, 1).prompt.fill(stalePrompt);
			const quizSaved = await actionResponse(stale.page, 'save', () => builderButtons(stale.page).save.click());
			expect(quizSaved.status()).toBe(409);
			await expect(stale.page.getByRole('alert').filter({ hasText: t('editor_conflict') })).toBeVisible();
			await builderQuestion(stale.page, 1).open();
			await expect(builderQuestion(stale.page, 1).prompt).toHaveValue(stalePrompt);
			await goto(stale.page, `/en/teach/quizzes/${quizId}`);
			await builderQuestion(stale.page, 1).open();
			await expect(builderQuestion(stale.page, 1).prompt).toHaveValue(currentPrompt);
		} finally {
			await current.context.close();
			await stale.context.close();
		}
	});

	test('history lists the versions, shows the changes and restores an earlier version', async ({ browser }) => {
		const course = await importTestCourse(browser);
		const trainer = await trainerSession(browser);
		try {
			const page = trainer.page;
			await openTeach(page);
			const lessonId = await lessonIdOnTeach(page, course.title, course.lesson.title);
			await openEditor(page, lessonId);
			await expect(editor(page).body).toHaveValue(course.lesson.body);
			const changedLine = `A rewritten first sentence ${course.tag}.`;
			await editor(page).body.fill(course.lesson.body.replace(course.lesson.firstLine, changedLine));
			await saveDraft(page);
			await publishDrafts(page, 2, 'Rewrote the first sentence');

			await page.getByRole('link', { name: t('editor_history'), exact: true }).click();
			await expect(page).toHaveURL(exactPath(`/en/teach/lessons/${lessonId}/history`));
			await expect(h1(page)).toHaveText(t('editor_history'));
			const rows = page.locator('tbody tr');
			await expect(rows).toHaveCount(2);
			await expect(rows.nth(0)).toContainText('2');
			await expect(rows.nth(0)).toContainText(t('history_live'));
			await expect(rows.nth(0)).toContainText('Teodora Trainer');
			await expect(rows.nth(0)).toContainText('Rewrote the first sentence');
			// Version 1 came from the admin's zip import: the importer is its author.
			await expect(rows.nth(1)).toContainText(ADMIN.name);
			await expect(rows.nth(1)).not.toContainText(t('history_live'));
			await expect(rows.nth(0).getByRole('button', { name: t('history_restore') })).toHaveCount(0);

			// "Changes" of version 2: the old line out, the new line in, the rest untouched.
			await ready(page);
			await rows
				.nth(0)
				.getByRole('link', { name: t('history_changes') })
				.click();
			await expect(page).toHaveURL(/\/history\?from=\d+&to=\d+&locale=en$/);
			await expect(page.getByRole('heading', { level: 2, name: t('history_changes') })).toBeVisible();
			const diff = page.locator('pre.diff');
			await expect(diff.locator('.removed').filter({ hasText: course.lesson.firstLine })).toHaveCount(1);
			await expect(diff.locator('.added').filter({ hasText: changedLine })).toHaveCount(1);
			await expect(diff.locator('.added, .removed').filter({ hasText: 'A second paragraph' })).toHaveCount(0);
			await expect(diff).toContainText('A second paragraph that stays the same.');

			// Restore version 1: a new version 3 with the old text.
			await ready(page);
			await page
				.locator('tbody tr')
				.nth(1)
				.getByRole('button', { name: t('history_restore') })
				.click();
			await expect(page).toHaveURL(new RegExp(`/en/teach/lessons/${lessonId}\\?published=3$`));
			await expect(page.getByRole('status').filter({ hasText: t('editor_published', { number: 3 }) })).toBeVisible();
			await expect(editor(page).body).toHaveValue(course.lesson.body);
			await goto(page, `/en/teach/lessons/${lessonId}/history`);
			await expect(rows).toHaveCount(3);
			await expect(rows.nth(0)).toContainText(t('history_live'));
			await expect(rows.nth(0)).toContainText(t('editor_restored_note', { number: 1 }));
			await expect(rows.nth(1)).not.toContainText(t('history_live'));
		} finally {
			await trainer.context.close();
		}
	});

	test('a trainer downloads the course as a zip and imports it back', async ({ browser }, testInfo) => {
		const course = await importTestCourse(browser);
		const trainer = await trainerSession(browser);
		try {
			const page = trainer.page;
			await openTeach(page);
			const section = courseSection(page, course.title);
			const download = async () => {
				const [file] = await Promise.all([
					page.waitForEvent('download'),
					section.getByRole('link', { name: t('export_course') }).click()
				]);
				expect(file.suggestedFilename()).toBe(`${course.slug}.zip`);
				const path = testInfo.outputPath(`${course.slug}-${Date.now()}.zip`);
				await file.saveAs(path);
				return readFileSync(path);
			};
			const zip = await download();
			const files = unzipSync(new Uint8Array(zip));
			expect(Object.keys(files).sort()).toEqual([
				`${course.slug}/01-basics/01-welcome.md`,
				`${course.slug}/01-basics/module.md`,
				`${course.slug}/01-basics/quiz.yaml`,
				`${course.slug}/course.md`
			]);
			expect(strFromU8(files[`${course.slug}/01-basics/01-welcome.md`])).toContain(course.lesson.firstLine);
			expect(strFromU8(files[`${course.slug}/01-basics/quiz.yaml`])).toContain(course.quiz.questions[0].prompt);

			// Back in through "Check and import".
			await ready(page);
			await submitImport(page, `${course.slug}.zip`, zip);
			await expect(page.getByRole('status').filter({ hasText: t('import_done', { slug: course.slug }) })).toBeVisible();
			await expect(courseSection(page, course.title)).toBeVisible();
			// Exporting again gives the same bytes.
			expect((await download()).equals(zip)).toBe(true);

			// A broken archive of the same course is refused whole.
			await ready(page);
			await submitImport(
				page,
				'broken.zip',
				zipFiles({
					[`${course.slug}/course.md`]: '---\ntitle: Broken\nsummary: No modules here\n---\n',
					[`${course.slug}/01-basics/module.md`]: '---\ntitle: Empty\n---\n'
				})
			);
			await expect(page.getByRole('alert')).toHaveText(tPattern('import_failed'));
			await expect(page.getByRole('alert')).toContainText('the module has no lessons');
			await expect(courseSection(page, course.title)).toBeVisible();
		} finally {
			await trainer.context.close();
		}
	});

	test('images travel with the course zip: export writes them, an import under another name serves them', async ({
		browser
	}, testInfo) => {
		test.slow();
		// A course whose lesson shows a map kept beside its Markdown.
		const base = testCourse();
		const source = unzipSync(new Uint8Array(base.zip));
		const lessonFile = `${base.slug}/01-basics/01-welcome.md`;
		source[lessonFile] = strToU8(`${strFromU8(source[lessonFile])}\n![A map](images/map.png)\n`);
		source[`${base.slug}/01-basics/images/map.png`] = new Uint8Array(PNG_1X1);
		const course = await importTestCourse(browser, { ...base, zip: Buffer.from(zipSync(source)) });
		// A photo the trainer uploads into the same lesson (other bytes than the map).
		const photo = Buffer.concat([PNG_1X1, Buffer.from('photo')]);
		const trainer = await trainerSession(browser);
		const admin = await signedInContext(browser, ADMIN);
		try {
			const page = trainer.page;
			await openTeach(page);
			await openEditor(page, await lessonIdOnTeach(page, course.title, course.lesson.title));
			const e = editor(page);
			await e.image.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: photo });
			await e.alt.fill('A photo');
			await e.upload.click();
			await expect(page.getByRole('status').filter({ hasText: t('editor_image_added') })).toBeVisible();
			const upload = /\/uploads\/([a-f0-9]{32}\.png)/.exec(await e.body.inputValue())![1];
			await ready(page);
			await saveDraft(page);
			await publishDrafts(page, 2);

			await openTeach(page);
			const [file] = await Promise.all([
				page.waitForEvent('download'),
				courseSection(page, course.title)
					.getByRole('link', { name: t('export_course') })
					.click()
			]);
			const path = testInfo.outputPath(`${course.slug}-images.zip`);
			await file.saveAs(path);
			const exported = unzipSync(new Uint8Array(readFileSync(path)));
			expect(Buffer.from(exported[`${course.slug}/01-basics/images/map.png`]).equals(PNG_1X1)).toBe(true);
			expect(Buffer.from(exported[`${course.slug}/uploads/${upload}`]).equals(photo)).toBe(true);

			// The administrator imports it as a new course; its lesson shows both images.
			const copy = { slug: `${course.slug}-copy`, title: `${course.title} (copy)` };
			const renamed = Object.fromEntries(
				Object.entries(exported).map(([p, bytes]) => [p.replace(`${course.slug}/`, `${copy.slug}/`), bytes])
			);
			const courseMd = `${copy.slug}/course.md`;
			renamed[courseMd] = strToU8(
				strFromU8(renamed[courseMd]).replace(`title: ${course.title}`, `title: ${copy.title}`)
			);
			const ap = admin.page;
			await openTeach(ap);
			await submitImport(ap, `${copy.slug}.zip`, Buffer.from(zipSync(renamed)));
			await expect(ap.getByRole('status').filter({ hasText: t('import_done', { slug: copy.slug }) })).toBeVisible();
			const id = await openPreview(ap, copy.title);
			await goto(ap, `/en/teach/courses/${id}/preview/basics/welcome`);
			for (const [alt, bytes] of [
				['A map', PNG_1X1],
				['A photo', photo]
			] as const) {
				const src = await ap.getByRole('img', { name: alt }).getAttribute('src');
				if (alt === 'A map') expect(src).toBe(`/content-assets/${copy.slug}/01-basics/images/map.png`);
				const served = await ap.request.get(src!);
				expect(served.status()).toBe(200);
				expect(Buffer.from(await served.body()).equals(bytes)).toBe(true);
			}

			// An archive with a text file named .png is refused whole, with the reason.
			const fake = { ...renamed, [`${copy.slug}/01-basics/images/fake.png`]: strToU8('<svg onload="alert(1)"/>') };
			await openTeach(ap);
			await submitImport(ap, 'fake.zip', Buffer.from(zipSync(fake)));
			await expect(ap.getByRole('alert')).toHaveText(tPattern('import_failed'));
			await expect(ap.getByRole('alert')).toContainText('images/fake.png: not a PNG, JPEG or WebP image');
			expect((await ap.request.get(`/content-assets/${copy.slug}/01-basics/images/fake.png`)).status()).toBe(404);
		} finally {
			await trainer.context.close();
			await admin.context.close();
		}
	});
});

test.describe('authoring: bad input is refused', () => {
	test('scripts, frames, event attributes and javascript: links are removed from the preview', async ({ browser }) => {
		const trainer = await trainerSession(browser);
		try {
			const page = trainer.page;
			const made = await createTrainerCourse(page);
			const e = editor(page);
			await e.body.fill(
				[
					`## Safe heading ${made.tag}`,
					'',
					"<script>window.__authoringXss = 'script';</script>",
					'',
					"[Click me](javascript:window.__authoringXss='link')",
					'',
					`<img src="missing-${made.tag}.png" onerror="window.__authoringXss='onerror'" alt="broken">`,
					'',
					'<iframe src="https://example.org/"></iframe>',
					'',
					`A plain paragraph ${made.tag}.`
				].join('\n')
			);
			await e.preview.click();
			const preview = e.previewSection;
			await expect(preview).toBeVisible();
			const notice = preview.getByText(tPattern('editor_removed'));
			await expect(notice).toBeVisible();
			for (const item of ['<script>', '<iframe>', 'onerror=', 'href="javascript:"'])
				await expect(notice).toContainText(item);
			await expect(preview.getByRole('heading', { level: 2, name: `Safe heading ${made.tag}` })).toBeVisible();
			await expect(preview.getByText(`A plain paragraph ${made.tag}.`)).toBeVisible();
			const html = await preview.locator('.prose').innerHTML();
			expect(html).not.toMatch(/<script|<iframe|onerror|javascript:/i);
			await expect(preview.locator('script, iframe, [onerror]')).toHaveCount(0);
			await expect(preview.getByText('Click me')).toBeVisible();
			expect(await preview.getByText('Click me').getAttribute('href')).toBeNull();
			// None of it ran on the page.
			expect(
				await page.evaluate(() => (window as unknown as Record<string, unknown>).__authoringXss ?? null)
			).toBeNull();
			await expect(page.locator('main iframe')).toHaveCount(0);
		} finally {
			await trainer.context.close();
		}
	});

	test('a text over 200 KB and a text file named .png are refused, and nothing is saved', async ({ browser }) => {
		const trainer = await trainerSession(browser);
		try {
			const page = trainer.page;
			const made = await createTrainerCourse(page);
			const e = editor(page);
			const kept = `A short text that was saved ${made.tag}.`;
			await e.body.fill(kept);
			await saveDraft(page);

			// Too long: refused on save and on preview.
			const huge = `${'All work and no play. '.repeat(10_000)}`;
			expect(Buffer.byteLength(huge)).toBeGreaterThan(200 * 1024);
			await e.body.fill(huge);
			const saved = await actionResponse(page, 'save', () => e.save.click());
			expect(saved.status()).toBe(413);
			await expect(page.getByRole('alert').filter({ hasText: t('editor_too_large') })).toBeVisible();
			await ready(page);
			await e.body.fill(huge);
			const previewed = await actionResponse(page, 'preview', () => e.preview.click());
			expect(previewed.status()).toBe(413);
			await expect(page.getByRole('alert').filter({ hasText: t('editor_too_large') })).toBeVisible();
			await expect(e.previewSection).toHaveCount(0);
			await openEditor(page, made.lessonId);
			await expect(e.body).toHaveValue(kept);

			// A text file with a .png name.
			await e.image.setInputFiles({
				name: 'holiday.png',
				mimeType: 'image/png',
				buffer: Buffer.from('This is only text pretending to be a picture.\n')
			});
			const uploaded = await actionResponse(page, 'upload', () => e.upload.click());
			expect(uploaded.status()).toBe(415);
			await expect(page.getByRole('alert').filter({ hasText: t('editor_not_image') })).toBeVisible();
			await expect(page.getByText(t('editor_image_added'))).toHaveCount(0);
			await expect(e.body).toHaveValue(kept);
			await expect(e.body).not.toHaveValue(/\/uploads\//);
			await openEditor(page, made.lessonId);
			await expect(e.body).toHaveValue(kept);
		} finally {
			await trainer.context.close();
		}
	});

	test('a quiz that cannot be passed is refused and nothing is published', async ({ browser }) => {
		const course = await importTestCourse(browser);
		const trainer = await trainerSession(browser);
		try {
			const page = trainer.page;
			await openQuizBuilder(page, course.title, course.module.title);
			const first = builderQuestion(page, 1);
			const second = builderQuestion(page, 2);
			await first.open();
			await second.open();
			await expect(first.rightOne(2)).toBeChecked();
			await expect(second.type).toHaveValue('true_false');

			// Single choice without a right answer (the chosen option emptied); an ordering of one item.
			const rightOption = await first.option(2).inputValue();
			await first.option(2).fill('');
			await second.type.selectOption({ label: t('qtype_ordering') });
			await second.items.fill('The only step');
			const saved = await actionResponse(page, 'save', () => builderButtons(page).save.click());
			expect(saved.status()).toBe(400);
			await expect(page.getByRole('alert').filter({ hasText: t('form_has_errors') })).toBeVisible();
			await expect(first.group.getByRole('alert')).toHaveText(t('err_quiz_no_correct'));
			await expect(second.group.getByRole('alert')).toHaveText(t('err_quiz_ordering_few'));
			// The form keeps what was typed.
			await expect(second.type).toHaveValue('ordering');
			await expect(second.items).toHaveValue('The only step');
			await expect(page.getByText(t('editor_draft_notice'))).toHaveCount(0);

			// Only the question still at fault stays marked; the other one is fixed.
			await ready(page);
			// The emptied row is left out; no option is chosen.
			await expect(first.option(2)).toHaveValue(course.quiz.questions[0].options[2]);
			await expect(first.group.getByRole('radio', { checked: true })).toHaveCount(0);
			await second.items.fill('First step\nSecond step');
			await builderButtons(page).save.click();
			await expect(first.group.getByRole('alert')).toHaveText(t('err_quiz_no_correct'));
			await expect(second.details).not.toHaveAttribute('open');
			await second.open();
			await expect(second.group.getByRole('alert')).toHaveCount(0);

			// Nothing was saved, so there is nothing to publish; the quiz stays as it was.
			await ready(page);
			const published = await actionResponse(page, 'publish', () => builderButtons(page).publish.click());
			expect(published.status()).toBe(400);
			await expect(page.getByRole('alert').filter({ hasText: t('editor_nothing_to_publish') })).toBeVisible();
			await reload(page);
			await expect(page.getByText(t('editor_draft_notice'))).toHaveCount(0);
			await builderQuestion(page, 1).open();
			await builderQuestion(page, 2).open();
			await expect(builderQuestion(page, 1).option(2)).toHaveValue(rightOption);
			await expect(builderQuestion(page, 1).rightOne(2)).toBeChecked();
			await expect(builderQuestion(page, 2).type).toHaveValue('true_false');
			await expect(builderQuestion(page, 2).prompt).toHaveValue(course.quiz.questions[1].prompt);
		} finally {
			await trainer.context.close();
		}
	});

	test('a trainer who is not assigned to a course gets 403 for its lessons, quizzes and export', async ({
		page,
		browser
	}) => {
		// The admin sees every course: the ids of the outreach course, its first lesson and quiz.
		const outreach = readCourse('outreach');
		const admin = await signedInContext(browser, ADMIN);
		let lessonId: number, quizId: number, courseId: number;
		try {
			await openTeach(admin.page);
			const section = courseSection(admin.page, outreach.title());
			lessonId = await idInHref(
				section.getByRole('link', { name: outreach.modules[0].lessons[0].title(), exact: true })
			);
			quizId = await idInHref(
				moduleBlock(admin.page, outreach.title(), outreach.modules[0].title()).getByRole('link', {
					name: t('teach_quiz'),
					exact: true
				})
			);
			courseId = await idInHref(section.getByRole('link', { name: t('structure_edit_texts') }).first());
		} finally {
			await admin.context.close();
		}

		// A brand-new trainer, assigned to nothing.
		await newTrainer(browser, page);
		await openTeach(page);
		await expect(page.getByText(t('teach_no_courses'))).toBeVisible();
		await expect(courseSection(page, outreach.title())).toHaveCount(0);

		for (const path of [
			`/en/teach/lessons/${lessonId}`,
			`/en/teach/lessons/${lessonId}/history`,
			`/en/teach/quizzes/${quizId}`,
			`/en/teach/texts/course/${courseId}`,
			`/en/teach/texts/course/${courseId}/history`,
			`/en/teach/courses/${courseId}/preview`,
			`/en/teach/courses/${courseId}/preview?view=drafts`
		]) {
			const response = await goto(page, path);
			expect(response?.status(), path).toBe(403);
			await expect(h1(page)).toHaveText(t('error_403_title'));
			await expect(page.getByLabel(t('editor_field_body'), { exact: true })).toHaveCount(0);
		}
		const exported = await page.request.get(`/en/teach/courses/${courseId}/export`);
		expect(exported.status()).toBe(403);
		expect(exported.headers()['content-type']).not.toContain('zip');

		// Posting the editor's forms directly is refused as well.
		const save = await postForm(page, `/en/teach/lessons/${lessonId}?/save`, [
			['locale', 'en'],
			['revision', '0'],
			['title', 'Hijacked'],
			['body', 'Hijacked text']
		]);
		expect(save.status()).toBe(403);
		const publish = await postForm(page, `/en/teach/lessons/${lessonId}?/publish`, [
			['locale', 'en'],
			['revision', '0']
		]);
		expect(publish.status()).toBe(403);
		const texts = await postForm(page, `/en/teach/texts/course/${courseId}?/save`, [
			['locale', 'en'],
			['revision', '0'],
			['title', 'Hijacked'],
			['summary', ''],
			['body', '']
		]);
		expect(texts.status()).toBe(403);

		// The lesson is untouched: the demo trainer sees no draft.
		const owner = await trainerSession(browser);
		try {
			await openEditor(owner.page, lessonId);
			await expect(editor(owner.page).title).toHaveValue(outreach.modules[0].lessons[0].title());
			await expect(editor(owner.page).body).not.toHaveValue(/Hijacked/);
			await expect(owner.page.getByText(t('editor_draft_notice'))).toHaveCount(0);
		} finally {
			await owner.context.close();
		}
	});
});
