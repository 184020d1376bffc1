// The printable certificate: checked the way a reader sees it, through PDF.js (the `unpdf` build, an
// npm devDependency, so that no system tool is needed), so that a missing glyph or a wrong page size
// shows up as a failure.
import { describe, expect, it } from 'vitest';
import { pdfPages, pdfText } from './pdf-reading';
import { certificatePdf } from '$lib/server/learning/certificates/pdf';
import { m } from '$lib/paraglide/messages';
import type { Certificate } from '../../db/schema';
import { T0, DAY } from './helpers';

const VERIFY_URL = 'https://civicsteps.example/verify/7KQ4-M2XP-9HTW';

/**
 * The fonts the file declares, read from its object dictionaries (pdfkit writes them uncompressed):
 * each font's BaseFont name, and whether each font descriptor carries an embedded font program.
 */
function pdfFonts(pdf: Buffer): { names: string[]; descriptors: { name: string; embedded: boolean }[] } {
	const raw = pdf.toString('latin1');
	const dicts = [...raw.matchAll(/\d+ 0 obj\s*(<<[\s\S]*?>>)\s*(?:stream|endobj)/g)].map((x) => x[1]);
	const names = dicts.filter((d) => /\/Type \/Font\b/.test(d)).map((d) => /\/BaseFont \/(\S+)/.exec(d)?.[1] ?? '?');
	const descriptors = dicts
		.filter((d) => /\/Type \/FontDescriptor/.test(d))
		.map((d) => ({ name: /\/FontName \/(\S+)/.exec(d)?.[1] ?? '?', embedded: /\/FontFile[23]? \d+ 0 R/.test(d) }));
	return { names, descriptors };
}

function certificate(changes: Partial<Certificate> = {}): Certificate {
	return {
		id: 1,
		code: '7KQ4-M2XP-9HTW',
		search_text: null,
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
		hours: null,
		organisations: '[]',
		...changes
	};
}

async function render(cert: Certificate) {
	const pdf = await certificatePdf(cert, VERIFY_URL);
	return { pdf, text: () => pdfText(pdf) };
}

const people = [
	{
		script: 'Cyrillic',
		locale: 'sr-Cyrl',
		name: 'Милош Јовановић',
		organisation: 'Удружење Заједно',
		course: 'Рад са заједницом'
	},
	{
		script: 'Albanian',
		locale: 'sq',
		name: 'Arbër Çela',
		organisation: 'Shoqata Së Bashku',
		course: 'Puna me komunitetin'
	},
	{
		script: 'Serbian Latin',
		locale: 'sr-Latn',
		name: 'Đorđe Šćepanović Džajić',
		organisation: 'Udruženje Zajedno',
		course: 'Rad sa zajednicom'
	}
] as const;

describe('certificatePdf', () => {
	for (const p of people) {
		it(`prints a ${p.script} name exactly, on one small A4 landscape page`, async () => {
			const { pdf, text } = await render(
				certificate({
					recipient_name: p.name,
					organisation_name: p.organisation,
					course_title: p.course,
					locale: p.locale
				})
			);
			expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
			expect(pdf.length).toBeLessThan(200 * 1024);

			const printed = await text();
			expect(printed).toContain(p.name);
			expect(printed).toContain(p.organisation);
			expect(printed).toContain(p.course);
			expect(printed).toContain('7KQ4-M2XP-9HTW');
			expect(printed).toContain(m.pdf_title({}, { locale: p.locale }));
			expect(printed).toContain(m.pdf_completed({}, { locale: p.locale }));

			// A4 landscape: 297 × 210 mm is 841.89 × 595.28 pt.
			expect(await pdfPages(pdf)).toEqual([{ width: 841.89, height: 595.28 }]);
		});
	}

	it('embeds the fonts it uses, so the names print the same everywhere', async () => {
		const { pdf } = await render(certificate({ recipient_name: 'Милош Јовановић', locale: 'sr-Cyrl' }));
		const fonts = pdfFonts(pdf);
		expect(fonts.names.length).toBeGreaterThan(0);
		// A subset (ABCDEF+DejaVuSans…) of DejaVu Sans only: no standard font that a viewer substitutes.
		for (const name of fonts.names) expect(name).toMatch(/^[A-Z]{6}\+DejaVuSans/);
		expect(fonts.descriptors.length).toBeGreaterThan(0);
		for (const d of fonts.descriptors)
			expect(d, d.name).toEqual({ name: expect.stringMatching(/DejaVuSans/), embedded: true });
	});

	it('shows the date, the issuer and where to check it', async () => {
		const { text } = await render(certificate());
		const printed = await text();
		expect(printed).toContain('1 March 2025');
		expect(printed).toContain('CivicSteps programme');
		expect(printed).toContain(VERIFY_URL);
		expect(printed).toContain('Certificate of completion');
		expect(printed).toContain('Zajedno NGO');
	});

	it('titles an organisation’s certificate as such, without a line for a member’s organisation', async () => {
		const { text } = await render(
			certificate({
				kind: 'organisation',
				user_id: null,
				organisation_id: 3,
				recipient_name: 'Udruženje Zajedno',
				organisation_name: 'Mitrovica North'
			})
		);
		const printed = await text();
		expect(printed).toContain('Udruženje Zajedno');
		expect(printed).toContain(m.pdf_title_organisation({}, { locale: 'en' }));
		expect(printed).toContain(m.pdf_org_completed({}, { locale: 'en' }));
		expect(printed).not.toContain('Mitrovica North');
	});

	it('falls back to English for a certificate stored with an unknown locale', async () => {
		const { text } = await render(certificate({ locale: 'de' }));
		expect(await text()).toContain('Certificate of completion');
	});

	it('prints the Albanian and Serbian certificates in their language, not in English', async () => {
		const english = [
			m.pdf_title({}, { locale: 'en' }),
			m.pdf_certifies({}, { locale: 'en' }),
			m.pdf_completed({}, { locale: 'en' })
		];
		for (const locale of ['sq', 'sr-Latn'] as const) {
			const { text } = await render(certificate({ locale }));
			const printed = await text();
			for (const phrase of english) expect(printed, `${locale} certificate shows "${phrase}"`).not.toContain(phrase);
		}
	});

	it('stamps a revoked certificate REVOKED with the date, in its language, so a printout cannot pass for valid', async () => {
		const revoked = { revoked_at: T0 + 10 * DAY, revoked_reason: 'Issued by mistake', revoked_by: 2 };
		const en = await pdfText((await render(certificate(revoked))).pdf);
		expect(en).toContain(m.cred_pdf_revoked({ date: '11 March 2025' }, { locale: 'en' }));
		expect(en).toContain(m.cred_pdf_revoked_note({}, { locale: 'en' }));
		expect(en).toContain('Ana Petrović');
		const sq = await (await render(certificate({ ...revoked, locale: 'sq' }))).text();
		expect(sq).toContain(m.cred_pdf_revoked_note({}, { locale: 'sq' }));
		expect(sq).toMatch(/E REVOKUAR më 11 mars 2025/);
		// A valid certificate carries no such mark.
		expect(await (await render(certificate())).text()).not.toContain(m.cred_pdf_revoked_note({}, { locale: 'en' }));
	});
});
