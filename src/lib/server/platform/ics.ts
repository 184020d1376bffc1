// Calendar files (.ics, RFC 5545) for accepted volunteer shifts and portal events, so that a phone's
// calendar reminds people. ical-generator does the escaping, line folding and UTC times that are
// easy to get subtly wrong by hand.
import { ICalAlarmType, ICalCalendar, ICalEventStatus } from 'ical-generator';

export interface CalendarEntry {
	/** Stable and unique per entry, e.g. 'shift-12@civicsteps', so re-importing updates instead of duplicating. */
	uid: string;
	start: number;
	end: number | null;
	summary: string;
	description?: string;
	location?: string;
	url?: string;
	/** Minutes before the start at which the calendar should remind (default: a day). */
	alarmMinutes?: number;
	cancelled?: boolean;
}

/** The text of an .ics file holding the entries. */
export function calendarFile(name: string, entries: CalendarEntry[]): string {
	const calendar = new ICalCalendar({ name, prodId: { company: 'CivicSteps', product: 'portal' } });
	for (const e of entries) {
		const event = calendar.createEvent({
			id: e.uid,
			start: new Date(e.start),
			end: new Date(e.end ?? e.start + 60 * 60 * 1000),
			summary: e.summary,
			description: e.description,
			location: e.location,
			url: e.url,
			status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED
		});
		event.createAlarm({ type: ICalAlarmType.display, trigger: (e.alarmMinutes ?? 24 * 60) * 60 });
	}
	return calendar.toString();
}

/** Response headers for an .ics download. */
export function calendarHeaders(filename: string): Record<string, string> {
	return {
		'content-type': 'text/calendar; charset=utf-8',
		'content-disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '-')}"`,
		'cache-control': 'private, no-store'
	};
}
