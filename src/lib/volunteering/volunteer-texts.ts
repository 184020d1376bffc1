// Texts of the volunteer's pages that depend on a stored code: form findings, application statuses and
// in-app notices. A notice stores a kind and parameters (volunteering/notices.ts), never text, so it
// reads in the reader's language; an unknown kind still shows something sensible.
import { m } from '$lib/paraglide/messages';
import { errorText } from '$lib/i18n/errors';
import { formatDateTime, formatHours } from '$lib/i18n/format';

const ERRORS: Record<string, () => string> = {
	volp_municipality_required: m.volp_err_municipality_required,
	volp_languages_required: m.volp_err_languages_required,
	volp_age_required: m.volp_err_age_required,
	volp_choice_invalid: m.volp_err_choice_invalid,
	volp_phone_invalid: m.volp_err_phone_invalid,
	volp_contact_consent_required: m.volp_err_contact_consent_required,
	volp_guardian_name_required: m.volp_err_guardian_name_required,
	volp_guardian_contact_required: m.volp_err_guardian_contact_required,
	volp_guardian_consent_required: m.volp_err_guardian_consent_required
};

/** The message for a profile form finding (the shared codes, such as too_long, included). */
export function volunteerErrorText(code: string | null | undefined): string {
	if (!code) return '';
	return code in ERRORS ? ERRORS[code]() : errorText(code);
}

const STATUS: Record<string, () => string> = {
	applied: m.volp_status_applied,
	accepted: m.volp_status_accepted,
	declined: m.volp_status_declined,
	withdrawn: m.volp_status_withdrawn
};

export function statusLabel(status: string): string {
	return status in STATUS ? STATUS[status]() : status;
}

type Params = Record<string, string | number>;
const text = (p: Params, key: string) => String(p[key] ?? '');
const when = (p: Params) => (typeof p.starts === 'number' ? formatDateTime(p.starts) : '');

const NOTICES: Record<string, (p: Params) => string> = {
	'application-accepted': (p) => m.volp_notice_application_accepted({ call: text(p, 'call'), starts: when(p) }),
	'application-declined': (p) =>
		m.volp_notice_application_declined({ call: text(p, 'call'), message: text(p, 'message') }).trim(),
	'shift-reminder': (p) => m.volp_notice_shift_reminder({ call: text(p, 'call'), starts: when(p) }),
	'event-reminder': (p) => m.volp_notice_event_reminder({ event: text(p, 'event'), starts: when(p) }),
	'hours-confirmed': (p) =>
		m.volp_notice_hours_confirmed({ hours: formatHours(text(p, 'hours')), organisation: text(p, 'organisation') }),
	'hours-rejected': (p) =>
		m.volp_notice_hours_rejected({ hours: formatHours(text(p, 'hours')), organisation: text(p, 'organisation') }),
	'certificate-issued': (p) =>
		m.volp_notice_certificate_issued({ hours: formatHours(text(p, 'hours')), code: text(p, 'code') }),
	'call-approved': (p) => m.volp_notice_call_approved({ call: text(p, 'call') }),
	'call-declined': (p) => m.volp_notice_call_declined({ call: text(p, 'call'), note: text(p, 'note') }).trim(),
	'shift-changed': (p) => m.vcall_notice_shift_changed({ call: text(p, 'call'), starts: when(p) }),
	'call-closed': (p) => m.vcall_notice_call_closed({ call: text(p, 'call') }),
	'event-changed': (p) => m.portal_notice_event_changed({ event: text(p, 'event'), starts: when(p) }),
	'event-cancelled': (p) => m.portal_notice_event_cancelled({ event: text(p, 'event') })
};

/** A notice as a sentence in the reader's language. */
export function noticeText(kind: string, params: Params): string {
	return kind in NOTICES ? NOTICES[kind](params) : m.volp_notice_unknown();
}

/** A notice's link, if it is a path on this site (anything else is not followed). */
export function noticeHref(link: string): string | null {
	return /^\/(?![/\\])[^\s]*$/.test(link) && link.length <= 300 ? link : null;
}

/** A shift's time: the site's one shift formatter ("5 Dec 2026, 14:00–17:00"), under its older name. */
export { formatShift as shiftTime } from '$lib/i18n/format';
