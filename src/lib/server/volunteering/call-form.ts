// Reading and checking the form of a call for volunteers (issue 18): its texts, its closed lists
// (options.ts) and 1–10 shifts typed as Europe/Belgrade local dates and times. Error values are
// message codes (vcall_err_*), shown per field; a shift row's error is keyed `shift-<row>`.
import { LANGUAGES, MUNICIPALITIES, SKILLS, isOneOf } from '$lib/volunteering/options';
import { MARKUP_ERROR, cleanText, hasMarkup } from '../platform/form-text';
import { belgradeToEpoch, belgradeWallClock } from '../platform/region-time';

export { belgradeToEpoch, belgradeWallClock };

export const CALL_LIMITS = {
	title: 120,
	description: 4000,
	place: 200,
	shifts: 10,
	places: 200,
	/** How far ahead a shift may start: about a year. */
	aheadMs: 366 * 24 * 60 * 60 * 1000,
	/** Shift rows a form shows when it is empty. */
	emptyRows: 3,
	/** At most this many pending calls per organisation at once. */
	pendingPerOrganisation: 3,
	/** At most this many calls created per organisation in any 24 hours. */
	perDay: 10,
	reviewNote: 1000
} as const;

export interface ShiftInput {
	/** The shift being edited, or null for a new one. */
	id: number | null;
	startsAt: number;
	endsAt: number;
	places: number;
}

export interface CallInput {
	title: string;
	description: string;
	municipality: string;
	place: string;
	skills: string[];
	languages: string[];
	requiredCourseId: number | null;
	minorsAllowed: boolean;
	shifts: ShiftInput[];
}

/** A shift row as typed: shown again as it was when the form has errors. */
export interface ShiftValues {
	id: string;
	date: string;
	start: string;
	end: string;
	places: string;
	/** An existing shift marked for removal. */
	remove: boolean;
}

export interface CallValues {
	title: string;
	description: string;
	municipality: string;
	place: string;
	skills: string[];
	languages: string[];
	required_course: string;
	minors_allowed: boolean;
	shifts: ShiftValues[];
}

export type CallErrors = Record<string, string>;

const FIELDS = ['title', 'description', 'municipality', 'place', 'required_course'] as const;
/** Rows read from a form at most: more than the limit so that too many rows get a message. */
const MAX_ROWS_READ = CALL_LIMITS.shifts + 5;

const chars = (s: string) => [...s].length;

function listOf(form: FormData, name: string, max: number): string[] {
	return [...new Set(form.getAll(name).slice(0, max).map(cleanText))];
}

function rowsOf(form: FormData): ShiftValues[] {
	const col = (name: string) => form.getAll(name).slice(0, MAX_ROWS_READ).map(cleanText);
	const [ids, dates, starts, ends, places] = ['shift_id', 'shift_date', 'shift_start', 'shift_end', 'shift_places'].map(
		col
	);
	const n = Math.max(ids.length, dates.length, starts.length, ends.length, places.length);
	const removed = new Set(form.getAll('shift_remove').slice(0, MAX_ROWS_READ).map(cleanText));
	const rows: ShiftValues[] = [];
	for (let i = 0; i < n; i++)
		rows.push({
			id: ids[i] ?? '',
			date: (dates[i] ?? '').slice(0, 10),
			start: (starts[i] ?? '').slice(0, 5),
			end: (ends[i] ?? '').slice(0, 5),
			places: (places[i] ?? '').slice(0, 4),
			remove: Boolean(ids[i]) && removed.has(ids[i])
		});
	return rows;
}

const isBlank = (r: ShiftValues) => !r.remove && !r.date && !r.start && !r.end && !r.places;

/**
 * Reads and checks a call's form at `now`. Rows left wholly empty are ignored (an empty row of an
 * existing shift means removing it: the save refuses that when the shift has applications). A
 * shift whose times did not change (`unchanged`) may lie in the past: editing the texts of a call
 * that has begun must stay possible.
 */
