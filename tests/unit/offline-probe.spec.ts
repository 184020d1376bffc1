// Security review of the server's half of learning without a connection (issue 21): what a learner
// (or anyone) can make /offline/send do that the online forms would not.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import type { DB } from '$lib/server/db/client';
import { getCourseBySlug, type CourseInfo } from '$lib/server/catalogue/courses';
import { enrol } from '$lib/server/learning/progress';
import * as offline from '$lib/server/learning/offline';
import { sendOperation } from '$lib/server/http/offline-pages';
import { eraseAccount } from '$lib/server/people/privacy';
import { DAY, MINUTE, T0, insertUser } from './helpers';
import { freshContentDb, importOk, introQuiz, removeTempDirs, writeDemo, yaml } from './content-fixture';
import * as fixture from './offline-fixture';
import type { Learner } from './offline-fixture';

let db: DB;
let course: CourseInfo;
let ana: Learner;
let now = T0;

afterEach(removeTempDirs);

const intro = () => course.modules[0];
const send = (input: offline.Received) => offline.receive(db, ana, input, (now += MINUTE));

async function completeAll() {
	for (let i = 0; i < intro().lessons.length; i++)
		expect((await send(fixture.lessonSend(course, i, now))).outcome).toBe('done');
}

/** The intro quiz's form for attempt 1 at `versionId`, as its page drew it: right, or with two wrong answers (score 67). */
const quizSend = (versionId: number, right = false) =>
	fixture.quizSend(db, course, ana.id, { attemptNo: 1, versionId, right, answeredAt: now });

/** The demo course with Ana enrolled (a fresh database per test). */
async function setUp() {
	({ db, course, ana } = await fixture.demoWithAna());
	now = T0;
}

/** The intro quiz's files in every language with a changed pass mark. */
const introWith = (passMark: number) =>
	Object.fromEntries(
		(['en', 'sq', 'sr-Latn'] as const).map((l) => [
			`demo/01-intro/quiz${l === 'en' ? '' : `.${l}`}.yaml`,
			yaml({ ...introQuiz(l), pass_mark: passMark })
		])
	);

describe('the quiz version a device names', () => {
	let versions: { old: number; current: number };

	beforeEach(async () => {
		db = await freshContentDb();
		// An old version that passed almost anyone, replaced by the version learners take now.
		await importOk(db, writeDemo(introWith(10)));
		const old = (await getCourseBySlug(db, 'demo', 'en'))!.modules[0].quiz!.versionId;
		await importOk(db, writeDemo(introWith(70)));
		course = (await getCourseBySlug(db, 'demo', 'en'))!;
		versions = { old, current: intro().quiz!.versionId };
		expect(versions.current).not.toBe(versions.old);
		// Both published long before Ana enrolled: she has only ever been shown the current one.
		await db
			.updateTable('quiz_versions')
			.set({ created_at: T0 - 2 * DAY })
			.where('id', '=', old)
			.execute();
		await db
			.updateTable('quiz_versions')
			.set({ created_at: T0 - DAY })
			.where('id', '=', versions.current)
			.execute();
		ana = {
			id: await insertUser(db, { name: 'Ana', email: 'ana@example.org' }),
			name: 'Ana',
			email: 'ana@example.org'
		};
		await enrol(db, ana.id, course.id, T0);
		now = T0;
	});

	it('the current version grades these answers as failed (the control)', async () => {
		await completeAll();
		expect(await send(await quizSend(versions.current))).toMatchObject({ outcome: 'done', passed: false });
	});

	it('is not one the learner never saw: an old, easier version retired before they enrolled is refused', async () => {
		await completeAll();
		const answer = await send(await quizSend(versions.old));
		// Today: graded against the retired version's pass mark of 10, and passed.
		expect(answer).toMatchObject({ outcome: 'refused', reason: 'changed' });
		const rows = await db.selectFrom('quiz_attempts').selectAll().where('user_id', '=', ana.id).execute();
		expect(rows.filter((r) => r.passed === 1)).toHaveLength(0);
	});

	it('a version the learner could have saved (replaced while they were enrolled) is still graded', async () => {
		// The current version came out after Ana enrolled, with no attempt of hers since: her device
		// may well hold the old one, answered offline.
		await db
			.updateTable('quiz_versions')
			.set({ created_at: T0 + 30 * MINUTE })
			.where('id', '=', versions.current)
			.execute();
		await completeAll();
		expect(await send(await quizSend(versions.old))).toMatchObject({ outcome: 'done', passed: true });
	});
});

