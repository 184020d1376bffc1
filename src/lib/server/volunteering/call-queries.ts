// Reading calls for volunteers (issue 18): the public list of open calls with its filters, one call
// with its shifts and places left, an organisation's own calls and the coordinators' review queue.
// Places left = places − accepted applications. Re-exported by calls.ts, the module to import.
import * as v from 'valibot';
import type { ExpressionBuilder } from 'kysely';
import type { DB } from '../db/client';
import type { Database } from '../../../../db/schema';
import type { CallStatus } from '../../../../db/schema';
import { LANGUAGES, MUNICIPALITIES, SKILLS, isOneOf } from '$lib/volunteering/options';
import { parseStoredJson } from '../db/json';

const DEFAULT_PAGE = 20;
const MAX_PAGE = 50;

const codeList = v.array(v.string());
const codes = (text: string, source: string) => parseStoredJson(codeList, text, source);

export interface CallFilters {
	municipality?: string | null;
	skill?: string | null;
	language?: string | null;
	page?: number;
}

export interface CallSummary {
	id: number;
	title: string;
	organisation: { name: string; slug: string };
	municipality: string;
	place: string;
	skills: string[];
	languages: string[];
	minorsAllowed: boolean;
	/** The start of the next shift still to come. */
	nextStart: number | null;
}

/** The JSON list column holds this code (codes come from a closed list: no LIKE wildcards in them). */
const holds = (code: string) => `%${JSON.stringify(code)}%`;

/**
 * The one definition of "an open call with a shift still to come", joined to its organisation
 * (aliases c and o); `nextStart` selects the start of its next shift. The calls list, the home
 * page, an organisation's profile and the feed all start from here.
 */
export function openCallsWithShiftAhead(db: DB, now: number) {
	return db
		.selectFrom('volunteer_calls as c')
		.innerJoin('organisations as o', 'o.id', 'c.organisation_id')
		.where('c.status', '=', 'open')
		.where((eb) =>
			eb.exists(
				eb
					.selectFrom('volunteer_shifts as s')
					.select('s.id')
					.whereRef('s.call_id', '=', 'c.id')
					.where('s.starts_at', '>', now)
			)
		);
}

/** The start of the call's (alias c) next shift after `now`, as `next_start`. */
export function nextStart(eb: ExpressionBuilder<Database & { c: Database['volunteer_calls'] }, 'c'>, now: number) {
	return eb
		.selectFrom('volunteer_shifts as s')
		.select((e) => e.fn.min<number>('s.starts_at').as('m'))
		.whereRef('s.call_id', '=', 'c.id')
		.where('s.starts_at', '>', now)
		.as('next_start');
}

/**
 * Open calls with a shift still to come, soonest first, filtered by municipality, skill and
 * language (unknown codes are ignored). At most 50 a page.
 */
export async function listOpenCalls(db: DB, filters: CallFilters, now = Date.now(), pageSize = DEFAULT_PAGE) {
	const size = Math.min(Math.max(1, Math.floor(pageSize)), MAX_PAGE);
	let base = openCallsWithShiftAhead(db, now);
	if (isOneOf(MUNICIPALITIES, filters.municipality)) base = base.where('c.municipality', '=', filters.municipality);
	if (isOneOf(SKILLS, filters.skill)) base = base.where('c.skills', 'like', holds(filters.skill));
	if (isOneOf(LANGUAGES, filters.language)) base = base.where('c.languages', 'like', holds(filters.language));
	const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
	const pages = Math.max(1, Math.ceil(total / size));
	const page = Math.min(Math.max(1, Math.floor(filters.page ?? 1) || 1), pages);
	const rows = await base
		.select((eb) => [
			'c.id',
			'c.title',
			'c.municipality',
			'c.place',
			'c.skills',
			'c.languages',
			'c.minors_allowed',
			'o.name as organisation_name',
			'o.slug as organisation_slug',
			nextStart(eb, now)
		])
		.orderBy('next_start')
		.orderBy('c.id')
		.limit(size)
		.offset((page - 1) * size)
		.execute();
	const calls: CallSummary[] = rows.map((r) => ({
		id: r.id,
		title: r.title,
		organisation: { name: r.organisation_name, slug: r.organisation_slug },
		municipality: r.municipality,
		place: r.place,
		skills: codes(r.skills, 'volunteer_calls.skills'),
		languages: codes(r.languages, 'volunteer_calls.languages'),
		minorsAllowed: r.minors_allowed === 1,
		nextStart: r.next_start === null ? null : Number(r.next_start)
	}));
	return { calls, total, page, pages };
}

export interface ShiftView {
	id: number;
	startsAt: number;
	endsAt: number;
	places: number;
	accepted: number;
	/** Every application, whatever its state (such a shift cannot be removed). */
	applications: number;
	placesLeft: number;
}

export interface CallView {
	id: number;
	organisation: { id: number; name: string; slug: string };
	title: string;
	description: string;
	municipality: string;
	place: string;
	skills: string[];
	languages: string[];
	requiredCourseId: number | null;
	requiredCourse: { id: number; title: string } | null;
	minorsAllowed: boolean;
	status: CallStatus;
	reviewNote: string;
	createdAt: number;
	shifts: ShiftView[];
}

