// Learning without a connection (issue 21), with the offline worker on: save a course, read and act
// offline, send later; nothing lost, nothing counted twice, refusals and signed-out sending kept
// visible. Every other spec blocks service workers (playwright.config.ts); this one allows them.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { axeAtWidths } from './axe-helpers';
import {
	answerQuiz,
	coursePath,
	enrolFromList,
	h1,
	lessonPath,
	msg,
	open,
	postForm,
	quizFormFields,
	quizPath,
	readCourse,
	readQuiz,
	signInAs,
	signUpLearner,
	submitButton,
	type Learner
} from './learning-helpers';
import { dbCount, dbGet, userId } from './security-helpers';

test.use({ serviceWorkers: 'allow' });

const COURSE = readCourse('getting-started');
const M1 = COURSE.modules[0];
const QUIZ1 = readQuiz(COURSE, M1.slug);
const COURSE_PATH = coursePath('en', COURSE.slug);
const QUIZ_PATH = quizPath('en', COURSE.slug, M1.slug);
const LESSONS = M1.lessons.map((l) => ({ path: lessonPath('en', COURSE.slug, M1.slug, l.slug), title: l.title('en') }));
const SHOTS = '/tmp/shots';

type Texts = Record<string, string>;

/** The worker's texts as the server gives them (protocol §4). */
async function texts(page: Page): Promise<Texts> {
	return (await (await page.request.get('/en/offline/texts.json')).json()).texts;
}

/** The constant start of a text with placeholders ("Saved copy from {date}" → "Saved copy from"). */
const lead = (text: string) => text.split('{')[0].trim();

/** A new learner, enrolled (on the first lesson), with the worker controlling the page. */
async function learnerWithWorker(page: Page): Promise<Learner> {
	const learner = await signUpLearner(page, 'en', 'offline');
	await enrolFromList(page, COURSE);
	await page.waitForFunction(() => navigator.serviceWorker?.controller != null);
	return learner;
}

/** "Save this course for offline" on the course page: the worker saves it and opens the device page. */
async function saveCourse(page: Page, t: Texts): Promise<void> {
	await open(page, COURSE_PATH);
	await page.locator(`main a[href$="/courses/${COURSE.slug}/offline"]`).first().click();
	await expect(page).toHaveURL(new RegExp(`/en/offline\\?saved=${COURSE.slug}$`));
	await expect(page.getByRole('status').filter({ hasText: t.saved })).toBeVisible();
	await expect(page.locator('.offline-courses li')).toContainText(COURSE.title('en'));
}

/** Completes a lesson from its saved copy (offline), ending on the next page with the queued status. */
async function completeOffline(page: Page, t: Texts, index: number, next: string): Promise<void> {
	await page.goto(LESSONS[index].path);
	await expect(h1(page)).toHaveText(LESSONS[index].title);
	await expect(page.locator('main > .saved-copy').first()).toContainText(lead(t.savedCopy));
	await page.getByRole('button', { name: msg('en', 'lesson_complete_continue') }).click();
	await expect(page).toHaveURL(new RegExp(`${next}\\?queued=1$`));
	await expect(page.getByRole('status').filter({ hasText: t.queued })).toBeVisible();
}

async function offline(context: BrowserContext, on: boolean) {
	await context.setOffline(on);
}

