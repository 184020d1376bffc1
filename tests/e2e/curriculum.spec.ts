// The curriculum in every language: the same outreach lesson in en, sq, sr-Latn and sr-Cyrl, and a
// learner who does module 1 of the outreach course in Albanian, quiz included.
import { expect, test } from '@playwright/test';
import {
	answerQuiz,
	coursePath,
	completeModuleLessons,
	enrolFromList,
	exactPath,
	expectResult,
	h1,
	lessonPath,
	msg,
	open,
	readCourse,
	readQuiz,
	signInAs,
	signUpLearner,
	submitButton,
	type Locale
} from './learning-helpers';

const LEARNER1 = { email: 'learner1@example.org', password: 'civic-learner-demo' };
const OUTREACH = readCourse('outreach');
const [M1, M2] = OUTREACH.modules;
const LESSON = M1.lessons[0];
const CYRILLIC = /[\u0400-\u04FF]/;
const LATIN_LETTER = /[A-Za-z]/;

test.describe('curriculum in four languages', () => {
	test('the same outreach lesson shows its title in each language', async ({ page }) => {
		expect(LESSON.slug).toBe('four-municipalities');
		await signInAs(page, LEARNER1.email, LEARNER1.password);

		for (const locale of ['en', 'sq', 'sr-Latn'] as Locale[]) {
			await open(page, lessonPath(locale, OUTREACH.slug, M1.slug, LESSON.slug));
			await expect(page.locator('html')).toHaveAttribute('lang', locale);
			await expect(h1(page)).toHaveText(LESSON.title(locale));
			await expect(page.getByText(msg(locale, 'content_fallback_notice'))).toHaveCount(0);
		}
		// The three written titles really differ (a missing translation would fall back to English).
		expect(new Set([LESSON.title('en'), LESSON.title('sq'), LESSON.title('sr-Latn')]).size).toBe(3);

		// sr-Cyrl is made from sr-Latn: the same title in Cyrillic letters.
		await open(page, lessonPath('sr-Cyrl', OUTREACH.slug, M1.slug, LESSON.slug));
		await expect(page.locator('html')).toHaveAttribute('lang', 'sr-Cyrl');
		const title = h1(page);
		await expect(title).toHaveText(CYRILLIC);
		await expect(title).not.toHaveText(LATIN_LETTER);
		expect((await title.textContent())?.trim().split(/\s+/).length).toBe(LESSON.title('sr-Latn').split(/\s+/).length);
	});

	test('a new learner in Albanian completes module 1 of outreach and passes its quiz', async ({ page }) => {
		const sq: Locale = 'sq';
		await signUpLearner(page, sq, 'shqip');
		await expect(page.locator('html')).toHaveAttribute('lang', sq);

		await enrolFromList(page, OUTREACH, sq);
		await completeModuleLessons(page, OUTREACH, 0, sq);

		const quiz = readQuiz(OUTREACH, M1.slug, sq);
		const paper = await answerQuiz(page, quiz, 'right', sq);
		// The opening module's quiz asks all its questions; a quiz drawn from a pool says so before starting.
		const poolNotice = page.getByText(msg(sq, 'quizx_pool', { count: quiz.asked ?? 0, pool: quiz.questions.length }));
		if ((quiz.asked ?? quiz.questions.length) < quiz.questions.length) await expect(poolNotice).toBeVisible();
		else await expect(poolNotice).toHaveCount(0);
		await submitButton(page, sq).click();
		await expectResult(page, paper, 'right', M1.title(sq), sq);
		await expect(page.locator('html')).toHaveAttribute('lang', sq);
		await expect(
			page.getByRole('link', { name: msg(sq, 'continue_to', { title: M2.lessons[0].title(sq) }), exact: true })
		).toBeVisible();

		// Module 2 is open on the course page, in Albanian.
		await open(page, coursePath(sq, OUTREACH.slug));
		await expect(h1(page)).toHaveText(OUTREACH.title(sq));
		const next = page.getByRole('main').getByRole('link', { name: M2.lessons[0].title(sq), exact: true });
		await expect(next).toBeVisible();
		await expect(page.getByRole('main').getByRole('link', { name: M2.lessons[1].title(sq), exact: true })).toHaveCount(
			0
		);
		await next.click();
		await expect(page).toHaveURL(exactPath(lessonPath(sq, OUTREACH.slug, M2.slug, M2.lessons[0].slug)));
		await expect(h1(page)).toHaveText(M2.lessons[0].title(sq));
	});
});
