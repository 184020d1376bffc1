// The core learning path without JavaScript: every step is a plain link or form post, so a learner on
// an old phone or with scripts blocked can do the whole course.
import { expect, test } from '@playwright/test';
import {
	answerQuiz,
	attemptLinks,
	completeModuleLessons,
	coursePath,
	enrolFromList,
	exactPath,
	expectResult,
	expectedScore,
	h1,
	lessonPath,
	msg,
	open,
	quizPath,
	readCourse,
	readQuiz,
	signUpLearner,
	submitButton
} from './learning-helpers';

const COURSE = readCourse('getting-started');
const [M1, M2] = COURSE.modules;
const QUIZ1 = readQuiz(COURSE, M1.slug);
const M1_QUIZ = quizPath('en', COURSE.slug, M1.slug);
const percent = (unitsDone: number) => Math.round((100 * unitsDone) / COURSE.units);

test.use({ javaScriptEnabled: false });

test.describe('learning path (no JavaScript)', () => {
	test('enrol, complete module 1 in order, fail the quiz once, pass it, module 2 opens', async ({ page }) => {
		await signUpLearner(page, 'en', 'nojs');
		// The page really runs without scripts: SvelteKit never starts.
		expect(await page.locator('#svelte-announcer').count()).toBe(0);

		await enrolFromList(page, COURSE);

		// A lesson ahead of the learner is locked.
		await open(page, lessonPath('en', COURSE.slug, M2.slug, M2.lessons[1].slug));
		await expect(page).toHaveURL(exactPath(`${coursePath('en', COURSE.slug)}?locked=previous_quiz`));
		await expect(page.getByRole('alert')).toHaveText(msg('en', 'lock_previous_quiz'));
		await expect(page.getByRole('main').getByRole('link', { name: M2.lessons[0].title(), exact: true })).toHaveCount(0);
		await page.getByRole('link', { name: msg('en', 'course_start'), exact: true }).click();

		await completeModuleLessons(page, COURSE, 0);

		// An empty submission is refused and stores nothing.
		await submitButton(page).click();
		await expect(page.getByRole('alert')).toHaveText(
			msg('en', 'quiz_error_unanswered', { count: QUIZ1.questions.length })
		);
		await expect(attemptLinks(page)).toHaveCount(0);

		// First attempt: all wrong.
		await open(page, M1_QUIZ);
		await answerQuiz(page, QUIZ1, 'wrong');
		await submitButton(page).click();
		await expectResult(page, QUIZ1, 'wrong', M1.title());
		await expect(page.getByRole('status')).toContainText('Not passed yet');

		await page.getByRole('link', { name: msg('en', 'quiz_retake'), exact: true }).click();
		await expect(page).toHaveURL(exactPath(M1_QUIZ));
		await expect(attemptLinks(page)).toHaveCount(1);
		await expect(page.getByRole('main')).toContainText(
			msg('en', 'quiz_score', { score: expectedScore(QUIZ1, 'wrong') })
		);

		// Second attempt: all right. Without scripts nothing stops a double click from posting the
		// form twice; the server still stores one attempt.
		await answerQuiz(page, QUIZ1, 'right');
		await submitButton(page).dblclick();
		await expectResult(page, QUIZ1, 'right', M1.title());

		await open(page, M1_QUIZ);
		await expect(page.getByText(msg('en', 'quiz_already_passed', { score: 100 }))).toBeVisible();
		await expect(attemptLinks(page)).toHaveCount(2);

		// Module 2 opens and the progress moved.
		await open(page, coursePath('en', COURSE.slug));
		const done = M1.lessons.length + 1;
		await expect(
			page.getByRole('progressbar', { name: msg('en', 'course_percent_done', { percent: percent(done) }) })
		).toHaveAttribute('aria-valuenow', String(percent(done)));
		const next = page.getByRole('main').getByRole('link', { name: M2.lessons[0].title(), exact: true });
		await expect(next).toBeVisible();
		await next.click();
		await expect(page).toHaveURL(exactPath(lessonPath('en', COURSE.slug, M2.slug, M2.lessons[0].slug)));
		await expect(h1(page)).toHaveText(M2.lessons[0].title());

		// My learning leads to the same next step.
		await open(page, '/en/learning');
		await page.getByRole('link', { name: msg('en', 'course_continue_where'), exact: true }).click();
		await expect(page).toHaveURL(exactPath(lessonPath('en', COURSE.slug, M2.slug, M2.lessons[0].slug)));
	});
});
