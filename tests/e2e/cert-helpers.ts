// Helpers for the certificate and organisation-directory tests (certificates.spec.ts,
// certificates-nojs.spec.ts). They build on helpers.ts and learning-helpers.ts; texts come from
// messages/en.json and content/, never hard-coded. Every test makes its own accounts and
// organisations (unique names), since the tests share one database and run in two workers.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	expect,
	type APIResponse,
	type Browser,
	type BrowserContext,
	type BrowserContextOptions,
	type Locator,
	type Page,
	type TestInfo
} from '@playwright/test';
import { signIn, signUp } from './helpers';
import {
	answerQuiz,
	coursePath,
	enrolFromList,
	exactPath,
	expectResult,
	h1,
	lessonPath,
	msg,
	newLearner,
	open,
	quizPath,
	readCourse,
	readQuiz,
	submitButton,
	type Learner
} from './learning-helpers';
import { portfolioAccepted } from './assignment-helpers';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const COORDINATOR = { email: 'coordinator@example.org', password: 'civic-coordinator-demo' };
/** A demo learner of "Demo Women's Initiative". */
export const LEARNER2 = { email: 'learner2@example.org', password: 'civic-learner-demo' };
export const DEMO_YOUTH = 'Demo Youth Association';
export const DEMO_WOMEN = "Demo Women's Initiative";

// The outreach course: the getting-started tour issues no certificate. Its certificate also needs
// the portfolio accepted (assignment-helpers.ts).
export const COURSE = readCourse('outreach');
export const QUIZZES = COURSE.modules.map((mod) => readQuiz(COURSE, mod.slug));

/** A certificate code as the app makes them (no 0/O, 1/I/L). */
const CODE_CHARS = '[2-9A-HJKMNP-Z]';
export const CODE = new RegExp(`^${CODE_CHARS}{4}-${CODE_CHARS}{4}-${CODE_CHARS}{4}$`);
const CODE_IN_TEXT = new RegExp(`${CODE_CHARS}{4}-${CODE_CHARS}{4}-${CODE_CHARS}{4}`);

export const t = (key: string, params: Record<string, string | number> = {}) => msg('en', key, params);

/** A short tag that no other test uses (letters only, so it survives slugs and searches). */
export function uniqueTag(): string {
	const n = Date.now() * 1000 + Math.floor(Math.random() * 1000);
	return n
		.toString(36)
		.replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)])
		.slice(-8);
}

/** A new browser context with its own page (own cookies). */
export async function newPage(
	browser: Browser,
	options: BrowserContextOptions = {}
): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext(options);
	return { context, page: await context.newPage() };
}

/** A fresh context with someone signed in. */
export async function sessionAs(
	browser: Browser,
	email: string,
	password: string,
	options: BrowserContextOptions = {}
): Promise<{ context: BrowserContext; page: Page }> {
	const session = await newPage(browser, options);
	await signIn(session.page, email, password);
	return session;
}

// ---------------------------------------------------------------------------------------------
// Organisations and members

export interface NewOrganisation {
	id: number;
	name: string;
	municipality: string;
	description: string;
}

/** Creates an organisation as admin at /en/admin/organisations/new (the page must be an admin's). */
export async function createOrganisation(
	page: Page,
	values: { name: string; municipality: string; description: string }
): Promise<NewOrganisation> {
	await open(page, '/en/admin/organisations/new');
	await expect(h1(page)).toHaveText(t('org_new'));
	const main = page.getByRole('main');
	await main.getByLabel(t('org_name'), { exact: true }).fill(values.name);
	await main.getByLabel(t('org_municipality'), { exact: true }).fill(values.municipality);
	await main.getByLabel(t('org_description'), { exact: true }).fill(values.description);
	await main.getByRole('button', { name: t('org_create'), exact: true }).click();
	await expect(page).toHaveURL(/\/en\/admin\/organisations\/\d+\?saved=1$/);
	await expect(h1(page)).toHaveText(values.name);
	const id = Number(/\/organisations\/(\d+)\?/.exec(page.url())![1]);
	return { id, ...values };
}

