// Certificates and the public organisation directory, with JavaScript on: a learner earns the
// outreach certificate (the portfolio accepted first), downloads the PDF and the signed credential (checked offline with the
// verify-credential tool), anyone can verify it, a coordinator revokes it; unknown codes are 404s;
// learners cannot use the coordinator's actions; an organisation with two certified members is
// approved, shows as Certified in the directory, and only its own members (not other learners) can
// edit its profile.
import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { ADMIN, LEARNER1, ready, reload, signIn } from './helpers';
import { courseCard, exactPath, h1, open } from './learning-helpers';
import { organisationPlanAccepted } from './assignment-helpers';
import {
	CODE,
	COORDINATOR,
	COURSE,
	DEMO_WOMEN,
	DEMO_YOUTH,
	LEARNER2,
	certificateCard,
	certificateCodeOnCoursePage,
	createOrganisation,
	directoryCard,
	downloadFrom,
	eligibleCard,
	expectNotFoundPage,
	expectRevoked,
	expectValid,
	fact,
	finishCourse,
	jwtPayload,
	newPage,
	openCertificates,
	postHtmlForm,
	readBytes,
	runVerifyCredential,
	searchDirectory,
	sessionAs,
	signUpMember,
	submitRevoke,
	t,
	uniqueTag,
	verifyPath
} from './cert-helpers';

