// The charts of the PDF report (issue 19), drawn with pdfkit's own shapes under their table: bars per
// row (TABLES[id].chart.kind 'bars') or a column per week ('weeks'). They repeat the table's figures,
// never add to them: a hidden figure has no bar, and its place says "< 5" as the table does.
import type PDFDocument from 'pdfkit';
import { MEASURES, TABLES, type Cell, type MeasureId, type Table } from '$lib/indicators/report';
import { measureName } from '$lib/indicators/labels';
import { rowLabelText } from '$lib/indicators/display';

type Doc = InstanceType<typeof PDFDocument>;

export interface ChartFrame {
	doc: Doc;
	/** The left edge and the width of the text column. */
	x: number;
	width: number;
	/** Makes room for `height` below the current y; true when that opened a new page. */
	room: (height: number) => boolean;
	/** A figure of a measure as the table writes it (display.ts figureText). */
	figure: (measure: MeasureId, value: Cell) => string;
	day: (day: string) => string;
	colours: { ink: string; muted: string; rule: string; series: string[] };
}

/** Rows drawn as bars at most: a chart of more rows would not be read (the table has them all). */
export const CHART_MAX_ROWS = 40;
const BAR = 7;
const GAP = 2;
const ROW_GAP = 5;
const WEEKS_HEIGHT = 90;

function legend(f: ChartFrame, names: string[]): void {
	const { doc } = f;
	let x = f.x;
	const y = doc.y;
	doc.font('regular').fontSize(7.5);
	names.forEach((name, i) => {
		doc.rect(x, y + 1, 8, 7).fill(f.colours.series[i % f.colours.series.length]);
		doc.fillColor(f.colours.ink).text(name, x + 11, y, { lineBreak: false });
		x += 11 + doc.widthOfString(name) + 14;
	});
	doc.x = f.x;
	doc.y = y + 13;
}

function drawBars(f: ChartFrame, table: Table, columns: number[], percent: boolean): void {
	const { doc } = f;
	const rows = table.rows.slice(0, CHART_MAX_ROWS);
	const values = rows.flatMap((r) => columns.map((i) => r.cells[i] ?? null)).filter((v): v is number => v !== null);
	if (values.length === 0) return;
	const max = percent ? 100 : Math.max(1, ...values);
	const labelWidth = Math.min(150, f.width * 0.3);
	const valueWidth = 40;
	const plot = f.width - labelWidth - valueWidth;
	const rowHeight = columns.length * (BAR + GAP) - GAP + ROW_GAP;
	f.room(13 + rowHeight * Math.min(3, rows.length));
	legend(
		f,
		columns.map((i) => measureName(TABLES[table.id].measures[i]))
	);
	for (const row of rows) {
		if (f.room(rowHeight))
			legend(
				f,
				columns.map((i) => measureName(TABLES[table.id].measures[i]))
			);
		const y = doc.y;
		doc
			.font('regular')
			.fontSize(7.5)
			.fillColor(f.colours.ink)
			.text(rowLabelText(row.label, f.day), f.x, y, {
				width: labelWidth - 6,
				height: 9,
				ellipsis: true,
				lineBreak: false
			});
		columns.forEach((i, k) => {
			const value: Cell = row.cells[i] ?? null;
			const top = y + k * (BAR + GAP);
			const start = f.x + labelWidth;
			if (value === null) {
				doc
					.font('regular')
					.fontSize(6.5)
					.fillColor(f.colours.muted)
					.text(f.figure(TABLES[table.id].measures[i], null), start, top, { lineBreak: false });
				return;
			}
			const length = Math.max(0.5, (Math.min(value, max) / max) * plot);
			doc.rect(start, top, length, BAR).fill(f.colours.series[k % f.colours.series.length]);
			doc
				.font('regular')
				.fontSize(6.5)
				.fillColor(f.colours.ink)
				.text(f.figure(TABLES[table.id].measures[i], value), start + length + 3, top, { lineBreak: false });
		});
		doc.x = f.x;
		doc.y = y + rowHeight;
	}
}

function drawWeeks(f: ChartFrame, table: Table, column: number): void {
	const { doc } = f;
	const rows = table.rows;
	const values = rows.map((r) => r.cells[column] ?? null);
	const shown = values.filter((v): v is number => v !== null);
	if (shown.length === 0) return;
	const max = Math.max(1, ...shown);
	const axis = 30;
	const plot = f.width - axis;
	const step = plot / rows.length;
	f.room(WEEKS_HEIGHT + 30);
	const top = doc.y + 4;
	const base = top + WEEKS_HEIGHT;
	doc.font('regular').fontSize(6.5).fillColor(f.colours.muted);
	doc.text(f.figure(TABLES[table.id].measures[column], max), f.x, top - 3, {
		width: axis - 4,
		align: 'right',
		lineBreak: false
	});
	doc.text('0', f.x, base - 6, { width: axis - 4, align: 'right', lineBreak: false });
	doc
		.moveTo(f.x + axis, base)
		.lineTo(f.x + f.width, base)
		.lineWidth(0.6)
		.stroke(f.colours.rule);
	values.forEach((value, i) => {
		const x = f.x + axis + i * step + (step > 3 ? step * 0.15 : 0);
		const width = Math.max(0.6, step > 3 ? step * 0.7 : step);
		if (value === null) {
			// A hidden week: a short grey mark on the axis instead of a column.
			doc.rect(x, base - 2, width, 2).fill(f.colours.rule);
			return;
		}
		const height = Math.max(0.5, (value / max) * WEEKS_HEIGHT);
		doc.rect(x, base - height, width, height).fill(f.colours.series[0]);
	});
	const first = rowLabelText(rows[0].label, f.day);
	const last = rowLabelText(rows[rows.length - 1].label, f.day);
	doc.font('regular').fontSize(6.5).fillColor(f.colours.muted);
	doc.text(first, f.x + axis, base + 3, { lineBreak: false });
	if (rows.length > 1) doc.text(last, f.x, base + 3, { width: f.width, align: 'right', lineBreak: false });
	doc.x = f.x;
	doc.y = base + 14;
}

/** Draws the table's chart, if it has one and anything to show, below the current y. */
export function drawChart(f: ChartFrame, table: Table): void {
	const chart = TABLES[table.id].chart;
	if (!chart || table.rows.length === 0) return;
	const columns = chart.measures.map((id) => TABLES[table.id].measures.indexOf(id)).filter((i) => i >= 0);
	if (columns.length === 0) return;
	if (chart.kind === 'weeks') drawWeeks(f, table, columns[0]);
	else
		drawBars(
			f,
			table,
			columns,
			chart.measures.every((id) => MEASURES[id].unit === 'percent')
		);
	f.doc.moveDown(0.6);
}
