import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import { getCourseBySlug, type CourseInfo, type ModuleInfo } from '$lib/server/catalogue/courses';
import {
	completeLesson,
	computeCourseState,
	enrol,
	getCourseState,
	type AttemptSummary
} from '$lib/server/learning/progress';
import { submitAttempt } from '$lib/server/learning/submit';
import { DAY, MINUTE, T0, insertUser } from './helpers';
import { freshContentDb, importOk, removeTempDirs, writeDemo, INTRO_RIGHT } from './content-fixture';

// ---- A hand-made course: module slugs with their number of lessons and an optional quiz. ----

type QuizSpec = { maxAttempts?: number | null; waitMinutes?: number; attemptsPerDay?: number | null } | null;

function courseInfo(spec: { slug: string; lessons: number; quiz?: QuizSpec }[]): CourseInfo {
	let lessonId = 100;
	let quizId = 900;
	const modules: ModuleInfo[] = spec.map((m, index) => ({
		id: index + 1,
		slug: m.slug,
		position: index + 1,
		title: `Module ${m.slug}`,
		summary: '',
		objectives: [],
		bodyHtml: '',
		fallback: false,
		lessons: Array.from({ length: m.lessons }, (_, i) => {
			const id = ++lessonId;
			return {
				id,
				slug: `${m.slug}-l${i + 1}`,
				position: i + 1,
				minutes: 5,
				versionId: id + 1000,
				title: `Lesson ${m.slug} ${i + 1}`
			};
		}),
		quiz:
			m.quiz === null
				? null
				: {
						id: ++quizId,
						versionId: quizId + 1000,
						passMark: 70,
						maxAttempts: m.quiz?.maxAttempts ?? null,
						waitMinutes: m.quiz?.waitMinutes ?? 0,
						attemptsPerDay: m.quiz?.attemptsPerDay ?? null,
						questionCount: 5,
						poolSize: 5
					},
		assignment: null,
		exerciseMinutes: 0
	}));
	return {
		id: 1,
		slug: 'hand-made',
		passMark: 70,
		certificateModules: 'all',
		orgMinCertified: 2,
		orgAssignmentModule: null,
		requiresAssignments: false,
		issuesCertificate: true,
		title: 'Hand-made',
		summary: '',
		bodyHtml: '',
		fallback: false,
		languages: ['en'],
		modules,
		lessonCount: modules.reduce((n, m) => n + m.lessons.length, 0),
		totalMinutes: 0,
		exerciseMinutes: 0
	};
}

const enrolment = { enrolled_at: T0, last_activity_at: T0, completed_at: null };

function attempts(
	quizId: number,
	list: { passed: boolean; at: number; score?: number }[]
): Map<number, AttemptSummary> {
	const last = list[list.length - 1];
	return new Map([
		[
			quizId,
			{
				quizId,
				attempts: list.length,
				bestScore: Math.max(...list.map((a) => a.score ?? (a.passed ? 80 : 40))),
				passed: list.some((a) => a.passed),
				lastSubmittedAt: last.at,
				lastPassed: last.passed,
				lastAttemptId: list.length,
				times: list.map((a) => a.at)
			}
		]
	]);
}

function lessonIds(course: CourseInfo, moduleIndex: number): number[] {
	return course.modules[moduleIndex].lessons.map((l) => l.id);
}

const statuses = (state: ReturnType<typeof computeCourseState>) =>
	state.modules.map((m) => ({ lessons: m.lessons.map((l) => l.status), quiz: m.quiz?.status ?? null }));

