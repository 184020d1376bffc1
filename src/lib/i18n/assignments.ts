// The words for an assignment's status, shared by the learner's pages and the trainer's.
import { m } from '$lib/paraglide/messages';

export type AssignmentStatus = 'submitted' | 'needs_revision' | 'accepted' | null;

export function statusText(status: AssignmentStatus): string {
	if (status === 'submitted') return m.asg_status_submitted();
	if (status === 'needs_revision') return m.asg_status_needs_revision();
	if (status === 'accepted') return m.asg_status_accepted();
	return m.asg_status_none();
}
