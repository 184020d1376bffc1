// The network view as CSV for coordinators: the same aggregates as the page, never a person.
import { csvFile } from '../cohorts/insight';
import type { NetworkView } from './network';

/** Labels for the CSV, in the reader's language (the route passes message functions). */
export interface CsvLabels {
	municipality: (code: string) => string;
	ageBand: (code: string) => string;
	language: (code: string) => string;
	/** Section and figure names, by key (e.g. 'volunteers', 'total'). */
	text: (key: string) => string;
}

/**
 * The view as CSV: UTF-8 with a byte-order mark (spreadsheets then read ë and Cyrillic right),
 * cells quoted where needed and never starting like a formula (csvCell). Two tables one after the
 * other: the figures (section, key, label, value) and the hours per month. No personal data.
 */
export function networkCsv(view: NetworkView, labels: CsvLabels, now = Date.now()): string {
	const rows: (string | number | null)[][] = [['section', 'key', 'label', 'value']];
	const add = (section: string, key: string, label: string, value: string | number) =>
		rows.push([section, key, label, value]);
	add(
		'filter',
		'municipality',
		view.filter.municipality ? labels.municipality(view.filter.municipality) : labels.text('all'),
		view.filter.municipality ?? ''
	);
	add('filter', 'months', labels.text('months'), view.filter.months);
	add('filter', 'generated_at', labels.text('generated_at'), new Date(now).toISOString());
	const v = view.volunteers;
	add('volunteers', 'total', labels.text('total'), v.total);
	add('volunteers', 'minors', labels.text('minors'), v.minors);
	add('volunteers', 'joined', labels.text('joined'), v.joined);
	add('volunteers', 'hidden', labels.text('hidden'), v.hidden);
	for (const t of v.byMunicipality) add('volunteers_by_municipality', t.key, labels.municipality(t.key), t.count);
	for (const t of v.byAgeBand) add('volunteers_by_age_band', t.key, labels.ageBand(t.key), t.count);
	for (const t of v.byLanguage) add('volunteers_by_language', t.key, labels.language(t.key), t.count);
	const h = view.hours;
	add('hours', 'confirmed_in_period', labels.text('confirmed_in_period'), h.confirmedInPeriod);
	add('hours', 'confirmed_total', labels.text('confirmed_total'), h.confirmedTotal);
	add('hours', 'pending', labels.text('pending'), h.pending);
	const c = view.calls;
	for (const key of ['open', 'pending', 'closed', 'upcoming', 'filled', 'unfilled'] as const)
		add('calls', key, labels.text(`calls_${key}`), c[key]);
	add('calls', 'places_offered', labels.text('places_offered'), c.placesOffered);
	add('calls', 'places_filled', labels.text('places_filled'), c.placesFilled);
	rows.push([]);
	rows.push(['month', 'confirmed_hours']);
	for (const m of h.perMonth) rows.push([m.month, m.hours]);
	return csvFile(rows);
}
