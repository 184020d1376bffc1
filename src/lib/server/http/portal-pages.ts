// The views of the portal's pages (home, calendar, a calendar entry): everything each page shows, so
// that the page cache (page-cache.ts, shared-pages.ts) can key signed-in renderings on it.
import { error, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import * as events from '../portal/events';
import * as attendees from '../portal/attendees';
import * as listings from '../portal/listings';
import { getProfile } from '../volunteering/profiles';
import { belgradeMonth } from '../platform/region-time';
import { idParam } from './guard';
import { config } from '../platform/config';
import type { EventSummary } from '$lib/portal/types';

const HOME_ITEMS = 5;

/** What a list shows of an entry: nothing of who wrote it but its organisation. */
function summaryOf(e: events.PortalEvent): EventSummary {
	return {
		id: e.id,
		kind: e.kind,
		title: e.title,
		municipality: e.municipality,
		place: e.place,
		startsAt: e.starts_at,
		endsAt: e.ends_at,
		deadlineAt: e.deadline_at,
		cancelled: e.cancelled === 1,
		organisation: e.organisation_slug ? { name: e.organisation_name ?? '', slug: e.organisation_slug } : null
	};
}

/** The home page: open calls, upcoming entries and newly certified organisations. The greeting of
 * a signed-in viewer comes from the layout. Whether the viewer already has a volunteer profile
 * (then "Become a volunteer" is not offered) is in the data: the home page is cached per viewer
 * (shared-pages.ts), keyed on this data, so a new profile changes the page. */
export async function homePage({ locals }: RequestEvent) {
	const now = Date.now();
	const [calls, upcoming, certified, profile] = await Promise.all([
		listings.openCalls(locals.db, { limit: HOME_ITEMS }, now),
		events.listUpcoming(locals.db, { activeOnly: true, limit: HOME_ITEMS }, now),
		listings.newlyCertified(locals.db, HOME_ITEMS),
		locals.user ? getProfile(locals.db, locals.user.id) : null
	]);
	return {
		volunteer: profile !== null,
		calls: calls.map((c) => ({
			id: c.id,
			title: c.title,
			municipality: c.municipality,
			organisation: c.organisation_name,
			nextStart: c.next_start
		})),
		events: upcoming.map(summaryOf),
		certified: certified.map((c) => ({ name: c.name, slug: c.slug, course: c.course_title, issuedAt: c.issued_at }))
	};
}

/** The calendar: upcoming entries, filtered by kind and municipality (a GET form), by month. */
export async function calendarPage({ locals, url }: RequestEvent) {
	const kind = url.searchParams.get('kind') ?? '';
	const municipality = url.searchParams.get('municipality') ?? '';
	const list = await events.listUpcoming(locals.db, { kind, municipality });
	const months: { month: string; events: EventSummary[] }[] = [];
	for (const e of list) {
		const month = belgradeMonth(e.starts_at);
		if (months.at(-1)?.month !== month) months.push({ month, events: [] });
		months.at(-1)!.events.push(summaryOf(e));
	}
	return {
		months,
		filter: { kind: kind.slice(0, 40), municipality: municipality.slice(0, 40) },
		canAdd: events.mayAdd(locals.user)
	};
}

/** A calendar entry, with how many will attend and what this viewer may do. */
export async function eventPage({ locals, params }: RequestEvent) {
	const id = idParam(params.id);
	const event = await events.getEvent(locals.db, id);
	if (!event) error(404, { message: m.error_404_text() });
	const user = locals.user;
	const { count, attending } = await attendees.attendance(locals.db, id, user?.id ?? null);
	const open = event.cancelled === 0 && event.starts_at > Date.now();
	return {
		event: { ...summaryOf(event), description: event.description, officialUrl: event.official_url },
		attendees: count,
		attending,
		canAttend: open,
		canEdit: events.mayEdit(user, event),
		origin: config.origin
	};
}
