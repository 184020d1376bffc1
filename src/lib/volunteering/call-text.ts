// The texts of calls for volunteers that pages share: message codes returned by the calls module
// (volunteering/calls.ts) and call statuses, in the reader's language.
import { m } from '$lib/paraglide/messages';

const ERRORS: Record<string, () => string> = {
	vcall_err_title_required: m.vcall_err_title_required,
	vcall_err_title_long: m.vcall_err_title_long,
	vcall_err_description_required: m.vcall_err_description_required,
	vcall_err_description_long: m.vcall_err_description_long,
	vcall_err_municipality: m.vcall_err_municipality,
	vcall_err_place_long: m.vcall_err_place_long,
	vcall_err_list: m.vcall_err_list,
	vcall_err_course: m.vcall_err_course,
	vcall_err_no_shifts: m.vcall_err_no_shifts,
	vcall_err_too_many_shifts: m.vcall_err_too_many_shifts,
	vcall_err_shift_unknown: m.vcall_err_shift_unknown,
	vcall_err_shift_time: m.vcall_err_shift_time,
	vcall_err_shift_end_before_start: m.vcall_err_shift_end_before_start,
	vcall_err_shift_past: m.vcall_err_shift_past,
	vcall_err_shift_far: m.vcall_err_shift_far,
	vcall_err_shift_places: m.vcall_err_shift_places,
	vcall_err_places_below_accepted: m.vcall_err_places_below_accepted,
	vcall_err_remove_applied: m.vcall_err_remove_applied,
	vcall_err_too_many_pending: m.vcall_err_too_many_pending,
	vcall_err_too_many_today: m.vcall_err_too_many_today,
	vcall_err_closed: m.vcall_err_closed,
	vcall_err_note_required: m.vcall_err_note_required,
	vcall_err_note_too_long: m.vcall_err_note_too_long,
	vcall_err_not_pending: m.vcall_err_not_pending,
	vcall_err_already_closed: m.vcall_err_already_closed,
	volp_err_markup: m.volp_err_markup
};

export function callErrorText(code: string | null | undefined): string {
	if (!code) return '';
	return (ERRORS[code] ?? m.err_generic)();
}

const STATUS: Record<string, () => string> = {
	pending: m.vcall_badge_pending,
	open: m.vcall_badge_open,
	declined: m.vcall_badge_declined,
	closed: m.vcall_badge_closed
};

export function callStatusLabel(status: string): string {
	return (STATUS[status] ?? m.vcall_badge_closed)();
}

// One shift-time formatter for the whole site (24-hour clock, the date once for a same-day shift).
export { formatShift } from '$lib/i18n/format';
