// The shape of a programme results report (issue 19), shared by the server that computes it, the
// page, the CSV and PDF exports and the frozen snapshots (stored as JSON). A report holds figures
// only, never a person: every count of people is already suppressed ("< 5") before it leaves
// src/lib/server/indicators/suppression.ts, so nothing built from a report can show a small count.

/** Every measure a table can have. Its name and its one-sentence definition are messages
 * (labels.ts); its unit and how it is suppressed are in MEASURES. */
export const MEASURE_IDS = [
	'orgs-participating',
	'orgs-with-certified-member',
	'orgs-certified',
	'enrolled',
	'started',
	'completed',
	'certified',
	'completion-rate',
	'median-days',
	'completed-in-period',
	'certified-in-period',
	'first-attempts',
	'passed-first',
	'first-pass-rate',
	'accepted',
	'review-days',
	'lessons',
	'volunteers-registered',
	'volunteers-active',
	'calls-posted',
	'calls-filled',
	'hours'
] as const;
export type MeasureId = (typeof MEASURE_IDS)[number];

export type Unit = 'organisations' | 'people' | 'percent' | 'days' | 'submissions' | 'lessons' | 'calls' | 'hours';

export interface Measure {
	unit: Unit;
	/** Rows add up to the total (each person, organisation or hour is in exactly one row): a single
	 * suppressed cell could be found by subtracting, so a second one is suppressed with it. */
	additive: boolean;
	/** A share: numerator / denominator of the same row, in percent; hidden when either is hidden. */
	rateOf?: [MeasureId, MeasureId];
}

export const MEASURES: Record<MeasureId, Measure> = {
	'orgs-participating': { unit: 'organisations', additive: true },
	'orgs-with-certified-member': { unit: 'organisations', additive: true },
	'orgs-certified': { unit: 'organisations', additive: true },
	enrolled: { unit: 'people', additive: true },
	started: { unit: 'people', additive: true },
	completed: { unit: 'people', additive: true },
	certified: { unit: 'people', additive: true },
	'completion-rate': { unit: 'percent', additive: false, rateOf: ['completed', 'enrolled'] },
	'median-days': { unit: 'days', additive: false },
	'completed-in-period': { unit: 'people', additive: true },
	'certified-in-period': { unit: 'people', additive: true },
	'first-attempts': { unit: 'people', additive: false },
	'passed-first': { unit: 'people', additive: false },
	'first-pass-rate': { unit: 'percent', additive: false, rateOf: ['passed-first', 'first-attempts'] },
	accepted: { unit: 'submissions', additive: true },
	'review-days': { unit: 'days', additive: false },
	lessons: { unit: 'lessons', additive: true },
	'volunteers-registered': { unit: 'people', additive: true },
	'volunteers-active': { unit: 'people', additive: true },
	'calls-posted': { unit: 'calls', additive: true },
	'calls-filled': { unit: 'calls', additive: true },
	hours: { unit: 'hours', additive: true }
};

export const SECTIONS = ['organisations', 'people', 'learning', 'volunteering'] as const;
export type SectionId = (typeof SECTIONS)[number];

/** Every table of a report, in the order shown. */
export const TABLE_IDS = [
	'orgs-by-municipality',
	'people-summary',
	'people-by-organisation',
	'people-by-municipality',
	'people-by-gender',
	'people-by-age',
	'people-by-language',
	'people-by-community',
	'quiz-first-attempt',
	'assignments',
	'lessons-per-week',
	'volunteering-summary',
	'volunteers-by-municipality',
	'volunteers-by-age'
] as const;
export type TableId = (typeof TABLE_IDS)[number];

export interface TableSpec {
	section: SectionId;
	/** Answers people gave about themselves (gender, age, community): counted over whole quarters, and a
	 * cell is also hidden when everyone but fewer than five in the total is in it (see suppression.ts). */
	demographic?: true;
	measures: MeasureId[];
	/** Drawn as an SVG chart beside the table: horizontal bars per row, or columns per week. */
	chart: { kind: 'bars' | 'weeks'; measures: MeasureId[] } | null;
}

const FUNNEL: MeasureId[] = ['enrolled', 'started', 'completed', 'certified', 'completion-rate'];
const FUNNEL_CHART = { kind: 'bars', measures: ['enrolled', 'completed'] } as const satisfies TableSpec['chart'];

