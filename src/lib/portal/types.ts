// What the portal's pages receive of a calendar entry (server/http/portal-pages.ts makes them).
import type { EventKind } from '$lib/volunteering/options';

export interface EventSummary {
	id: number;
	kind: EventKind;
	title: string;
	municipality: string;
	place: string;
	startsAt: number;
	endsAt: number | null;
	deadlineAt: number | null;
	cancelled: boolean;
	organisation: { name: string; slug: string } | null;
}
