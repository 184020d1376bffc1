// Steps a learner did offline and their device sends later (issue 21): each stored once, graded on
// the server against the version the learner saw, never counted twice, refusals kept and told.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import type { CourseInfo } from '$lib/server/catalogue/courses';
import { getCourseState, readRecord } from '$lib/server/learning/progress';
import { submitQuiz } from '$lib/server/learning/submit';
import { paperFor, parseSubmission } from '$lib/server/learning/quizzes';
import * as offline from '$lib/server/learning/offline';
import { eraseAccount, exportUserData } from '$lib/server/people/privacy';
import { MINUTE, T0, insertUser } from './helpers';
import { removeTempDirs } from './content-fixture';
import * as fixture from './offline-fixture';
import { demoWithAna, type Learner } from './offline-fixture';

let db: DB;
let course: CourseInfo;
let ana: Learner;
let now = T0;

beforeEach(async () => {
	({ db, course, ana } = await demoWithAna());
	now = T0;
});
afterEach(removeTempDirs);

const intro = () => course.modules[0];
const lessonSend = (index: number, op?: string) => fixture.lessonSend(course, index, now - MINUTE, op);
const send = (input: offline.Received) => offline.receive(db, ana, input, (now += MINUTE));

async function completeAll() {
	for (let i = 0; i < intro().lessons.length; i++) expect((await send(lessonSend(i))).outcome).toBe('done');
}

/** The intro quiz's form for attempt `attemptNo`, as the quiz page drew it: right or with two wrong answers. */
const quizSend = (attemptNo: number, right: boolean) =>
	fixture.quizSend(db, course, ana.id, { attemptNo, right, answeredAt: now });

const attempts = () => db.selectFrom('quiz_attempts').selectAll().where('user_id', '=', ana.id).execute();
const completions = () => db.selectFrom('lesson_progress').selectAll().where('user_id', '=', ana.id).execute();
const operations = () => db.selectFrom('offline_operations').selectAll().where('user_id', '=', ana.id).execute();

describe('a lesson completed offline', () => {
	it('is stored once however often it is sent, and the repeat gets the stored answer', async () => {
		const first = await send(lessonSend(0));
		expect(first).toMatchObject({ outcome: 'done', kind: 'lesson', duplicate: false });
		const again = await send(lessonSend(0));
		expect(again).toMatchObject({ outcome: 'done', duplicate: true, href: first.href });
		expect(await completions()).toHaveLength(1);
		expect(await operations()).toHaveLength(1);
	});

	it('two sends arriving together store one completion and one operation', async () => {
		const both = await Promise.all([send(lessonSend(0)), send(lessonSend(0))]);
		expect(both.map((a) => a.outcome)).toEqual(['done', 'done']);
		expect(await completions()).toHaveLength(1);
		expect(await operations()).toHaveLength(1);
	});

	it('is refused while the lessons before it are not done, and accepted when sent again after them', async () => {
		const early = await send(lessonSend(1));
		expect(early).toMatchObject({ outcome: 'refused', reason: 'locked' });
		expect((await operations())[0]).toMatchObject({ outcome: 'refused', reason: 'locked' });
		await send(lessonSend(0));
		expect(await send(lessonSend(1))).toMatchObject({ outcome: 'done' });
		expect(await completions()).toHaveLength(2);
		expect((await operations()).map((o) => o.outcome)).toEqual(['done', 'done']);
	});

	it('an operation id that is not this lesson’s, or a path that is no step, is refused and nothing is stored', async () => {
		expect(await send(lessonSend(0, 'f'.repeat(32)))).toMatchObject({ outcome: 'refused', reason: 'invalid' });
		expect(await send({ ...lessonSend(0), action: '/courses/demo/intro/../admin' })).toMatchObject({
			reason: 'invalid'
		});
		expect(await send({ ...lessonSend(0), op: 'not-hex' })).toMatchObject({ reason: 'invalid' });
		expect(await completions()).toHaveLength(0);
		expect(await operations()).toHaveLength(0);
	});

	it('keeps the device’s time only when it is plausible', async () => {
		await send({ ...lessonSend(0), answeredAt: now - 5 * MINUTE });
		await send({ ...lessonSend(1), answeredAt: now + 365 * 24 * 60 * MINUTE });
		const rows = await operations();
		expect(rows.find((r) => r.lesson_id === intro().lessons[0].id)!.answered_at).toBe(T0 - 5 * MINUTE);
		expect(rows.find((r) => r.lesson_id === intro().lessons[1].id)!.answered_at).toBeNull();
	});
});

