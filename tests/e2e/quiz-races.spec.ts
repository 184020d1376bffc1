// Quiz submissions that arrive together: many posts whose bodies come in slowly (the server has
// already looked at the learner's state when the answers arrive), and two tabs of the same quiz page.
// The quiz's rules must hold for all of them: one attempt when one is allowed, one attempt per page.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { expect, test } from '@playwright/test';
import { importTestCourse } from './authoring-helpers';
import { courseWith, learnerAtQuiz } from './quiz-helpers';
import { ATTEMPT_URL, answerQuiz, attemptLinks, msg, open, submitButton } from './learning-helpers';

/**
 * A form post as a browser sends it, but with the body sent in two halves some time apart, so that
 * every post of a batch is inside the server before any answer has arrived.
 */
function slowPost(
	url: string,
	cookie: string,
	body: string
): Promise<{ status: number; location: string; text: string }> {
	return new Promise((resolve, reject) => {
		const target = new URL(url);
		const request = http.request(
			target,
			{
				method: 'POST',
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': Buffer.byteLength(body),
					accept: 'text/html',
					origin: target.origin,
					cookie
				}
			},
			(response) => {
				let text = '';
				response.setEncoding('utf8');
				response.on('data', (chunk: string) => (text += chunk));
				response.on('end', () =>
					resolve({ status: response.statusCode ?? 0, location: String(response.headers.location ?? ''), text })
				);
			}
		);
		request.on('error', reject);
		const half = Math.floor(body.length / 2);
		request.write(body.slice(0, half));
		setTimeout(() => request.end(body.slice(half)), 1500);
	});
}

test('30 slow submissions of a one-attempt quiz at once store one attempt', async ({ browser, page, baseURL }) => {
	const course = await importTestCourse(browser, courseWith('max_attempts: 1\nwait_minutes: 0'));
	const quiz = await learnerAtQuiz(page, course);
	const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

	// Thirty views of the quiz page (as thirty tabs would be), each answered wrongly; half of them
	// sent with a submission key of their own, as a script could.
	const forms = await Promise.all(
		Array.from({ length: 30 }, async (_, i) => {
			const html = await (await page.request.get(quiz)).text();
			const submission =
				i % 2 ? randomBytes(16).toString('hex') : /name="submission" value="([a-f0-9]{32})"/.exec(html)?.[1];
			const version = /name="version" value="(\d+)"/.exec(html)?.[1];
			// Options are posted by their id: the one labelled "Green" (a wrong answer).
			const green = /name="q\.sky-colour" value="([^"]+)"[^>]*>\s*Green</.exec(html)?.[1];
			expect(submission && version && green, 'the quiz form').toBeTruthy();
			return new URLSearchParams({
				submission: submission!,
				version: version!,
				'q.sky-colour': green!,
				'q.water-wet': 'false'
			}).toString();
		})
	);
	const responses = await Promise.all(forms.map((body) => slowPost(new URL(quiz, baseURL).href, cookie, body)));

	const stored = responses.filter((r) => r.status === 303);
	const refused = responses.filter((r) => r.status !== 303);
	expect(stored.length, 'at least one post lands on the attempt').toBeGreaterThan(0);
	expect(
		new Set(stored.map((r) => r.location)).size,
		'every post that was answered with an attempt got the same one'
	).toBe(1);
	expect(stored[0].location).toMatch(ATTEMPT_URL);
	for (const r of refused) {
		expect(r.status).toBe(403);
		expect(r.text).toContain(msg('en', 'quiz_error_exhausted'));
	}

	await open(page, quiz);
	await expect(attemptLinks(page)).toHaveCount(1);
	await expect(page.getByText(msg('en', 'quiz_attempts_used', { used: 1, max: 1 }), { exact: false })).toBeVisible();
	await expect(page.getByText(msg('en', 'quiz_no_attempts_left'))).toBeVisible();
});

test('two tabs of the same quiz page that both fail store one attempt and show the same result', async ({
	browser,
	page
}) => {
	const course = await importTestCourse(browser, courseWith('wait_minutes: 0'));
	const quiz = await learnerAtQuiz(page, course);
	const second = await page.context().newPage();
	await open(second, quiz);
	for (const tab of [page, second]) await answerQuiz(tab, course.quiz, 'wrong');

	await Promise.all([page, second].map((tab) => submitButton(tab).click()));
	await expect(page).toHaveURL(ATTEMPT_URL);
	await expect(second).toHaveURL(ATTEMPT_URL);
	expect(second.url()).toBe(page.url());

	await open(page, quiz);
	await expect(attemptLinks(page)).toHaveCount(1);
	await expect(page.getByText(msg('en', 'quiz_attempts_used_unlimited', { used: 1 }), { exact: false })).toBeVisible();
});