/** A coordinator confirms someone's membership request under Coordinate (in a context of their own). */
export async function confirmMembership(browser: Browser, name: string): Promise<void> {
	const { context, page } = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password);
	await page.goto('/en/coordinate');
	await page.getByRole('button', { name: t('sec13_requests_confirm_label', { name }), exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: t('sec13_requests_confirmed') })).toBeVisible();
	await context.close();
}

/**
 * Signs up a new learner through /en/signup, choosing an organisation, and has a coordinator confirm
 * the membership (a sign-up alone is only a request); stays signed in.
 */
export async function signUpMember(page: Page, organisation: string, prefix = 'member'): Promise<Learner> {
	const learner = newLearner(prefix);
	await signUp(page, learner, organisation);
	await confirmMembership(page.context().browser()!, learner.name);
	return learner;
}

// ---------------------------------------------------------------------------------------------
// The outreach course

/** Answers the module quiz open in the page all right, submits it and checks the result page. */
export async function passQuizInPage(page: Page, moduleIndex: number): Promise<void> {
	const paper = await answerQuiz(page, QUIZZES[moduleIndex], 'right');
	await submitButton(page).click();
	await expectResult(page, paper, 'right', COURSE.modules[moduleIndex].title());
}

/**
 * Enrols the signed-in learner in the outreach course and finishes it: the portfolio handed in and
 * accepted by the demo trainer (through the forms, once every module is open), every lesson marked complete (its form, posted
 * as a browser without JavaScript does, to keep the run short), every quiz answered in the browser.
 * Only the last quiz completes the course: its result page announces the certificate and links to
 * it. Ends on the course page; returns the path of that result page.
 */
/** Completes every lesson of the outreach module at `index` (posted as a browser without JavaScript does). */
async function completeLessons(page: Page, index: number): Promise<void> {
	const mod = COURSE.modules[index];
	for (const lesson of mod.lessons) {
		const done = await postHtmlForm(page, `${lessonPath('en', COURSE.slug, mod.slug, lesson.slug)}?/complete`, []);
		expect(done.status(), `lesson ${lesson.slug}`).toBe(303);
	}
}

/** Opens an outreach module for an enrolled learner: every module before it done (lessons and quiz). */
export async function openModule(page: Page, moduleSlug: string): Promise<void> {
	const index = COURSE.modules.findIndex((m) => m.slug === moduleSlug);
	for (let i = 0; i < index; i++) {
		await completeLessons(page, i);
		await open(page, quizPath('en', COURSE.slug, COURSE.modules[i].slug));
		await passQuizInPage(page, i);
	}
}

export async function finishCourse(page: Page): Promise<string> {
	await enrolFromList(page, COURSE);
	let lastResult = '';
	for (let i = 0; i < COURSE.modules.length; i++) {
		await completeLessons(page, i);
		// A hand-in needs its module open: with the last module open, every assignment can be handed in.
		if (!COURSE.modules[i + 1]) await portfolioAccepted(page.context().browser()!, page, COURSE);
		await open(page, quizPath('en', COURSE.slug, COURSE.modules[i].slug));
		await passQuizInPage(page, i);
		if (COURSE.modules[i + 1]) {
			await expect(page.getByText(t('certificate_issued_notice'), { exact: true })).toHaveCount(0);
		} else {
			// The last quiz completes the course: its result page says the certificate is earned.
			lastResult = new URL(page.url()).pathname;
			await expectCertificateAnnounced(page, 'en');
			await page
				.getByRole('main')
				.getByRole('link', { name: t('course_completed'), exact: true })
				.click();
		}
	}
	await expect(page).toHaveURL(exactPath(coursePath('en', COURSE.slug)));
	await expect(h1(page)).toHaveText(COURSE.title());
	await expect(page.getByText(t('course_completed'), { exact: true })).toBeVisible();
	return lastResult;
}

