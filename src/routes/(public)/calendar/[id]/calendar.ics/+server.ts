import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { idParam } from '$lib/server/http/guard';
import { calendarFile, calendarHeaders } from '$lib/server/platform/ics';
import { config } from '$lib/server/platform/config';
import { localizeHref } from '$lib/i18n/href';
import { municipalityLabel } from '$lib/volunteering/options';
import * as events from '$lib/server/portal/events';

export const GET: RequestHandler = async ({ locals, params }) => {
	const event = await events.getEvent(locals.db, idParam(params.id));
	if (!event) error(404, { message: m.error_404_text() });
	const page = `${config.origin}${localizeHref(`/calendar/${event.id}`)}`;
	const body = calendarFile('CivicSteps', [
		{
			uid: `portal-event-${event.id}@civicsteps`,
			start: event.starts_at,
			end: event.ends_at,
			summary: event.title,
			description: [event.description, event.official_url, page].filter(Boolean).join('\n\n'),
			location: [event.place, municipalityLabel(event.municipality)].filter(Boolean).join(', '),
			url: page,
			cancelled: event.cancelled === 1
		}
	]);
	return new Response(body, { headers: calendarHeaders(`civicsteps-event-${event.id}.ics`) });
};
