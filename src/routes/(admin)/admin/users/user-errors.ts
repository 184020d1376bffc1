// The messages for admin-users.ts error codes (an admin writes about someone else: "the person's").
import { m } from '$lib/paraglide/messages';
import type { AdminUserError } from '$lib/server/people/admin-users';

const texts: Record<AdminUserError, () => string> = {
	name_required: m.adm_err_name_required,
	name_too_long: m.err_name_too_long,
	email_required: m.adm_err_email_required,
	email_invalid: m.err_email_invalid,
	email_taken: m.adm_err_email_taken,
	role_invalid: m.adm_err_role,
	organisation_unknown: m.err_organisation_unknown
};

export function userErrorText(code: string | undefined): string | null {
	return code && code in texts ? texts[code as AdminUserError]() : null;
}
