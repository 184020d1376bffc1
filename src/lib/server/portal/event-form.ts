// The calendar entry form (new and edit): reading and checking it, and filling it again. Dates and
// times are read as wall-clock time in Kosovo (Europe/Belgrade) and stored as epoch ms UTC.
import * as v from 'valibot';
import type { EventKind } from '../../../../db/schema-volunteering';
import { fieldErrors, formStrings, maxChars } from '../platform/form-schema';
import { EVENT_KINDS, MUNICIPALITIES, isOneOf } from '../../volunteering/options';
import { belgradeToEpoch, epochToBelgrade } from '../platform/region-time';
import { MARKUP_ERROR, hasMarkup } from '../platform/form-text';
import { LIMITS, type PortalEvent } from './events';

/** Kinds that are somebody else's official process: they must link to its page. */
const OFFICIAL_KINDS: readonly EventKind[] = ['public-meeting', 'consultation'];

/** An https address with a real host and no user name or password in it; nothing else is linked. */
export function isHttpsUrl(value: string): boolean {
	if (value.length > LIMITS.url || /\s/.test(value)) return false;
	try {
		const url = new URL(value);
		return url.protocol === 'https:' && url.hostname.includes('.') && !url.username && !url.password;
	} catch {
		return false;
	}
}

export const FORM_FIELDS = [
	'kind',
	'title',
	'description',
	'municipality',
	'place',
	'start_date',
	'start_time',
	'end_date',
	'end_time',
	'deadline_date',
	'deadline_time',
	'official_url'
] as const;
export type EventField = (typeof FORM_FIELDS)[number];
export type EventValues = Record<EventField, string>;
export type EventErrors = Partial<Record<EventField, string>>;

export interface EventInput {
	kind: EventKind;
	title: string;
	description: string;
	municipality: string;
	place: string;
	startsAt: number;
	endsAt: number | null;
	deadlineAt: number | null;
	officialUrl: string;
}

// Error values are message codes (src/lib/portal/errors.ts turns them into text).
const eventSchema = v.object({
	kind: v.pipe(
		v.string(),
		v.check((k) => isOneOf(EVENT_KINDS, k), 'portal_kind_invalid')
	),
	title: v.pipe(v.string(), v.nonEmpty('portal_title_required'), maxChars(LIMITS.title)),
	description: v.pipe(v.string(), maxChars(LIMITS.description)),
	municipality: v.pipe(
		v.string(),
		v.check((x) => isOneOf(MUNICIPALITIES, x), 'portal_municipality_invalid')
	),
	place: v.pipe(v.string(), maxChars(LIMITS.place)),
	official_url: v.pipe(
		v.string(),
		v.check((url) => !url || isHttpsUrl(url), 'portal_url_invalid')
	)
});

/** Reads and checks an entry form. Dates and times are Europe/Belgrade wall-clock readings. */
/** How far from today a start or a deadline may be: two years. */
const REACH_MS = 2 * 366 * 24 * 60 * 60 * 1000;
/** The longest entry: a month (a festival, a consultation period), not a year-long "event". */
const LONGEST_MS = 31 * 24 * 60 * 60 * 1000;

export function parseEventForm(
	form: FormData,
	now = Date.now(),
	/** On an edit: the entry's current start, which may stay although it has passed. */
	keptStart: number | null = null
): { input: EventInput | null; values: EventValues; errors: EventErrors } {
	const values = formStrings(form, FORM_FIELDS);
	const errors: EventErrors = fieldErrors(eventSchema, values);
	for (const k of ['title', 'description', 'place'] as const) if (hasMarkup(values[k])) errors[k] ??= MARKUP_ERROR;
	const startsAt = belgradeToEpoch(values.start_date, values.start_time);
	if (startsAt === null) errors.start_date ??= 'portal_start_invalid';
	else if (startsAt < now && startsAt !== keptStart) errors.start_date ??= 'portal_start_past';
	else if (startsAt > now + REACH_MS) errors.start_date ??= 'portal_start_too_far';

	let endsAt: number | null = null;
	if (values.end_date || values.end_time) {
		// An end time alone is on the start's day.
		endsAt = belgradeToEpoch(values.end_date || values.start_date, values.end_time || '23:59');
		if (endsAt === null) errors.end_date ??= 'portal_end_invalid';
		else if (startsAt !== null && endsAt < startsAt) errors.end_date ??= 'portal_end_before_start';
		else if (startsAt !== null && endsAt > startsAt + LONGEST_MS) errors.end_date ??= 'portal_end_too_late';
	}
	let deadlineAt: number | null = null;
	if (values.deadline_date || values.deadline_time) {
		// A deadline day without a time means the end of that day.
		deadlineAt = belgradeToEpoch(values.deadline_date, values.deadline_time || '23:59');
		if (deadlineAt === null) errors.deadline_date ??= 'portal_deadline_invalid';
		else if (Math.abs(deadlineAt - now) > REACH_MS) errors.deadline_date ??= 'portal_deadline_out_of_range';
	}
	if (isOneOf(OFFICIAL_KINDS, values.kind) && !values.official_url) errors.official_url ??= 'portal_url_required';

	if (Object.keys(errors).length > 0 || startsAt === null) return { input: null, values, errors };
	return {
		input: {
			kind: values.kind as EventKind,
			title: values.title,
			description: values.description,
			municipality: values.municipality,
			place: values.place,
			startsAt,
			endsAt,
			deadlineAt,
			officialUrl: values.official_url
		},
		values,
		errors
	};
}

/** An entry's form values, for the edit page. */
export function valuesOf(event: PortalEvent): EventValues {
	const at = (ms: number | null) => (ms === null ? { date: '', time: '' } : epochToBelgrade(ms));
	const start = at(event.starts_at);
	const end = at(event.ends_at);
	const deadline = at(event.deadline_at);
	return {
		kind: event.kind,
		title: event.title,
		description: event.description,
		municipality: event.municipality,
		place: event.place,
		start_date: start.date,
		start_time: start.time,
		end_date: end.date,
		end_time: end.time,
		deadline_date: deadline.date,
		deadline_time: deadline.time,
		official_url: event.official_url
	};
}
