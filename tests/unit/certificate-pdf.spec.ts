// The printable certificate: checked the way a reader sees it, through poppler's pdftotext and
// pdfinfo (poppler-utils), so that a missing glyph or a wrong page size shows up as a failure.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificatePdf } from '$lib/server/certificate-pdf';
import { m } from '$lib/paraglide/messages';
import type { Certificate } from '../../db/schema';
import { T0 } from './helpers';

const VERIFY_URL = 'https://civicsteps.example/verify/7KQ4-M2XP-9HTW';

let dir: string;
let counter = 0;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'civicsteps-pdf-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Fails with a clear message, rather than passing silently, when poppler-utils is not installed. */
function poppler(tool: 'pdftotext' | 'pdfinfo' | 'pdffonts', args: string[]): string {
	const path = `/usr/bin/${tool}`;
	if (!existsSync(path)) {
		throw new Error(`${path} is missing: install poppler-utils (apt-get install poppler-utils) to check the certificate PDF`);
	}
	return execFileSync(path, args, { encoding: 'utf8' });
}

function certificate(changes: Partial<Certificate> = {}): Certificate {
	return {
		id: 1,
		code: '7KQ4-M2XP-9HTW',
		kind: 'learner',
		course_id: 1,
		user_id: 1,
		organisation_id: null,
		recipient_name: 'Ana Petrović',
		organisation_name: 'Zajedno NGO',
		course_title: 'Community outreach',
		locale: 'en',
		issuer_name: 'CivicSteps programme',
		issued_at: T0,
		credential: 'not-used-by-the-pdf',
		note: '',
		revoked_at: null,
		revoked_reason: null,
		revoked_by: null,
		...changes
	};
}

async function render(cert: Certificate) {
	const pdf = await certificatePdf(cert, VERIFY_URL);
	const file = join(dir, `certificate-${++counter}.pdf`);
	writeFileSync(file, pdf);
	return { pdf, file, text: () => poppler('pdftotext', [file, '-']) };
}

const people = [
	{ script: 'Cyrillic', locale: 'sr-Cyrl', name: 'Милош Јовановић', organisation: 'Удружење Заједно', course: 'Рад са заједницом' },
	{ script: 'Albanian', locale: 'sq', name: 'Arbër Çela', organisation: 'Shoqata Së Bashku', course: 'Puna me komunitetin' },
	{ script: 'Serbian Latin', locale: 'sr-Latn', name: 'Đorđe Šćepanović Džajić', organisation: 'Udruženje Zajedno', course: 'Rad sa zajednicom' }
] as const;

describe('certificatePdf', () => {
	for (const p of people) {
		it(`prints a ${p.script} name exactly, on one small A4 landscape page`, async () => {
			const { pdf, file, text } = await render(
				certificate({ recipient_name: p.name, organisation_name: p.organisation, course_title: p.course, locale: p.locale })
			);
			expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
			expect(pdf.length).toBeLessThan(200 * 1024);

			const printed = text();
			expect(printed).toContain(p.name);
			expect(printed).toContain(p.organisation);
			expect(printed).toContain(p.course);
			expect(printed).toContain('7KQ4-M2XP-9HTW');
			expect(printed).toContain(m.pdf_title({}, { locale: p.locale }));
			expect(printed).toContain(m.pdf_completed({}, { locale: p.locale }));

			const info = poppler('pdfinfo', [file]);
			expect(info).toMatch(/^Pages:\s+1$/m);
			expect(info).toMatch(/^Page size:\s+841\.89 x 595\.28 pts \(A4\)/m);
		});
	}

	it('embeds the fonts it uses, so the names print the same everywhere', async () => {
		const { file } = await render(certificate({ recipient_name: 'Милош Јовановић', locale: 'sr-Cyrl' }));
		const fonts = poppler('pdffonts', [file])
			.split('\n')
			.slice(2)
			.filter((line) => line.trim());
		expect(fonts.length).toBeGreaterThan(0);
		for (const line of fonts) {
			expect(line).toMatch(/DejaVuSans/);
			// Columns: name type encoding emb sub uni object ID.
			expect(line.split(/\s+/).slice(-5, -3), line).toEqual(['yes', 'yes']);
		}
	});

	it('shows the date, the issuer and where to check it', async () => {
		const { text } = await render(certificate());
		const printed = text();
		expect(printed).toContain('1 March 2025');
		expect(printed).toContain('CivicSteps programme');
		expect(printed).toContain(VERIFY_URL);
		expect(printed).toContain('Certificate of completion');
		expect(printed).toContain('Zajedno NGO');
	});

	it('titles an organisation’s certificate as such, without a line for a member’s organisation', async () => {
		const { text } = await render(
			certificate({ kind: 'organisation', user_id: null, organisation_id: 3, recipient_name: 'Udruženje Zajedno', organisation_name: 'Mitrovica North' })
		);
		const printed = text();
		expect(printed).toContain('Udruženje Zajedno');
		expect(printed).toContain(m.pdf_title_organisation({}, { locale: 'en' }));
		expect(printed).toContain(m.pdf_org_completed({}, { locale: 'en' }));
		expect(printed).not.toContain('Mitrovica North');
	});

	it('falls back to English for a certificate stored with an unknown locale', async () => {
		const { text } = await render(certificate({ locale: 'de' }));
		expect(text()).toContain('Certificate of completion');
	});

	it('prints the Albanian and Serbian certificates in their language, not in English', async () => {
		const english = [m.pdf_title({}, { locale: 'en' }), m.pdf_certifies({}, { locale: 'en' }), m.pdf_completed({}, { locale: 'en' })];
		for (const locale of ['sq', 'sr-Latn'] as const) {
			const { text } = await render(certificate({ locale }));
			const printed = text();
			for (const phrase of english) expect(printed, `${locale} certificate shows "${phrase}"`).not.toContain(phrase);
		}
	});
});
