// Learning without a connection, where the browser keeps nothing (JavaScript off, so no service
// worker): the pages explain what saving needs, and the server's half of the protocol (a device's
// steps sent to /offline/send) stores each step once and tells what it did not take.
import { expect, test, type Page } from '@playwright/test';
import {
	coursePath,
	enrolFromList,
	exactPath,
	h1,
	lessonPath,
	msg,
	open,
	postForm,
	readCourse,
	signUpLearner
} from './learning-helpers';

const COURSE = readCourse('getting-started');
const M1 = COURSE.modules[0];

test.use({ javaScriptEnabled: false });

/** The hidden fields of the lesson page's completion form (op, next). */
async function completionFields(page: Page): Promise<[string, string][]> {
	const form = page.locator('form[action="?/complete"]');
	const op = await form.locator('input[name="op"]').getAttribute('value');
	const next = await form.locator('input[name="next"]').getAttribute('value');
	expect(op).toMatch(/^[a-f0-9]{32}$/);
	return [
		['op', op!],
		['next', next!]
	];
}

function sendStep(page: Page, action: string, fields: [string, string][]) {
	return postForm(page, '/en/offline/send', [...fields, ['_action', action], ['_at', String(Date.now())]]);
}

test.describe('offline learning without a service worker (no JavaScript)', () => {
	test('the save page explains; steps a device sends are stored once, refusals are listed', async ({ page }) => {
		await signUpLearner(page, 'en', 'offnojs');
		await enrolFromList(page, COURSE);

		// The course page offers saving; without a worker the server explains what it needs.
		await open(page, coursePath('en', COURSE.slug));
		await page.getByRole('link', { name: msg('en', 'offline_save_link') }).click();
		await expect(page).toHaveURL(exactPath(`${coursePath('en', COURSE.slug)}/offline`));
		await expect(h1(page)).toHaveText(msg('en', 'offline_save_title', { course: COURSE.title('en') }));
		await expect(page.getByRole('status')).toHaveText(msg('en', 'offline_save_needs'));

		// The second lesson is locked online; saving fetches it with ?offline=1, as met in order.
		const second = lessonPath('en', COURSE.slug, M1.slug, M1.lessons[1].slug);
		await open(page, second);
		await expect(page).toHaveURL(exactPath(`${coursePath('en', COURSE.slug)}?locked=previous_lesson`));
		await open(page, `${second}?offline=1`);
		await expect(h1(page)).toHaveText(M1.lessons[1].title('en'));
		const secondFields = await completionFields(page);

		// Sent before the first lesson, the second is refused (locked) and nothing is stored for it.
		const secondAction = `${second}?/complete`;
		const early = await sendStep(page, secondAction, secondFields);
		expect(early.status()).toBe(200);
		expect(await early.json()).toMatchObject({ outcome: 'refused', reason: 'locked' });

		// The first lesson's completion, sent twice (a lost answer, then again): one completion.
		const first = lessonPath('en', COURSE.slug, M1.slug, M1.lessons[0].slug);
		await open(page, first);
		const firstFields = await completionFields(page);
		const sent = await sendStep(page, `${first}?/complete`, firstFields);
		const again = await sendStep(page, `${first}?/complete`, firstFields);
		expect(await sent.json()).toMatchObject({
			outcome: 'done',
			duplicate: false,
			message: msg('en', 'offline_done_lesson')
		});
		expect(await again.json()).toMatchObject({ outcome: 'done', duplicate: true });
		// Sent again now, the second lesson is taken (its refusal is looked at again).
		expect(await (await sendStep(page, secondAction, secondFields)).json()).toMatchObject({ outcome: 'done' });

		await open(page, coursePath('en', COURSE.slug));
		await expect(
			page.getByText(msg('en', 'course_percent_done', { percent: Math.round((100 * 2) / COURSE.units) }))
		).toBeVisible();

		// The device page lists what arrived: each lesson once, accepted.
		await open(page, '/en/offline');
		await expect(h1(page)).toHaveText(msg('en', 'offline_title'));
		await expect(page.locator('#offline-device')).toContainText(msg('en', 'offline_device_none'));
		const received = page.locator('ul.received > li');
		await expect(received).toHaveCount(2);
		await expect(received.filter({ hasText: M1.lessons[0].title('en') })).toContainText(
			msg('en', 'offline_outcome_done')
		);
		await expect(received.filter({ hasText: M1.lessons[1].title('en') })).toContainText(
			msg('en', 'offline_outcome_done')
		);
	});

	test('bad sends get a JSON answer, never a 500: signed out, another account, nonsense', async ({ page, browser }) => {
		await signUpLearner(page, 'en', 'offbad');
		await enrolFromList(page, COURSE);
		const first = lessonPath('en', COURSE.slug, M1.slug, M1.lessons[0].slug);
		const fields = await completionFields(page);

		const other = await sendStep(page, `${first}?/complete`, [...fields, ['_user', '999999999']]);
		expect(other.status()).toBe(409);
		expect(await other.json()).toMatchObject({ outcome: 'signin', reason: 'other_user' });

		for (const bad of [
			[['_action', `${first}?/complete`]],
			[
				['op', 'x'.repeat(5000)],
				['_action', `${first}?/complete`]
			],
			[
				['op', fields[0][1]],
				['_action', '/en/admin']
			],
			[
				['op', fields[0][1]],
				['_action', 'y'.repeat(600)]
			]
		] as [string, string][][]) {
			const response = await postForm(page, '/en/offline/send', bad);
			expect(response.status()).toBeLessThan(500);
			expect((await response.json()).outcome).toBe('refused');
		}

		// "Send now" reaching the server: no worker here, and the page says so.
		const sendNow = await postForm(page, '/en/offline', []);
		expect(sendNow.status()).toBe(303);
		expect(sendNow.headers()['location']).toBe('/en/offline?nosw=1');
		await open(page, '/en/offline?nosw=1');
		await expect(page.getByRole('status')).toHaveText(msg('en', 'offline_nosw'));

		// Signed out: 401, asking to sign in.
		const stranger = await browser.newContext({ javaScriptEnabled: false });
		const strangerPage = await stranger.newPage();
		await open(strangerPage, '/en/offline');
		const signedOut = await postForm(strangerPage, '/en/offline/send', [...fields, ['_action', `${first}?/complete`]]);
		expect(signedOut.status()).toBe(401);
		expect(await signedOut.json()).toMatchObject({ outcome: 'signin', message: msg('en', 'offline_signin') });
		await stranger.close();
	});
});
