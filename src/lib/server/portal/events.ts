// The public calendar of ways to take part (issue 18): municipal public meetings and consultations,
// CSO events and trainings. Coordinators and admins add any kind; confirmed members of an
// organisation (users.organisation_id) add CSO events and trainings, which then belong to their
// organisation. Meetings and consultations link to the official page: we build no consultation or
// petition system. Entries are cancelled, never deleted, so people who said they would attend see it.
import type { DB } from '../db/client';
import type { EventKind } from '../../../../db/schema-volunteering';
import { EVENT_KINDS, MUNICIPALITIES, isOneOf } from '../../volunteering/options';
import type { EventErrors, EventInput } from './event-form';
import { notify } from '../people/notices';
import { isStaff } from '../volunteering/access';

export const LIMITS = {
	title: 150,
	description: 3000,
	place: 200,
	url: 500,
	/** Entries one organisation may add in RATE_WINDOW_MS. */
	perWindow: 10,
	/** Entries one coordinator may add in RATE_WINDOW_MS: trusted, but a stolen session is bounded too. */
	staffPerWindow: 50
} as const;
export const RATE_WINDOW_MS = 24 * 60 * 60 * 1000;

const MEMBER_KINDS: readonly EventKind[] = ['cso-event', 'training'];

export interface Actor {
	id: number;
	role: string;
	organisationId: number | null;
}

/** Whether the user may add calendar entries at all. */
export function mayAdd(user: Actor | null): boolean {
	return !!user && (isStaff(user) || user.organisationId !== null);
}

/** The kinds this user may add or set. */
export function kindsFor(user: Actor): readonly EventKind[] {
	return isStaff(user) ? EVENT_KINDS : MEMBER_KINDS;
}

/** Whether the user may edit or cancel an entry: coordinators, and members of the entry's organisation. */
export function mayEdit(user: Actor | null, event: { organisation_id: number | null }): boolean {
	if (!user) return false;
	return isStaff(user) || (event.organisation_id !== null && event.organisation_id === user.organisationId);
}

/** How many entries the user's organisation (or the coordinator) may add in a day. */
export function dailyLimit(user: Actor): number {
	return isStaff(user) ? LIMITS.staffPerWindow : LIMITS.perWindow;
}

export interface PortalEvent {
	id: number;
	kind: EventKind;
	locale: string;
	title: string;
	description: string;
	municipality: string;
	place: string;
	starts_at: number;
	ends_at: number | null;
	deadline_at: number | null;
	official_url: string;
	organisation_id: number | null;
	created_by: number | null;
	cancelled: number;
	created_at: number;
	updated_at: number;
	organisation_name: string | null;
	organisation_slug: string | null;
}

export type WriteResult =
	| { ok: true; id: number }
	| { ok: false; reason: 'forbidden' | 'not_found' | 'rate_limited' }
	| { ok: false; reason: 'invalid'; errors: EventErrors };

function columns(input: EventInput) {
	return {
		kind: input.kind,
		title: input.title,
		description: input.description,
		municipality: input.municipality,
		place: input.place,
		starts_at: input.startsAt,
		ends_at: input.endsAt,
		deadline_at: input.deadlineAt,
		official_url: input.officialUrl
	};
}

/**
 * Adds an entry. A member's entry belongs to their organisation; a coordinator's to nobody (the
 * programme's). The spam limit (LIMITS.perWindow a day per organisation, staffPerWindow per
 * coordinator) is
 * counted inside the writing transaction, so simultaneous posts cannot all pass it.
 */