describe('computeCourseState', () => {
	const course = courseInfo([
		{ slug: 'a', lessons: 2, quiz: {} },
		{ slug: 'b', lessons: 2, quiz: { maxAttempts: 2, waitMinutes: 30 } },
		{ slug: 'c', lessons: 1, quiz: null }
	]);

	it('opens only the first lesson after enrolling', () => {
		const state = computeCourseState(course, { enrolment, completedLessonIds: new Set(), attempts: new Map() }, T0);
		expect(statuses(state)).toEqual([
			{ lessons: ['open', 'locked'], quiz: 'locked' },
			{ lessons: ['locked', 'locked'], quiz: 'locked' },
			{ lessons: ['locked'], quiz: null }
		]);
		expect(state.modules[0].lessons[1].lockReason).toBe('previous_lesson');
		expect(state.modules[1].lessons[0].lockReason).toBe('previous_quiz');
		expect(state.next).toEqual({ kind: 'lesson', moduleSlug: 'a', lessonSlug: 'a-l1', title: 'Lesson a 1' });
		expect(state.percent).toBe(0);
		expect(state.enrolled).toBe(true);
	});

	it('locks everything for a visitor who has not enrolled, because they have not enrolled', () => {
		const state = computeCourseState(
			course,
			{ enrolment: null, completedLessonIds: new Set(), attempts: new Map() },
			T0
		);
		expect(state.enrolled).toBe(false);
		expect(state.next).toBeNull();
		const lessons = state.modules.flatMap((m) => m.lessons);
		expect(lessons.map((l) => l.status)).toEqual(['locked', 'locked', 'locked', 'locked', 'locked']);
		expect(state.modules.map((m) => m.quiz?.status ?? null)).toEqual(['locked', 'locked', null]);
		expect(lessons.map((l) => l.lockReason)).toEqual([
			'not_enrolled',
			'not_enrolled',
			'not_enrolled',
			'not_enrolled',
			'not_enrolled'
		]);
	});

	it('opens lesson 2 once lesson 1 is done, and the quiz once every lesson is done', () => {
		const [l1, l2] = lessonIds(course, 0);
		const one = computeCourseState(course, { enrolment, completedLessonIds: new Set([l1]), attempts: new Map() }, T0);
		expect(statuses(one)[0]).toEqual({ lessons: ['done', 'open'], quiz: 'locked' });
		expect(one.next).toMatchObject({ kind: 'lesson', lessonSlug: 'a-l2' });
		const both = computeCourseState(
			course,
			{ enrolment, completedLessonIds: new Set([l1, l2]), attempts: new Map() },
			T0
		);
		expect(statuses(both)[0]).toEqual({ lessons: ['done', 'done'], quiz: 'open' });
		expect(both.next).toEqual({ kind: 'quiz', moduleSlug: 'a', title: 'Module a' });
		// Module 2 stays locked until the quiz is passed.
		expect(statuses(both)[1].lessons).toEqual(['locked', 'locked']);
		expect(both.modules[1].lessons[0].lockReason).toBe('previous_quiz');
		expect(both.modules[1].open).toBe(false);
	});

	it('opens the next module once the quiz is passed, and counts the quiz in the percentage', () => {
		const done = new Set(lessonIds(course, 0));
		const state = computeCourseState(
			course,
			{
				enrolment,
				completedLessonIds: done,
				attempts: attempts(course.modules[0].quiz!.id, [{ passed: true, at: T0 }])
			},
			T0
		);
		expect(statuses(state).slice(0, 2)).toEqual([
			{ lessons: ['done', 'done'], quiz: 'passed' },
			{ lessons: ['open', 'locked'], quiz: 'locked' }
		]);
		expect(state.modules[0].complete).toBe(true);
		expect(state.next).toMatchObject({ kind: 'lesson', moduleSlug: 'b', lessonSlug: 'b-l1' });
		// 2 lessons + 1 quiz of 5 lessons + 2 quizzes.
		expect(state.percent).toBe(43);
	});

	it('keeps the next module locked after a failed attempt', () => {
		const done = new Set(lessonIds(course, 0));
		const state = computeCourseState(
			course,
			{
				enrolment,
				completedLessonIds: done,
				attempts: attempts(course.modules[0].quiz!.id, [{ passed: false, at: T0 }])
			},
			T0 + MINUTE
		);
		expect(state.modules[0].quiz).toMatchObject({ status: 'open', attemptsUsed: 1, bestScore: 40, passed: false });
		expect(statuses(state)[1].lessons).toEqual(['locked', 'locked']);
		expect(state.next).toMatchObject({ kind: 'quiz', moduleSlug: 'a' });
	});

	it('makes the learner wait after a failed attempt when the quiz asks for it', () => {
		const done = new Set([...lessonIds(course, 0), ...lessonIds(course, 1)]);
		const passedA = attempts(course.modules[0].quiz!.id, [{ passed: true, at: T0 }]);
		const quizB = course.modules[1].quiz!.id;
		const failedAt = T0 + DAY;
		const record = (list: { passed: boolean; at: number }[]) => ({
			enrolment,
			completedLessonIds: done,
			attempts: new Map([...passedA, ...attempts(quizB, list)])
		});
		const waiting = computeCourseState(course, record([{ passed: false, at: failedAt }]), failedAt + 29 * MINUTE);
		expect(waiting.modules[1].quiz).toMatchObject({ status: 'waiting', availableAt: failedAt + 30 * MINUTE });
		expect(waiting.next).toMatchObject({ kind: 'quiz', moduleSlug: 'b' });
		const later = computeCourseState(course, record([{ passed: false, at: failedAt }]), failedAt + 30 * MINUTE);
		expect(later.modules[1].quiz).toMatchObject({ status: 'open', availableAt: null });
	});

	it('says the attempts are exhausted after the last allowed attempt fails', () => {
		const done = new Set([...lessonIds(course, 0), ...lessonIds(course, 1)]);
		const all = new Map([
			...attempts(course.modules[0].quiz!.id, [{ passed: true, at: T0 }]),
			...attempts(course.modules[1].quiz!.id, [
				{ passed: false, at: T0 },
				{ passed: false, at: T0 + DAY }
			])
		]);
		const state = computeCourseState(course, { enrolment, completedLessonIds: done, attempts: all }, T0 + 10 * DAY);
		expect(state.modules[1].quiz).toMatchObject({ status: 'exhausted', attemptsUsed: 2, maxAttempts: 2 });
		expect(state.modules[2].lessons[0]).toMatchObject({ status: 'locked', lockReason: 'previous_quiz' });
	});

	it('a passed quiz stays passed even after later failed attempts', () => {
		const done = new Set(lessonIds(course, 0));
		const state = computeCourseState(
			course,
			{
				enrolment,
				completedLessonIds: done,
				attempts: attempts(course.modules[0].quiz!.id, [
					{ passed: true, at: T0 },
					{ passed: false, at: T0 + DAY }
				])
			},
			T0 + DAY
		);
		expect(state.modules[0].quiz).toMatchObject({ status: 'passed', passed: true, bestScore: 80 });
		expect(state.modules[1].open).toBe(true);
	});

	it('after a module without a quiz, the next one is locked until its lessons are done', () => {
		const c = courseInfo([
			{ slug: 'a', lessons: 1, quiz: null },
			{ slug: 'b', lessons: 1, quiz: null }
		]);
		const before = computeCourseState(c, { enrolment, completedLessonIds: new Set(), attempts: new Map() }, T0);
		expect(before.modules[1].lessons[0]).toMatchObject({ status: 'locked', lockReason: 'previous_module' });
		const after = computeCourseState(
			c,
			{ enrolment, completedLessonIds: new Set(lessonIds(c, 0)), attempts: new Map() },
			T0
		);
		expect(after.modules[1].lessons[0].status).toBe('open');
		const all = computeCourseState(
			c,
			{ enrolment, completedLessonIds: new Set([...lessonIds(c, 0), ...lessonIds(c, 1)]), attempts: new Map() },
			T0
		);
		expect(all).toMatchObject({ complete: true, percent: 100, next: null });
	});
});

