// Demo data of the volunteer network (issue 18): one approved, open call of the first demo
// organisation with two shifts to come, so that /calls shows something on a first look. Called from
// seedDemo (demo.ts) after the organisations and accounts exist.
import type { DB } from '../db/client';
import { belgradeToEpoch } from './region-time';

const DAY = 24 * 60 * 60 * 1000;

/** Adds the demo call unless the first demo organisation has a call already; returns its id or null. */
export async function createDemoCalls(db: DB, now = Date.now()): Promise<number | null> {
	const org = await db
		.selectFrom('organisations')
		.select('id')
		.where('name', '=', 'Demo Youth Association')
		.executeTakeFirst();
	if (!org) return null;
	const any = await db
		.selectFrom('volunteer_calls')
		.select('id')
		.where('organisation_id', '=', org.id)
		.executeTakeFirst();
	if (any) return null;
	const author = await db
		.selectFrom('users')
		.select('id')
		.where('organisation_id', '=', org.id)
		.orderBy('id')
		.executeTakeFirst();
	const coordinator = await db
		.selectFrom('users')
		.select('id')
		.where('role', '=', 'coordinator')
		.orderBy('id')
		.executeTakeFirst();
	// The Saturday a week or more ahead, 10:00–13:00 in Belgrade, and the Saturday after it.
	const day = new Date(now + 7 * DAY);
	day.setUTCDate(day.getUTCDate() + ((6 - day.getUTCDay() + 7) % 7));
	const saturday = (weeks: number) =>
		belgradeToEpoch(new Date(day.getTime() + weeks * 7 * DAY).toISOString().slice(0, 10), '10:00')!;
	const [first, second] = [saturday(0), saturday(1)];
	return db.transaction().execute(async (tx) => {
		const { id } = await tx
			.insertInto('volunteer_calls')
			.values({
				organisation_id: org.id,
				created_by: author?.id ?? null,
				locale: 'en',
				title: 'Clean-up of the Ibar riverbank',
				description:
					'Help us clean the riverbank near the main bridge.\nGloves and bags are provided; wear sturdy shoes.',
				municipality: 'mitrovica-north',
				place: 'Main bridge, north side',
				skills: JSON.stringify(['environment', 'logistics']),
				languages: JSON.stringify(['sr', 'sq']),
				required_course_id: null,
				minors_allowed: 1,
				status: 'open',
				review_note: '',
				reviewed_by: coordinator?.id ?? null,
				reviewed_at: now,
				created_at: now,
				updated_at: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await tx
			.insertInto('volunteer_shifts')
			.values([
				{ call_id: id, starts_at: first, ends_at: first + 3 * 60 * 60 * 1000, places: 10 },
				{ call_id: id, starts_at: second, ends_at: second + 3 * 60 * 60 * 1000, places: 10 }
			])
			.execute();
		return id;
	});
}
