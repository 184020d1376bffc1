// A programme results report (issue 19) as a printable A4 PDF, to attach to a narrative report for
// the funder: the programme (which is also the issuer), the period, the course and cohort, the date
// the figures were made, what "< 5" means, each table drawn as a grid that carries its header row
// onto the next page, the definitions of every measure, and numbered pages. Made with pdfkit and the
// bundled DejaVu Sans, which covers ë ç, č ć đ š ž and Cyrillic (pdfkit embeds only the glyphs used).
// The figures are already suppressed: a hidden cell prints "< 5".
import PDFDocument from 'pdfkit';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { TABLES, type Cell, type IndicatorReport, type MeasureId, type Table } from '$lib/indicators/report';
import { labelText, measureDefinition, measureName, sectionTitle, tableNote, tableTitle } from '$lib/indicators/labels';
import { dayText, figureText, rowLabelText, tablePeriodText } from '$lib/indicators/display';
import { intlLocale } from '$lib/i18n/locales';
import { m } from '$lib/paraglide/messages';
import { isLocale } from '$lib/paraglide/runtime';
import { REGION_TIME_ZONE } from '../platform/region-time';
import { drawChart, type ChartFrame } from './pdf-charts';
import { headerLines, measuresOf, type ExportContext } from './export';

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

const BRAND = '#0b5d4b';
const INK = '#1b1f23';
const MUTED = '#4a5560';
const RULE = '#9aa5ae';
const TINT = '#e8f0ee';
const MARGIN = 45;
/** Room kept above the bottom margin for the page number. */
const FOOTER = 24;
/** Rows drawn per table at most; the report is bounded well below this (organisations: a few hundred). */
export const PDF_MAX_ROWS = 600;
/** A row label longer than this is cut (an organisation's name is much shorter). */
const LABEL_MAX = 200;
const HEADER_SIZE = 7.5;

type Doc = InstanceType<typeof PDFDocument>;

interface Layout {
	doc: Doc;
	width: number;
	bottom: number;
	/** A figure of a measure, as the page writes it in the report's language ("< 5" when hidden). */
	figure: (measure: MeasureId, value: Cell) => string;
	/** A count of rows. */
	count: (n: number) => string;
	/** A day ('YYYY-MM-DD') in the reader's language: the week rows. */
	day: (day: string) => string;
	chart: ChartFrame;
}

function ensureRoom(l: Layout, height: number): boolean {
	if (l.doc.y + height <= l.bottom) return false;
	l.doc.addPage();
	return true;
}

/**
 * Column widths: each figure's column is wide enough for the longest word of its header (so that no
 * word is split), at least an equal share of what the row labels leave; the labels take the rest.
 */
function columns(l: Layout, header: string[]): number[] {
	const { doc } = l;
	doc.font('bold').fontSize(HEADER_SIZE);
	const measures = header.slice(1);
	const share = Math.min(62, (l.width - 120) / measures.length);
	let widths = measures.map((text) =>
		Math.max(share, ...text.split(/\s+/).map((word) => doc.widthOfString(word) + 10))
	);
	const sum = widths.reduce((a, b) => a + b, 0);
	// Labels keep at least this much; past it the figures' columns shrink (a long word then wraps).
	const room = l.width - 90;
	if (sum > room) widths = widths.map((w) => (w * room) / sum);
	return [l.width - widths.reduce((a, b) => a + b, 0), ...widths];
}

type Font = 'regular' | 'bold';

function rowHeight(l: Layout, widths: number[], texts: string[], size: number, font: Font): number {
	l.doc.font(font).fontSize(size);
	return Math.max(...texts.map((t, i) => l.doc.heightOfString(t, { width: widths[i] - 8 }))) + 7;
}

/** Draws one row of cells at the current y; the first cell is left-aligned, the figures right. */
function drawRow(
	l: Layout,
	widths: number[],
	texts: string[],
	style: { font: Font; size: number; fill?: string; rule?: number }
): void {
	const { doc } = l;
	const height = rowHeight(l, widths, texts, style.size, style.font);
	const y = doc.y;
	if (style.fill) doc.rect(MARGIN, y, l.width, height).fill(style.fill);
	doc
		.moveTo(MARGIN, y + height)
		.lineTo(MARGIN + l.width, y + height)
		.lineWidth(style.rule ?? 0.4)
		.stroke(RULE);
	let x = MARGIN;
	texts.forEach((text, i) => {
		doc
			.fillColor(INK)
			.font(style.font)
			.fontSize(style.size)
			.text(text, x + 4, y + 4, { width: widths[i] - 8, align: i === 0 ? 'left' : 'right' });
		x += widths[i];
	});
	doc.x = MARGIN;
	doc.y = y + height;
}

