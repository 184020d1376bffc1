// The names of the notice switches (people/notices.ts SWITCHES) on the settings page, in that order.
import { m } from '$lib/paraglide/messages';

export type SwitchId =
	| 'assignment-reviewed'
	| 'certificate-issued'
	| 'cohort-starting'
	| 'coordinator-message'
	| 'inactivity-reminder'
	| 'volunteering';

export const SWITCH_LABELS: { id: SwitchId; label: () => string }[] = [
	{ id: 'assignment-reviewed', label: m.ntf_switch_assignment_reviewed },
	{ id: 'certificate-issued', label: m.ntf_switch_certificate_issued },
	{ id: 'cohort-starting', label: m.ntf_switch_cohort_starting },
	{ id: 'coordinator-message', label: m.ntf_switch_coordinator_message },
	{ id: 'inactivity-reminder', label: m.ntf_switch_inactivity_reminder },
	{ id: 'volunteering', label: m.ntf_switch_volunteering }
];
