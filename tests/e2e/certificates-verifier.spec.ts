// A certificate as an outside verifier sees it, with nothing of CivicSteps but its public addresses:
// the credential's `kid` is fetched over HTTP and the signature checked with jose alone; its
// credentialStatus leads to a signed Bitstring Status List whose bit flips when a coordinator
// revokes it; the PDF and the verify page then lead with the revocation; and after the holder
// deletes their account, the page says so plainly and no empty or nameless file is served. No import
// from src/: this test shares no code with the issuer.
import { gunzipSync } from 'node:zlib';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { extractText, getDocumentProxy } from 'unpdf';
import { h1, msg, open } from './learning-helpers';
import {
	COORDINATOR,
	DEMO_YOUTH,
	certificateCodeOnCoursePage,
	expectCertificateAnnounced,
	finishCourse,
	newPage,
	openCertificates,
	sessionAs,
	signUpMember,
	submitRevoke,
	t,
	uniqueTag,
	verifyPath
} from './cert-helpers';

type Json = Record<string, any>;

/** Checks a compact JWS the way the Open Badges 3.0 spec tells a verifier to: dereference `kid`, verify. */
async function verifyAsOutsider(request: APIRequestContext, jws: string): Promise<{ header: Json; payload: Json }> {
	const header = decodeProtectedHeader(jws) as Json;
	expect(header.alg).toBe('ES256');
	expect(header.kid, 'kid must be an absolute URL').toMatch(/^https?:\/\/[^/]+\/.+/);
	const keyResponse = await request.get(header.kid);
	expect(keyResponse.status(), `GET ${header.kid}`).toBe(200);
	const jwk = (await keyResponse.json()) as JWK;
	expect(jwk.d, 'never a private key').toBeUndefined();
	expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
	const { payload } = await compactVerify(jws, await importJWK(jwk, 'ES256'));
	return { header, payload: JSON.parse(new TextDecoder().decode(payload)) };
}

