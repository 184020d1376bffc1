// The exports of the programme results report (issue 19), as a coordinator's browser gets them: plain
// links that download a CSV (UTF-8 with a byte-order mark) or an A4 PDF, with and without JavaScript,
// live (the page's query string) and frozen (a snapshot); each export in the admin's audit log; who
// may download (coordinators and admins; trainers and learners get 403; visitors are sent to sign
// in); the language of the address; a bad date (400) and an unknown snapshot (404). A frozen report is written straight into this port's e2e
// database, with an Albanian and a Serbian Cyrillic organisation name, so that its figures are known.
import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { extractText, getDocumentProxy } from 'unpdf';
import { ADMIN, LEARNER1, TRAINER, goto, signIn } from './helpers';
import { COORDINATOR } from './cert-helpers';
import { msg, userId } from './security-helpers';
import { SNAPSHOT_NAMES, seedExportSnapshot as seedSnapshot } from './indicator-helpers';

const CSV = '/en/coordinate/indicators/report.csv';
const PDF = '/en/coordinate/indicators/report.pdf';
const snapshotPath = (id: number | string, format: 'csv' | 'pdf') =>
	`/en/coordinate/indicators/snapshots/${id}/report.${format}`;

const { albanian: ALBANIAN, cyrillic: CYRILLIC } = SNAPSHOT_NAMES;

/** A random period in 2021, so that this run's audit entries can be told from other runs'. */
function period(): { from: string; to: string } {
	const month = 1 + Math.floor(Math.random() * 12);
	const day = 1 + Math.floor(Math.random() * 28);
	const from = `2021-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
	return { from, to: `2022-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

/** Follows a plain link to a download, as a click on it does, and reads the saved file. */
async function download(page: Page, path: string, testInfo: TestInfo): Promise<{ name: string; bytes: Buffer }> {
	const [file] = await Promise.all([
		page.waitForEvent('download'),
		// Navigating to an attachment starts a download instead of a page: goto reports that as an error.
		page.goto(path).catch(() => null)
	]);
	expect(await file.failure()).toBeNull();
	const saved = testInfo.outputPath(file.suggestedFilename());
	await file.saveAs(saved);
	return { name: file.suggestedFilename(), bytes: readFileSync(saved) };
}

async function pdfText(bytes: Buffer): Promise<{ text: string; pages: { width: number; height: number }[] }> {
	const doc = await getDocumentProxy(new Uint8Array(bytes));
	const { text } = await extractText(doc, { mergePages: true });
	const pages = [];
	for (let i = 1; i <= doc.numPages; i++) {
		const { width, height } = (await doc.getPage(i)).getViewport({ scale: 1 });
		pages.push({ width: Math.round(width), height: Math.round(height) });
	}
	return { text: text.replace(/\s+/g, ' '), pages };
}

/** The admin's audit log shows the export: its action, its subject and its detail on one row. */
async function expectAudited(browser: Browser, subject: string, detail: string): Promise<void> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, ADMIN.email, ADMIN.password);
	await goto(page, '/en/admin/audit');
	const row = page
		.getByRole('row')
		.filter({ hasText: msg('ind_audit_exported') })
		.filter({ hasText: detail });
	await expect(row.first()).toBeVisible();
	await expect(row.first()).toContainText(subject);
	await context.close();
}

for (const javaScriptEnabled of [true, false]) {
	test.describe(`a coordinator downloads the report (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
		test.use({ javaScriptEnabled, acceptDownloads: true });

		test('the live report as CSV and PDF, each in the audit log', async ({ browser, page }, testInfo) => {
			await signIn(page, COORDINATOR.email, COORDINATOR.password);
			const { from, to } = period();
			const query = `?from=${from}&to=${to}`;

			const csv = await download(page, CSV + query, testInfo);
			expect(csv.name).toBe(`programme-results-${from}-${to}.csv`);
			const text = csv.bytes.toString('utf8');
			expect(text.charCodeAt(0)).toBe(0xfeff);
			expect(text).toContain(`${msg('rep_title')}\r\n`);
			expect(text).toContain(`${msg('rep_period')},${from} – ${to}\r\n`);
			expect(text).toContain(`${msg('rep_filter_course')},${msg('rep_filter_all_courses')}\r\n`);

			const pdf = await download(page, PDF + query, testInfo);
			expect(pdf.name).toBe(`programme-results-${from}-${to}.pdf`);
			expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
			const read = await pdfText(pdf.bytes);
			expect(read.text).toContain(msg('rep_title'));
			expect(read.text).toContain(msg('rex_issuer'));
			expect(read.pages.every((p) => p.width === 595 && p.height === 842)).toBe(true);

			await expectAudited(browser, 'report.csv', `csv from=${from}&to=${to}`);
			await expectAudited(browser, 'report.pdf', `pdf from=${from}&to=${to}`);
		});

		test('a frozen report as CSV and PDF, with its names intact', async ({ browser, page }, testInfo) => {
			const title = `Report to the EU ${Date.now()} ${javaScriptEnabled ? 'js' : 'nojs'}`;
			const id = await seedSnapshot(title, await userId(COORDINATOR.email));
			await signIn(page, COORDINATOR.email, COORDINATOR.password);

			const csv = await download(page, snapshotPath(id, 'csv'), testInfo);
			expect(csv.name).toBe(`programme-results-snapshot-${id}-2025-01-01-2025-03-31.csv`);
			const text = csv.bytes.toString('utf8');
			expect(text.charCodeAt(0)).toBe(0xfeff);
			expect(text).toContain(`${msg('rex_snapshot')},${title}\r\n`);
			expect(text).toContain(`${ALBANIAN},40,31,20,18,50.0\r\n`);
			// Counts of people read "< 5", the share hidden with them "–".
			expect(text).toContain(`${CYRILLIC},12,< 5,< 5,< 5,–\r\n`);
			// An organisation's name never reaches a spreadsheet as a formula.
			expect(text).toContain(`'=cmd|calc,9,8,7,6,77.8\r\n`);
			expect(text).toContain(msg('ind_def_enrolled'));

			const pdf = await download(page, snapshotPath(id, 'pdf'), testInfo);
			const read = await pdfText(pdf.bytes);
			for (const expected of [
				title,
				ALBANIAN,
				CYRILLIC,
				'< 5',
				msg('ind_def_enrolled'),
				'1 January 2025 – 31 March 2025',
				// Shares with one decimal, as on the page.
				'50.0',
				'77.8'
			])
				expect(read.text, expected).toContain(expected);

			await expectAudited(browser, `snapshot ${id} report.pdf`, 'pdf from=2025-01-01&to=2025-03-31');
		});
	});
}