export async function createEvent(
	db: DB,
	user: Actor,
	input: EventInput,
	locale: string,
	now = Date.now()
): Promise<WriteResult> {
	if (!mayAdd(user)) return { ok: false, reason: 'forbidden' };
	if (!kindsFor(user).includes(input.kind))
		return { ok: false, reason: 'invalid', errors: { kind: 'portal_kind_not_allowed' } };
	const organisationId = isStaff(user) ? null : user.organisationId;
	return db.transaction().execute(async (trx) => {
		let recent = trx
			.selectFrom('portal_events')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('created_at', '>', now - RATE_WINDOW_MS);
		recent =
			organisationId === null
				? recent.where('created_by', '=', user.id)
				: recent.where('organisation_id', '=', organisationId);
		const { n } = await recent.executeTakeFirstOrThrow();
		if (Number(n) >= dailyLimit(user)) return { ok: false as const, reason: 'rate_limited' as const };
		const row = await trx
			.insertInto('portal_events')
			.values({
				...columns(input),
				locale,
				organisation_id: organisationId,
				created_by: user.id,
				created_at: now,
				updated_at: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		return { ok: true as const, id: row.id };
	});
}

/** Tells everybody who said they would attend an entry (in the writing transaction). */
async function tellAttendees(
	trx: DB,
	eventId: number,
	kind: 'event-changed' | 'event-cancelled',
	params: Record<string, string | number>,
	now: number
) {
	const people = await trx
		.selectFrom('portal_event_attendees')
		.select('user_id')
		.where('event_id', '=', eventId)
		.orderBy('user_id')
		.execute();
	for (const p of people) await notify(trx, p.user_id, kind, params, `/calendar/${eventId}`, now);
}

/**
 * Saves an edited entry (its organisation's members and coordinators only). When its start moves,
 * the reminders go out again for the new time and those who said they would attend are told.
 */
export async function updateEvent(
	db: DB,
	user: Actor,
	id: number,
	input: EventInput,
	now = Date.now()
): Promise<WriteResult> {
	return db.transaction().execute(async (trx) => {
		const event = await trx
			.selectFrom('portal_events')
			.select(['organisation_id', 'kind', 'starts_at', 'cancelled'])
			.where('id', '=', id)
			.executeTakeFirst();
		if (!event) return { ok: false as const, reason: 'not_found' as const };
		if (!mayEdit(user, event)) return { ok: false as const, reason: 'forbidden' as const };
		// A member may keep the kind a coordinator chose, but not turn an entry into an official one.
		if (input.kind !== event.kind && !kindsFor(user).includes(input.kind))
			return { ok: false as const, reason: 'invalid' as const, errors: { kind: 'portal_kind_not_allowed' } };
		await trx
			.updateTable('portal_events')
			.set({ ...columns(input), updated_at: now })
			.where('id', '=', id)
			.execute();
		if (input.startsAt !== event.starts_at) {
			await trx.updateTable('portal_event_attendees').set({ reminded_at: null }).where('event_id', '=', id).execute();
			if (!event.cancelled)
				await tellAttendees(trx, id, 'event-changed', { event: input.title, eventId: id, starts: input.startsAt }, now);
		}
		return { ok: true as const, id };
	});
}

/**
 * Cancels an entry; it stays listed, marked cancelled, so that nobody comes in vain: those who said
 * they would attend are told, once (cancelling again changes nothing).
 */
export async function cancelEvent(db: DB, user: Actor, id: number, now = Date.now()): Promise<WriteResult> {
	return db.transaction().execute(async (trx): Promise<WriteResult> => {
		const event = await trx
			.selectFrom('portal_events')
			.select(['organisation_id', 'title', 'cancelled'])
			.where('id', '=', id)
			.executeTakeFirst();
		if (!event) return { ok: false, reason: 'not_found' };
		if (!mayEdit(user, event)) return { ok: false, reason: 'forbidden' };
		if (event.cancelled) return { ok: true, id };
		await trx.updateTable('portal_events').set({ cancelled: 1, updated_at: now }).where('id', '=', id).execute();
		await tellAttendees(trx, id, 'event-cancelled', { event: event.title, eventId: id }, now);
		return { ok: true, id };
	});
}

function selectEvents(db: DB) {
	return db
		.selectFrom('portal_events')
		.leftJoin('organisations', 'organisations.id', 'portal_events.organisation_id')
		.selectAll('portal_events')
		.select(['organisations.name as organisation_name', 'organisations.slug as organisation_slug']);
}

export async function getEvent(db: DB, id: number): Promise<PortalEvent | undefined> {
	return selectEvents(db).where('portal_events.id', '=', id).executeTakeFirst();
}

export interface UpcomingFilter {
	kind?: string;
	municipality?: string;
	organisationId?: number;
	/** Leave out cancelled entries (the home page, the feed). */
	activeOnly?: boolean;
	limit?: number;
}

/** Entries not yet over (started ones count until their end), soonest first. */
export async function listUpcoming(db: DB, filter: UpcomingFilter = {}, now = Date.now()): Promise<PortalEvent[]> {
	let q = selectEvents(db).where((eb) =>
		eb.or([eb('portal_events.starts_at', '>=', now), eb('portal_events.ends_at', '>=', now)])
	);
	if (filter.kind && isOneOf(EVENT_KINDS, filter.kind)) q = q.where('portal_events.kind', '=', filter.kind);
	if (filter.municipality && isOneOf(MUNICIPALITIES, filter.municipality))
		q = q.where('portal_events.municipality', '=', filter.municipality);
	if (filter.organisationId !== undefined) q = q.where('portal_events.organisation_id', '=', filter.organisationId);
	if (filter.activeOnly) q = q.where('portal_events.cancelled', '=', 0);
	return q
		.orderBy('portal_events.starts_at')
		.orderBy('portal_events.id')
		.limit(Math.min(filter.limit ?? 200, 200))
		.execute();
}

/** Entries added most recently that are still ahead (the feed). */
export async function listNewest(db: DB, limit: number, now = Date.now()): Promise<PortalEvent[]> {
	return selectEvents(db)
		.where('portal_events.starts_at', '>=', now)
		.where('portal_events.cancelled', '=', 0)
		.orderBy('portal_events.created_at', 'desc')
		.orderBy('portal_events.id', 'desc')
		.limit(limit)
		.execute();
}