function drawTable(l: Layout, table: Table): void {
	const { doc } = l;
	const spec = TABLES[table.id];
	const header = ['', ...spec.measures.map(measureName)];
	const widths = columns(l, header);
	const shown = table.rows.slice(0, PDF_MAX_ROWS);
	// One cell per measure, even from a stored report whose rows were cut short.
	const figures = (cells: Cell[]) => spec.measures.map((id, i) => l.figure(id, cells[i] ?? null));
	const body = shown.map((r) => [rowLabelText(r.label, l.day).slice(0, LABEL_MAX), ...figures(r.cells)]);
	const title = tableTitle(table.id);
	// A table counted over its own period (demographic tables: whole quarters) says so under its title.
	const period = tablePeriodText(table.period, l.day);
	const note = period ? `${period}\n${tableNote(table.id)}` : tableNote(table.id);

	// The title, the note, the header and the first rows stay together on one page.
	doc.font('bold').fontSize(11.5);
	let start = doc.heightOfString(title, { width: l.width }) + 4;
	doc.font('regular').fontSize(8.5);
	start += doc.heightOfString(note, { width: l.width }) + 6;
	start += rowHeight(l, widths, header, HEADER_SIZE, 'bold');
	start += body.slice(0, 2).reduce((sum, r) => sum + rowHeight(l, widths, r, 8.5, 'regular'), 0);
	ensureRoom(l, start);

	doc.font('bold').fontSize(11.5).fillColor(INK).text(title, MARGIN, doc.y, { width: l.width });
	doc.moveDown(0.15);
	doc.font('regular').fontSize(8.5).fillColor(MUTED).text(note, MARGIN, doc.y, { width: l.width });
	doc.moveDown(0.4);
	const drawHeader = () => drawRow(l, widths, header, { font: 'bold', size: HEADER_SIZE, fill: TINT, rule: 0.8 });
	drawHeader();
	const rows: { texts: string[]; total: boolean }[] = body.map((texts) => ({ texts, total: false }));
	if (table.total) rows.push({ texts: [labelText({ kind: 'all' }), ...figures(table.total)], total: true });
	const heightOf = (row: { texts: string[]; total: boolean }) =>
		rowHeight(l, widths, row.texts, 8.5, row.total ? 'bold' : 'regular');
	rows.forEach((row, i) => {
		const font = row.total ? 'bold' : 'regular';
		// The last row keeps the total company: the "All" row never starts a page alone.
		const next = rows[i + 1];
		const needed = heightOf(row) + (next?.total ? heightOf(next) : 0);
		// A table that goes on over a page break carries its header row with it.
		if (ensureRoom(l, needed)) {
			// On the new page: the table's name, then its header row again.
			doc.font('bold').fontSize(8.5).fillColor(MUTED).text(title, MARGIN, doc.y, { width: l.width });
			doc.moveDown(0.2);
			drawHeader();
		}
		drawRow(l, widths, row.texts, { font, size: 8.5, fill: row.total ? TINT : undefined, rule: row.total ? 0.8 : 0.4 });
	});
	if (rows.length === 0) {
		doc
			.font('regular')
			.fontSize(9)
			.fillColor(MUTED)
			.text(m.rep_no_rows(), MARGIN, doc.y + 4, { width: l.width });
	}
	if (table.rows.length > shown.length) {
		const more = m.rex_rows_more({ count: l.count(table.rows.length - shown.length) });
		doc
			.font('regular')
			.fontSize(8.5)
			.fillColor(MUTED)
			.text(more, MARGIN, doc.y + 4, { width: l.width });
	}
	if (rows.length > 0) {
		doc.moveDown(0.8);
		drawChart(l.chart, table);
	}
	doc.moveDown(1.2);
}

function drawDefinitions(l: Layout, measures: MeasureId[]): void {
	const { doc } = l;
	ensureRoom(l, 60);
	doc.font('bold').fontSize(14).fillColor(BRAND).text(m.rep_definitions(), MARGIN, doc.y, { width: l.width });
	doc.moveDown(0.3);
	for (const id of measures) {
		const name = measureName(id);
		const definition = measureDefinition(id);
		doc.font('bold').fontSize(9.5);
		let height = doc.heightOfString(name, { width: l.width });
		doc.font('regular').fontSize(9);
		height += doc.heightOfString(definition, { width: l.width - 12 }) + 6;
		ensureRoom(l, height);
		doc.font('bold').fontSize(9.5).fillColor(INK).text(name, MARGIN, doc.y, { width: l.width });
		doc
			.font('regular')
			.fontSize(9)
			.fillColor(MUTED)
			.text(definition, MARGIN + 12, doc.y, { width: l.width - 12 });
		doc.moveDown(0.4);
	}
}