test.describe('who may download, and what a wrong address gets', () => {
	for (const [role, account] of [
		['trainer', TRAINER],
		['learner', LEARNER1]
	] as const) {
		test(`a ${role} gets 403 on every export`, async ({ page }) => {
			const id = await seedSnapshot(`${role} check ${Date.now()}`, await userId(COORDINATOR.email));
			await signIn(page, account.email, account.password);
			for (const path of [CSV, PDF, snapshotPath(id, 'csv'), snapshotPath(id, 'pdf')]) {
				const response = await page.request.get(path, { maxRedirects: 0 });
				expect(response.status(), path).toBe(403);
			}
		});
	}

	test('a visitor is sent to sign in, and back to the download afterwards', async ({ page }) => {
		for (const path of [`${CSV}?from=2025-01-01`, PDF, snapshotPath(1, 'csv'), snapshotPath('x', 'pdf')]) {
			const response = await page.request.get(path, { maxRedirects: 0 });
			expect(response.status(), path).toBe(303);
			expect(response.headers()['location']).toBe(`/en/signin?next=${encodeURIComponent(path.replace(/^\/en/, ''))}`);
		}
	});

	test('bad filters are a 400 with a message, an unknown snapshot a 404', async ({ page }) => {
		await signIn(page, COORDINATOR.email, COORDINATOR.password);
		for (const query of [
			'?from=2025-02-30',
			'?from=yesterday',
			'?from=2025-03-01&to=2025-01-01',
			'?cohort=abc',
			'?cohort=999999',
			'?course=no-such-course-here'
		]) {
			for (const path of [CSV, PDF]) {
				const response = await page.request.get(path + query);
				expect(response.status(), path + query).toBe(400);
			}
		}
		const shown = await page.goto(`${CSV}?from=2025-13-01`);
		expect(shown?.status()).toBe(400);
		await expect(page.getByText(msg('rex_bad_filters'))).toBeVisible();
		for (const id of ['999999999', 'abc', '0x1', '-1']) {
			for (const format of ['csv', 'pdf'] as const) {
				const response = await page.request.get(snapshotPath(id, format));
				expect(response.status(), snapshotPath(id, format)).toBe(404);
			}
		}
	});

	test('the export speaks the language of its address', async ({ page }) => {
		await signIn(page, COORDINATOR.email, COORDINATOR.password);
		const sq = await page.request.get('/sq/coordinate/indicators/report.csv?from=2025-01-01');
		expect(sq.status()).toBe(200);
		const text = (await sq.body()).toString('utf8');
		expect(text).toContain('Rezultatet e programit\r\n');
		expect(text).toContain('Periudha,Nga 2025-01-01\r\n');
		const cyrl = await page.request.get('/sr-Cyrl/coordinate/indicators/report.pdf?to=2025-03-31');
		expect(cyrl.status()).toBe(200);
		const read = await pdfText(await cyrl.body());
		expect(read.text).toContain('Резултати програма');
		expect(read.text).toContain('До 31. март 2025.');
	});

	test('an admin may download too', async ({ page }) => {
		await signIn(page, ADMIN.email, ADMIN.password);
		const response = await page.request.get(`${CSV}?from=2025-01-01&to=2025-01-31`);
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8');
		expect(response.headers()['content-disposition']).toBe(
			'attachment; filename="programme-results-2025-01-01-2025-01-31.csv"'
		);
	});
});
