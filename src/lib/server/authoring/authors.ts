// Who may author which course: admins every course, trainers the courses they are assigned to.
import type { DB } from '../db/client';

/** Admins may author every course; trainers the courses they are assigned to. */
export async function canAuthor(db: DB, user: { id: number; role: string }, courseId: number): Promise<boolean> {
	if (user.role === 'admin') return true;
	if (user.role !== 'trainer') return false;
	const row = await db
		.selectFrom('course_authors')
		.select('user_id')
		.where('course_id', '=', courseId)
		.where('user_id', '=', user.id)
		.executeTakeFirst();
	return Boolean(row);
}

export async function assignAuthor(db: DB, courseId: number, userId: number): Promise<void> {
	await db
		.insertInto('course_authors')
		.values({ course_id: courseId, user_id: userId })
		.onConflict((oc) => oc.doNothing())
		.execute();
}

export async function unassignAuthor(db: DB, courseId: number, userId: number): Promise<void> {
	await db.deleteFrom('course_authors').where('course_id', '=', courseId).where('user_id', '=', userId).execute();
}

/** Course ids a user may author. */
export async function authorCourseIds(db: DB, user: { id: number; role: string }): Promise<number[]> {
	if (user.role === 'admin')
		return (await db.selectFrom('courses').select('id').where('archived', '=', 0).execute()).map((r) => r.id);
	if (user.role !== 'trainer') return [];
	return (await db.selectFrom('course_authors').select('course_id').where('user_id', '=', user.id).execute()).map(
		(r) => r.course_id
	);
}

/** A course that is not archived, for routes. */
export function courseContext(db: DB, courseId: number) {
	return db
		.selectFrom('courses')
		.select(['id', 'slug'])
		.where('id', '=', courseId)
		.where('archived', '=', 0)
		.executeTakeFirst();
}