/** The open quiz result page announces the certificate, in `locale`, with a link to its verify page. */
export async function expectCertificateAnnounced(
	page: Page,
	locale: 'en' | 'sq' | 'sr-Latn' | 'sr-Cyrl'
): Promise<string> {
	const status = page.getByRole('status');
	await expect(status).toContainText(msg(locale, 'certificate_issued_notice'));
	const label = escapeRegExp(msg(locale, 'cred_certificate_earned_link', { code: '@@' })).replace(
		'@@',
		`(${CODE_IN_TEXT.source})`
	);
	const link = status.getByRole('link', { name: new RegExp(`^${label}$`) });
	await expect(link).toBeVisible();
	const code = new RegExp(label).exec((await link.textContent()) ?? '')?.[1] ?? '';
	await expect(link).toHaveAttribute('href', `/${locale}/verify/${code}`);
	return code;
}

/** The certificate link on the course page ("Your certificate: CODE"). */
export function courseCertificateLink(page: Page): Locator {
	return page
		.getByRole('main')
		.getByRole('link', { name: new RegExp(`^${escapeRegExp(t('learning_certificate'))}: `) });
}

/** Reads the learner's certificate code from the course page (which must be open). */
export async function certificateCodeOnCoursePage(page: Page): Promise<string> {
	const link = courseCertificateLink(page);
	await expect(link).toBeVisible();
	const text = (await link.textContent()) ?? '';
	const code = CODE_IN_TEXT.exec(text)?.[0];
	expect(code, `a certificate code in "${text}"`).toMatch(CODE);
	return code!;
}

// ---------------------------------------------------------------------------------------------
// Verification pages

export const verifyPath = (code: string, locale = 'en') => `/${locale}/verify/${code}`;

/** A fact of the verify page's list (the <dd> after the <dt> with this label). */
export function fact(page: Page, label: string): Locator {
	return page
		.getByRole('main')
		.locator('dl dt')
		.filter({ hasText: new RegExp(`^${escapeRegExp(label)}$`) })
		.locator('xpath=following-sibling::dd[1]');
}

/** The verify page says the certificate is valid and names the holder. */
export async function expectValid(
	page: Page,
	recipient: string,
	kind: 'learner' | 'organisation' = 'learner'
): Promise<void> {
	await expect(h1(page)).toHaveText(t(kind === 'organisation' ? 'verify_kind_organisation' : 'verify_kind_learner'));
	await expect(page.getByRole('status')).toHaveText(t('verify_valid'));
	await expect(page.getByRole('main').getByText(recipient, { exact: true })).toBeVisible();
	await expect(page.getByText(t('verify_signature_ok'), { exact: true })).toBeVisible();
}

/** The verify page says the certificate was revoked, with the reason, and never that it is valid. */
export async function expectRevoked(page: Page, reason: string): Promise<void> {
	const status = page.getByRole('status');
	await expect(status).toContainText(new RegExp(`^${escapeRegExp(t('verify_revoked')).replace('\\{date\\}', '.+')}`));
	await expect(status).toContainText(t('verify_revoked_reason', { reason }));
	await expect(page.getByText(t('verify_valid'), { exact: true })).toHaveCount(0);
}

/** The error page for an unknown certificate (status, language and its localised heading). */
export async function expectNotFoundPage(
	page: Page,
	response: Awaited<ReturnType<Page['goto']>>,
	locale: 'en' | 'sq' | 'sr-Latn' | 'sr-Cyrl' = 'en'
): Promise<void> {
	expect(response?.status(), page.url()).toBe(404);
	await expect(page.locator('html')).toHaveAttribute('lang', locale);
	await expect(h1(page)).toHaveText(msg(locale, 'verify_not_found_title'));
	await expect(page.getByText(msg(locale, 'verify_not_found'))).toBeVisible();
	await expect(page.getByRole('link', { name: msg(locale, 'error_home'), exact: true })).toBeVisible();
}

// ---------------------------------------------------------------------------------------------
// Coordinators

/** The card of a certificate on /en/coordinate/certificates. */
export function certificateCard(page: Page, code: string): Locator {
	return page
		.getByRole('main')
		.getByRole('article')
		.filter({ has: page.getByRole('link', { name: code, exact: true }) });
}

