// The tables of the volunteer network and the civil-society portal (issue 18): volunteer profiles,
// calls with shifts, applications, hours, the public calendar and in-app notices. Split from
// schema.ts by domain; the one `Database` type there joins the files.
import type { Generated } from 'kysely';

export interface VolunteerProfileTable {
	user_id: number;
	/** A municipality code from volunteering/options.ts. */
	municipality: string;
	/** JSON string[] of language codes. */
	languages: Generated<string>;
	/** JSON string[] of skill codes. */
	skills: Generated<string>;
	skills_other: Generated<string>;
	/** JSON string[] of availability codes. */
	availability: Generated<string>;
	/** An age-band code; 'under-18' is a minor. */
	age_band: string;
	phone: Generated<string>;
	contact_consent_at: number;
	guardian_name: Generated<string>;
	guardian_contact: Generated<string>;
	guardian_consent_at: number | null;
	hidden: Generated<number>;
	created_at: number;
	updated_at: number;
}

export type CallStatus = 'pending' | 'open' | 'declined' | 'closed';

export interface VolunteerCallTable {
	id: Generated<number>;
	organisation_id: number;
	created_by: number | null;
	locale: string;
	title: string;
	description: string;
	municipality: string;
	place: Generated<string>;
	skills: Generated<string>;
	languages: Generated<string>;
	required_course_id: number | null;
	minors_allowed: Generated<number>;
	status: Generated<CallStatus>;
	review_note: Generated<string>;
	reviewed_by: number | null;
	reviewed_at: number | null;
	created_at: number;
	updated_at: number;
}

export interface VolunteerShiftTable {
	id: Generated<number>;
	call_id: number;
	starts_at: number;
	ends_at: number;
	places: number;
}

export type ApplicationStatus = 'applied' | 'accepted' | 'declined' | 'withdrawn';

export interface VolunteerApplicationTable {
	id: Generated<number>;
	shift_id: number;
	user_id: number;
	message: Generated<string>;
	status: Generated<ApplicationStatus>;
	decision_message: Generated<string>;
	decided_by: number | null;
	decided_at: number | null;
	attended: number | null;
	reminded_at: number | null;
	created_at: number;
	updated_at: number;
}

export type HoursStatus = 'logged' | 'confirmed' | 'rejected';

export interface VolunteerHoursTable {
	id: Generated<number>;
	user_id: number;
	organisation_id: number;
	application_id: number | null;
	/** 'YYYY-MM-DD'. */
	worked_on: string;
	minutes: number;
	note: Generated<string>;
	status: Generated<HoursStatus>;
	/** Why the organisation rejected the hours (migration 0035); '' otherwise. */
	decision_note: Generated<string>;
	logged_by: number | null;
	confirmed_by: number | null;
	confirmed_at: number | null;
	created_at: number;
}

export type EventKind = 'public-meeting' | 'consultation' | 'cso-event' | 'training';

export interface PortalEventTable {
	id: Generated<number>;
	kind: EventKind;
	locale: string;
	title: string;
	description: Generated<string>;
	municipality: string;
	place: Generated<string>;
	starts_at: number;
	ends_at: number | null;
	deadline_at: number | null;
	official_url: Generated<string>;
	organisation_id: number | null;
	created_by: number | null;
	cancelled: Generated<number>;
	created_at: number;
	updated_at: number;
}

export interface PortalEventAttendeeTable {
	event_id: number;
	user_id: number;
	created_at: number;
	reminded_at: number | null;
}

export interface NoticeTable {
	id: Generated<number>;
	user_id: number;
	/** A notice kind (volunteering/notices.ts) naming the message to show. */
	kind: string;
	/** JSON parameters for the message. */
	params: Generated<string>;
	link: Generated<string>;
	created_at: number;
	read_at: number | null;
}