test('a course saved on the phone is read and answered offline, then sent once and graded once', async ({
	page,
	context
}) => {
	test.setTimeout(180_000);
	const learner = await learnerWithWorker(page);
	const t = await texts(page);
	await saveCourse(page, t);
	await expect(page.locator('.offline-courses li')).toContainText(lead(t.savedCourse));

	await offline(context, true);
	await completeOffline(page, t, 0, LESSONS[1].path);
	await completeOffline(page, t, 1, LESSONS[2].path);
	await page.goto(LESSONS[2].path);
	for (const width of [360, 1280]) {
		await page.setViewportSize({ width, height: 900 });
		await page.screenshot({ path: `${SHOTS}/worker-lesson-saved-copy-${width}.png`, fullPage: true });
	}
	await completeOffline(page, t, 2, QUIZ_PATH);

	// The quiz from the device: the answers are kept, and no score is made up on the phone.
	await answerQuiz(page, QUIZ1, 'right');
	await submitButton(page).click();
	await expect(page).toHaveURL(/\/en\/offline\?queued=quiz$/);
	await expect(page.getByRole('status').filter({ hasText: t.queuedQuiz })).toBeVisible();
	await expect(page.getByText(msg('en', 'quiz_result_passed', { score: 100 }))).toHaveCount(0);
	const waiting = page.locator('.offline-queue li');
	await expect(waiting).toHaveCount(4);
	await expect(waiting.first()).toContainText(LESSONS[0].title);
	await expect(waiting.last()).toContainText(lead(t.kindQuiz));
	await axeAtWidths(page, 'offline', { shots: 'worker' });

	// Back online: "Send now" sends the four in order.
	await offline(context, false);
	await page.getByRole('button', { name: t.sendNow }).click();
	// The page's `online` event may have sent them already (then nothing was left for the button).
	await expect(page).toHaveURL(/\/en\/offline\?sent=\d+-0$/);
	await expect(page.getByRole('status').filter({ hasText: t.sent })).toBeVisible();
	await expect(page.locator('.offline-queue li')).toHaveCount(0);
	await expect(page.locator('.offline-sent li')).toHaveCount(4);

	const id = await userId(learner.email);
	expect(await dbCount('SELECT COUNT(*) FROM lesson_progress WHERE user_id = ?', id)).toBe(LESSONS.length);
	expect(await dbCount('SELECT COUNT(DISTINCT lesson_id) FROM lesson_progress WHERE user_id = ?', id)).toBe(
		LESSONS.length
	);
	expect(await dbCount('SELECT COUNT(*) FROM quiz_attempts WHERE user_id = ?', id)).toBe(1);
	expect(await dbGet('SELECT score, passed FROM quiz_attempts WHERE user_id = ?', id)).toEqual({
		score: 100,
		passed: 1
	});

	expect(await dbGet('SELECT answered_offline FROM quiz_attempts WHERE user_id = ?', id)).toEqual({
		answered_offline: 1
	});
	expect(await dbCount('SELECT COUNT(*) FROM offline_operations WHERE user_id = ?', id)).toBe(4);

	// The server's pages say the same: what it received from this device, the quiz passed once.
	await open(page, '/en/offline');
	const received = page.locator('ul.received > li');
	await expect(received).toHaveCount(4);
	await expect(received.filter({ hasText: msg('en', 'offline_outcome_done') })).toHaveCount(4);
	await page
		.locator('.offline-sent li')
		.filter({ hasText: lead(t.kindQuiz) })
		.getByRole('link', { name: t.seeResult })
		.click();
	await expect(page).toHaveURL(/\/quiz\/attempts\/\d+$/);
	await open(page, QUIZ_PATH);
	await expect(page.getByText(msg('en', 'quiz_already_passed', { score: 100 }))).toBeVisible();
});

test('the same queued operation sent twice is stored once', async ({ page }) => {
	const learner = await learnerWithWorker(page);
	const html = await (await page.request.get(LESSONS[0].path)).text();
	const value = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
	const op = value('op');
	expect(op).toMatch(/^[0-9a-f]{32}$/);
	const fields: [string, string][] = [
		['op', op],
		['next', value('next').replace(/&amp;/g, '&')],
		['_action', `${LESSONS[0].path}?/complete`],
		['_user', String(await userId(learner.email))],
		['_at', String(Date.now())]
	];
	const first = await postForm(page, '/en/offline/send', fields);
	const second = await postForm(page, '/en/offline/send', fields);
	expect(first.status()).toBe(200);
	expect(second.status()).toBe(200);
	expect(await first.json()).toMatchObject({ outcome: 'done', duplicate: false });
	expect(await second.json()).toMatchObject({ outcome: 'done', duplicate: true });
	expect(await dbCount('SELECT COUNT(*) FROM lesson_progress WHERE user_id = ?', await userId(learner.email))).toBe(1);
});

test('a queued attempt for a quiz passed meanwhile is reported and kept until dismissed', async ({ page, context }) => {
	test.setTimeout(120_000);
	await learnerWithWorker(page);
	const t = await texts(page);
	for (const lesson of LESSONS) {
		await open(page, lesson.path);
		await page.getByRole('button', { name: msg('en', 'lesson_complete_continue') }).click();
	}
	await expect(page).toHaveURL(new RegExp(`${QUIZ_PATH}$`));
	// Answers filled in on another device (this form), sent later.
	await answerQuiz(page, QUIZ1, 'right');
	const elsewhere = await quizFormFields(page);
	await saveCourse(page, t);

	await offline(context, true);
	await page.goto(QUIZ_PATH);
	await expect(page.locator('main > .saved-copy').first()).toContainText(lead(t.savedCopy));
	// Other answers for the same paper: the same operation, which can no longer count.
	await answerQuiz(page, QUIZ1, 'wrong');
	await submitButton(page).click();
	await expect(page).toHaveURL(/\/en\/offline\?queued=quiz$/);
	// Meanwhile the quiz is passed from the other device.
	expect((await postForm(page, QUIZ_PATH, elsewhere)).status()).toBe(303);

	await offline(context, false);
	await open(page, '/en/offline');
	const refused = page.locator('.offline-queue li[data-state="refused"]');
	await expect(refused).toHaveCount(1);
	await expect(refused).toContainText(lead(t.stateRefused));
	await open(page, '/en/offline');
	await expect(refused).toHaveCount(1);
	await refused.getByRole('button', { name: t.dismiss }).click();
	await expect(page.locator('.offline-queue li')).toHaveCount(0);
	await expect(page.getByText(t.nothingWaiting)).toBeVisible();
});

