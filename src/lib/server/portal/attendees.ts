// "I will attend": anyone signed in says they will come to a calendar entry (or that they will not).
// The reminder a day before is sent by the reminder sweep, which reads portal_event_attendees.
import type { DB } from '../db/client';

/** How many will attend, and whether this user is one of them. */
export async function attendance(
	db: DB,
	eventId: number,
	userId: number | null
): Promise<{ count: number; attending: boolean }> {
	const [row, mine] = await Promise.all([
		db
			.selectFrom('portal_event_attendees')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('event_id', '=', eventId)
			.executeTakeFirstOrThrow(),
		userId === null
			? undefined
			: db
					.selectFrom('portal_event_attendees')
					.select('user_id')
					.where('event_id', '=', eventId)
					.where('user_id', '=', userId)
					.executeTakeFirst()
	]);
	return { count: Number(row.n), attending: !!mine };
}

export type AttendResult = { ok: true; attending: boolean } | { ok: false; reason: 'not_found' | 'cancelled' | 'past' };

/**
 * Sets whether the user will attend: `going` is the state the button asked for, so a double submit
 * or a stale tab never does the opposite (sending the same state twice changes nothing). Refused for
 * cancelled entries and entries that have started. The reminder a day before is sent by the
 * reminder sweep.
 */
export async function setAttendance(
	db: DB,
	userId: number,
	eventId: number,
	going: boolean,
	now = Date.now()
): Promise<AttendResult> {
	return db.transaction().execute(async (trx) => {
		const event = await trx
			.selectFrom('portal_events')
			.select(['cancelled', 'starts_at'])
			.where('id', '=', eventId)
			.executeTakeFirst();
		if (!event) return { ok: false as const, reason: 'not_found' as const };
		if (event.cancelled) return { ok: false as const, reason: 'cancelled' as const };
		if (event.starts_at <= now) return { ok: false as const, reason: 'past' as const };
		if (!going) {
			await trx
				.deleteFrom('portal_event_attendees')
				.where('event_id', '=', eventId)
				.where('user_id', '=', userId)
				.execute();
			return { ok: true as const, attending: false };
		}
		await trx
			.insertInto('portal_event_attendees')
			.values({ event_id: eventId, user_id: userId, created_at: now })
			.onConflict((oc) => oc.columns(['event_id', 'user_id']).doNothing())
			.execute();
		return { ok: true as const, attending: true };
	});
}
