// The stress learners fail some quizzes on purpose and take them again at once. The outreach quizzes
// wait 10 minutes after a failed attempt, so a trainer lifts that wait first, as in the quiz
// builder: the English quiz with its wait at 0, saved as a draft and published as a new version.
// Importing content/ at the server's start keeps browser work on files that did not change.
import type { DB } from '../../src/lib/server/db/client';
import { editableQuiz, publishQuiz, quizContext, saveQuizDraft } from '../../src/lib/server/authoring/quiz-versions';

/** Publishes each quiz of these courses that waits after a failed attempt again without the wait. */
export async function liftQuizWaits(db: DB, courseIds: number[], trainerId: number): Promise<number> {
	const quizzes = await db
		.selectFrom('quizzes')
		.innerJoin('modules', 'modules.id', 'quizzes.module_id')
		.select('quizzes.id')
		.where('modules.course_id', 'in', courseIds)
		.execute();
	let lifted = 0;
	for (const { id } of quizzes) {
		const ctx = await quizContext(db, id);
		if (!ctx) continue;
		const { quiz } = await editableQuiz(db, id, ctx.current_version_id, 'en');
		if (quiz.waitMinutes === 0) continue;
		const input = { quizId: id, expectedRevision: ctx.edit_revision, userId: trainerId };
		const saved = await saveQuizDraft(db, { ...input, locale: 'en', quiz: { ...quiz, waitMinutes: 0 }, english: null });
		if (!saved.ok) throw new Error(`quiz ${id}: the draft without a wait was refused (${saved.reason})`);
		const after = (await quizContext(db, id))!;
		const published = await publishQuiz(db, { ...input, expectedRevision: after.edit_revision });
		if (!published.ok) throw new Error(`quiz ${id}: publishing it without a wait was refused (${published.reason})`);
		lifted++;
	}
	return lifted;
}
