// Volunteer certificates (issue 18) as their holder and an outside verifier see them. Hours are put
// into the test server's database directly (the CSO's confirmation pages are another journey);
// opening /volunteer/certificates issues what the confirmed hours have earned. Then the verify page
// (anonymous, with JavaScript and without), the PDF, and the signed credential checked with jose
// alone against the key its `kid` names, as in certificates-verifier.spec.ts.
import { mkdirSync } from 'node:fs';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { extractText, getDocumentProxy } from 'unpdf';
import { withDb } from './db';
import { h1, msg, open, signUpLearner, type Learner, type Locale } from './learning-helpers';
import {
	COORDINATOR,
	DEMO_WOMEN,
	DEMO_YOUTH,
	certificateCard,
	fact,
	newPage,
	openCertificates,
	sessionAs
} from './cert-helpers';

const SHOTS = '/tmp/shots/recognition';
const CODE = /[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}/;

type Json = Record<string, any>;

/** Runs `fn` on the database of the server at `baseURL` (tests/e2e/db.ts). */
function database<T>(baseURL: string | undefined, fn: Parameters<typeof withDb<T>>[0]): Promise<T> {
	return withDb(fn, Number(new URL(baseURL!).port));
}

/** Hours rows for an account, as an organisation's confirmation (or a volunteer's log) leaves them. */
function seedHours(
	baseURL: string | undefined,
	email: string,
	rows: { organisation: string; minutes: number; status: 'confirmed' | 'logged' | 'rejected' }[]
): Promise<number> {
	return database(baseURL, async (db) => {
		const user = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
		for (const r of rows) {
			await db
				.insertInto('volunteer_hours')
				.values((eb) => ({
					user_id: user.id,
					organisation_id: eb.selectFrom('organisations').select('id').where('name', '=', r.organisation),
					worked_on: '2026-11-20',
					minutes: r.minutes,
					status: r.status,
					logged_by: user.id,
					confirmed_at: r.status === 'confirmed' ? Date.now() : null,
					created_at: Date.now()
				}))
				.execute();
		}
		return user.id;
	});
}

function noticesOf(
	baseURL: string | undefined,
	userId: number
): Promise<{ kind: string; params: string; link: string }[]> {
	return database(baseURL, (db) =>
		db.selectFrom('notices').select(['kind', 'params', 'link']).where('user_id', '=', userId).orderBy('id').execute()
	);
}

async function verifyAsOutsider(request: APIRequestContext, jws: string): Promise<Json> {
	const header = decodeProtectedHeader(jws) as Json;
	expect(header.alg).toBe('ES256');
	expect(header.kid).toMatch(/^https?:\/\/[^/]+\/.+/);
	const keyResponse = await request.get(header.kid);
	expect(keyResponse.status()).toBe(200);
	const jwk = (await keyResponse.json()) as JWK;
	expect(jwk.d).toBeUndefined();
	const { payload } = await compactVerify(jws, await importJWK(jwk, 'ES256'));
	return JSON.parse(new TextDecoder().decode(payload));
}

async function pdfText(bytes: Buffer): Promise<string> {
	const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
	return text.replace(/\s+/g, ' ');
}

/** The volunteer's list: the certificate cards, each with its code. */
async function openList(page: Page, locale: Locale = 'en') {
	const response = await open(page, `/${locale}/volunteer/certificates`);
	expect(response?.status()).toBe(200);
	await expect(h1(page)).toHaveText(msg(locale, 'vcert_list_title'));
}

async function codeOf(page: Page, hours: number, locale: Locale = 'en'): Promise<string> {
	const card = page
		.getByRole('article')
		.filter({ has: page.getByRole('heading', { name: msg(locale, 'vcert_name', { hours }), exact: true }) });
	await expect(card).toHaveCount(1);
	return CODE.exec((await card.locator('code').textContent()) ?? '')![0];
}