/** A learner saves the course, completes the first lesson offline, and their session ends before they are online again. */
async function queueOneStepThenSessionEnds(page: Page, context: BrowserContext) {
	const learner = await learnerWithWorker(page);
	const t = await texts(page);
	await saveCourse(page, t);
	await offline(context, true);
	await completeOffline(page, t, 0, LESSONS[1].path);
	await context.clearCookies();
	await offline(context, false);
	return { learner, t };
}

test('signed out while offline: the queue stays and asks to sign in, then is sent', async ({ page, context }) => {
	test.setTimeout(120_000);
	const { learner, t } = await queueOneStepThenSessionEnds(page, context);

	// Signed out, the step is nobody's to send from here: counted, with a way to sign in.
	await open(page, '/en/offline');
	await expect(page.locator('.offline-queue li')).toHaveCount(0);
	const others = page.locator('.offline-others');
	await expect(others).toHaveText(new RegExp(`^1 · ${t.stateSignIn}`));
	await expect(others.getByRole('link', { name: t.signIn })).toHaveAttribute('href', /\/en\/signin\?next=/);
	expect(await dbCount('SELECT COUNT(*) FROM lesson_progress WHERE user_id = ?', await userId(learner.email))).toBe(0);

	await signInAs(page, learner.email, learner.password);
	await open(page, '/en/offline');
	await expect(page.locator('.offline-queue li')).toHaveCount(0);
	await expect(page.locator('.offline-others')).toHaveCount(0);
	await expect(page.locator('.offline-sent li')).toHaveCount(1);
	expect(await dbCount('SELECT COUNT(*) FROM lesson_progress WHERE user_id = ?', await userId(learner.email))).toBe(1);
});

test('a phone shared by two learners keeps each one’s saved course and waiting step to them', async ({
	page,
	context
}) => {
	test.setTimeout(180_000);
	const { learner: ana, t } = await queueOneStepThenSessionEnds(page, context);
	// The worker learns that the session ended from the next page, which carries no user.
	await open(page, '/en');

	// Bo signs up on the same phone.
	const bo = await signUpLearner(page, 'en', 'offline-other');
	await open(page, '/en/offline');
	await expect(page.locator('.offline-queue li')).toHaveCount(0);
	await expect(page.locator('.offline-others')).toHaveText(new RegExp(`^1 · ${t.stateOtherUser}`));
	// Ana's saved course is not listed for Bo.
	await expect(page.getByText(t.nothingSaved)).toBeVisible();
	await expect(page.locator('.offline-courses')).toHaveCount(0);
	await page.getByRole('heading', { level: 1 }).scrollIntoViewIfNeeded();
	for (const width of [360, 1280]) {
		await page.setViewportSize({ width, height: 900 });
		await page.screenshot({ path: `${SHOTS}/swfix-shared-phone-${width}.png`, fullPage: true });
	}

	// Bo's pages are never Ana's saved copies, not even offline.
	await offline(context, true);
	await page.goto(LESSONS[1].path);
	await expect(page.getByText(t.offlinePage)).toBeVisible();
	await expect(page.locator('.saved-copy')).toHaveCount(0);
	await expect(page.getByText(LESSONS[1].title)).toHaveCount(0);
	await offline(context, false);

	// Ana's step was not sent as Bo's (nor as hers while Bo was signed in).
	await open(page, '/en/offline');
	await expect(page.locator('.offline-others')).toHaveText(new RegExp(`^1 · ${t.stateOtherUser}`));
	expect(await dbCount('SELECT COUNT(*) FROM lesson_progress WHERE user_id = ?', await userId(bo.email))).toBe(0);
	expect(await dbCount('SELECT COUNT(*) FROM offline_operations WHERE user_id = ?', await userId(bo.email))).toBe(0);
	expect(await dbCount('SELECT COUNT(*) FROM lesson_progress WHERE user_id = ?', await userId(ana.email))).toBe(0);

	// Ana signs in again: her step is sent, as hers, and her course is hers again.
	await context.clearCookies();
	await signInAs(page, ana.email, ana.password);
	await open(page, '/en/offline');
	await expect(page.locator('.offline-queue li')).toHaveCount(0);
	await expect(page.locator('.offline-others')).toHaveCount(0);
	await expect(page.locator('.offline-sent li')).toHaveCount(1);
	await expect(page.locator('.offline-courses li')).toContainText(COURSE.title('en'));
	expect(await dbCount('SELECT COUNT(*) FROM lesson_progress WHERE user_id = ?', await userId(ana.email))).toBe(1);
});