/** The status bit of a credential, read from its signed status list credential. */
async function revokedBit(request: APIRequestContext, credential: Json): Promise<boolean> {
	const entry = credential.credentialStatus;
	expect(entry).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' });
	const response = await request.get(entry.statusListCredential);
	expect(response.status()).toBe(200);
	const { payload: list } = await verifyAsOutsider(request, (await response.text()).trim());
	expect(list.type).toContain('BitstringStatusListCredential');
	expect(list.id).toBe(entry.statusListCredential);
	expect(list.iss).toBe(credential.iss);
	const encoded: string = list.credentialSubject.encodedList;
	expect(encoded.startsWith('u'), 'multibase base64url').toBe(true);
	const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
	expect(bits.length).toBeGreaterThanOrEqual(16 * 1024);
	const index = Number(entry.statusListIndex);
	return (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
}

async function pdfText(bytes: Buffer): Promise<string> {
	const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
	return text.replace(/\s+/g, ' ');
}

test('an outside verifier checks the credential and its revocation; a deleted holder is said so plainly', async ({
	page,
	browser,
	request,
	baseURL
}) => {
	test.setTimeout(180_000);
	const origin = new URL(baseURL!).origin;
	const learner = await signUpMember(page, DEMO_YOUTH, 'verifier');
	const lastResult = await finishCourse(page);
	const code = await certificateCodeOnCoursePage(page);

	// The result page that earned it announces it in every language.
	for (const locale of ['sq', 'sr-Latn', 'sr-Cyrl'] as const) {
		await open(page, lastResult.replace(/^\/en\//, `/${locale}/`));
		expect(await expectCertificateAnnounced(page, locale)).toBe(code);
	}

	// The credential, checked with jose alone against the key its kid dereferences to.
	const download = await request.get(`${verifyPath(code)}/credential.jwt`);
	expect(download.status()).toBe(200);
	const jws = (await download.text()).trim();
	const { header, payload } = await verifyAsOutsider(request, jws);
	expect(header.kid.startsWith(`${origin}/`)).toBe(true);
	expect(payload.type).toEqual(expect.arrayContaining(['VerifiableCredential', 'OpenBadgeCredential']));
	// OB 3.0 JWT claims repeat the credential's own members.
	expect(payload.iss).toBe(payload.issuer.id);
	expect(payload.jti).toBe(payload.id);
	expect(payload.id).toBe(`${origin}/verify/${code}`);
	expect(payload.sub).toBe(payload.credentialSubject.id);
	expect(payload.nbf).toBe(Math.floor(Date.parse(payload.validFrom) / 1000));
	expect(payload.credentialSubject.name).toBe(learner.name);
	expect(await revokedBit(request, payload)).toBe(false);

	// A coordinator revokes it.
	const coordinator = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password);
	await openCertificates(coordinator.page, code);
	const reason = `Issued by mistake (${uniqueTag()})`;
	expect((await submitRevoke(coordinator.page, code, reason)).status()).toBe(200);
	await coordinator.context.close();

	// The list now says so, signed; the credential itself still checks out (the issuer did sign it).
	expect(await revokedBit(request, payload)).toBe(true);
	const again = await request.get(`${verifyPath(code)}/credential.jwt`);
	expect((await verifyAsOutsider(request, (await again.text()).trim())).payload.id).toBe(payload.id);

	// The verify page leads with the revocation and calls the signature genuine, never "valid".
	const visitor = await newPage(browser);
	await open(visitor.page, verifyPath(code));
	const main = visitor.page.getByRole('main');
	await expect(visitor.page.getByRole('status')).toContainText(t('verify_revoked_reason', { reason }));
	await expect(main.getByText(t('cred_verify_signature_revoked'), { exact: true })).toBeVisible();
	await expect(main.getByText(t('verify_signature_ok'), { exact: true })).toHaveCount(0);
	await expect(main.getByText(t('verify_valid'), { exact: true })).toHaveCount(0);

	// Its PDF carries the REVOKED stamp.
	const pdf = await request.get(`${verifyPath(code)}/certificate.pdf`);
	expect(pdf.status()).toBe(200);
	const printed = await pdfText(await pdf.body());
	expect(printed).toContain(learner.name);
	expect(printed).toContain(t('cred_pdf_revoked_note'));
	expect(printed).toMatch(new RegExp(t('cred_pdf_revoked', { date: '\\d{1,2} \\w+ \\d{4}' })));

	// The holder deletes their account.
	await open(page, '/en/account');
	await page.getByLabel(t('delete_password'), { exact: true }).fill(learner.password);
	await page.getByLabel(t('delete_confirm'), { exact: true }).check();
	await page.getByRole('button', { name: t('delete_submit'), exact: true }).click();
	await expect(page).toHaveURL(/deleted=1/);

	// The verify page says plainly what happened: no forgery, no "could not be confirmed", no name.
	await open(visitor.page, verifyPath(code));
	await expect(h1(visitor.page)).toHaveText(t('verify_kind_learner'));
	const status = visitor.page.getByRole('status');
	await expect(status).toContainText(msg('en', 'cred_verify_holder_deleted', { date: '@@' }).split('@@')[0]);
	await expect(status).toContainText(t('cred_verify_holder_deleted_detail'));
	await expect(main.getByText(t('verify_signature_bad'), { exact: true })).toHaveCount(0);
	await expect(main.getByText(learner.name)).toHaveCount(0);
	await expect(main.getByRole('link', { name: t('verify_download_credential') })).toHaveCount(0);
	await expect(main.getByRole('link', { name: t('verify_download_pdf') })).toHaveCount(0);

	// No empty credential and no nameless PDF: 410 with a page that says why.
	for (const file of ['credential.jwt', 'certificate.pdf']) {
		const gone = await request.get(`${verifyPath(code)}/${file}`);
		expect(gone.status(), file).toBe(410);
		expect(gone.headers()['content-type']).toContain('text/html');
		expect(await gone.text()).toContain(t('cred_gone_text'));
	}
	// And the status list still says revoked.
	expect(await revokedBit(request, payload)).toBe(true);
	await visitor.context.close();
});
