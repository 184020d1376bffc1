// How a report's figures, dates and header read (issue 19), the one place for the page, the CSV and
// the PDF, so that the three say the same thing. Numbers follow one rule: counts of whole things
// (people, organisations, submissions, lessons, calls) are integers; shares and days are written with
// one decimal ("50.0"); hours with at most one ("2.5", "3": hours are mostly whole). The page and the PDF write them in the reader's language ("1 234,5" or "1,234.5"),
// the CSV with '.' and no grouping (for spreadsheets). A hidden figure reads "< 5" (labels.ts cellText).
import { getLocale, isLocale } from '$lib/paraglide/runtime';
import { intlLocale } from '$lib/i18n/locales';
import { m } from '$lib/paraglide/messages';
import { cellText, labelText } from './labels';
import {
	MEASURES,
	SECTIONS,
	TABLE_IDS,
	TABLES,
	type TableId,
	type Cell,
	type IndicatorReport,
	type Label,
	type MeasureId,
	type ReportFilters
} from './report';

const numberFormats = new Map<string, Intl.NumberFormat>();
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The Intl tag of a locale (the current one by default); an unknown one reads as English. */
function tagOf(locale?: string): string {
	const l = locale ?? getLocale();
	return isLocale(l) ? intlLocale[l] : 'en-GB';
}

/** The decimals of a measure's figures: [at least, at most]. */
export function figureDecimals(measure: MeasureId): [0 | 1, 0 | 1] {
	const unit = MEASURES[measure].unit;
	if (unit === 'percent' || unit === 'days') return [1, 1];
	if (unit === 'hours') return [0, 1];
	return [0, 0];
}

function numberFormat([min, max]: [0 | 1, 0 | 1], locale?: string): Intl.NumberFormat {
	const tag = tagOf(locale);
	const key = `${min}${max}:${tag}`;
	let found = numberFormats.get(key);
	if (!found) {
		found = new Intl.NumberFormat(tag, { minimumFractionDigits: min, maximumFractionDigits: max });
		numberFormats.set(key, found);
	}
	return found;
}

/** A figure of a measure as the reader writes numbers (page, PDF); "< 5" when hidden. */
export function figureText(measure: MeasureId, value: Cell, locale?: string): string {
	return cellText(value, (n) => numberFormat(figureDecimals(measure), locale).format(n), MEASURES[measure].unit);
}

/** A figure of a measure for the CSV: the same digits with '.' and no grouping; "< 5" when hidden. */
export function csvFigure(measure: MeasureId, value: Cell): string {
	return cellText(
		value,
		(n) => numberFormat(figureDecimals(measure), 'en').format(n).replaceAll(',', ''),
		MEASURES[measure].unit
	);
}

function dayFormat(style: 'long' | 'short', locale?: string): Intl.DateTimeFormat {
	const tag = tagOf(locale);
	const key = `${style}:${tag}`;
	let found = dayFormats.get(key);
	if (!found) {
		// A calendar day is formatted as that day in UTC, so that no time zone moves it.
		const options: Intl.DateTimeFormatOptions =
			style === 'long' ? { dateStyle: 'long', timeZone: 'UTC' } : { day: 'numeric', month: 'short', timeZone: 'UTC' };
		found = new Intl.DateTimeFormat(tag, options);
		dayFormats.set(key, found);
	}
	return found;
}

/** A calendar day 'YYYY-MM-DD' in the reader's language; anything else is shown as it is. */
export function dayText(isoDay: string, style: 'long' | 'short' = 'long', locale?: string): string {
	const ms = /^\d{4}-\d{2}-\d{2}$/.test(isoDay) ? Date.parse(`${isoDay}T00:00:00Z`) : NaN;
	return Number.isFinite(ms) ? dayFormat(style, locale).format(new Date(ms)) : isoDay;
}

/** Writes a calendar day: the page and the PDF in words, the CSV as 'YYYY-MM-DD'. */
export type DayFormat = (isoDay: string) => string;

/** The period of a report in words: "1 March 2026 – 31 March 2026", "From …", "Until …" or the whole programme. */
export function periodText(filters: Pick<ReportFilters, 'from' | 'to'>, day: DayFormat = (d) => dayText(d)): string {
	if (filters.from && filters.to) return m.rep_period_range({ from: day(filters.from), to: day(filters.to) });
	if (filters.from) return m.rep_period_from({ from: day(filters.from) });
	if (filters.to) return m.rep_period_until({ to: day(filters.to) });
	return m.rep_period_all();
}

/** The line under a table's title when it counts over its own period (demographic tables: whole
 * quarters), or null when it counts over the report's. */
export function tablePeriodText(
	period: { from: string | null; to: string | null } | undefined,
	day: DayFormat = (d) => dayText(d)
): string | null {
	if (!period) return null;
	if (period.from && period.to) return m.rep_table_period({ from: day(period.from), to: day(period.to) });
	return m.rep_table_period_open({ period: periodText(period, day) });
}

/** What the report covers, as label / value pairs: the period, the course, the cohort and when the
 * figures were made. The page shows them, the CSV and the PDF write them in their header. */
export function scopeLines(report: IndicatorReport, format: { day?: DayFormat; instant: (ms: number) => string }) {
	return [
		[m.rep_period(), periodText(report.filters, format.day)],
		[m.rep_filter_course(), report.scope.courseTitle ?? m.rep_filter_all_courses()],
		[m.rep_filter_cohort(), report.scope.cohortName ?? m.rep_filter_all_cohorts()],
		[m.rep_as_of_label(), format.instant(report.generatedAt)]
	] as [string, string][];
}

/** A row's label as text; a label of a kind this version does not know (a stored report, or a kind
 * added later) reads as its text if it has one, else ''. Never throws. */
export function rowLabelText(label: Label, day: DayFormat = (d) => dayText(d)): string {
	const text = labelText(label, day) as string | undefined;
	if (typeof text === 'string') return text;
	const own = (label as { text?: unknown }).text;
	return typeof own === 'string' ? own : '';
}

/** The query string of a report's filters (without the empty ones), for its links and exports. */
export function filtersQuery(filters: ReportFilters): string {
	const params = new URLSearchParams();
	if (filters.from) params.set('from', filters.from);
	if (filters.to) params.set('to', filters.to);
	if (filters.course) params.set('course', filters.course);
	if (filters.cohort !== null) params.set('cohort', String(filters.cohort));
	return params.toString();
}

/**
 * The measures each table defines under it: each measure once per section, under the first table
 * that has it. The people tables share their measures, and six copies of the same definitions made
 * the phone page three times as long.
 */
export const DEFINED_IN: Record<TableId, MeasureId[]> = (() => {
	const out = {} as Record<TableId, MeasureId[]>;
	for (const section of SECTIONS) {
		const seen = new Set<MeasureId>();
		for (const id of TABLE_IDS.filter((t) => TABLES[t].section === section)) {
			out[id] = TABLES[id].measures.filter((measure) => !seen.has(measure));
			for (const measure of TABLES[id].measures) seen.add(measure);
		}
	}
	return out;
})();