/** Per shift: every application whatever its state, and the accepted ones (which hold places). */
export async function applicationCounts(db: DB, shiftIds: number[]) {
	const counts = new Map<number, { applications: number; accepted: number }>();
	if (shiftIds.length === 0) return counts;
	const rows = await db
		.selectFrom('volunteer_applications')
		.select(['shift_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
		.where('shift_id', 'in', shiftIds)
		.groupBy(['shift_id', 'status'])
		.execute();
	for (const r of rows) {
		const c = counts.get(r.shift_id) ?? { applications: 0, accepted: 0 };
		c.applications += Number(r.n);
		if (r.status === 'accepted') c.accepted += Number(r.n);
		counts.set(r.shift_id, c);
	}
	return counts;
}

async function shiftsOf(db: DB, callIds: number[]): Promise<Map<number, ShiftView[]>> {
	const out = new Map<number, ShiftView[]>();
	if (callIds.length === 0) return out;
	const shifts = await db
		.selectFrom('volunteer_shifts')
		.selectAll()
		.where('call_id', 'in', callIds)
		.orderBy('starts_at')
		.orderBy('id')
		.execute();
	const counts = await applicationCounts(
		db,
		shifts.map((s) => s.id)
	);
	for (const s of shifts) {
		const { accepted, applications } = counts.get(s.id) ?? { applications: 0, accepted: 0 };
		const view: ShiftView = {
			id: s.id,
			startsAt: s.starts_at,
			endsAt: s.ends_at,
			places: s.places,
			accepted,
			applications,
			placesLeft: Math.max(0, s.places - accepted)
		};
		out.set(s.call_id, [...(out.get(s.call_id) ?? []), view]);
	}
	return out;
}

async function courseTitle(db: DB, courseId: number | null, locale: string) {
	if (courseId === null) return null;
	const rows = await db
		.selectFrom('course_texts')
		.select(['locale', 'title'])
		.where('course_id', '=', courseId)
		.where('locale', 'in', [locale, 'en'])
		.execute();
	const row = rows.find((r) => r.locale === locale) ?? rows[0];
	return row ? { id: courseId, title: row.title } : null;
}

/** One call with its organisation, required course and shifts (any status: the caller decides who sees it). */
export async function getCall(db: DB, id: number, locale = 'en'): Promise<CallView | null> {
	const r = await db
		.selectFrom('volunteer_calls as c')
		.innerJoin('organisations as o', 'o.id', 'c.organisation_id')
		.selectAll('c')
		.select(['o.name as organisation_name', 'o.slug as organisation_slug'])
		.where('c.id', '=', id)
		.executeTakeFirst();
	if (!r) return null;
	return {
		id: r.id,
		organisation: { id: r.organisation_id, name: r.organisation_name, slug: r.organisation_slug },
		title: r.title,
		description: r.description,
		municipality: r.municipality,
		place: r.place,
		skills: codes(r.skills, 'volunteer_calls.skills'),
		languages: codes(r.languages, 'volunteer_calls.languages'),
		requiredCourseId: r.required_course_id,
		requiredCourse: await courseTitle(db, r.required_course_id, locale),
		minorsAllowed: r.minors_allowed === 1,
		status: r.status,
		reviewNote: r.review_note,
		createdAt: r.created_at,
		shifts: (await shiftsOf(db, [r.id])).get(r.id) ?? []
	};
}

export interface CallRow {
	id: number;
	title: string;
	description: string;
	municipality: string;
	place: string;
	status: CallStatus;
	reviewNote: string;
	createdAt: number;
	organisation: { id: number; name: string; slug: string };
	shifts: ShiftView[];
}

async function callRows(db: DB, where: { organisationId?: number; status?: CallStatus }, limit: number) {
	let q = db
		.selectFrom('volunteer_calls as c')
		.innerJoin('organisations as o', 'o.id', 'c.organisation_id')
		.select([
			'c.id',
			'c.title',
			'c.description',
			'c.municipality',
			'c.place',
			'c.status',
			'c.review_note',
			'c.created_at',
			'o.id as organisation_id',
			'o.name as organisation_name',
			'o.slug as organisation_slug'
		]);
	if (where.organisationId !== undefined) q = q.where('c.organisation_id', '=', where.organisationId);
	if (where.status) q = q.where('c.status', '=', where.status);
	const direction = where.status === 'pending' ? 'asc' : 'desc';
	const rows = await q.orderBy('c.created_at', direction).orderBy('c.id', direction).limit(limit).execute();
	const shifts = await shiftsOf(
		db,
		rows.map((r) => r.id)
	);
	return rows.map((r): CallRow => ({
		id: r.id,
		title: r.title,
		description: r.description,
		municipality: r.municipality,
		place: r.place,
		status: r.status,
		reviewNote: r.review_note,
		createdAt: r.created_at,
		organisation: { id: r.organisation_id, name: r.organisation_name, slug: r.organisation_slug },
		shifts: shifts.get(r.id) ?? []
	}));
}

/** An organisation's calls, every status, newest first (for its members and coordinators). */
export function listOrganisationCalls(db: DB, organisationId: number, limit = 200): Promise<CallRow[]> {
	return callRows(db, { organisationId }, limit);
}

/** The coordinators' review queue: pending calls, oldest first. */
export function pendingCalls(db: DB, limit = 200): Promise<CallRow[]> {
	return callRows(db, { status: 'pending' }, limit);
}