export function parseCallForm(
	form: FormData,
	now: number,
	unchanged: (id: number, startsAt: number, endsAt: number) => boolean = () => false
): { input: CallInput; values: CallValues; errors: CallErrors } {
	const texts = Object.fromEntries(FIELDS.map((k) => [k, cleanText(form.get(k))])) as Record<
		(typeof FIELDS)[number],
		string
	>;
	const values: CallValues = {
		...texts,
		skills: listOf(form, 'skills', SKILLS.length + 1),
		languages: listOf(form, 'languages', LANGUAGES.length + 1),
		minors_allowed: form.get('minors_allowed') === 'on' || form.get('minors_allowed') === '1',
		shifts: rowsOf(form).filter((r) => !isBlank(r))
	};
	const errors: CallErrors = {};
	if (!texts.title) errors.title = 'vcall_err_title_required';
	else if (chars(texts.title) > CALL_LIMITS.title) errors.title = 'vcall_err_title_long';
	if (!texts.description) errors.description = 'vcall_err_description_required';
	else if (chars(texts.description) > CALL_LIMITS.description) errors.description = 'vcall_err_description_long';
	if (!isOneOf(MUNICIPALITIES, texts.municipality)) errors.municipality = 'vcall_err_municipality';
	if (chars(texts.place) > CALL_LIMITS.place) errors.place = 'vcall_err_place_long';
	for (const k of ['title', 'description', 'place'] as const) if (hasMarkup(texts[k])) errors[k] ??= MARKUP_ERROR;
	if (!values.skills.every((s) => isOneOf(SKILLS, s))) errors.skills = 'vcall_err_list';
	if (!values.languages.every((s) => isOneOf(LANGUAGES, s))) errors.languages = 'vcall_err_list';
	let requiredCourseId: number | null = null;
	if (texts.required_course) {
		if (/^\d{1,9}$/.test(texts.required_course)) requiredCourseId = Number(texts.required_course);
		else errors.required_course = 'vcall_err_course';
	}

	const shifts: ShiftInput[] = [];
	const seen = new Set<number>();
	const kept = values.shifts.filter((r) => !r.remove);
	if (kept.length === 0) errors.shifts = 'vcall_err_no_shifts';
	else if (kept.length > CALL_LIMITS.shifts) errors.shifts = 'vcall_err_too_many_shifts';
	values.shifts.forEach((row, i) => {
		if (row.remove) return;
		const id = /^\d{1,9}$/.test(row.id) ? Number(row.id) : null;
		const startsAt = belgradeToEpoch(row.date, row.start);
		const endsAt = belgradeToEpoch(row.date, row.end);
		const places = /^\d{1,4}$/.test(row.places) ? Number(row.places) : NaN;
		let error: string | null = null;
		if (row.id && (id === null || seen.has(id))) error = 'vcall_err_shift_unknown';
		else if (startsAt === null || endsAt === null) error = 'vcall_err_shift_time';
		else if (endsAt <= startsAt) error = 'vcall_err_shift_end_before_start';
		else if (!(id !== null && unchanged(id, startsAt, endsAt)) && startsAt <= now) error = 'vcall_err_shift_past';
		else if (startsAt > now + CALL_LIMITS.aheadMs) error = 'vcall_err_shift_far';
		else if (!(places >= 1 && places <= CALL_LIMITS.places)) error = 'vcall_err_shift_places';
		if (id !== null) seen.add(id);
		if (error) errors[`shift-${i}`] = error;
		else shifts.push({ id, startsAt: startsAt!, endsAt: endsAt!, places });
	});

	return {
		input: {
			title: texts.title,
			description: texts.description,
			municipality: texts.municipality,
			place: texts.place,
			skills: values.skills,
			languages: values.languages,
			requiredCourseId,
			minorsAllowed: values.minors_allowed,
			shifts
		},
		values,
		errors
	};
}

/** The form's values for an existing call (its shifts as Belgrade wall-clock times). */
export function valuesOf(call: {
	title: string;
	description: string;
	municipality: string;
	place: string;
	skills: string[];
	languages: string[];
	requiredCourseId: number | null;
	minorsAllowed: boolean;
	shifts: { id: number; startsAt: number; endsAt: number; places: number }[];
}): CallValues {
	return {
		title: call.title,
		description: call.description,
		municipality: call.municipality,
		place: call.place,
		skills: call.skills,
		languages: call.languages,
		required_course: call.requiredCourseId === null ? '' : String(call.requiredCourseId),
		minors_allowed: call.minorsAllowed,
		shifts: call.shifts.map((s) => {
			const start = belgradeWallClock(s.startsAt);
			return {
				id: String(s.id),
				date: start.date,
				start: start.time,
				end: belgradeWallClock(s.endsAt).time,
				places: String(s.places),
				remove: false
			};
		})
	};
}

export function emptyValues(): CallValues {
	return {
		title: '',
		description: '',
		municipality: '',
		place: '',
		skills: [],
		languages: [],
		required_course: '',
		minors_allowed: false,
		shifts: []
	};
}
