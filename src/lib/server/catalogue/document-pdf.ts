// Trainer documents (session plans, templates) printed as A4 PDF with pdfkit and the bundled DejaVu
// Sans, which covers ë ç, č ć đ š ž and Cyrillic. The Markdown they are written in is a small, print-
// minded subset: headings, paragraphs with **bold**, lists (with [ ] boxes), and tables drawn as grids,
// so that an attendance sheet's empty rows print as boxes to fill in by hand.
import PDFDocument from 'pdfkit';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const BRAND = '#0b5d4b';
const INK = '#1b1f23';
const MUTED = '#4a5560';
const MARGIN = 50;

export interface PrintedDocument {
	title: string;
	body: string;
}

export interface PrintJob {
	/** The PDF's title (its metadata and the first page's heading). */
	title: string;
	/** A line under the heading, e.g. the course. */
	subtitle: string;
	/** Each document starts on a new page. */
	documents: PrintedDocument[];
	/** The footer of every page, before its number. */
	footer: string;
	lang: string;
}

type Doc = InstanceType<typeof PDFDocument>;

/** Inline Markdown as runs of plain and bold text; links keep their text, code and *emphasis* their letters. */
function runs(line: string): { text: string; bold: boolean }[] {
	const plain = line.replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)').replace(/`([^`]+)`/g, '$1');
	return plain
		.split('**')
		.map((text, i) => ({ text: text.replace(/(^|[^\w*])[*_]([^*_\n]+)[*_](?=[^\w*]|$)/g, '$1$2'), bold: i % 2 === 1 }))
		.filter((r) => r.text !== '');
}

function paragraph(doc: Doc, line: string, options: { indent?: number; size?: number } = {}) {
	const x = MARGIN + (options.indent ?? 0);
	const width = doc.page.width - MARGIN - x;
	const parts = runs(line);
	doc.fontSize(options.size ?? 11).fillColor(INK);
	if (parts.length === 0) return;
	parts.forEach((r, i) => {
		doc.font(r.bold ? 'bold' : 'regular');
		const last = i === parts.length - 1;
		if (i === 0) doc.text(r.text, x, doc.y, { width, continued: !last });
		else doc.text(r.text, { continued: !last });
	});
}

function cells(line: string): string[] {
	return line
		.trim()
		.replace(/^\|/, '')
		.replace(/\|$/, '')
		.split('|')
		.map((c) => c.trim());
}

/**
 * Column widths: a column whose longest cell fits its share keeps that width, the others share the
 * rest equally (room to write by hand); a table narrower than the page is stretched to its width.
 */
function columnWidths(doc: Doc, rows: string[][], cols: number, width: number): number[] {
	doc.fontSize(10).font('bold');
	const natural = Array.from({ length: cols }, (_, i) => {
		const texts = rows.map((r) => (r[i] ?? '').replace(/\*\*/g, ''));
		const word = Math.max(0, ...texts.flatMap((t) => t.split(/\s+/)).map((w) => doc.widthOfString(w)));
		const whole = Math.max(0, ...texts.map((t) => doc.widthOfString(t)));
		return Math.max(word, Math.min(150, whole)) + 10;
	});
	const total = natural.reduce((a, b) => a + b, 0);
	if (total <= width) return natural.map((n) => (n * width) / total);
	const fixed = new Set<number>();
	const share = () => (width - [...fixed].reduce((a, i) => a + natural[i], 0)) / Math.max(1, cols - fixed.size);
	for (let found = true; found;) {
		const limit = share();
		const fits = natural.findIndex((n, i) => !fixed.has(i) && n <= limit);
		found = fits >= 0;
		if (found) fixed.add(fits);
	}
	const rest = share();
	return natural.map((n, i) => (fixed.has(i) ? n : rest));
}

function table(doc: Doc, rows: string[][]) {
	const cols = Math.max(...rows.map((r) => r.length));
	const widths = columnWidths(doc, rows, cols, doc.page.width - 2 * MARGIN);
	const bottom = doc.page.height - MARGIN - 20;
	rows.forEach((row, n) => {
		doc.fontSize(10).font(n === 0 ? 'bold' : 'regular');
		const cells = widths.map((_, i) => (row[i] ?? '').replace(/\*\*/g, ''));
		// Empty rows are for writing by hand: tall enough for a name and a signature.
		const height = Math.max(24, ...cells.map((c, i) => doc.heightOfString(c, { width: widths[i] - 8 }) + 10));
		if (doc.y + height > bottom) doc.addPage();
		const y = doc.y;
		let x = MARGIN;
		cells.forEach((cell, i) => {
			if (n === 0) doc.rect(x, y, widths[i], height).fillAndStroke('#e8f0ee', MUTED);
			else doc.rect(x, y, widths[i], height).lineWidth(0.6).stroke(MUTED);
			doc.fillColor(INK).text(cell, x + 4, y + 5, { width: widths[i] - 8 });
			x += widths[i];
		});
		doc.x = MARGIN;
		doc.y = y + height;
	});
	doc.moveDown(0.6);
}

