// The name of each audit-log action in the reader's language: for the log page, its filter and its
// CSV export. An action without a name here (one added later) shows its code.
import { m } from '$lib/paraglide/messages';

const names: Record<string, () => string> = {
	role_changed: m.audit_role_changed,
	user_deactivated: m.audit_user_deactivated,
	user_reactivated: m.audit_user_reactivated,
	certificate_revoked: m.audit_certificate_revoked,
	organisation_approved: m.audit_organisation_approved,
	organisation_declined: m.audit_organisation_declined,
	account_deleted: m.audit_account_deleted,
	course_imported: m.sec13_audit_course_imported,
	organisation_created: m.sec13_audit_organisation_created,
	organisation_changed: m.sec13_audit_organisation_changed,
	membership_confirmed: m.sec13_audit_membership_confirmed,
	membership_declined: m.sec13_audit_membership_declined,
	translation_marked_current: m.daily_audit_translation_marked_current,
	indicators_exported: m.ind_audit_exported,
	indicators_frozen: m.ind_audit_frozen,
	user_created: m.adm_audit_user_created,
	user_edited: m.adm_audit_user_edited,
	password_link_issued: m.adm_audit_password_link_issued,
	name_changed: m.acct_audit_name_changed,
	email_changed: m.acct_audit_email_changed,
	course_settings_changed: m.ed_audit_course_settings,
	password_reset: m.pwd_audit_reset,
	cohort_member_removed: m.coh_audit_member_removed,
	cohort_member_moved: m.coh_audit_member_moved,
	certificate_unrevoked: m.coh_audit_certificate_unrevoked
};

export function auditActionName(action: string): string {
	return names[action]?.() ?? action;
}
