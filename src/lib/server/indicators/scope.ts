// The resolved filters of a report: what every indicator query needs (issue 19).
import type { ReportFilters } from '$lib/indicators/report';

export interface Scope {
	filters: ReportFilters;
	/** Epoch ms, the start of the `from` day in Kosovo; null = since the beginning. */
	from: number | null;
	/** Epoch ms, exclusive: the start of the day after `to` in Kosovo; null = until now. */
	until: number | null;
	/** The courses counted: one (a course or a cohort's course) or null for every course. */
	courseId: number | null;
	/** People counted: only this cohort's members when set. */
	cohortId: number | null;
	/** The report's language, for names that have translations (modules, courses). */
	locale: string;
	/** Epoch ms, "now" for figures that are a present state. */
	now: number;
}
