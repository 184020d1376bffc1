// What a database file holds of the steps the server acknowledged.
import SQLite from 'better-sqlite3';
import type { acked } from './learners';

export interface Found {
	integrity: string;
	lessons: number;
	attempts: number;
	progressRows: number;
	attemptRows: number;
}

export function inspect(path: string, lessons: typeof acked.lessons, attempts: typeof acked.attempts): Found {
	const db = new SQLite(path);
	try {
		const integrity = String(db.pragma('integrity_check', { simple: true }));
		const lessonIds = new Map(
			(
				db
					.prepare(
						'SELECT l.id, l.slug AS lesson, m.slug AS module, c.slug AS course FROM lessons l JOIN modules m ON m.id = l.module_id JOIN courses c ON c.id = m.course_id'
					)
					.all() as { id: number; lesson: string; module: string; course: string }[]
			).map((r) => [`${r.course}/${r.module}/${r.lesson}`, r.id])
		);
		const progress = new Set(
			(
				db.prepare('SELECT user_id, lesson_id FROM lesson_progress').all() as { user_id: number; lesson_id: number }[]
			).map((r) => `${r.user_id}:${r.lesson_id}`)
		);
		const stored = new Map(
			(db.prepare('SELECT id, user_id FROM quiz_attempts').all() as { id: number; user_id: number }[]).map((r) => [
				r.id,
				r.user_id
			])
		);
		return {
			integrity,
			lessons: lessons.filter((a) =>
				progress.has(`${a.userId}:${lessonIds.get(`${a.course}/${a.module}/${a.lesson}`)}`)
			).length,
			attempts: attempts.filter((a) => stored.get(a.attemptId) === a.userId).length,
			progressRows: progress.size,
			attemptRows: stored.size
		};
	} finally {
		db.close();
	}
}