function body(doc: Doc, markdown: string) {
	const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i];
		const trimmed = line.trim();
		if (trimmed.startsWith('|')) {
			const rows: string[][] = [];
			while (i < lines.length && lines[i].trim().startsWith('|')) {
				if (!/^\|?\s*:?-{2,}/.test(lines[i].trim())) rows.push(cells(lines[i]));
				i++;
			}
			i--;
			table(doc, rows);
			continue;
		}
		if (trimmed === '') {
			doc.moveDown(0.4);
			continue;
		}
		const heading = /^(#{1,4})\s+(.*)$/.exec(trimmed);
		if (heading) {
			if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
			doc.moveDown(0.3);
			doc
				.font('bold')
				.fontSize(heading[1].length <= 2 ? 14 : 12)
				.fillColor(BRAND)
				.text(heading[2], MARGIN, doc.y, { width: doc.page.width - 2 * MARGIN });
			doc.moveDown(0.2);
			continue;
		}
		const item = /^(\s*)([-*]|\d+[.)])\s+(\[[ xX]\]\s+)?(.*)$/.exec(line);
		if (item) {
			const indent = 14 + Math.min(3, Math.floor(item[1].length / 2)) * 14;
			const marker = item[3] ? (/x/i.test(item[3]) ? '☒' : '☐') : /\d/.test(item[2]) ? item[2] : '•';
			const y = doc.y;
			doc
				.font('regular')
				.fontSize(11)
				.fillColor(INK)
				.text(marker, MARGIN + indent - 14, y, { width: 16 });
			doc.y = y;
			paragraph(doc, item[4], { indent: indent + (marker.length > 2 ? 6 : 0) });
			continue;
		}
		if (/^(-{3,}|\*{3,})$/.test(trimmed)) {
			doc
				.moveTo(MARGIN, doc.y + 4)
				.lineTo(doc.page.width - MARGIN, doc.y + 4)
				.lineWidth(0.6)
				.stroke(MUTED);
			doc.moveDown(0.8);
			continue;
		}
		paragraph(doc, trimmed);
	}
}

/** The documents as one PDF: a heading, then each document from a new page, numbered pages. */
export function documentsPdf(job: PrintJob): Promise<Buffer> {
	const doc = new PDFDocument({
		size: 'A4',
		margin: MARGIN,
		bufferPages: true,
		info: { Title: job.title, Author: 'CivicSteps' },
		lang: job.lang
	});
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
	doc.registerFont('regular', join(fontDir, 'DejaVuSans.ttf'));
	doc.registerFont('bold', join(fontDir, 'DejaVuSans-Bold.ttf'));
	const width = doc.page.width - 2 * MARGIN;

	doc.font('bold').fontSize(9).fillColor(BRAND).text('CivicSteps', MARGIN, MARGIN, { width });
	doc.font('bold').fontSize(18).fillColor(INK).text(job.title, { width });
	doc.font('regular').fontSize(11).fillColor(MUTED).text(job.subtitle, { width });
	doc.moveDown(0.8);
	job.documents.forEach((d, i) => {
		if (i > 0) doc.addPage();
		if (d.title) doc.font('bold').fontSize(16).fillColor(BRAND).text(d.title, MARGIN, doc.y, { width }).moveDown(0.4);
		body(doc, d.body);
	});
	const range = doc.bufferedPageRange();
	for (let i = range.start; i < range.start + range.count; i++) {
		doc.switchToPage(i);
		// Written inside the bottom margin: lift it so pdfkit does not open a new page for the footer.
		const margin = doc.page.margins.bottom;
		doc.page.margins.bottom = 0;
		doc
			.font('regular')
			.fontSize(8)
			.fillColor(MUTED)
			.text(`${job.footer} · ${i + 1}/${range.count}`, MARGIN, doc.page.height - 30, {
				width,
				align: 'center',
				lineBreak: false
			});
		doc.page.margins.bottom = margin;
	}
	doc.end();
	return done;
}
