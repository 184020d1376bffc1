// The learning path with JavaScript on: enrol, lessons in order, a module quiz failed once and then
// passed, the next module opening, My learning; locked steps, empty, repeated and tampered quiz posts;
// screenshots of the learning pages.
import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import {
	ATTEMPT_URL,
	answerQuiz,
	attemptLinks,
	cardFacts,
	completeModuleLessons,
	courseCard,
	coursePath,
	enrolFromList,
	exactPath,
	expectResult,
	expectedScore,
	h1,
	lessonPath,
	msg,
	open,
	postForm,
	quizFormFields,
	quizPath,
	readCourse,
	readQuiz,
	ready,
	signUpLearner,
	submitButton
} from './learning-helpers';

const COURSE = readCourse('getting-started');
const [M1, M2] = COURSE.modules;
const QUIZ1 = readQuiz(COURSE, M1.slug);
const M1_QUIZ = quizPath('en', COURSE.slug, M1.slug);
const freshKey = () => randomBytes(16).toString('hex');
const percent = (unitsDone: number) => Math.round((100 * unitsDone) / COURSE.units);

function courseProgress(page: Page, value: number) {
	return page.getByRole('progressbar', { name: msg('en', 'course_percent_done', { percent: value }), exact: true });
}

/** A lesson shown as a link on the course page: only open (or done) lessons are links. */
function lessonLink(page: Page, title: string) {
	return page.getByRole('main').getByRole('link', { name: title, exact: true });
}

