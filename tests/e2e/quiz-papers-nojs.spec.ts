// A shuffled quiz without JavaScript: the page states the limits before starting and carries no
// answer, a reload shows the same order, the review lists the options in the order the learner saw
// them with the feedback on their choice, and the page then says when the next attempt is possible.
// A quiz drawn from a pool says so before starting, and the trainer's preview draws a paper as an
// attempt would, with a link to draw another.
import { expect, test, type Page } from '@playwright/test';
import { importTestCourse, openPreview, trainerSession } from './authoring-helpers';
import { courseWith, learnerAtQuiz } from './quiz-helpers';
import { ATTEMPT_URL, answerQuiz, msg, msgPattern, open, submitButton } from './learning-helpers';

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

test('a quiz drawn from a pool says so before starting, and the preview draws papers too', async ({
	browser,
	page
}) => {
	const course = await importTestCourse(browser, courseWith('draw: 1'));
	const pool = msg('en', 'quizx_pool', { count: 1, pool: 2 });
	const prompts = course.quiz.questions.map((q) => q.prompt);
	const asked = async (p: Page) => {
		const shown = [];
		for (const prompt of prompts) if ((await p.getByRole('group', { name: prompt }).count()) > 0) shown.push(prompt);
		return shown;
	};

	await learnerAtQuiz(page, course);
	await expect(page.getByText(pool)).toBeVisible();
	expect(await asked(page)).toHaveLength(1);
	const paper = await answerQuiz(page, { ...course.quiz, asked: 1 }, 'right');
	await submitButton(page).click();
	await expect(page.getByRole('status')).toContainText(msg('en', 'quiz_result_passed', { score: 100 }));
	await expect(page.getByText(paper.questions[0].explanation)).toBeVisible();

	// The preview: one question of the two, the same after "Answer again", another one drawn on demand.
	const trainer = await trainerSession(browser, { javaScriptEnabled: false });
	try {
		const tp = trainer.page;
		const courseId = await openPreview(tp, course.title);
		await open(tp, `/en/teach/courses/${courseId}/preview/${course.module.slug}/quiz`);
		await expect(tp.getByText(pool)).toBeVisible();
		await expect(tp.getByText(msg('en', 'quizx_preview_paper'))).toBeVisible();
		const first = await asked(tp);
		expect(first).toHaveLength(1);
		await answerQuiz(tp, { ...course.quiz, asked: 1 }, 'right');
		await submitButton(tp).click();
		await expect(tp.getByRole('status')).toContainText(msg('en', 'preview_quiz_not_recorded'));
		await tp.getByRole('link', { name: msg('en', 'preview_try_again'), exact: true }).click();
		// Read the questions once the new page has them (under load the click's navigation takes a while).
		await expect.poll(() => asked(tp)).toEqual(first);
		// Each draw picks one of two at random: within 30 draws the other question comes up.
		const seen = new Set(first);
		for (let draw = 0; draw < 30 && seen.size < 2; draw++) {
			await tp
				.getByRole('link', { name: msg('en', 'quizx_preview_draw_another'), exact: true })
				.first()
				.click();
			await expect.poll(async () => (await asked(tp)).length).toBe(1);
			seen.add((await asked(tp))[0]);
		}
		expect([...seen].sort()).toEqual([...prompts].sort());
	} finally {
		await trainer.context.close();
	}
});