export const TABLES: Record<TableId, TableSpec> = {
	'orgs-by-municipality': {
		section: 'organisations',
		measures: ['orgs-participating', 'orgs-with-certified-member', 'orgs-certified'],
		chart: { kind: 'bars', measures: ['orgs-participating', 'orgs-certified'] }
	},
	'people-summary': {
		section: 'people',
		measures: [...FUNNEL, 'median-days', 'completed-in-period', 'certified-in-period'],
		chart: null
	},
	'people-by-organisation': { section: 'people', measures: FUNNEL, chart: null },
	'people-by-municipality': { section: 'people', measures: FUNNEL, chart: FUNNEL_CHART },
	'people-by-gender': { section: 'people', measures: FUNNEL, chart: FUNNEL_CHART, demographic: true },
	'people-by-age': { section: 'people', measures: FUNNEL, chart: FUNNEL_CHART, demographic: true },
	'people-by-language': { section: 'people', measures: FUNNEL, chart: FUNNEL_CHART },
	'people-by-community': { section: 'people', measures: FUNNEL, chart: FUNNEL_CHART, demographic: true },
	'quiz-first-attempt': {
		section: 'learning',
		measures: ['first-attempts', 'passed-first', 'first-pass-rate'],
		chart: { kind: 'bars', measures: ['first-pass-rate'] }
	},
	assignments: { section: 'learning', measures: ['accepted', 'review-days'], chart: null },
	'lessons-per-week': { section: 'learning', measures: ['lessons'], chart: { kind: 'weeks', measures: ['lessons'] } },
	'volunteering-summary': {
		section: 'volunteering',
		measures: ['volunteers-registered', 'volunteers-active', 'calls-posted', 'calls-filled', 'hours'],
		chart: null
	},
	'volunteers-by-municipality': {
		section: 'volunteering',
		measures: ['volunteers-registered', 'volunteers-active', 'hours'],
		chart: { kind: 'bars', measures: ['hours'] }
	},
	'volunteers-by-age': {
		section: 'volunteering',
		measures: ['volunteers-registered', 'volunteers-active', 'hours'],
		chart: { kind: 'bars', measures: ['volunteers-registered', 'volunteers-active'] }
	}
};

/** What a row stands for. Codes are translated when shown (labels.ts); `text` is a name as stored
 * (an organisation, a module in the report's language). */
export type Label =
	| { kind: 'all' }
	| { kind: 'not-given' }
	| { kind: 'no-organisation' }
	/** Everyone whose organisation has fewer than five people in the table (one row for them all). */
	| { kind: 'small-organisations' }
	| { kind: 'municipality'; code: string }
	| { kind: 'gender'; code: string }
	| { kind: 'age'; code: string }
	| { kind: 'community'; code: string }
	| { kind: 'language'; code: string }
	/** The Monday that starts an ISO week, 'YYYY-MM-DD' (Kosovo's calendar). */
	| { kind: 'week'; start: string }
	| { kind: 'text'; text: string };

/** A figure as computed, before suppression (never stored, never sent to a page). */
export interface RawCell {
	value: number;
	/** How many distinct people the figure is about; null when it counts no people (organisations,
	 * calls). A cell about fewer than five people is shown as "< 5". */
	people: number | null;
}

export interface RawRow {
	label: Label;
	/** One per measure of the table, in TABLES order. */
	cells: RawCell[];
}

export interface RawTable {
	id: TableId;
	rows: RawRow[];
	/** Cells of the "All" row, or null for tables without a total (a person is in several rows). */
	total: RawCell[] | null;
	/** Sums across tables that subtraction could use (below); suppression keeps them safe too. */
	links?: RawLink[];
	/** When a table counts over another period than the report's (demographic tables: whole quarters). */
	period?: { from: string | null; to: string | null };
}

/** A cell of another (or the same) table: a row by its index, or the total. */
export interface CellRef {
	table: TableId;
	row: number | 'total';
}

/**
 * `whole` equals the sum of `parts` in every additive measure the two tables share: a municipality's
 * row and the rows of its organisations, or the same group of people shown in two tables (one part).
 * Within a table, rows summing to the total need no link.
 */
export interface RawLink {
	whole: CellRef;
	parts: CellRef[];
}

/** A shown figure: null means "< 5" (fewer than five people, or hidden so that it cannot be worked out). */
export type Cell = number | null;

export interface Row {
	label: Label;
	cells: Cell[];
}

export interface Table {
	id: TableId;
	rows: Row[];
	total: Cell[] | null;
	/** Set when the table counts over another period than the report's (see RawTable). */
	period?: { from: string | null; to: string | null };
}

/** The dates are Kosovo calendar days, 'YYYY-MM-DD', both included; null = from the start / until now. */
export interface ReportFilters {
	from: string | null;
	to: string | null;
	/** A course slug, or null for every course. */
	course: string | null;
	/** A cohort id, or null; a cohort implies its course. */
	cohort: number | null;
}

export interface IndicatorReport {
	version: 1;
	/** Epoch ms when the figures were computed. */
	generatedAt: number;
	filters: ReportFilters;
	/** Names for the filters, in the report's language, as they were then. */
	scope: { courseTitle: string | null; cohortName: string | null };
	tables: Table[];
}

/** The threshold under which a count of people is not shown. */
export const SMALL_COUNT = 5;