test('two saves of one course at once leave one whole saved copy', async ({ page, context }) => {
	test.setTimeout(120_000);
	await learnerWithWorker(page);
	const t = await texts(page);
	await open(page, COURSE_PATH);
	const other = await context.newPage();
	await Promise.all([page.goto(`${COURSE_PATH}/offline`), other.goto(`${COURSE_PATH}/offline`)]);
	for (const tab of [page, other]) await expect(tab).toHaveURL(new RegExp(`/en/offline\\?saved=${COURSE.slug}$`));
	const courseCaches = () => page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('course:')));
	expect(await courseCaches()).toHaveLength(1);
	await other.close();

	await offline(context, true);
	for (const lesson of LESSONS) {
		await page.goto(lesson.path);
		await expect(h1(page)).toHaveText(lesson.title);
		await expect(page.locator('main > .saved-copy').first()).toContainText(lead(t.savedCopy));
	}
	await offline(context, false);
});

test('a course saved in Albanian is read offline with the banner in Albanian', async ({ page, context }) => {
	await signUpLearner(page, 'sq', 'offline');
	await enrolFromList(page, COURSE, 'sq');
	await page.waitForFunction(() => navigator.serviceWorker?.controller != null);
	const t = (await (await page.request.get('/sq/offline/texts.json')).json()).texts as Texts;
	await open(page, coursePath('sq', COURSE.slug));
	await page.locator(`main a[href$="/courses/${COURSE.slug}/offline"]`).first().click();
	await expect(page).toHaveURL(new RegExp(`/sq/offline\\?saved=${COURSE.slug}$`));
	await expect(page.getByRole('status').filter({ hasText: t.saved })).toBeVisible();
	await offline(context, true);
	const lesson = M1.lessons[1];
	await page.goto(lessonPath('sq', COURSE.slug, M1.slug, lesson.slug));
	await expect(h1(page)).toHaveText(lesson.title('sq'));
	await expect(page.locator('main > .saved-copy').first()).toContainText(lead(t.savedCopy));
	await offline(context, false);
});

test('a saved course can be removed from the device', async ({ page, context }) => {
	await learnerWithWorker(page);
	const t = await texts(page);
	await saveCourse(page, t);
	await page.getByRole('button', { name: new RegExp(lead(t.remove)) }).click();
	await expect(page).toHaveURL(new RegExp(`/en/offline\\?removed=${COURSE.slug}$`));
	await expect(page.getByRole('status').filter({ hasText: t.removed })).toBeVisible();
	await expect(page.getByText(t.nothingSaved)).toBeVisible();
	await offline(context, true);
	await page.goto(LESSONS[1].path);
	await expect(page.getByText(t.offlinePage)).toBeVisible();
	await offline(context, false);
});

test('a lesson page ships one script, the worker’s registration, under 1 KB', async ({ page }) => {
	await learnerWithWorker(page);
	const html = await (await page.request.get(LESSONS[0].path)).text();
	const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
	expect(scripts).toHaveLength(1);
	expect(scripts[0]).toMatch(/src="[^"]*\/sw-register\.js"/);
	const script = await page.request.get('/sw-register.js');
	expect(script.status()).toBe(200);
	expect((await script.body()).byteLength).toBeLessThan(1024);
});

test.describe('without the worker', () => {
	test.use({ serviceWorkers: 'block' });

	test('the save link explains what is needed', async ({ page }) => {
		await signUpLearner(page, 'en', 'offline');
		await enrolFromList(page, COURSE);
		const response = await page.goto(`${COURSE_PATH}/offline`);
		expect(response?.status()).toBe(200);
		await expect(page).toHaveURL(new RegExp(`${COURSE_PATH}/offline$`));
		await expect(page.getByRole('status')).toHaveText(msg('en', 'offline_save_needs'));
		// And "Send now" without a worker says this browser keeps nothing.
		await open(page, '/en/offline');
		await expect(page.locator('#offline-device')).toContainText(msg('en', 'offline_device_none'));
	});
});
