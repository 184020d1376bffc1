// The portal's form message codes (server/portal/events.ts), shown in the reader's language.
import { m } from '$lib/paraglide/messages';
import { errorText } from '$lib/i18n/errors';

const messages: Record<string, () => string> = {
	portal_kind_invalid: m.portal_err_kind_invalid,
	portal_kind_not_allowed: m.portal_err_kind_not_allowed,
	portal_title_required: m.portal_err_title_required,
	portal_municipality_invalid: m.portal_err_municipality_invalid,
	portal_url_invalid: m.portal_err_url_invalid,
	portal_url_required: m.portal_err_url_required,
	portal_start_invalid: m.portal_err_start_invalid,
	portal_start_past: m.portal_err_start_past,
	portal_end_invalid: m.portal_err_end_invalid,
	portal_end_before_start: m.portal_err_end_before_start,
	portal_deadline_invalid: m.portal_err_deadline_invalid,
	portal_start_too_far: m.portal_err_start_too_far,
	portal_end_too_late: m.portal_err_end_too_late,
	portal_deadline_out_of_range: m.portal_err_deadline_out_of_range
};

export function portalErrorText(code: string | undefined | null): string {
	if (!code) return '';
	return messages[code]?.() ?? errorText(code);
}