test.describe('certificates (JavaScript on)', () => {
	test('a learner earns the certificate, downloads it, anyone verifies it, a coordinator revokes it', async ({
		page,
		browser,
		baseURL
	}, testInfo) => {
		test.setTimeout(150_000);
		const origin = new URL(baseURL!).origin;
		const learner = await signUpMember(page, DEMO_YOUTH, 'cert');
		await finishCourse(page);

		// The course page links to the certificate by its code.
		const code = await certificateCodeOnCoursePage(page);

		// My learning shows the certificate with its code, and the PDF downloads.
		await page
			.getByRole('navigation', { name: t('nav_main') })
			.getByRole('link', { name: t('nav_learning'), exact: true })
			.click();
		await expect(page).toHaveURL(exactPath('/en/learning'));
		await expect(h1(page)).toHaveText(t('learning_title'));
		const card = courseCard(page, COURSE.title());
		await expect(card).toContainText(`${t('learning_certificate')}: ${code}`);
		await expect(card.locator('code')).toHaveText(code);
		await expect(card.getByText(t('status_revoked'), { exact: true })).toHaveCount(0);
		await expect(card.getByText(t('course_completed'), { exact: true })).toBeVisible();

		const pdf = await downloadFrom(
			page,
			card.getByRole('link', { name: t('verify_download_pdf'), exact: true }),
			testInfo
		);
		expect(pdf.suggested).toBe(`certificate-${code}.pdf`);
		const pdfBytes = readBytes(pdf.path);
		expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		expect(pdfBytes.length).toBeGreaterThan(1000);
		expect(pdfBytes.length).toBeLessThan(200 * 1024);

		// "View and share" opens the public verify page.
		await card.getByRole('link', { name: t('learning_certificate_view'), exact: true }).click();
		await expect(page).toHaveURL(exactPath(verifyPath(code)));
		await expectValid(page, learner.name);

		// The signed credential downloads; it names the learner but holds the e-mail only as a salted hash.
		const credential = await downloadFrom(
			page,
			page.getByRole('link', { name: t('verify_download_credential'), exact: true }),
			testInfo
		);
		expect(credential.suggested).toBe(`credential-${code}.jwt`);
		const token = readBytes(credential.path).toString('utf8').trim();
		expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
		const payload = jwtPayload(token);
		expect(payload.id).toBe(`${origin}/verify/${code}`);
		expect(payload.type).toEqual(expect.arrayContaining(['VerifiableCredential', 'OpenBadgeCredential']));
		expect((payload.credentialSubject as { name?: string }).name).toBe(learner.name);
		expect(JSON.stringify(payload)).not.toContain(learner.email);

		// Checked offline against the published key, the signature holds; a changed credential fails.
		const jwks = await page.request.get('/issuer/jwks.json');
		expect(jwks.status()).toBe(200);
		const jwksPath = testInfo.outputPath('issuer-jwks.json');
		writeFileSync(jwksPath, await jwks.body());
		const checked = await runVerifyCredential(credential.path, jwksPath);
		expect(checked.code, `${checked.stdout}\n${checked.stderr}`).toBe(0);
		expect(checked.stdout).toContain('VALID');
		expect(checked.stdout).toContain(learner.name);

		const [header, , signature] = token.split('.');
		const forged = {
			...payload,
			credentialSubject: { ...(payload.credentialSubject as object), name: 'Somebody Else' }
		};
		const tamperedPath = testInfo.outputPath('tampered.jwt');
		writeFileSync(tamperedPath, `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`);
		const refused = await runVerifyCredential(tamperedPath, jwksPath);
		expect(refused.code, `${refused.stdout}\n${refused.stderr}`).toBe(1);
		expect(refused.stdout).toContain('INVALID');

		// The issuer profile that every credential names points to that key.
		const issuer = await page.request.get('/issuer');
		expect(issuer.status()).toBe(200);
		expect(await issuer.json()).toMatchObject({
			id: `${origin}/issuer`,
			type: ['Profile'],
			publicKey: `${origin}/issuer/jwks.json`
		});

		// An anonymous visitor checks the code through the verify form (typed loosely) and sees it is valid.
		const visitor = await newPage(browser);
		await open(visitor.page, '/en/verify');
		await expect(h1(visitor.page)).toHaveText(t('verify_title'));
		await visitor.page.getByLabel(t('verify_code_label'), { exact: true }).fill(code.toLowerCase().replace(/-/g, ' '));
		await visitor.page.getByRole('button', { name: t('verify_submit'), exact: true }).click();
		await expect(visitor.page).toHaveURL(exactPath(verifyPath(code)));
		await expectValid(visitor.page, learner.name);
		await expect(fact(visitor.page, t('verify_learner'))).toHaveText(learner.name);
		await expect(fact(visitor.page, t('verify_organisation'))).toHaveText(DEMO_YOUTH);
		await expect(fact(visitor.page, t('verify_course'))).toHaveText(COURSE.title());
		await expect(fact(visitor.page, t('verify_code'))).toHaveText(code);
		expect(await visitor.page.content()).not.toContain(learner.email);
		expect(await visitor.page.content()).not.toContain(learner.email.split('@')[0]);
		const status = await visitor.page.request.get(`${verifyPath(code)}/status`);
		expect(status.status()).toBe(200);
		expect(await status.json()).toMatchObject({ code, status: 'valid', revokedAt: null });

		// A coordinator finds it by code and revokes it with a reason. A second tab is left open on the
		// list from before, to try revoking it again afterwards.
		const coordinator = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password);
		await openCertificates(coordinator.page, code);
		const staleTab = await coordinator.context.newPage();
		await openCertificates(staleTab, code);
		const row = certificateCard(coordinator.page, code);
		await expect(row).toHaveCount(1);
		await expect(row).toContainText(learner.name);
		await expect(row).toContainText(t('status_valid'));
		const reason = `Issued by mistake (${uniqueTag()})`;
		const revoked = await submitRevoke(coordinator.page, code, reason);
		// Post/redirect/get: the enhanced form is told to go to the list with ?done=revoked.
		expect(revoked.status()).toBe(200);
		expect(await revoked.json()).toMatchObject({ type: 'redirect', status: 303 });
		await expect(coordinator.page.getByRole('status')).toHaveText(t('certificates_revoked'));
		await expect(row).toContainText(t('status_revoked'));
		await expect(row).toContainText(reason);
		await expect(row.getByRole('button', { name: t('certificates_revoke') })).toHaveCount(0);

		// The verify page now says it was revoked, with the reason.
		await reload(visitor.page);
		await expectRevoked(visitor.page, reason);
		const statusAfter = await visitor.page.request.get(`${verifyPath(code)}/status`);
		expect(await statusAfter.json()).toMatchObject({ code, status: 'revoked', reason });

		// Revoking it again (from the stale tab, and as a plain form post) is refused with a message.
		const again = await submitRevoke(staleTab, code, 'A second reason');
		expect(await again.json()).toMatchObject({ type: 'failure', status: 409 });
		await expect(staleTab.getByRole('alert')).toHaveText(t('certificates_already_revoked'));
		const raw = await postHtmlForm(coordinator.page, '/en/coordinate/certificates?/revoke', [
			['code', code],
			['reason', 'Once more']
		]);
		expect(raw.status()).toBe(409);
		expect(await raw.text()).toContain(t('certificates_already_revoked'));
		await reload(visitor.page);
		await expectRevoked(visitor.page, reason);

		// The learner sees it marked as revoked in My learning.
		await open(page, '/en/learning');
		await expect(courseCard(page, COURSE.title()).getByText(t('status_revoked'), { exact: true })).toBeVisible();

		await visitor.context.close();
		await coordinator.context.close();
	});

	test('unknown and malformed codes give a localised 404 page', async ({ page }) => {
		for (const code of ['ZZZZ-ZZZZ-ZZZZ', 'hello', 'zzzz-zzzz-zzz0']) {
			await expectNotFoundPage(page, await open(page, `/en/verify/${code}`), 'en');
			await expect(page.getByText(t('verify_valid'))).toHaveCount(0);
		}
		for (const code of ['ZZZZ-ZZZZ-ZZZZ', 'hello']) {
			await expectNotFoundPage(page, await open(page, `/sq/verify/${code}`), 'sq');
		}
		await expectNotFoundPage(page, await open(page, '/sr-Cyrl/verify/ZZZZ-ZZZZ-ZZZZ'), 'sr-Cyrl');

		// The verify form leads to the same page for an unknown code (a client-side navigation, so the
		// status is checked by loading the address afterwards).
		await open(page, '/en/verify');
		await page.getByLabel(t('verify_code_label'), { exact: true }).fill('zzzz zzzz zzzz');
		await page.getByRole('button', { name: t('verify_submit'), exact: true }).click();
		await expect(page).toHaveURL(exactPath('/en/verify/ZZZZ-ZZZZ-ZZZZ'));
		await expect(h1(page)).toHaveText(t('verify_not_found_title'));
		await expectNotFoundPage(page, await reload(page), 'en');

		// The files of an unknown certificate are 404s too.
		for (const file of ['certificate.pdf', 'credential.jwt', 'status']) {
			for (const code of ['ZZZZ-ZZZZ-ZZZZ', 'hello']) {
				const r = await page.request.get(`/en/verify/${code}/${file}`);
				expect(r.status(), `${code}/${file}`).toBe(404);
			}
		}
	});

	test('a learner cannot use the coordinator pages or their actions', async ({ page }) => {
		await signIn(page, LEARNER1.email, LEARNER1.password);
		for (const path of ['/en/coordinate', '/en/coordinate/certificates']) {
			const response = await open(page, path);
			expect(response?.status(), path).toBe(403);
			await expect(h1(page)).toHaveText(t('error_403_title'));
		}
		await open(page, '/en/learning');
		const fields: [string, string][] = [
			['course', COURSE.slug],
			['organisation', '1'],
			['note', 'Looks good to me']
		];
		const approve = await postHtmlForm(page, '/en/coordinate?/approve', fields);
		expect(approve.status()).toBe(403);
		// The same as the enhanced form would send it (asking for JSON).
		const origin = new URL(page.url()).origin;
		const approveJson = await page.request.post(`${origin}/en/coordinate?/approve`, {
			headers: {
				Origin: origin,
				'Content-Type': 'application/x-www-form-urlencoded',
				Accept: 'application/json',
				'x-sveltekit-action': 'true'
			},
			data: new URLSearchParams(fields).toString(),
			maxRedirects: 0
		});
		expect(approveJson.status()).toBe(403);
		const decline = await postHtmlForm(page, '/en/coordinate?/decline', fields);
		expect(decline.status()).toBe(403);
		const revoke = await postHtmlForm(page, '/en/coordinate/certificates?/revoke', [
			['code', 'ZZZZ-ZZZZ-ZZZZ'],
			['reason', 'x']
		]);
		expect(revoke.status()).toBe(403);
		// The learner's navigation does not offer the coordinator area.
		await expect(
			page.getByRole('navigation', { name: t('nav_main') }).getByRole('link', { name: t('nav_coordinate') })
		).toHaveCount(0);
	});
});