test.describe('learning path (JavaScript on)', () => {
	test('a new learner enrols, completes module 1, fails the quiz once, passes it and module 2 opens', async ({
		page
	}) => {
		await signUpLearner(page, 'en', 'journey');

		// The course list offers the course; enrolling opens its first lesson.
		await open(page, '/en/courses');
		await expect(courseCard(page, COURSE.title())).toContainText(cardFacts(COURSE));
		await enrolFromList(page, COURSE);

		// The course page: enrolled, nothing done, only the first lesson open, module 2 locked.
		await open(page, coursePath('en', COURSE.slug));
		await expect(h1(page)).toHaveText(COURSE.title());
		await expect(courseProgress(page, 0)).toHaveAttribute('aria-valuenow', '0');
		await expect(lessonLink(page, M1.lessons[0].title())).toBeVisible();
		await expect(lessonLink(page, M1.lessons[1].title())).toHaveCount(0);
		await expect(lessonLink(page, M2.lessons[0].title())).toHaveCount(0);
		await expect(page.getByText(msg('en', 'lock_previous_quiz')).first()).toBeVisible();
		await page.getByRole('link', { name: msg('en', 'course_start'), exact: true }).click();

		// Module 1's lessons in order, ending on the quiz.
		await completeModuleLessons(page, COURSE, 0);
		await expect(
			page.getByText(msg('en', 'quiz_attempts_used_unlimited', { used: 0 }), { exact: false })
		).toBeVisible();

		// The progress moved: all lessons of module 1 are done, the quiz is not.
		await open(page, coursePath('en', COURSE.slug));
		await expect(courseProgress(page, percent(M1.lessons.length))).toHaveAttribute(
			'aria-valuenow',
			String(percent(M1.lessons.length))
		);
		await expect(
			page.getByText(msg('en', 'module_lessons_done', { done: M1.lessons.length, total: M1.lessons.length }))
		).toBeVisible();
		await expect(lessonLink(page, M2.lessons[0].title())).toHaveCount(0);
		await page.getByRole('link', { name: msg('en', 'course_continue_where'), exact: true }).click();
		await expect(page).toHaveURL(exactPath(M1_QUIZ));
		await ready(page);

		// First attempt: all wrong.
		await answerQuiz(page, QUIZ1, 'wrong');
		await submitButton(page).click();
		await expectResult(page, QUIZ1, 'wrong', M1.title());
		await expect(page.getByRole('status')).toContainText('Not passed yet');
		await expect(page.getByText(msg('en', 'quiz_wrong'), { exact: false })).toHaveCount(QUIZ1.questions.length);
		const firstAttempt = page.url();

		// Take it again: the quiz lists the failed attempt.
		await page.getByRole('link', { name: msg('en', 'quiz_retake'), exact: true }).click();
		await expect(page).toHaveURL(exactPath(M1_QUIZ));
		await expect(h1(page)).toHaveText(msg('en', 'quiz_heading', { module: M1.title() }));
		await expect(page.getByRole('heading', { level: 2, name: msg('en', 'quiz_past_attempts') })).toBeVisible();
		await expect(attemptLinks(page)).toHaveCount(1);
		await expect(
			page
				.getByRole('main')
				.getByRole('listitem')
				.filter({ hasText: msg('en', 'quiz_attempt_n', { number: 1 }) })
		).toContainText(
			`${msg('en', 'quiz_score', { score: expectedScore(QUIZ1, 'wrong') })} · ${msg('en', 'quiz_failed')}`
		);

		// Second attempt: all right, submitted with a quick double click.
		await answerQuiz(page, QUIZ1, 'right');
		await submitButton(page).dblclick();
		await expectResult(page, QUIZ1, 'right', M1.title());
		expect(page.url()).not.toBe(firstAttempt);
		const next = page.getByRole('link', {
			name: msg('en', 'continue_to', { title: M2.lessons[0].title() }),
			exact: true
		});
		await expect(next).toBeVisible();

		// The double click stored one attempt: two attempts in all.
		await open(page, M1_QUIZ);
		await expect(page.getByText(msg('en', 'quiz_already_passed', { score: 100 }))).toBeVisible();
		await expect(attemptLinks(page)).toHaveCount(2);
		await expect(submitButton(page)).toHaveCount(0);

		// The course page: module 2's first lesson is open, the progress moved again.
		await open(page, coursePath('en', COURSE.slug));
		const done = M1.lessons.length + 1;
		await expect(courseProgress(page, percent(done))).toHaveAttribute('aria-valuenow', String(percent(done)));
		await expect(lessonLink(page, M2.lessons[0].title())).toBeVisible();
		await expect(lessonLink(page, M2.lessons[1].title())).toHaveCount(0);
		await expect(page.getByText(msg('en', 'quiz_passed_short', { score: 100 }), { exact: false })).toBeVisible();

		// My learning: the course, its progress, and "Continue where you left off" to the next step.
		await page
			.getByRole('navigation', { name: msg('en', 'nav_main') })
			.getByRole('link', { name: msg('en', 'nav_learning') })
			.click();
		await expect(page).toHaveURL(exactPath('/en/learning'));
		await expect(h1(page)).toHaveText(msg('en', 'learning_title'));
		const card = courseCard(page, COURSE.title());
		await expect(card.getByRole('progressbar')).toHaveAttribute('aria-valuenow', String(percent(done)));
		await expect(card).toContainText(msg('en', 'course_percent_done', { percent: percent(done) }));
		await expect(card).toContainText(msg('en', 'course_next_step', { title: M2.lessons[0].title() }));
		await card.getByRole('link', { name: msg('en', 'course_continue_where'), exact: true }).click();
		await expect(page).toHaveURL(exactPath(lessonPath('en', COURSE.slug, M2.slug, M2.lessons[0].slug)));
		await expect(h1(page)).toHaveText(M2.lessons[0].title());
	});

	test('a locked lesson or quiz address leads to the course page with the reason', async ({ page }) => {
		await signUpLearner(page, 'en', 'locked');
		const course = coursePath('en', COURSE.slug);

		// Not enrolled yet.
		await open(page, lessonPath('en', COURSE.slug, M1.slug, M1.lessons[0].slug));
		await expect(page).toHaveURL(exactPath(`${course}?locked=not_enrolled`));
		await expect(page.getByRole('alert')).toHaveText(msg('en', 'lock_not_enrolled'));

		await enrolFromList(page, COURSE);

		// Module 2 before module 1's quiz is passed.
		await open(page, lessonPath('en', COURSE.slug, M2.slug, M2.lessons[1].slug));
		await expect(page).toHaveURL(exactPath(`${course}?locked=previous_quiz`));
		await expect(h1(page)).toHaveText(COURSE.title());
		await expect(page.getByRole('alert')).toHaveText(msg('en', 'lock_previous_quiz'));

		await open(page, quizPath('en', COURSE.slug, M2.slug));
		await expect(page).toHaveURL(exactPath(`${course}?locked=previous_quiz`));

		// A later lesson of module 1, and its quiz, before the lessons before them.
		await open(page, lessonPath('en', COURSE.slug, M1.slug, M1.lessons[2].slug));
		await expect(page).toHaveURL(exactPath(`${course}?locked=previous_lesson`));
		await expect(page.getByRole('alert')).toHaveText(msg('en', 'lock_previous_lesson'));

		// The quiz waits for all lessons of its module, and says so.
		await open(page, M1_QUIZ);
		await expect(page).toHaveURL(exactPath(`${course}?locked=quiz_lessons`));
		await expect(page.getByRole('alert')).toHaveText(msg('en', 'daily_lock_quiz_lessons'));

		// The first lesson stays open.
		await open(page, lessonPath('en', COURSE.slug, M1.slug, M1.lessons[0].slug));
		await expect(h1(page)).toHaveText(M1.lessons[0].title());
	});

	test('an empty quiz is refused and records nothing', async ({ page }) => {
		await signUpLearner(page, 'en', 'empty');
		await enrolFromList(page, COURSE);
		await completeModuleLessons(page, COURSE, 0);

		await ready(page);
		await submitButton(page).click();
		await expect(page.getByRole('alert')).toHaveText(
			msg('en', 'quiz_error_unanswered', { count: QUIZ1.questions.length })
		);
		await expect(page.getByRole('alert')).toContainText('Please answer every question');
		await expect(page.getByText(msg('en', 'quiz_answer_this'))).toHaveCount(QUIZ1.questions.length);
		await expect(page.getByRole('heading', { name: msg('en', 'quiz_past_attempts') })).toHaveCount(0);
		await expect(attemptLinks(page)).toHaveCount(0);

		// Nothing was recorded: a fresh view still shows no attempt.
		await open(page, M1_QUIZ);
		await expect(
			page.getByText(msg('en', 'quiz_attempts_used_unlimited', { used: 0 }), { exact: false })
		).toBeVisible();
		await expect(attemptLinks(page)).toHaveCount(0);
		await open(page, coursePath('en', COURSE.slug));
		await expect(page.getByRole('link', { name: msg('en', 'quiz_review_last') })).toHaveCount(0);
	});

	test('submitting the same quiz form again stores one attempt', async ({ page }) => {
		await signUpLearner(page, 'en', 'double');
		await enrolFromList(page, COURSE);
		await completeModuleLessons(page, COURSE, 0);

		// A failing answer sent twice with the same form (as a resubmit after going back would).
		await answerQuiz(page, QUIZ1, 'wrong');
		const wrong = await quizFormFields(page);
		const first = await postForm(page, M1_QUIZ, wrong);
		expect(first.status()).toBe(303);
		const firstAttempt = first.headers()['location'];
		expect(firstAttempt).toMatch(ATTEMPT_URL);
		const again = await postForm(page, M1_QUIZ, wrong);
		expect(again.status()).toBe(303);
		expect(again.headers()['location']).toBe(firstAttempt);
		// And the same form, still on the page, submitted from the browser.
		await submitButton(page).click();
		await expect(page).toHaveURL(new RegExp(`${firstAttempt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
		await expect(page.getByRole('status')).toContainText(msg('en', 'quiz_attempt_n', { number: 1 }));

		await open(page, M1_QUIZ);
		await expect(attemptLinks(page)).toHaveCount(1);
		await expect(
			page.getByText(msg('en', 'quiz_attempts_used_unlimited', { used: 1 }), { exact: false })
		).toBeVisible();

		// A passing answer sent twice: the second post finds the quiz passed and shows the same attempt.
		await answerQuiz(page, QUIZ1, 'right');
		const right = await quizFormFields(page);
		const pass = await postForm(page, M1_QUIZ, right);
		expect(pass.status()).toBe(303);
		const passAttempt = pass.headers()['location'];
		expect(passAttempt).toMatch(ATTEMPT_URL);
		expect(passAttempt).not.toBe(firstAttempt);
		const passAgain = await postForm(page, M1_QUIZ, right);
		expect(passAgain.status()).toBe(303);
		expect(passAgain.headers()['location']).toBe(passAttempt);

		// A new submission (a fresh key) after passing is refused.
		const late = await postForm(
			page,
			M1_QUIZ,
			right.map(([k, v]) => [k, k === 'submission' ? freshKey() : v] as [string, string])
		);
		expect(late.status()).toBe(403);
		expect(await late.text()).toContain(msg('en', 'quiz_error_passed'));

		await open(page, M1_QUIZ);
		await expect(page.getByText(msg('en', 'quiz_already_passed', { score: 100 }))).toBeVisible();
		await expect(attemptLinks(page)).toHaveCount(2);
	});

	test('tampered quiz fields are refused with a 4xx and record nothing', async ({ page }) => {
		await signUpLearner(page, 'en', 'tamper');
		await enrolFromList(page, COURSE);
		await completeModuleLessons(page, COURSE, 0);
		await answerQuiz(page, QUIZ1, 'right');
		const valid = await quizFormFields(page);

		const single = QUIZ1.questions.find((q) => q.type === 'single')!;
		const multiple = QUIZ1.questions.find((q) => q.type === 'multiple')!;
		const trueFalse = QUIZ1.questions.find((q) => q.type === 'true_false')!;
		const ordering = QUIZ1.questions.find((q) => q.type === 'ordering')!;
		const set = (name: string, value: string) => valid.map(([k, v]) => [k, k === name ? value : v] as [string, string]);
		const without = (name: string) => valid.filter(([k]) => k !== name);
		const orderingFields = valid.filter(([k]) => k.startsWith(`q.${ordering.id}.`));
		expect(orderingFields).toHaveLength(ordering.items.length);

		const cases: { what: string; fields: [string, string][]; status: number; message?: string }[] = [
			{
				what: 'an unknown option id',
				fields: set(`q.${single.id}`, String(single.options.length + 5)),
				status: 400,
				message: msg('en', 'quiz_error_form')
			},
			{ what: 'an option id that is not a number', fields: set(`q.${single.id}`, 'abc'), status: 400 },
			{
				what: 'two answers to a single-choice question',
				fields: [...valid, [`q.${single.id}`, String(single.correct === 1 ? 2 : 1)]],
				status: 400
			},
			{
				what: 'an unknown option of a multiple-choice question',
				fields: [...valid, [`q.${multiple.id}`, '99']],
				status: 400
			},
			{
				what: 'the same option twice',
				fields: [...valid, [`q.${multiple.id}`, valid.find(([k]) => k === `q.${multiple.id}`)![1]]],
				status: 400
			},
			{ what: 'neither true nor false', fields: set(`q.${trueFalse.id}`, 'maybe'), status: 400 },
			{ what: 'two items in the same position', fields: set(orderingFields[1][0], orderingFields[0][1]), status: 400 },
			{
				what: 'a position out of range',
				fields: set(orderingFields[0][0], String(ordering.items.length + 1)),
				status: 400
			},
			{ what: 'an unknown ordering item', fields: [...valid, [`q.${ordering.id}.0000000000`, '1']], status: 400 },
			{ what: 'a field for no question', fields: [...valid, ['q.not-a-question', '1']], status: 400 },
			{
				what: 'a missing submission key',
				fields: without('submission'),
				status: 400,
				message: msg('en', 'quiz_error_form')
			},
			{ what: 'a malformed submission key', fields: set('submission', 'not-a-key'), status: 400 },
			{
				what: 'another quiz version',
				fields: set('version', '999999'),
				status: 409,
				message: msg('en', 'quiz_error_changed')
			},
			{ what: 'an unanswered question', fields: without(`q.${single.id}`), status: 400 }
		];
		for (const c of cases) {
			const response = await postForm(page, M1_QUIZ, c.fields);
			expect(response.status(), c.what).toBe(c.status);
			if (c.message) expect(await response.text(), c.what).toContain(c.message);
		}
		// A module that does not exist.
		const unknown = await postForm(page, quizPath('en', COURSE.slug, 'no-such-module'), valid);
		expect(unknown.status(), 'quiz of an unknown module').toBe(404);

		// Nothing was recorded.
		const check = await page.context().newPage();
		await open(check, M1_QUIZ);
		await expect(
			check.getByText(msg('en', 'quiz_attempts_used_unlimited', { used: 0 }), { exact: false })
		).toBeVisible();
		await expect(attemptLinks(check)).toHaveCount(0);
		await check.close();

		// The untampered form, still on the page, is accepted.
		await submitButton(page).click();
		await expectResult(page, QUIZ1, 'right', M1.title());
		await expect(page.getByRole('status')).toContainText(msg('en', 'quiz_attempt_n', { number: 1 }));
	});

	// The action answers fail(403) for a quiz that is not open to the learner. These posts are what a
	// browser sends (Accept: text/html), so the status is what such a learner or script gets back.
	test('a quiz post for a module that is still locked is refused with 403', async ({ page }) => {
		await signUpLearner(page, 'en', 'lockpost');
		await enrolFromList(page, COURSE);
		await completeModuleLessons(page, COURSE, 0);
		await answerQuiz(page, QUIZ1, 'right');
		const fields = (await quizFormFields(page)).map(
			([k, v]) => [k, k === 'submission' ? freshKey() : v] as [string, string]
		);

		const response = await postForm(page, quizPath('en', COURSE.slug, M2.slug), fields);
		const location = response.headers()['location'] ?? '';
		expect(location, 'no attempt may be stored').not.toMatch(ATTEMPT_URL);
		expect.soft(response.status(), `status of the post (Location: ${location || 'none'})`).toBe(403);
		expect.soft(await response.text(), 'the refusal message').toContain(msg('en', 'quiz_error_locked'));

		// Nothing changed: module 1's quiz is still open with no attempt, module 2 still locked.
		await open(page, M1_QUIZ);
		await expect(attemptLinks(page)).toHaveCount(0);
		await open(page, coursePath('en', COURSE.slug));
		await expect(courseProgress(page, percent(M1.lessons.length))).toBeVisible();
		await expect(lessonLink(page, M2.lessons[0].title())).toHaveCount(0);
	});

	test('a quiz post for a course the learner is not enrolled in is refused with 403', async ({ page }) => {
		await signUpLearner(page, 'en', 'notenrolled');
		const outreach = readCourse('outreach');
		const first = outreach.modules[0];
		const quiz = readQuiz(outreach, first.slug);
		const single = quiz.questions.find((q) => q.type === 'single')!;
		await open(page, '/en/learning');
		await expect(h1(page)).toHaveText(msg('en', 'learning_title'));

		const response = await postForm(page, quizPath('en', outreach.slug, first.slug), [
			['submission', freshKey()],
			['version', '1'],
			[`q.${single.id}`, String(single.correct)]
		]);
		const location = response.headers()['location'] ?? '';
		expect(location, 'no attempt may be stored').not.toMatch(ATTEMPT_URL);
		expect.soft(response.status(), `status of the post (Location: ${location || 'none'})`).toBe(403);
		expect.soft(await response.text(), 'the refusal message').toContain(msg('en', 'quiz_error_locked'));

		// Still not enrolled, nothing recorded.
		await open(page, '/en/learning');
		await expect(page.getByText(msg('en', 'learning_none'))).toBeVisible();
	});

	test('screenshots of the course page, a lesson and a quiz result at 360 and 1280 px', async ({ page }) => {
		await signUpLearner(page, 'en', 'shots');
		await enrolFromList(page, COURSE);
		const lesson = page.url();
		await completeModuleLessons(page, COURSE, 0);
		await answerQuiz(page, QUIZ1, 'wrong');
		await submitButton(page).click();
		await expectResult(page, QUIZ1, 'wrong', M1.title());
		const result = page.url();

		const shots = [
			{ name: 'course', url: coursePath('en', COURSE.slug), heading: COURSE.title() },
			{ name: 'lesson', url: lesson, heading: M1.lessons[0].title() },
			{ name: 'quiz-result', url: result, heading: `${msg('en', 'quiz_result_title')}: ${M1.title()}` }
		];
		for (const width of [360, 1280]) {
			await page.setViewportSize({ width, height: width === 360 ? 740 : 800 });
			for (const shot of shots) {
				await open(page, shot.url);
				await expect(h1(page)).toHaveText(shot.heading);
				await expect(h1(page)).toBeInViewport();
				// Nothing wider than the screen: no sideways scrolling on a phone.
				const overflow = await page.evaluate(
					() => document.documentElement.scrollWidth - document.documentElement.clientWidth
				);
				expect(overflow, `${shot.name} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
				await page.screenshot({ path: `test-results/screenshots/learning-${shot.name}-${width}.png`, fullPage: true });
			}
		}
	});
});
