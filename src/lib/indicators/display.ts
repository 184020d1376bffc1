// How a report's figures and dates read on the page (issue 19): numbers in the reader's language
// ("1 234,5" or "1,234.5"), shares and days with one decimal, counts without, calendar days ('YYYY-MM-DD',
// Kosovo's days) in the language's long or short date format. The page and its charts use these; the
// CSV writes plain digits, so it does not.
import { getLocale } from '$lib/paraglide/runtime';
import { intlLocale } from '$lib/i18n/locales';
import { m } from '$lib/paraglide/messages';
import { cellText } from './labels';
import { MEASURES, type Cell, type MeasureId, type ReportFilters } from './report';

const numberFormats = new Map<string, Intl.NumberFormat>();
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(kind: 'count' | 'decimal' | 'hours'): Intl.NumberFormat {
	const locale = intlLocale[getLocale()];
	const key = `${kind}:${locale}`;
	let found = numberFormats.get(key);
	if (!found) {
		const options: Intl.NumberFormatOptions =
			kind === 'count'
				? { maximumFractionDigits: 0 }
				: kind === 'decimal'
					? { minimumFractionDigits: 1, maximumFractionDigits: 1 }
					: { maximumFractionDigits: 1 };
		found = new Intl.NumberFormat(locale, options);
		numberFormats.set(key, found);
	}
	return found;
}

/** A figure of a measure as the reader writes numbers; "< 5" when hidden. */
export function figureText(measure: MeasureId, value: Cell): string {
	const unit = MEASURES[measure].unit;
	const kind = unit === 'percent' || unit === 'days' ? 'decimal' : unit === 'hours' ? 'hours' : 'count';
	return cellText(value, (n) => numberFormat(kind).format(n));
}

function dayFormat(style: 'long' | 'short'): Intl.DateTimeFormat {
	const locale = intlLocale[getLocale()];
	const key = `${style}:${locale}`;
	let found = dayFormats.get(key);
	if (!found) {
		// A calendar day is formatted as that day in UTC, so that no time zone moves it.
		const options: Intl.DateTimeFormatOptions =
			style === 'long' ? { dateStyle: 'long', timeZone: 'UTC' } : { day: 'numeric', month: 'short', timeZone: 'UTC' };
		found = new Intl.DateTimeFormat(locale, options);
		dayFormats.set(key, found);
	}
	return found;
}

/** A calendar day 'YYYY-MM-DD' in the reader's language; anything else is shown as it is. */
export function dayText(isoDay: string, style: 'long' | 'short' = 'long'): string {
	const ms = /^\d{4}-\d{2}-\d{2}$/.test(isoDay) ? Date.parse(`${isoDay}T00:00:00Z`) : NaN;
	return Number.isFinite(ms) ? dayFormat(style).format(new Date(ms)) : isoDay;
}

/** The period of a report in words: "1 March 2026 – 31 March 2026", "From …", "Until …" or the whole programme. */
export function periodText(filters: Pick<ReportFilters, 'from' | 'to'>): string {
	if (filters.from && filters.to) return m.rep_period_range({ from: dayText(filters.from), to: dayText(filters.to) });
	if (filters.from) return m.rep_period_from({ from: dayText(filters.from) });
	if (filters.to) return m.rep_period_until({ to: dayText(filters.to) });
	return m.rep_period_all();
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
