// Who reviews and oversees the volunteer network: coordinators and admins ("staff"). One definition
// for the volunteering and portal modules.

/** Whether the account is staff (coordinator or admin), who may look at every organisation's network. */
export function isStaff(user: { role: string }): boolean {
	return user.role === 'admin' || user.role === 'coordinator';
}