/** Opens the coordinator's certificate list filtered by a code (or name). */
export async function openCertificates(page: Page, query: string): Promise<void> {
	await open(page, `/en/coordinate/certificates?q=${encodeURIComponent(query)}`);
	await expect(h1(page)).toHaveText(t('certificates_title'));
}

/** Fills the reason of a certificate card and presses Revoke; returns the POST's response. */
export async function submitRevoke(
	page: Page,
	code: string,
	reason: string
): Promise<import('@playwright/test').Response> {
	const card = certificateCard(page, code);
	await card.getByRole('textbox', { name: t('certificates_revoke_reason'), exact: true }).fill(reason);
	// Revoking takes a confirm page (issue 20): the card's button leads there, its button revokes.
	await card.getByRole('button', { name: t('certificates_revoke'), exact: true }).click();
	const confirm = page.getByRole('button', { name: t('coh_revoke_confirm'), exact: true });
	await confirm.waitFor();
	const [response] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/coordinate/certificates')),
		confirm.click()
	]);
	return response;
}

/** The card of an organisation under a course on /en/coordinate. */
export function eligibleCard(page: Page, organisation: string): Locator {
	const section = page
		.getByRole('main')
		.locator('section')
		.filter({ has: page.getByRole('heading', { level: 2, name: COURSE.title(), exact: true }) });
	return section
		.getByRole('article')
		.filter({ has: page.getByRole('heading', { level: 3, name: organisation, exact: true }) });
}

// ---------------------------------------------------------------------------------------------
// Directory

export function directoryCard(page: Page, organisation: string): Locator {
	return page
		.getByRole('main')
		.getByRole('article')
		.filter({ has: page.getByRole('heading', { level: 2, name: organisation, exact: true }) });
}

/** Searches the public directory through its form (works with and without JavaScript). */
export async function searchDirectory(page: Page, query: string): Promise<void> {
	const box = page.getByRole('searchbox', { name: t('directory_search'), exact: true });
	await box.fill(query);
	await page
		.getByRole('search')
		.getByRole('button', { name: t('search'), exact: true })
		.click();
	await expect(page).toHaveURL((url) => url.pathname === '/en/organisations' && url.searchParams.get('q') === query);
	await expect(box).toHaveValue(query);
}

// ---------------------------------------------------------------------------------------------
// Raw requests and files

/**
 * Posts a form as a browser without JavaScript would (the page's cookies and Origin, Accept:
 * text/html, no redirects followed), so the HTTP status is the action's own.
 */
export async function postHtmlForm(page: Page, url: string, fields: [string, string][]): Promise<APIResponse> {
	const origin = new URL(page.url()).origin;
	return page.request.post(new URL(url, origin).href, {
		headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
		data: new URLSearchParams(fields).toString(),
		maxRedirects: 0
	});
}

/** Clicks a download link and saves the file under the test's output folder; returns its path. */
export async function downloadFrom(
	page: Page,
	link: Locator,
	testInfo: TestInfo
): Promise<{ path: string; suggested: string }> {
	const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
	const suggested = download.suggestedFilename();
	const path = testInfo.outputPath(suggested);
	await download.saveAs(path);
	expect(await download.failure()).toBeNull();
	return { path, suggested };
}

export function readBytes(path: string): Buffer {
	return readFileSync(path);
}

/** The decoded payload of a compact JWS. */
export function jwtPayload(token: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(token.trim().split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Runs `npx tsx src/cli/verify-credential.ts <credential> --jwks <jwks>`; returns its exit code and output. */
export function runVerifyCredential(
	credentialPath: string,
	jwksPath: string
): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile(
			'npx',
			['tsx', join('src', 'cli', 'verify-credential.ts'), credentialPath, '--jwks', jwksPath],
			{ cwd: ROOT },
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				resolve({ code, stdout: String(stdout), stderr: String(stderr) });
			}
		);
	});
}

export function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
