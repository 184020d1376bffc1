import { m } from '$lib/paraglide/messages';

const names: Record<string, () => string> = {
	learner: m.role_learner,
	trainer: m.role_trainer,
	coordinator: m.role_coordinator,
	admin: m.role_admin
};

export function roleName(role: string): string {
	return (names[role] ?? m.role_learner)();
}
