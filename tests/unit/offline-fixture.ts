// The offline specs' shared steps: the demo course with Ana enrolled, and the forms her device would
// send later (a lesson's completion, the intro quiz as its page drew it).
import type { DB } from '$lib/server/db/client';
import { getCourseBySlug, type CourseInfo } from '$lib/server/catalogue/courses';
import { enrol } from '$lib/server/learning/progress';
import { presentQuiz, submissionKey } from '$lib/server/learning/quizzes';
import * as offline from '$lib/server/learning/offline';
import { T0, insertUser } from './helpers';
import { freshContentDb, importOk, introQuiz, writeDemo } from './content-fixture';

export interface Learner {
	id: number;
	name: string;
	email: string;
}

/** A fresh database with the demo course, and Ana enrolled in it at T0. */
export async function demoWithAna(): Promise<{ db: DB; course: CourseInfo; ana: Learner }> {
	const db = await freshContentDb();
	await importOk(db, writeDemo());
	const course = (await getCourseBySlug(db, 'demo', 'en'))!;
	const ana = {
		id: await insertUser(db, { name: 'Ana', email: 'ana@example.org' }),
		name: 'Ana',
		email: 'ana@example.org'
	};
	await enrol(db, ana.id, course.id, T0);
	return { db, course, ana };
}

/** The completion of lesson `index` of the intro module, as the lesson page's form sends it. */
export function lessonSend(course: CourseInfo, index: number, answeredAt: number, op?: string): offline.Received {
	const intro = course.modules[0];
	const lesson = intro.lessons[index];
	const id = op ?? offline.completionOp(lesson.id);
	const form = new FormData();
	form.set('op', id);
	return { op: id, action: `/courses/demo/${intro.slug}/${lesson.slug}?/complete`, form, answeredAt, locale: 'en' };
}

/**
 * The intro quiz's form for the learner's attempt `attemptNo` at version `versionId`, as its page drew
 * it: all right, or with two wrong answers (score 67).
 */
export async function quizSend(
	db: DB,
	course: CourseInfo,
	userId: number,
	options: { attemptNo: number; versionId?: number; right: boolean; answeredAt: number }
): Promise<offline.Received> {
	const intro = course.modules[0];
	const quiz = intro.quiz!;
	const versionId = options.versionId ?? quiz.versionId;
	const key = await submissionKey(db, userId, quiz.id, options.attemptNo);
	const presented = (await presentQuiz(db, versionId, 'en', key))!;
	const q = (id: string) => presented.questions.find((x) => x.id === id)!;
	const file = introQuiz('en').questions;
	// Option `n` of the quiz file (1-based), wherever this paper shows it.
	const o = (id: string, n: number) =>
		q(id).options.find((x) => x.text === file.find((f) => f.id === id)!.options![n - 1])!.id;
	const form = new FormData();
	form.set('op', key);
	form.set('submission', key);
	form.set('version', String(versionId));
	form.set('q.mission-purpose', o('mission-purpose', 2));
	form.append('q.stakeholder-examples', o('stakeholder-examples', 1));
	form.append('q.stakeholder-examples', o('stakeholder-examples', 3));
	form.set('q.mission-changes', options.right ? 'false' : 'true');
	form.set('q.people-word', options.right ? 'stakeholders' : 'neighbours');
	form.set('q.certificate-word', 'certificate');
	const order = file[3].items!;
	for (const item of q('mapping-steps').items)
		form.set(`q.mapping-steps.${item.id}`, String(order.indexOf(item.text) + 1));
	return { op: key, action: `/courses/demo/${intro.slug}/quiz`, form, answeredAt: options.answeredAt, locale: 'en' };
}
