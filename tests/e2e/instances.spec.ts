// Two instances of the app on one database (issue 22): the e2e server of this port (A) and a second
// server started here from the same build (B), with the same database (DATABASE_URL on PostgreSQL;
// on SQLite both processes share the file in WAL mode). Whatever one instance writes, the other must
// see at once: a learner's progress, a session ended, and the failed sign-ins that lead to the lock.
// Nothing may live only in one process's memory.
//
// Cookies belong to a host, not to a port: one browser context carries the same session cookie to
// http://localhost:A and http://localhost:B, as a load balancer in front of two instances would.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import {
	answerQuiz,
	completeModuleLessons,
	coursePath,
	enrolFromList,
	expectResult,
	h1,
	lessonPath,
	msg,
	open,
	readCourse,
	readQuiz,
	signInAs,
	signUpLearner,
	submitButton
} from './learning-helpers';
import { signOut } from './helpers';
import { FORM_HEADERS, formBody, freshLoopback, msg as text, rawRequest, signUp, tag } from './security-helpers';
import { serverDatabaseEnv } from './server-db';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PORT_A = Number(process.env.E2E_PORT ?? 4173);
// Derived from this run's port, so that runs on different ports never meet.
const PORT_B = PORT_A + 1000;
const A = `http://localhost:${PORT_A}`;
const B = `http://localhost:${PORT_B}`;

const COURSE = readCourse('getting-started');
const M1 = COURSE.modules[0];
const QUIZ1 = readQuiz(COURSE, M1.slug);
const percent = (unitsDone: number) => Math.round((100 * unitsDone) / COURSE.units);

let second: ChildProcess | undefined;
const log: string[] = [];

test.beforeAll(async () => {
	test.setTimeout(120_000);
	// The same build and settings as the e2e server (src/cli/e2e-server.ts, src/cli/start.js), without
	// the preparation: the database is already migrated and holds the demo data.
	second = spawn(process.execPath, [join(ROOT, 'build', 'index.js')], {
		cwd: ROOT,
		env: {
			...process.env,
			...serverDatabaseEnv(PORT_A),
			PORT: String(PORT_B),
			ORIGIN: B,
			DEMO: 'on',
			SIGNUP_LIMIT: '100000',
			BODY_SIZE_LIMIT: '12M',
			KEEP_ALIVE_TIMEOUT: '65',
			HEADERS_TIMEOUT: '66'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	second.stdout?.on('data', (c: Buffer) => log.push(c.toString()));
	second.stderr?.on('data', (c: Buffer) => log.push(c.toString()));
	const exited = new Promise<never>((_, reject) =>
		second!.once('exit', (code) => reject(new Error(`instance B exited (${code}):\n${log.join('')}`)))
	);
	const up = (async () => {
		for (;;) {
			const status = await fetch(`${B}/en`).then(
				(r) => r.status,
				() => 0
			);
			if (status === 200) return;
			await new Promise((r) => setTimeout(r, 250));
		}
	})();
	await Promise.race([up, exited]);
});

test.afterAll(async () => {
	if (!second || second.exitCode !== null) return;
	const gone = new Promise((resolve) => second!.once('exit', resolve));
	second.kill('SIGTERM');
	await gone;
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a learner signs in on A, completes lessons and passes a quiz on B, and A and B show the same progress', async ({
		page
	}) => {
		const learner = await signUpLearner(page, 'en', 'instances');
		await signOut(page);
		await signInAs(page, learner.email, learner.password);
		await enrolFromList(page, COURSE);

		// On B, with the session A made: B has never seen it but finds it in the shared database.
		await open(page, `${B}${lessonPath('en', COURSE.slug, M1.slug, M1.lessons[0].slug)}`);
		expect(new URL(page.url()).port).toBe(String(PORT_B));
		await completeModuleLessons(page, COURSE, 0);
		await answerQuiz(page, QUIZ1, 'right');
		await submitButton(page).click();
		await expectResult(page, QUIZ1, 'right', M1.title());
		expect(new URL(page.url()).port).toBe(String(PORT_B));

		// The lessons and the quiz done on B count on both.
		const done = percent(M1.lessons.length + 1);
		for (const origin of [A, B]) {
			await open(page, `${origin}${coursePath('en', COURSE.slug)}`);
			await expect(h1(page)).toHaveText(COURSE.title('en'));
			await expect(
				page.getByRole('progressbar', { name: msg('en', 'course_percent_done', { percent: done }) }),
				origin
			).toHaveAttribute('aria-valuenow', String(done));
		}
	});
});

test('a session ended on A is refused on B', async ({ browser }) => {
	const here = await browser.newContext();
	const page = await here.newPage();
	const learner = await signUpLearner(page, 'en', 'instances-out');
	// A second browser context with the same cookie: it still holds the session after A ends it.
	const copy = await browser.newContext({ storageState: await here.storageState() });
	const other = await copy.newPage();
	await open(other, `${B}/en/account`);
	await expect(other).toHaveURL(`${B}/en/account`);
	await expect(other.getByText(learner.email).first()).toBeVisible();

	await signOut(page);

	await open(other, `${B}/en/account`);
	await expect(other).toHaveURL((url) => url.port === String(PORT_B) && url.pathname === '/en/signin');
	await expect(other.getByText(learner.email)).toHaveCount(0);
	await copy.close();
	await here.close();
});

test('failed sign-ins on A and on B add up to the lock', async () => {
	const t = tag();
	const owner = await signUp(`Instances owner ${t}`, `instances-${t}@example.test`, null);
	const { email, password } = owner.account!;
	await owner.dispose();
	const attacker = freshLoopback();
	const attempt = (port: number, pass: string, from: string) =>
		rawRequest({
			path: '/en/signin',
			port,
			headers: { ...FORM_HEADERS, Origin: `http://localhost:${port}` },
			body: formBody([
				['email', email],
				['password', pass]
			]),
			localAddress: from
		});

	// Five failures are allowed an account from one address (ACCOUNT_ADDRESS_RULE in
	// src/lib/server/auth/throttle.ts): three on A and two on B are each checked and refused...
	for (const port of [PORT_A, PORT_B, PORT_A, PORT_B, PORT_A])
		expect((await attempt(port, 'not the password, surely', attacker)).status, `a wrong password on ${port}`).toBe(400);
	// ...and then both instances lock that address out, even with the right password.
	for (const port of [PORT_B, PORT_A]) {
		const locked = await attempt(port, password, attacker);
		expect(locked.status, `the right password on ${port}`).toBe(429);
		expect(locked.body).toContain(text('signin_throttled', { minutes: 1 }));
	}
	// The owner, from another address, still signs in on B.
	const own = await attempt(PORT_B, password, freshLoopback());
	expect(own.status).toBe(303);
	expect(String(own.headers.location)).not.toContain('/signin');
});