describe('POST /offline/send with bad input', () => {
	beforeEach(setUp);

	const post = (fields: Record<string, string>) => {
		const body = new URLSearchParams(fields);
		const url = 'http://localhost/en/offline/send';
		return {
			request: new Request(url, {
				method: 'POST',
				body,
				headers: { 'content-type': 'application/x-www-form-urlencoded' }
			}),
			url: new URL(url),
			route: { id: '/(learn)/offline/send' },
			params: {},
			locals: { db, user: { ...ana, role: 'learner', organisationId: null }, session: null }
		} as unknown as RequestEvent;
	};

	it('answers 400 JSON, not a 500, for an _action that is no URL at all', async () => {
		const op = offline.completionOp(intro().lessons[0].id);
		for (const action of ['http://[', '//[::1', 'http://a b/']) {
			const response = await sendOperation(post({ op, _action: action })).catch((e: unknown) => e);
			expect(response, action).toBeInstanceOf(Response);
			const answered = response as Response;
			expect([200, 400]).toContain(answered.status);
			expect(await answered.json()).toMatchObject({ outcome: 'refused', reason: 'invalid' });
		}
	});
});

describe('a quiz key the device names', () => {
	beforeEach(setUp);

	it('is not taken as an answer to another module’s quiz', async () => {
		await completeAll();
		const passed = await send(await quizSend(intro().quiz!.versionId, true));
		expect(passed).toMatchObject({ outcome: 'done', passed: true });
		// The same key and answers, sent as the practice module's quiz (never taken).
		const practice = course.modules[1];
		const replay = await quizSend(intro().quiz!.versionId, true);
		const answer = await send({ ...replay, action: `/courses/demo/${practice.slug}/quiz` });
		// Today: "done, passed, 100" for the practice quiz, pointing at the intro quiz's attempt.
		expect(answer).toMatchObject({ outcome: 'refused', reason: 'invalid' });
		const rows = await db
			.selectFrom('offline_operations')
			.selectAll()
			.where('user_id', '=', ana.id)
			.where('quiz_id', '=', practice.quiz!.id)
			.execute();
		expect(rows).toHaveLength(0);
		const list = await offline.listReceived(db, ana.id, 'en');
		expect(list.filter((i) => i.kind === 'quiz')).toHaveLength(1);
	});
});

describe('an account deleted', () => {
	beforeEach(setUp);

	it('takes with it what the learner’s devices sent (the row stays, so the cascade never runs)', async () => {
		await completeAll();
		const ops = () => db.selectFrom('offline_operations').selectAll().where('user_id', '=', ana.id).execute();
		expect(await ops()).not.toHaveLength(0);
		expect(await eraseAccount(db, ana.id, ana.id, now)).toEqual({ ok: true });
		expect(await ops()).toHaveLength(0);
	});
});

describe('the worker’s texts', () => {
	it('are not marked for shared caches when the response sets a cookie (a session refreshed on the way)', async () => {
		const { GET } = await import('../../src/routes/(learn)/offline/texts.json/+server');
		const url = 'http://localhost/en/offline/texts.json';
		const event = {
			request: new Request(url),
			url: new URL(url),
			route: { id: '/(learn)/offline/texts.json' },
			params: {},
			// handleSession refreshed the session: SvelteKit adds its Set-Cookie to this very response.
			locals: {
				user: { id: 1, name: 'Ana', email: 'ana@example.org', role: 'learner', organisationId: null },
				session: null,
				cookiesSet: true
			}
		} as unknown as Parameters<typeof GET>[0];
		const response = await GET(event);
		expect(response.headers.get('cache-control') ?? '').not.toMatch(/public/);
	});
});