describe('a quiz answered offline', () => {
	it('is graded on the server once, marked answered offline; sent again it returns the same attempt', async () => {
		await completeAll();
		const first = await send(await quizSend(1, true));
		expect(first).toMatchObject({ outcome: 'done', kind: 'quiz', passed: true, score: 100, duplicate: false });
		const again = await send(await quizSend(1, true));
		expect(again).toMatchObject({ outcome: 'done', duplicate: true, href: first.href });
		const rows = await attempts();
		expect(rows).toHaveLength(1);
		expect(rows[0].answered_offline).toBe(1);
	});

	it('two sends of the same answers arriving together store one attempt', async () => {
		await completeAll();
		const [a, b] = [await quizSend(1, false), await quizSend(1, false)];
		const both = await Promise.all([send(a), send(b)]);
		expect(both.map((x) => x.outcome)).toEqual(['done', 'done']);
		expect((await attempts()).length).toBe(1);
	});

	it('sent in order after its lessons, it is accepted; sent before them, it is refused as locked', async () => {
		expect(await send(await quizSend(1, true))).toMatchObject({ outcome: 'refused', reason: 'locked' });
		await completeAll();
		expect(await send(await quizSend(1, true))).toMatchObject({ outcome: 'done', passed: true });
	});

	it('answered on two devices, the attempt counts once: the second device is told', async () => {
		await completeAll();
		const failed = await send(await quizSend(1, false));
		expect(failed).toMatchObject({ outcome: 'done', passed: false });
		// The other device drew the same attempt (the same key) and answered it differently.
		const other = await send(await quizSend(1, true));
		expect(other).toMatchObject({ outcome: 'refused', reason: 'changed' });
		expect(await attempts()).toHaveLength(1);
	});

	it('a queued attempt for a quiz passed meanwhile (online, same attempt) is refused as passed and kept', async () => {
		await completeAll();
		// Online, on another device: the quiz page's form, through the quiz page's own action's path.
		const online = await quizSend(1, true);
		const quiz = intro().quiz!;
		const paper = await paperFor(db, quiz.versionId, online.op);
		const parsed = await parseSubmission(db, quiz.versionId, online.form, paper);
		if (!parsed?.ok) throw new Error('the online form did not parse');
		const taken = await submitQuiz(db, {
			user: ana,
			course,
			record: await readRecord(db, ana.id, course.id),
			quizId: quiz.id,
			versionId: quiz.versionId,
			submissionKey: online.op,
			locale: 'en',
			answers: parsed.answers,
			paper
		});
		expect(taken).toMatchObject({ ok: true, attempt: { passed: true } });
		const late = await send(await quizSend(1, false));
		expect(late).toMatchObject({ outcome: 'refused', reason: 'passed' });
		const list = await offline.listReceived(db, ana.id, 'en');
		expect(list.map((i) => [i.kind, i.outcome, i.reason])).toContainEqual(['quiz', 'refused', 'passed']);
		const rows = await attempts();
		expect(rows).toHaveLength(1);
		expect(rows[0].answered_offline).toBe(0);
	});

	it('a key that is not this learner’s next attempt, or a version of another quiz, is refused', async () => {
		await completeAll();
		const next = await quizSend(1, true);
		const stranger = await quizSend(3, true);
		expect(await send(stranger)).toMatchObject({ outcome: 'refused', reason: 'invalid' });
		next.form.set('version', String(course.modules[1].quiz!.versionId));
		expect(await send(next)).toMatchObject({ outcome: 'refused', reason: 'changed' });
		expect(await attempts()).toHaveLength(0);
	});
});

describe('what a device saves of a course', () => {
	it('the lessons reachable in order and the open module’s quiz; more after the quiz is passed', async () => {
		const before = offline.manifest(course, await getCourseState(db, ana.id, course), ana.id, 'en');
		const intro0 = intro();
		expect(before.pages).toContain(`/courses/demo/${intro0.slug}/${intro0.lessons[1].slug}`);
		expect(before.pages).toContain(`/courses/demo/${intro0.slug}/quiz`);
		expect(before.pages.some((p) => p.startsWith(`/courses/demo/${course.modules[1].slug}/`))).toBe(false);
		expect(before.pages).toContain('/offline');
		await completeAll();
		await send(await quizSend(1, true));
		const after = offline.manifest(course, await getCourseState(db, ana.id, course), ana.id, 'en');
		expect(after.pages.some((p) => p.startsWith(`/courses/demo/${course.modules[1].slug}/`))).toBe(true);
		expect(after.version).not.toBe(before.version);
	});

	it('nothing but the course page for a learner not enrolled', async () => {
		const bob = await insertUser(db, { name: 'Bob', email: 'bob@example.org' });
		const shown = offline.manifest(course, await getCourseState(db, bob, course), bob, 'en');
		expect(shown.pages).toEqual(['/courses/demo', '/offline']);
	});
});

describe('the paths a device names', () => {
	it('reads a lesson completion and a quiz, and nothing else', () => {
		expect(offline.parseAction('/courses/a/b/c?/complete')).toEqual({
			kind: 'lesson',
			course: 'a',
			module: 'b',
			lesson: 'c'
		});
		expect(offline.parseAction('/courses/a/b/quiz')).toEqual({ kind: 'quiz', course: 'a', module: 'b' });
		for (const bad of [
			'/courses/a/b/c',
			'/courses/a/b/quiz?/complete',
			'/courses/A/b/c?/complete',
			'/admin',
			'/courses/a/b/c?/complete&x'
		])
			expect(offline.parseAction(bad)).toBeNull();
	});
});

describe('a learner’s own data', () => {
	it('the export lists the steps their devices sent and which attempts were answered offline; erasing removes the steps', async () => {
		await completeAll();
		await send(await quizSend(1, true));
		const exported = (await exportUserData(db, ana.id))!;
		expect(exported.offlineSteps).toHaveLength(intro().lessons.length + 1);
		expect(exported.offlineSteps[0]).toMatchObject({ kind: 'lesson', outcome: 'done' });
		expect(exported.quizAttempts[0]).toMatchObject({ answeredOffline: true });
		const admin = await insertUser(db, { name: 'Root', email: 'root@example.org', role: 'admin' });
		expect(await eraseAccount(db, ana.id, admin, now)).toEqual({ ok: true });
		expect(await operations()).toHaveLength(0);
	});
});
