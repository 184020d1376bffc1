// A shuffled quiz without JavaScript: the page states the limits before starting and carries no
// answer, a reload shows the same order, the review lists the options in the order the learner saw
// them with the feedback on their choice, and the page then says when the next attempt is possible.
import { expect, test } from '@playwright/test';
import { importTestCourse } from './authoring-helpers';
import { courseWith, learnerAtQuiz } from './quiz-helpers';
import { ATTEMPT_URL, msg, msgPattern, open, submitButton } from './learning-helpers';

test.use({ javaScriptEnabled: false });

const FEEDBACK = 'Green is the colour of grass, not of the sky.';

test('a shuffled quiz is answered by option and reviewed in the order shown', async ({ browser, page }) => {
	const course = await importTestCourse(
		browser,
		courseWith('wait_minutes: 10\nattempts_per_day: 5', (quiz) =>
			quiz.replace(
				'    options: [Green, Blue, Red]',
				`    options:\n      - text: Green\n        feedback: "${FEEDBACK}"\n      - Blue\n      - Red`
			)
		)
	);
	const quiz = await learnerAtQuiz(page, course);
	await expect(page.getByText(msg('en', 'quiz_sec_limits_both', { perDay: 5, minutes: 10 }))).toBeVisible();

	// Neither the answers, the explanations nor the feedback are in the page before submitting.
	const html = await page.content();
	for (const secret of [FEEDBACK, course.quiz.questions[0].explanation]) expect(html).not.toContain(secret);

	const sky = page.getByRole('group', { name: course.quiz.questions[0].prompt });
	const shown = await sky
		.getByRole('radio')
		.evaluateAll((radios) => radios.map((r) => r.parentElement?.textContent?.trim() ?? ''));
	expect([...shown].sort()).toEqual(['Blue', 'Green', 'Red']);
	await open(page, quiz);
	expect(
		await sky.getByRole('radio').evaluateAll((radios) => radios.map((r) => r.parentElement?.textContent?.trim() ?? ''))
	).toEqual(shown);

	await sky.getByRole('radio', { name: 'Green', exact: true }).check();
	await page
		.getByRole('group', { name: course.quiz.questions[1].prompt })
		.getByRole('radio', { name: msg('en', 'quiz_true'), exact: true })
		.check();
	await submitButton(page).click();
	await expect(page).toHaveURL(ATTEMPT_URL);

	const options = page.getByRole('list', { name: msg('en', 'quiz_sec_options_shown') }).first();
	await expect(options.getByRole('listitem')).toHaveCount(3);
	const reviewed = await options.getByRole('listitem').allTextContents();
	expect(reviewed.map((text) => text.trim().split(/\s/)[0])).toEqual(shown);
	const chosen = options.getByRole('listitem').filter({ hasText: msg('en', 'quiz_sec_your_choice') });
	await expect(chosen).toHaveCount(1);
	await expect(chosen).toContainText('Green');
	await expect(chosen).toContainText(FEEDBACK);

	// Failed: the next attempt waits ten minutes, and the quiz page says until when.
	await open(page, quiz);
	await expect(page.getByText(msgPattern('en', 'quiz_wait_until'))).toBeVisible();
	await expect(submitButton(page)).toHaveCount(0);
});