async function shoot(page: Page, name: string) {
	mkdirSync(SHOTS, { recursive: true });
	for (const width of [360, 1280]) {
		await page.setViewportSize({ width, height: 800 });
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow, `${name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
		await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
	}
}

test('confirmed hours earn a volunteer certificate that anyone can verify, print and check offline', async ({
	page,
	browser,
	request,
	baseURL
}) => {
	test.setTimeout(120_000);
	const volunteer: Learner = await signUpLearner(page, 'en', 'vcert');

	// Before the 20th confirmed hour: progress, no certificate. Logged hours do not count.
	const userId = await seedHours(baseURL, volunteer.email, [
		{ organisation: DEMO_YOUTH, minutes: 12 * 60, status: 'confirmed' },
		{ organisation: DEMO_WOMEN, minutes: 10 * 60, status: 'logged' }
	]);
	await openList(page);
	await expect(page.getByText(msg('en', 'vcert_progress', { done: 12, next: 20 }), { exact: true })).toBeVisible();
	await expect(page.getByText(msg('en', 'vcert_none'))).toBeVisible();

	await seedHours(baseURL, volunteer.email, [{ organisation: DEMO_WOMEN, minutes: 9 * 60, status: 'confirmed' }]);
	await openList(page);
	await expect(page.getByText(msg('en', 'vcert_progress', { done: 21, next: 50 }), { exact: true })).toBeVisible();
	const code = await codeOf(page, 20);
	await expect(
		page.getByText(`${msg('en', 'vcert_verify_organisations')}: ${DEMO_YOUTH}, ${DEMO_WOMEN}`)
	).toBeVisible();
	// Opening the page again issues nothing more, and the holder was told once.
	await openList(page);
	await expect(page.getByRole('article')).toHaveCount(1);
	const told = (await noticesOf(baseURL, userId)).filter((n) => n.kind === 'certificate-issued');
	expect(told).toEqual([
		{ kind: 'certificate-issued', params: JSON.stringify({ hours: 20, code }), link: `/verify/${code}` }
	]);
	await shoot(page, 'volunteer-certificates');

	// An anonymous visitor verifies it: a volunteer certificate, the hours, the organisations, no course.
	const visitor = await newPage(browser);
	await open(visitor.page, `/en/verify/${code}`);
	await expect(h1(visitor.page)).toHaveText(msg('en', 'vcert_title'));
	await expect(visitor.page.getByRole('status')).toHaveText(msg('en', 'verify_valid'));
	await expect(fact(visitor.page, msg('en', 'verify_learner'))).toHaveText(volunteer.name);
	await expect(fact(visitor.page, msg('en', 'vcert_verify_hours'))).toHaveText(
		msg('en', 'vcert_hours_value', { hours: 20 })
	);
	await expect(fact(visitor.page, msg('en', 'vcert_verify_organisations'))).toContainText(DEMO_YOUTH);
	await expect(fact(visitor.page, msg('en', 'vcert_verify_organisations'))).toContainText(DEMO_WOMEN);
	await expect(fact(visitor.page, msg('en', 'verify_course'))).toHaveCount(0);
	await expect(visitor.page.getByText(msg('en', 'verify_signature_ok'), { exact: true })).toBeVisible();
	await shoot(visitor.page, 'verify-volunteer');

	// The PDF, downloaded from the verify page.
	const [download] = await Promise.all([
		visitor.page.waitForEvent('download'),
		visitor.page.getByRole('link', { name: msg('en', 'verify_download_pdf') }).click()
	]);
	const pdfPath = test.info().outputPath('volunteer.pdf');
	await download.saveAs(pdfPath);
	const { readFileSync } = await import('node:fs');
	const text = await pdfText(readFileSync(pdfPath));
	expect(text).toContain(msg('en', 'vcert_title'));
	expect(text).toContain(volunteer.name);
	expect(text).toContain(msg('en', 'vcert_name', { hours: 20 }));
	expect(text).toContain(DEMO_YOUTH);
	expect(text).toContain(code);
	await visitor.context.close();

	// The signed credential, checked as an outsider: a CommunityService achievement of 20 hours.
	const jws = await (await request.get(`/en/verify/${code}/credential.jwt`)).text();
	const credential = await verifyAsOutsider(request, jws.trim());
	expect(credential.type).toEqual(expect.arrayContaining(['VerifiableCredential', 'OpenBadgeCredential']));
	expect(credential.credentialSubject.name).toBe(volunteer.name);
	expect(credential.credentialSubject.achievement).toMatchObject({
		achievementType: 'CommunityService',
		name: msg('en', 'vcert_name', { hours: 20 })
	});
	expect(credential.credentialSubject.achievement.criteria.narrative).toContain(DEMO_WOMEN);
	expect(credential.credentialSubject.result[0].value).toBe('20');
	expect(JSON.stringify(credential)).not.toContain(volunteer.email);

	// Coordinators find it among the certificates.
	const coordinator = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password);
	await openCertificates(coordinator.page, code);
	await expect(certificateCard(coordinator.page, code)).toContainText(
		`${msg('en', 'vcert_kind')}: ${msg('en', 'vcert_name', { hours: 20 })}`
	);
	await coordinator.context.close();
});

test('the certificates page is for signed-in people, and shows each only their own', async ({
	page,
	browser,
	baseURL
}) => {
	const anonymous = await newPage(browser);
	await anonymous.page.goto('/en/volunteer/certificates');
	await expect(anonymous.page).toHaveURL(/\/en\/signin\?next=%2Fvolunteer%2Fcertificates$/);
	await anonymous.context.close();

	const first = await signUpLearner(page, 'en', 'vcert-own');
	await seedHours(baseURL, first.email, [{ organisation: DEMO_YOUTH, minutes: 20 * 60, status: 'confirmed' }]);
	await openList(page);
	const code = await codeOf(page, 20);

	const other = await newPage(browser);
	await signUpLearner(other.page, 'en', 'vcert-other');
	await openList(other.page);
	await expect(other.page.getByText(msg('en', 'vcert_none'))).toBeVisible();
	await expect(other.page.getByText(code)).toHaveCount(0);
	await expect(other.page.getByText(msg('en', 'vcert_progress', { done: 0, next: 20 }), { exact: true })).toBeVisible();
	await other.context.close();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('an Albanian volunteer gets the certificate in Albanian; the verify page reads in Cyrillic', async ({
		page,
		browser,
		request,
		baseURL
	}) => {
		const volunteer = await signUpLearner(page, 'sq', 'vcert-nojs');
		await seedHours(baseURL, volunteer.email, [
			{ organisation: DEMO_YOUTH, minutes: 30 * 60, status: 'confirmed' },
			{ organisation: DEMO_WOMEN, minutes: 25 * 60, status: 'confirmed' },
			{ organisation: DEMO_WOMEN, minutes: 60 * 60, status: 'rejected' }
		]);
		await openList(page, 'sq');
		await expect(page.getByText(msg('sq', 'vcert_progress', { done: 55, next: 100 }), { exact: true })).toBeVisible();
		const code20 = await codeOf(page, 20, 'sq');
		const code50 = await codeOf(page, 50, 'sq');
		expect(code20).not.toBe(code50);
		// The PDF link works without scripts and prints in the language it was issued in.
		const href = await page
			.getByRole('article')
			.filter({ hasText: code50 })
			.getByRole('link', { name: msg('sq', 'vcert_download_pdf') })
			.getAttribute('href');
		const pdf = await request.get(href!);
		expect(pdf.status()).toBe(200);
		expect(pdf.headers()['content-type']).toBe('application/pdf');
		const text = await pdfText(await pdf.body());
		expect(text).toContain(msg('sq', 'vcert_title'));
		expect(text).toContain(msg('sq', 'vcert_name', { hours: 50 }));
		expect(text).toContain(DEMO_YOUTH);

		const visitor = await newPage(browser, { javaScriptEnabled: false });
		await open(visitor.page, `/sr-Cyrl/verify/${code50}`);
		await expect(h1(visitor.page)).toHaveText(msg('sr-Cyrl', 'vcert_title'));
		await expect(fact(visitor.page, msg('sr-Cyrl', 'vcert_verify_hours'))).toHaveText(
			msg('sr-Cyrl', 'vcert_hours_value', { hours: 50 })
		);
		await expect(fact(visitor.page, msg('sr-Cyrl', 'verify_course'))).toHaveCount(0);
		await visitor.context.close();
	});
});
