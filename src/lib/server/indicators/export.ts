// What the CSV and the PDF of a programme results report (issue 19) share: the header block (the
// programme, the period, the course, the cohort, the date it was made), the measures whose
// definitions go with it, the file name, and the audit entry every export writes.
import { TABLES, type IndicatorReport, type MeasureId, type ReportFilters } from '$lib/indicators/report';
import { scopeLines, type DayFormat } from '$lib/indicators/display';
import { m } from '$lib/paraglide/messages';
import type { DB } from '../db/client';
import { record } from '../people/audit';
import { belgradeDate } from '../platform/region-time';

/** Who the report is from, and whether it is a frozen one. */
export interface ExportContext {
	/** The programme's name, which is also the issuer of the report (config.issuerName). */
	programme: string;
	/** A frozen report: its title as given when it was frozen. */
	snapshot: { id: number; title: string } | null;
}

export type ExportFormat = 'csv' | 'pdf';

/** The header block as label / value pairs, in the current language: the programme, the frozen
 * report's title, what the report covers (as the page says it, display.ts scopeLines) and the issuer. */
export function headerLines(
	report: IndicatorReport,
	context: ExportContext,
	format: { day?: DayFormat; instant: (ms: number) => string }
): [string, string][] {
	const lines: [string, string][] = [[m.rex_programme(), context.programme]];
	if (context.snapshot) lines.push([m.rex_snapshot(), context.snapshot.title]);
	lines.push(...scopeLines(report, format), [m.rex_issuer(), context.programme]);
	return lines;
}

/** Every measure of the report's tables, once, in the order they first appear. */
export function measuresOf(report: IndicatorReport): MeasureId[] {
	const seen = new Set<MeasureId>();
	for (const t of report.tables) for (const id of TABLES[t.id].measures) seen.add(id);
	return [...seen];
}

/** programme-results-<from>-<to>.<ext>: an open end is 'start' or the day the report was made. */
export function exportFileName(
	report: IndicatorReport,
	format: ExportFormat,
	snapshotId: number | null = null
): string {
	const from = report.filters.from ?? 'start';
	const to = report.filters.to ?? belgradeDate(report.generatedAt);
	const frozen = snapshotId === null ? '' : `snapshot-${snapshotId}-`;
	// The days of a frozen report come from stored JSON: only safe characters reach the header.
	return `programme-results-${frozen}${from}-${to}`.replace(/[^A-Za-z0-9-]/g, '_').slice(0, 120) + `.${format}`;
}

/** The filters as a query string for the audit log ('' for the whole programme). */
function filtersDetail(filters: ReportFilters): string {
	const params = new URLSearchParams();
	for (const key of ['from', 'to', 'course', 'cohort'] as const) {
		const value = filters[key];
		if (value !== null) params.set(key, String(value));
	}
	return params.toString();
}

/** Writes the export to the audit log: who, which format, and which report (the filters, or the snapshot). */
export async function recordExport(
	db: DB,
	userId: number,
	format: ExportFormat,
	report: IndicatorReport,
	snapshotId: number | null = null,
	now = Date.now()
): Promise<void> {
	const subject = snapshotId === null ? `report.${format}` : `snapshot ${snapshotId} report.${format}`;
	const filters = filtersDetail(report.filters);
	await record(db, userId, 'indicators_exported', subject, `${format}${filters ? ` ${filters}` : ''}`, now);
}
