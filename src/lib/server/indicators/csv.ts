// A programme results report (issue 19) as CSV, for a spreadsheet: UTF-8 with a byte-order mark (so
// that Excel reads ë, č and Cyrillic right), RFC 4180 quoting, and no cell that starts like a formula
// (names of organisations come from users: csvCell puts an apostrophe before = + - @ tab and CR).
// Figures only, already suppressed: a hidden cell reads "< 5", as on the page and in the PDF;
// counts are integers, shares, days and hours have one decimal ('.'), as display.ts says.
import { TABLES, type Cell, type IndicatorReport } from '$lib/indicators/report';
import {
	cellText,
	labelText,
	measureDefinition,
	measureName,
	sectionTitle,
	tableNote,
	tableTitle
} from '$lib/indicators/labels';
import { csvFigure, rowLabelText, tablePeriodText } from '$lib/indicators/display';
import { m } from '$lib/paraglide/messages';
import { csvFile } from '../cohorts/insight';
import { belgradeWallClock } from '../platform/region-time';
import { headerLines, type ExportContext } from './export';

type CsvValue = string | number | null;

/** Days as they are, 'YYYY-MM-DD': a spreadsheet reads them as dates. */
const isoDay = (day: string) => day;

/** When the figures were computed, on Kosovo's clock: 'YYYY-MM-DD HH:MM'. */
function instant(ms: number): string {
	const { date, time } = belgradeWallClock(ms);
	return `${date} ${time}`;
}

/**
 * The report as CSV, in the current language: a header block (the title, the programme, the period,
 * the course, the cohort, the date, what "< 5" means), then each table: its section and title, its
 * note, a header row, its rows and the "All" row, and the one-sentence definitions of its measures.
 */
export function reportCsv(report: IndicatorReport, context: ExportContext): string {
	const rows: CsvValue[][] = [[m.rep_title()]];
	for (const line of headerLines(report, context, { day: isoDay, instant })) rows.push(line);
	rows.push([cellText(null), m.ind_small_explained()]);
	rows.push([cellText(null, String, 'percent'), m.ind_hidden_explained()]);
	let section: string | null = null;
	for (const table of report.tables) {
		const spec = TABLES[table.id];
		rows.push([]);
		if (spec.section !== section) {
			section = spec.section;
			rows.push([sectionTitle(spec.section)]);
		}
		rows.push([tableTitle(table.id)]);
		const period = tablePeriodText(table.period, isoDay);
		if (period) rows.push([period]);
		rows.push([tableNote(table.id)]);
		rows.push(['', ...spec.measures.map(measureName)]);
		const figures = (cells: Cell[]) => spec.measures.map((id, i) => csvFigure(id, cells[i] ?? null));
		for (const row of table.rows) rows.push([rowLabelText(row.label, isoDay), ...figures(row.cells)]);
		if (table.total) rows.push([labelText({ kind: 'all' }), ...figures(table.total)]);
		if (table.rows.length === 0 && !table.total) rows.push([m.rep_no_rows()]);
		rows.push([m.rep_definitions()]);
		for (const id of spec.measures) rows.push([measureName(id), measureDefinition(id)]);
	}
	return csvFile(rows);
}