test.describe('organisation certification and the directory (JavaScript on)', () => {
	test('two members finish the course, a coordinator certifies the organisation, the directory shows it', async ({
		browser
	}) => {
		test.setTimeout(240_000);
		const tag = uniqueTag();
		const orgName = `Riverside Civic Forum ${tag}`;
		const municipality = 'Zubin Potok';

		// An administrator creates the organisation.
		const admin = await sessionAs(browser, ADMIN.email, ADMIN.password);
		const org = await createOrganisation(admin.page, {
			name: orgName,
			municipality,
			description: `A test organisation (${tag}) that takes the getting-started course.`
		});
		await admin.context.close();

		// The first member finishes the course: one certified member is not enough yet.
		const first = await newPage(browser);
		await signUpMember(first.page, orgName, 'orga');
		await finishCourse(first.page);
		const codeA = await certificateCodeOnCoursePage(first.page);

		const coordinator = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password);
		await open(coordinator.page, '/en/coordinate');
		await expect(h1(coordinator.page)).toHaveText(t('coordinate_eligible_title'));
		await expect(coordinator.page.getByRole('heading', { level: 2, name: COURSE.title(), exact: true })).toBeVisible();
		await expect(eligibleCard(coordinator.page, orgName)).toHaveCount(0);
		const early = await postHtmlForm(coordinator.page, '/en/coordinate?/approve', [
			['course', COURSE.slug],
			['organisation', String(org.id)],
			['note', 'Too early']
		]);
		expect(early.status()).toBe(409);
		expect(await early.text()).toContain(t('coordinate_not_eligible'));

		// The second member finishes it too.
		const second = await newPage(browser);
		await signUpMember(second.page, orgName, 'orgb');
		await finishCourse(second.page);
		const codeB = await certificateCodeOnCoursePage(second.page);
		expect(codeB).not.toBe(codeA);

		// Two certified members are not enough while the organisation's outreach plan is not accepted.
		await open(coordinator.page, '/en/coordinate');
		await expect(eligibleCard(coordinator.page, orgName)).toHaveCount(0);
		await organisationPlanAccepted(browser, second.page, COURSE);
		await second.context.close();

		// The coordinator sees it under "Organisations ready for certification" and approves it with a note.
		await open(coordinator.page, '/en/coordinate');
		const staleTab = await coordinator.context.newPage();
		await open(staleTab, '/en/coordinate');
		const card = eligibleCard(coordinator.page, orgName);
		await expect(card).toHaveCount(1);
		await expect(card).toContainText(municipality);
		await expect(card).toContainText(t('coordinate_members', { count: 2 }));
		const note = `Both members completed the course (${tag}).`;
		await card.getByLabel(t('coordinate_note'), { exact: true }).fill(note);
		await card.getByRole('button', { name: t('coordinate_approve'), exact: true }).click();
		await expect(coordinator.page.getByRole('status')).toHaveText(t('coordinate_approved'));
		await expect(card.getByText(t('coordinate_status_certified'), { exact: true })).toBeVisible();
		const codeLink = card.getByRole('link', { name: CODE });
		await expect(codeLink).toBeVisible();
		const orgCode = ((await codeLink.textContent()) ?? '').trim();
		expect(orgCode).toMatch(CODE);
		await expect(card.getByRole('button', { name: t('coordinate_approve') })).toHaveCount(0);

		// Approving it again is refused: from the stale tab and as a plain form post.
		const staleCard = eligibleCard(staleTab, orgName);
		await staleCard.getByLabel(t('coordinate_note'), { exact: true }).fill('Approve twice');
		const [again] = await Promise.all([
			staleTab.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/coordinate?/approve')),
			staleCard.getByRole('button', { name: t('coordinate_approve'), exact: true }).click()
		]);
		expect(await again.json()).toMatchObject({ type: 'failure', status: 409 });
		await expect(staleTab.getByRole('alert')).toHaveText(t('coordinate_already_certified'));
		const raw = await postHtmlForm(coordinator.page, '/en/coordinate?/approve', [
			['course', COURSE.slug],
			['organisation', String(org.id)],
			['note', 'Again']
		]);
		expect(raw.status()).toBe(409);
		expect(await raw.text()).toContain(t('coordinate_already_certified'));

		// The organisation certificate is listed for coordinators, with its note-free public facts.
		await openCertificates(coordinator.page, orgCode);
		await expect(certificateCard(coordinator.page, orgCode)).toContainText(orgName);
		await coordinator.context.close();

		// The public directory shows it as Certified.
		const visitor = await newPage(browser);
		await open(visitor.page, '/en/organisations');
		await expect(h1(visitor.page)).toHaveText(t('directory_title'));
		const listed = directoryCard(visitor.page, orgName);
		await expect(listed).toContainText(municipality);
		await expect(listed.getByText(t('directory_certified'), { exact: true })).toBeVisible();
		await expect(listed).toContainText(`“${COURSE.title()}”`);
		await expect(listed.getByText(t('directory_participating'), { exact: true })).toHaveCount(0);

		// Search by municipality (any case), by a part of the name, and with Cyrillic letters.
		await searchDirectory(visitor.page, 'zubin');
		await expect(directoryCard(visitor.page, orgName)).toBeVisible();
		await expect(directoryCard(visitor.page, DEMO_YOUTH)).toHaveCount(0);
		await expect(directoryCard(visitor.page, DEMO_WOMEN)).toHaveCount(0);
		await searchDirectory(visitor.page, `forum ${tag}`.toUpperCase());
		await expect(visitor.page.getByRole('main').getByRole('article')).toHaveCount(1);
		await expect(directoryCard(visitor.page, orgName)).toBeVisible();
		await searchDirectory(visitor.page, 'Зубин');
		await expect(
			directoryCard(visitor.page, orgName),
			'a Cyrillic search finds the Latin-script municipality'
		).toBeVisible();
		await expect(directoryCard(visitor.page, DEMO_YOUTH)).toHaveCount(0);
		await searchDirectory(visitor.page, `nothing-like-${tag}`);
		await expect(visitor.page.getByText(t('directory_none'), { exact: true })).toBeVisible();
		await expect(visitor.page.getByRole('main').getByRole('article')).toHaveCount(0);

		// Its profile page shows the badge and links to the organisation certificate, which is valid.
		await searchDirectory(visitor.page, tag);
		await directoryCard(visitor.page, orgName).getByRole('link', { name: orgName, exact: true }).click();
		await expect(visitor.page).toHaveURL(/\/en\/organisations\/[a-z0-9-]+$/);
		const profilePath = new URL(visitor.page.url()).pathname;
		await expect(h1(visitor.page)).toHaveText(orgName);
		await expect(visitor.page.getByRole('main').getByText(t('directory_certified'), { exact: true })).toBeVisible();
		await expect(visitor.page.getByRole('link', { name: t('directory_edit') })).toHaveCount(0);
		await visitor.page.getByRole('main').getByRole('link', { name: orgCode, exact: true }).click();
		await expect(visitor.page).toHaveURL(exactPath(verifyPath(orgCode)));
		await expectValid(visitor.page, orgName, 'organisation');
		await expect(fact(visitor.page, t('verify_municipality'))).toHaveText(municipality);
		await expect(fact(visitor.page, t('verify_learner'))).toHaveText(orgName);
		await expect(visitor.page.getByRole('main')).toContainText(COURSE.title());

		// A visitor is sent to sign in for the edit page.
		await open(visitor.page, `${profilePath}/edit`);
		await expect(visitor.page).toHaveURL(/\/en\/signin\?next=/);
		await visitor.context.close();

		// A member of the organisation edits its profile.
		await open(first.page, profilePath);
		await first.page.getByRole('link', { name: t('directory_edit'), exact: true }).click();
		await expect(first.page).toHaveURL(exactPath(`${profilePath}/edit`));
		await expect(h1(first.page)).toHaveText(t('directory_edit_title', { name: orgName }));
		const description = `We meet every Tuesday in ${municipality} (${tag}).`;
		// Fill once the navigation has settled: a form re-rendered under the cursor took the new text
		// after the old one when the machine was busy.
		await ready(first.page);
		await first.page.waitForLoadState('networkidle');
		const field = first.page.getByLabel(t('org_description'), { exact: true });
		await field.fill(description);
		await expect(field).toHaveValue(description);
		await first.page.getByLabel(t('org_website'), { exact: true }).fill('https://riverside.example.org');
		await first.page.getByRole('button', { name: t('save'), exact: true }).click();
		await expect(first.page).toHaveURL(exactPath(`${profilePath}?saved=1`));
		await expect(first.page.getByRole('status')).toHaveText(t('directory_saved'));
		await expect(first.page.getByText(description, { exact: true })).toBeVisible();
		await expect(first.page.getByRole('link', { name: 'https://riverside.example.org' })).toBeVisible();
		await first.context.close();

		// A learner of another organisation may not edit it.
		const outsider = await sessionAs(browser, LEARNER2.email, LEARNER2.password);
		await open(outsider.page, profilePath);
		await expect(outsider.page.getByText(description, { exact: true })).toBeVisible();
		await expect(outsider.page.getByRole('link', { name: t('directory_edit') })).toHaveCount(0);
		const forbidden = await open(outsider.page, `${profilePath}/edit`);
		expect(forbidden?.status()).toBe(403);
		await expect(h1(outsider.page)).toHaveText(t('error_403_title'));
		const post = await postHtmlForm(outsider.page, `${profilePath}/edit`, [
			['name', 'Taken over'],
			['municipality', ''],
			['description', 'Hacked'],
			['website', ''],
			['social_links', '']
		]);
		expect(post.status()).toBe(403);
		await open(outsider.page, profilePath);
		await expect(h1(outsider.page)).toHaveText(orgName);
		await expect(outsider.page.getByText(description, { exact: true })).toBeVisible();
		await outsider.context.close();
	});
});
