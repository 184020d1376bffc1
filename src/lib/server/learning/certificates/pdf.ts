// The printable certificate: A4 landscape, made with pdfkit, in the certificate's language, with an
// embedded DejaVu Sans (it covers ë ç, č ć đ š ž and Cyrillic; pdfkit embeds only the glyphs used,
// which keeps the file small) and a QR code of the public verification address.
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Certificate } from '../../../../../db/schema';
import { m } from '$lib/paraglide/messages';
import { isLocale } from '$lib/paraglide/runtime';
import { intlLocale } from '$lib/i18n/locales';
import { joinNames, organisationsOf } from './volunteer';

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const REGULAR = join(fontDir, 'DejaVuSans.ttf');
const BOLD = join(fontDir, 'DejaVuSans-Bold.ttf');

const BRAND = '#0b5d4b';
const REVOKED = '#b00020';

export async function certificatePdf(cert: Certificate, verifyUrl: string): Promise<Buffer> {
	const locale = isLocale(cert.locale) ? cert.locale : 'en';
	const opt = { locale };
	const qr = await QRCode.toBuffer(verifyUrl, { margin: 1, width: 240, errorCorrectionLevel: 'M' });
	const formatDate = (ms: number) =>
		new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: 'long', timeZone: 'Europe/Belgrade' }).format(
			new Date(ms)
		);
	const date = formatDate(cert.issued_at);

	const doc = new PDFDocument({
		size: 'A4',
		layout: 'landscape',
		margin: 0,
		info: {
			Title: `${m.pdf_title({}, opt)} — ${cert.recipient_name}`,
			Author: cert.issuer_name,
			Subject: cert.course_title
		},
		lang: locale
	});
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

	doc.registerFont('regular', REGULAR);
	doc.registerFont('bold', BOLD);
	const W = doc.page.width;
	const H = doc.page.height;
	doc
		.rect(18, 18, W - 36, H - 36)
		.lineWidth(3)
		.stroke(BRAND);
	doc
		.rect(26, 26, W - 52, H - 52)
		.lineWidth(0.8)
		.stroke(BRAND);

	const center = (text: string, y: number, font: string, size: number, color = '#1b1f23') =>
		doc
			.font(font)
			.fontSize(size)
			.fillColor(color)
			.text(text, 60, y, { width: W - 120, align: 'center' });

	center('CivicSteps', 60, 'bold', 16, BRAND);
	center(
		cert.kind === 'organisation'
			? m.pdf_title_organisation({}, opt)
			: cert.kind === 'volunteer'
				? m.vcert_title({}, opt)
				: m.pdf_title({}, opt),
		95,
		'bold',
		30
	);
	center(m.pdf_certifies({}, opt), 160, 'regular', 14, '#4a5560');
	center(cert.recipient_name, 188, 'bold', 28);
	let y = doc.y + 6;
	if (cert.kind === 'volunteer') {
		// No course: the hours reached, and the organisations that confirmed them.
		center(m.vcert_pdf_completed({}, opt), y + 10, 'regular', 14, '#4a5560');
		center(m.vcert_name({ hours: cert.hours ?? 0 }, opt), doc.y + 8, 'bold', 20, BRAND);
		const names = organisationsOf(cert);
		if (names.length > 0) {
			center(
				m.vcert_pdf_confirmed_by({ organisations: joinNames(names, locale) }, opt),
				doc.y + 10,
				'regular',
				13,
				'#4a5560'
			);
		}
	} else {
		if (cert.kind === 'learner' && cert.organisation_name) {
			center(cert.organisation_name, y, 'regular', 14, '#4a5560');
			y = doc.y + 6;
		}
		center(
			cert.kind === 'organisation' ? m.pdf_org_completed({}, opt) : m.pdf_completed({}, opt),
			y + 10,
			'regular',
			14,
			'#4a5560'
		);
		center(cert.course_title, doc.y + 8, 'bold', 20, BRAND);
	}

	const bottom = H - 150;
	doc.font('regular').fontSize(11).fillColor('#1b1f23');
	doc.text(`${m.pdf_date({}, opt)}: ${date}`, 70, bottom, { width: 420 });
	doc.text(`${m.pdf_issuer({}, opt)}: ${cert.issuer_name}`, 70, doc.y + 4, { width: 420 });
	doc.text(`${m.pdf_code({}, opt)}: ${cert.code}`, 70, doc.y + 4, { width: 420 });
	doc
		.fontSize(9)
		.fillColor('#4a5560')
		.text(`${m.pdf_verify_at({}, opt)} ${verifyUrl}`, 70, doc.y + 8, { width: 480 });
	doc.image(qr, W - 70 - 110, bottom - 10, { width: 110, height: 110 });

	// A revoked certificate is still served (the verify page and the credential say why), but printed
	// it must not pass for a valid one: a stamp across the page, with the date, and a line saying so.
	if (cert.revoked_at !== null) {
		const stamp = m.cred_pdf_revoked({ date: formatDate(cert.revoked_at) }, opt);
		doc.save();
		doc.rotate(-16, { origin: [W / 2, H / 2] });
		doc
			.roundedRect(90, H / 2 - 48, W - 180, 96, 10)
			.lineWidth(5)
			.strokeOpacity(0.85)
			.stroke(REVOKED);
		doc
			.font('bold')
			.fontSize(32)
			.fillColor(REVOKED)
			.fillOpacity(0.85)
			.text(stamp, 100, H / 2 - 20, { width: W - 200, align: 'center', lineBreak: false, ellipsis: false });
		doc.restore();
		doc
			.font('bold')
			.fontSize(11)
			.fillColor(REVOKED)
			.fillOpacity(1)
			.text(m.cred_pdf_revoked_note({}, opt), 60, H - 62, { width: W - 120, align: 'center' });
	}
	doc.end();
	return done;
}
