// Texts of the volunteer's pages that depend on a stored code: form findings and application statuses.
import { m } from '$lib/paraglide/messages';
import { errorText } from '$lib/i18n/errors';

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

// The notices' texts moved to $lib/notices/texts (one module for every kind); kept here under their
// old names for the volunteer pages.
export { noticeHref, noticeText } from '$lib/notices/texts';

/** A shift's time: the site's one shift formatter ("5 Dec 2026, 14:00–17:00"), under its older name. */
export { formatShift as shiftTime } from '$lib/i18n/format';
