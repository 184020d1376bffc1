// The filters of a programme results report (issue 19), read from a GET query string
// (?from=YYYY-MM-DD&to=YYYY-MM-DD&course=<slug>&cohort=<id>) so that a report has an address that can
// be bookmarked and shared between coordinators, and resolved into the Scope the indicators use.
import type { IndicatorReport, ReportFilters } from '$lib/indicators/report';
import type { DB } from '../db/client';
import { getCourseById, getCourseBySlug } from '../catalogue/courses';
import { getCohort } from '../cohorts/cohorts';
import { belgradeToEpoch } from '../platform/region-time';
import type { Scope } from './scope';

export type FilterField = 'from' | 'to' | 'course' | 'cohort';
export type FilterError = 'date' | 'order' | 'unknown';
export type FilterErrors = Partial<Record<FilterField, FilterError>>;

/** The earliest and latest days a period may name: the programme's lifetime with room to spare. */
const FIRST_DAY = '2020-01-01';
const LAST_DAY = '2099-12-31';

function day(value: string | null): string | null | false {
	const v = (value ?? '').trim();
	if (v === '') return null;
	if (v.length !== 10 || belgradeToEpoch(v, '00:00') === null || v < FIRST_DAY || v > LAST_DAY) return false;
	return v;
}

/** Reads the filters; `values` are the texts to show in the form again (bounded), whatever their errors. */
export function parseFilters(params: URLSearchParams): {
	filters: ReportFilters;
	values: Record<FilterField, string>;
	errors: FilterErrors;
} {
	const values = {
		from: (params.get('from') ?? '').slice(0, 20),
		to: (params.get('to') ?? '').slice(0, 20),
		course: (params.get('course') ?? '').slice(0, 100),
		cohort: (params.get('cohort') ?? '').slice(0, 12)
	};
	const errors: FilterErrors = {};
	const from = day(values.from);
	const to = day(values.to);
	if (from === false) errors.from = 'date';
	if (to === false) errors.to = 'date';
	if (from && to && from > to) errors.to = 'order';
	let cohort: number | null = null;
	if (values.cohort !== '') {
		if (/^[1-9]\d{0,8}$/.test(values.cohort)) cohort = Number(values.cohort);
		else errors.cohort = 'unknown';
	}
	const course = /^[a-z0-9-]{1,100}$/.test(values.course) ? values.course : null;
	if (values.course !== '' && course === null) errors.course = 'unknown';
	return {
		filters: { from: from || null, to: to || null, course, cohort },
		values,
		errors
	};
}

/**
 * The scope of valid filters, with the names to print; an unknown course or cohort is an error of its
 * field. A cohort implies its course: a course chosen with it must be the same.
 */
export async function resolveScope(
	db: DB,
	filters: ReportFilters,
	locale: string,
	now = Date.now()
): Promise<{ ok: true; scope: Scope; names: IndicatorReport['scope'] } | { ok: false; errors: FilterErrors }> {
	let courseId: number | null = null;
	let courseTitle: string | null = null;
	let cohortName: string | null = null;
	if (filters.course) {
		const course = await getCourseBySlug(db, filters.course, locale);
		if (!course) return { ok: false, errors: { course: 'unknown' } };
		courseId = course.id;
		courseTitle = course.title;
	}
	if (filters.cohort !== null) {
		const cohort = await getCohort(db, filters.cohort);
		if (!cohort || (courseId !== null && cohort.course_id !== courseId))
			return { ok: false, errors: { cohort: 'unknown' } };
		cohortName = cohort.name;
		if (courseId === null) {
			courseId = cohort.course_id;
			courseTitle = (await getCourseById(db, courseId, locale))?.title ?? null;
		}
	}
	const from = filters.from ? belgradeToEpoch(filters.from, '00:00') : null;
	// The day after `to`, at midnight in Kosovo: the end is exclusive, so the whole `to` day counts.
	let until: number | null = null;
	if (filters.to) {
		const [y, m, d] = filters.to.split('-').map(Number);
		const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
		until = belgradeToEpoch(next, '00:00');
	}
	return {
		ok: true,
		scope: { filters, from, until, courseId, cohortId: filters.cohort, locale, now },
		names: { courseTitle, cohortName }
	};
}
