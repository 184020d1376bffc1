// One transaction per learner step: the attempt or lesson, the enrolment's counters and, when the
// step completes the course, the certificate.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import { getCourseBySlug, type CourseInfo } from '$lib/server/catalogue/courses';
import { enrol, readRecord } from '$lib/server/learning/progress';
import { completeLesson, submitQuiz } from '$lib/server/learning/submit';
import { MINUTE, T0, insertUser } from './helpers';
import { freshContentDb, importOk, removeTempDirs, writeDemo, RIGHT_ANSWERS } from './content-fixture';

let keyDir: string;
let ctx: { keyPath: string; origin: string };
let db: DB;
let course: CourseInfo;
let ana: { id: number; name: string; email: string };

beforeAll(() => {
	keyDir = mkdtempSync(join(tmpdir(), 'civicsteps-keys-'));
	ctx = { keyPath: join(keyDir, 'key.json'), origin: 'https://civicsteps.example' };
});
afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

beforeEach(async () => {
	db = await freshContentDb();
	await importOk(db, writeDemo());
	course = (await getCourseBySlug(db, 'demo', 'en'))!;
	ana = { id: await insertUser(db, { name: 'Ana', email: 'ana@example.org' }), name: 'Ana', email: 'ana@example.org' };
	await enrol(db, ana.id, course.id, T0);
});
afterEach(removeTempDirs);

let now = T0;

async function finishLessons(slug: string) {
	for (const lesson of course.modules.find((m) => m.slug === slug)!.lessons) {
		const done = await completeLesson(db, ana, course, lesson.id, 'en', (now += MINUTE), ctx);
		expect(done.ok).toBe(true);
	}
}

async function take(slug: string, right: boolean, key = `${slug}-${right}`) {
	const quiz = course.modules.find((m) => m.slug === slug)!.quiz!;
	return submitQuiz(
		db,
		{
			user: ana,
			course,
			record: await readRecord(db, ana.id, course.id),
			quizId: quiz.id,
			versionId: quiz.versionId,
			submissionKey: key,
			locale: 'en',
			answers: (right ? RIGHT_ANSWERS[slug] : {}) as never
		},
		(now += 60 * MINUTE),
		ctx
	);
}

const enrolment = () =>
	db
		.selectFrom('enrolments')
		.select(['units_done', 'completed_at', 'has_activity'])
		.where('user_id', '=', ana.id)
		.executeTakeFirstOrThrow();
const certificates = () => db.selectFrom('certificates').select(['code', 'user_id']).execute();

describe('submitQuiz', () => {
	it('stores the attempt with the enrolment counters, and issues the certificate with the step that completes the course', async () => {
		await finishLessons('intro');
		const first = await take('intro', true);
		expect(first.ok && first.certificate).toBe(null);
		expect(await certificates()).toEqual([]);
		const lessonsAndQuiz = course.modules[0].lessons.length + 1;
		expect((await enrolment()).units_done).toBe(lessonsAndQuiz);

		await finishLessons('practice');
		const failed = await take('practice', false);
		expect(failed.ok && failed.attempt.passed).toBe(false);
		expect(failed.ok && failed.certificate).toBe(null);

		const last = await take('practice', true);
		if (!last.ok) throw new Error(`refused: ${last.reason}`);
		expect(last.state.complete).toBe(true);
		expect(last.certificate?.user_id).toBe(ana.id);
		expect(await certificates()).toEqual([{ code: last.certificate!.code, user_id: ana.id }]);
		const after = await enrolment();
		expect(after.completed_at).not.toBeNull();
		expect(after.units_done).toBe(last.state.modules.reduce((n, s) => n + s.lessons.length + 1, 0));
	});

	it('answers a double submit with the attempt and certificate already stored', async () => {
		await finishLessons('intro');
		await take('intro', true);
		await finishLessons('practice');
		const first = await take('practice', true, 'same');
		const again = await take('practice', true, 'same');
		if (!first.ok || !again.ok) throw new Error('refused');
		expect(again.attempt).toMatchObject({ attemptId: first.attempt.attemptId, duplicate: true });
		expect(again.certificate?.code).toBe(first.certificate?.code);
		expect(await certificates()).toHaveLength(1);
	});

	it('refuses an attempt after the quiz was passed, storing nothing', async () => {
		await finishLessons('intro');
		await take('intro', true);
		expect(await take('intro', true, 'another')).toEqual({ ok: false, reason: 'passed' });
		expect(await db.selectFrom('quiz_attempts').select('id').where('user_id', '=', ana.id).execute()).toHaveLength(1);
	});
});

describe('completeLesson', () => {
	it('refuses a lesson that is still locked and records nothing', async () => {
		const locked = course.modules[1].lessons[0];
		expect(await completeLesson(db, ana, course, locked.id, 'en', T0, ctx)).toEqual({ ok: false, reason: 'locked' });
		expect((await enrolment()).has_activity).toBe(0);
	});
});
