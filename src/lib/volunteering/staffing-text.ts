// The messages of staffing and hours: why an action was refused, and the statuses, in the reader's
// language. Codes come from volunteering/staffing.ts and hours.ts.
import { m } from '$lib/paraglide/messages';
import { errorText } from '$lib/i18n/errors';
import { formatHours } from '$lib/i18n/format';

const REASONS: Record<string, () => string> = {
	full: m.vstaff_err_full,
	ended: m.vstaff_err_ended,
	withdrawn: m.vstaff_err_withdrawn,
	unchanged: m.vstaff_err_unchanged,
	attended: m.vstaff_err_attended,
	not_accepted: m.vstaff_err_not_accepted,
	not_started: m.vstaff_err_not_started,
	already: m.vstaff_err_already,
	minutes: m.vstaff_hours_range,
	too_long: m.vstaff_err_message_long,
	own_hours: m.vstaff_err_own_hours,
	own_application: m.vstaff_err_own_application,
	no_profile: m.vstaff_err_no_profile,
	minor_not_allowed: m.vstaff_err_minor_not_allowed,
	over_shift: m.vstaff_err_over_shift,
	vstaff_hours_day_full: m.vstaff_hours_day_full,
	vstaff_hours_too_many_waiting: m.vstaff_hours_too_many_waiting,
	vstaff_date_before_first_shift: m.vstaff_date_before_first_shift,
	decided: m.vstaff_err_decided,
	vstaff_date_invalid: m.vstaff_date_invalid,
	vstaff_date_future: m.vstaff_date_future,
	vstaff_hours_range: m.vstaff_hours_range,
	vstaff_organisation_required: m.vstaff_organisation_required,
	vstaff_organisation_not_yours: m.vstaff_organisation_not_yours
};

export function staffingText(code: string | null | undefined): string {
	if (!code) return '';
	return REASONS[code]?.() ?? errorText(code);
}

const APPLICATION_STATUS: Record<string, () => string> = {
	applied: m.vstaff_status_applied,
	accepted: m.vstaff_status_accepted,
	declined: m.vstaff_status_declined,
	withdrawn: m.vstaff_status_withdrawn
};

export function applicationStatusLabel(status: string): string {
	return APPLICATION_STATUS[status]?.() ?? status;
}

const HOURS_STATUS: Record<string, () => string> = {
	logged: m.vstaff_hours_status_logged,
	confirmed: m.vstaff_hours_status_confirmed,
	rejected: m.vstaff_hours_status_rejected
};

export function hoursStatusLabel(status: string): string {
	return HOURS_STATUS[status]?.() ?? status;
}

/** Minutes as hours for reading ('2.5'), in the reader's number format. */
export function hoursValue(minutes: number): string {
	return m.vstaff_hours_value({ hours: formatHours(minutes / 60) });
}