// ---- The same rules through the database, with the demo course. ----

describe('enrolling and completing lessons', () => {
	let db: DB;
	let course: CourseInfo;
	let ana: number;

	beforeEach(async () => {
		db = await freshContentDb();
		await importOk(db, writeDemo());
		course = (await getCourseBySlug(db, 'demo', 'en'))!;
		ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
	});
	afterEach(removeTempDirs);

	const lesson = (m: number, l: number) => course.modules[m].lessons[l].id;

	it('shows a signed-out visitor and a learner who has not enrolled everything locked', async () => {
		for (const user of [null, ana]) {
			const state = await getCourseState(db, user, course, T0);
			expect(state.enrolled).toBe(false);
			expect(state.modules.flatMap((m) => m.lessons.map((l) => l.status))).toEqual([
				'locked',
				'locked',
				'locked',
				'locked'
			]);
			expect(state.modules.flatMap((m) => m.lessons.map((l) => l.lockReason))).toEqual([
				'not_enrolled',
				'not_enrolled',
				'not_enrolled',
				'not_enrolled'
			]);
		}
	});

	it('refuses to complete a lesson before enrolling', async () => {
		expect(await completeLesson(db, ana, course, lesson(0, 0), T0)).toEqual({ ok: false, reason: 'not_enrolled' });
	});

	it('opens the first lesson after enrolling, and enrolling twice changes nothing', async () => {
		await enrol(db, ana, course.id, T0);
		await enrol(db, ana, course.id, T0 + DAY);
		const rows = await db.selectFrom('enrolments').selectAll().where('user_id', '=', ana).execute();
		expect(rows).toHaveLength(1);
		expect(rows[0].enrolled_at).toBe(T0);
		const state = await getCourseState(db, ana, course, T0);
		expect(state).toMatchObject({ enrolled: true, enrolledAt: T0, percent: 0 });
		expect(state.modules[0].lessons.map((l) => l.status)).toEqual(['open', 'locked']);
		expect(state.next).toMatchObject({ kind: 'lesson', lessonSlug: 'welcome', title: 'Welcome to the course' });
	});

	it('refuses a locked lesson and a lesson of another course', async () => {
		await enrol(db, ana, course.id, T0);
		expect(await completeLesson(db, ana, course, lesson(0, 1), T0)).toEqual({ ok: false, reason: 'locked' });
		expect(await completeLesson(db, ana, course, lesson(1, 0), T0)).toEqual({ ok: false, reason: 'locked' });
		expect(await completeLesson(db, ana, course, 987_654, T0)).toEqual({ ok: false, reason: 'not_found' });
		const rows = await db.selectFrom('lesson_progress').selectAll().execute();
		expect(rows).toEqual([]);
	});

	it('moves the percentage and the next step as lessons are completed', async () => {
		await enrol(db, ana, course.id, T0);
		const first = await completeLesson(db, ana, course, lesson(0, 0), T0 + MINUTE);
		if (!first.ok) throw new Error(first.reason);
		// 1 of 4 lessons + 2 quizzes.
		expect(first.state.percent).toBe(17);
		expect(first.state.next).toMatchObject({ kind: 'lesson', moduleSlug: 'intro', lessonSlug: 'mission' });
		const second = await completeLesson(db, ana, course, lesson(0, 1), T0 + 2 * MINUTE);
		if (!second.ok) throw new Error(second.reason);
		expect(second.state.percent).toBe(33);
		expect(second.state.next).toEqual({ kind: 'quiz', moduleSlug: 'intro', title: 'Your organisation' });
		expect(second.state.modules[0].quiz?.status).toBe('open');
		const enrolmentRow = await db
			.selectFrom('enrolments')
			.select(['last_activity_at', 'completed_at'])
			.executeTakeFirstOrThrow();
		expect(enrolmentRow).toEqual({ last_activity_at: T0 + 2 * MINUTE, completed_at: null });
	});

	it('completing a lesson again keeps the first completion', async () => {
		await enrol(db, ana, course.id, T0);
		await completeLesson(db, ana, course, lesson(0, 0), T0);
		const again = await completeLesson(db, ana, course, lesson(0, 0), T0 + DAY);
		expect(again.ok).toBe(true);
		const rows = await db.selectFrom('lesson_progress').select(['lesson_id', 'completed_at']).execute();
		expect(rows).toEqual([{ lesson_id: lesson(0, 0), completed_at: T0 }]);
	});

	it('opens module 2 only after module 1’s quiz is passed, and completes the course at the end', async () => {
		await enrol(db, ana, course.id, T0);
		await completeLesson(db, ana, course, lesson(0, 0), T0);
		await completeLesson(db, ana, course, lesson(0, 1), T0);
		const intro = course.modules[0].quiz!;
		const base = { userId: ana, quizId: intro.id, versionId: intro.versionId, locale: 'en' };
		await submitAttempt(db, { ...base, submissionKey: 'fail', answers: { 'mission-purpose': 2 } }, T0 + MINUTE);
		let state = await getCourseState(db, ana, course, T0 + 2 * MINUTE);
		expect(state.modules[0].quiz).toMatchObject({ status: 'open', attemptsUsed: 1, bestScore: 17, passed: false });
		expect(state.modules[1].lessons[0]).toMatchObject({ status: 'locked', lockReason: 'previous_quiz' });
		expect(await completeLesson(db, ana, course, lesson(1, 0), T0)).toEqual({ ok: false, reason: 'locked' });

		const right = INTRO_RIGHT;
		await submitAttempt(db, { ...base, submissionKey: 'pass', answers: right }, T0 + 3 * MINUTE);
		state = await getCourseState(db, ana, course, T0 + 4 * MINUTE);
		expect(state.modules[0].quiz).toMatchObject({ status: 'passed', bestScore: 100 });
		expect(state.modules[1].lessons.map((l) => l.status)).toEqual(['open', 'locked']);
		expect(state.percent).toBe(50);

		await completeLesson(db, ana, course, lesson(1, 0), T0 + 5 * MINUTE);
		await completeLesson(db, ana, course, lesson(1, 1), T0 + 5 * MINUTE);
		const practice = course.modules[1].quiz!;
		const pBase = { userId: ana, quizId: practice.id, versionId: practice.versionId, locale: 'en' };
		await submitAttempt(
			db,
			{ ...pBase, submissionKey: 'p1', answers: { 'plan-first': 2, 'plan-alone': false } },
			T0 + 6 * MINUTE
		);
		state = await getCourseState(db, ana, course, T0 + 10 * MINUTE);
		expect(state.modules[1].quiz).toMatchObject({ status: 'waiting', availableAt: T0 + 36 * MINUTE, attemptsUsed: 1 });
		state = await getCourseState(db, ana, course, T0 + 36 * MINUTE);
		expect(state.modules[1].quiz?.status).toBe('open');
		await submitAttempt(
			db,
			{ ...pBase, submissionKey: 'p2', answers: { 'plan-first': 1, 'plan-alone': false } },
			T0 + 40 * MINUTE
		);
		state = await getCourseState(db, ana, course, T0 + 41 * MINUTE);
		expect(state).toMatchObject({ complete: true, percent: 100, next: null });
	});

	it('exhausts a quiz with a maximum number of attempts', async () => {
		await enrol(db, ana, course.id, T0);
		await db
			.insertInto('lesson_progress')
			.values(
				course.modules
					.flatMap((m) => m.lessons)
					.map((l) => ({ user_id: ana, lesson_id: l.id, lesson_version_id: l.versionId, completed_at: T0 }))
			)
			.execute();
		const intro = course.modules[0].quiz!;
		const practice = course.modules[1].quiz!;
		await submitAttempt(
			db,
			{
				userId: ana,
				quizId: intro.id,
				versionId: intro.versionId,
				locale: 'en',
				submissionKey: 'i',
				answers: {
					'mission-purpose': 2,
					'stakeholder-examples': [1, 3],
					'mission-changes': false,
					'mapping-steps': [0, 1, 2, 3],
					'people-word': 'stakeholder'
				}
			},
			T0
		);
		const pBase = { userId: ana, quizId: practice.id, versionId: practice.versionId, locale: 'en', answers: {} };
		await submitAttempt(db, { ...pBase, submissionKey: 'p1' }, T0);
		await submitAttempt(db, { ...pBase, submissionKey: 'p2' }, T0 + DAY);
		const state = await getCourseState(db, ana, course, T0 + 2 * DAY);
		expect(state.modules[0].quiz?.status).toBe('passed');
		expect(state.modules[1].quiz).toMatchObject({
			status: 'exhausted',
			attemptsUsed: 2,
			maxAttempts: 2,
			passed: false
		});
		expect(state.next).toBeNull();
		expect(state.complete).toBe(false);
	});
});