/** The report as an A4 PDF, in the current language (`locale` formats the dates and numbers). */
export function reportPdf(report: IndicatorReport, context: ExportContext, locale: string): Promise<Buffer> {
	const tag = isLocale(locale) ? intlLocale[locale] : 'en-GB';
	const title = m.rep_title();
	const doc = new PDFDocument({
		size: 'A4',
		margin: MARGIN,
		bufferPages: true,
		info: { Title: context.snapshot ? `${title} — ${context.snapshot.title}` : title, Author: context.programme },
		lang: locale
	});
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});
	doc.registerFont('regular', join(fontDir, 'DejaVuSans.ttf'));
	doc.registerFont('bold', join(fontDir, 'DejaVuSans-Bold.ttf'));

	const counts = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
	const instantFormat = new Intl.DateTimeFormat(tag, {
		dateStyle: 'long',
		timeStyle: 'short',
		timeZone: REGION_TIME_ZONE
	});
	const day = (d: string) => dayText(d, 'long', locale);
	const width = doc.page.width - 2 * MARGIN;
	const figure = (measure: MeasureId, value: Cell) => figureText(measure, value, locale);
	const l: Layout = {
		doc,
		width,
		bottom: doc.page.height - MARGIN - FOOTER,
		figure,
		count: (n) => counts.format(n),
		day,
		chart: {
			doc,
			x: MARGIN,
			width,
			room: (height) => ensureRoom(l, height),
			figure,
			day,
			colours: { ink: INK, muted: MUTED, rule: RULE, series: [BRAND, '#c98a1b'] }
		}
	};
	const instant = (ms: number) => instantFormat.format(new Date(ms));

	doc.font('bold').fontSize(10).fillColor(BRAND).text(context.programme, MARGIN, MARGIN, { width: l.width });
	doc.moveDown(0.3);
	doc.font('bold').fontSize(22).fillColor(INK).text(title, { width: l.width });
	if (context.snapshot) {
		doc.font('regular').fontSize(13).fillColor(MUTED).text(context.snapshot.title, { width: l.width });
	}
	doc.moveDown(0.6);
	const keyWidth = 120;
	for (const [key, value] of headerLines(report, context, { day, instant })) {
		const y = doc.y;
		doc
			.font('bold')
			.fontSize(9.5)
			.fillColor(MUTED)
			.text(key, MARGIN, y, { width: keyWidth - 8 });
		const after = doc.y;
		doc
			.font('regular')
			.fontSize(9.5)
			.fillColor(INK)
			.text(value, MARGIN + keyWidth, y, { width: l.width - keyWidth });
		doc.x = MARGIN;
		doc.y = Math.max(after, doc.y) + 2;
	}
	doc.moveDown(0.6);
	const explained = `${m.ind_small_explained()} ${m.ind_hidden_explained()}`;
	doc.font('regular').fontSize(9);
	const boxHeight = doc.heightOfString(explained, { width: l.width - 16 }) + 12;
	const boxY = doc.y;
	doc.rect(MARGIN, boxY, l.width, boxHeight).fill(TINT);
	doc
		.fillColor(INK)
		.font('regular')
		.fontSize(9)
		.text(explained, MARGIN + 8, boxY + 6, { width: l.width - 16 });
	doc.x = MARGIN;
	doc.y = boxY + boxHeight;
	doc.moveDown(1.2);

	let section: string | null = null;
	for (const table of report.tables) {
		const spec = TABLES[table.id];
		if (spec.section !== section) {
			section = spec.section;
			ensureRoom(l, 120);
			doc
				.font('bold')
				.fontSize(15)
				.fillColor(BRAND)
				.text(sectionTitle(spec.section), MARGIN, doc.y, { width: l.width });
			doc.moveDown(0.4);
		}
		drawTable(l, table);
	}
	if (report.tables.length === 0) {
		doc.font('regular').fontSize(10).fillColor(MUTED).text(m.rep_no_rows(), MARGIN, doc.y, { width: l.width });
		doc.moveDown(1);
	}
	const measures = measuresOf(report);
	if (measures.length > 0) drawDefinitions(l, measures);

	const range = doc.bufferedPageRange();
	const footer = `${title} · ${instant(report.generatedAt)}`;
	for (let i = range.start; i < range.start + range.count; i++) {
		doc.switchToPage(i);
		// Written inside the bottom margin: lift it so pdfkit does not open a new page for the footer.
		const margin = doc.page.margins.bottom;
		doc.page.margins.bottom = 0;
		doc
			.font('regular')
			.fontSize(7.5)
			.fillColor(MUTED)
			.text(`${footer} · ${m.rex_page({ page: i + 1, pages: range.count })}`, MARGIN, doc.page.height - 30, {
				width: l.width,
				align: 'center',
				lineBreak: false
			});
		doc.page.margins.bottom = margin;
	}
	doc.end();
	return done;
}
