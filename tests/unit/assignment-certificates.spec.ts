import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import type { CourseInfo } from '$lib/server/catalogue/courses';
import type { CourseState } from '$lib/server/learning/progress';
import * as certificates from '$lib/server/learning/certificates/issue';
import * as assignments from '$lib/server/assignments';
import { getCourseBySlug } from '$lib/server/catalogue/courses';
import { DAY, T0, insertOrganisation } from './helpers';
import { outreachDb, passQuizzes, people } from './assignment-fixture';

let keyDir: string;
let ctx: { keyPath: string; origin: string; now: number };
beforeAll(() => {
	keyDir = mkdtempSync(join(tmpdir(), 'civicsteps-keys-'));
	ctx = { keyPath: join(keyDir, 'key.json'), origin: 'https://civicsteps.example', now: T0 + DAY };
});
afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

let db: DB;
let course: CourseInfo;
let tutorial: CourseInfo;
let who: Awaited<ReturnType<typeof people>>;

beforeEach(async () => {
	({ db, course, tutorial } = await outreachDb());
	who = await people(db, course.id);
});

/** Every module of the course complete: the quiz part of the rule is met (it is tested elsewhere). */
const completeState = (c: CourseInfo) =>
	({ enrolled: true, modules: c.modules.map((m) => ({ module: m, complete: true })) }) as unknown as CourseState;
const learner = (id: number) => ({ id, name: 'Ana', email: 'ana@example.org' });

async function acceptAll(userId: number, except: number[] = []) {
	// A hand-in needs its module open: the quizzes before it passed.
	await passQuizzes(db, userId, course);
	for (const m of course.modules) {
		// The organisation's outreach plan is the organisation's, not the person's (organisation-assignments.spec.ts).
		if (!m.assignment || m.assignment.scope === 'organisation' || except.includes(m.assignment.id)) continue;
		const r = await assignments.submit(db, { userId, assignmentId: m.assignment.id, text: 'done', file: null }, T0);
		if (!r.ok) throw new Error(r.reason);
		const levels = Object.fromEntries((await assignments.forModule(db, m.id, 'en'))!.rubric.map((c) => [c.id, '2']));
		const reviewed = await assignments.review(
			db,
			who.trainer,
			{ submissionId: r.submissionId, decision: 'accept', feedback: '', levels },
			T0
		);
		expect(reviewed.ok).toBe(true);
	}
}

describe('the certificate rule with assignments', () => {
	it('the outreach course requires them; the getting-started tour issues no certificate', () => {
		expect(course.requiresAssignments).toBe(true);
		expect(course.issuesCertificate).toBe(true);
		expect(tutorial.issuesCertificate).toBe(false);
	});

	it('withholds the outreach certificate until every assignment is accepted, then issues it on the last acceptance', async () => {
		const last = course.modules.at(-1)!.assignment!.id;
		await acceptAll(who.ana.id, [last]);
		expect(
			await certificates.issueIfEligible(db, learner(who.ana.id), course, completeState(course), 'en', ctx)
		).toBeNull();
		const r = await assignments.submit(
			db,
			{ userId: who.ana.id, assignmentId: last, text: 'indicators', file: null },
			T0
		);
		if (!r.ok) throw new Error(r.reason);
		await assignments.review(
			db,
			who.trainer,
			{ submissionId: r.submissionId, decision: 'accept', feedback: '', levels: { indicators: '2', collection: '1' } },
			T0 + 2000
		);
		expect(
			await certificates.issueIfEligible(db, learner(who.ana.id), course, completeState(course), 'en', ctx)
		).not.toBeNull();
	});

	it('issues nothing for the getting-started tour, which does not count for organisations', async () => {
		const org = await insertOrganisation(db, 'Ura', 'ura');
		expect(
			await certificates.issueIfEligible(db, learner(who.ana.id), tutorial, completeState(tutorial), 'en', ctx)
		).toBeNull();
		await db.updateTable('users').set({ organisation_id: org }).execute();
		expect(await certificates.eligibleOrganisations(db, tutorial)).toEqual([]);
	});

	it('issues the certificate at the last acceptance in the learner’s language, not the reviewer’s', async () => {
		// Ana works in Albanian: every lesson done, every quiz passed on Albanian pages.
		for (const mod of course.modules) {
			for (const lesson of mod.lessons)
				await db
					.insertInto('lesson_progress')
					.values({ user_id: who.ana.id, lesson_id: lesson.id, lesson_version_id: lesson.versionId, completed_at: T0 })
					.execute();
			await db
				.insertInto('quiz_attempts')
				.values({
					user_id: who.ana.id,
					quiz_id: mod.quiz!.id,
					quiz_version_id: mod.quiz!.versionId,
					attempt_no: 1,
					submission_key: `sq-${mod.id}`,
					locale: 'sq',
					answers: '{}',
					results: '{}',
					score: 100,
					passed: 1,
					submitted_at: T0
				})
				.execute();
		}
		const last = course.modules.at(-1)!.assignment!.id;
		await acceptAll(who.ana.id, [last]);
		const r = await assignments.submit(
			db,
			{ userId: who.ana.id, assignmentId: last, text: 'Treguesit', file: null, locale: 'sq' },
			// After the fixture's own quiz passes (stored in English at T0): this is her latest step.
			T0 + 1000
		);
		if (!r.ok) throw new Error(r.reason);
		const reviewed = await assignments.review(
			db,
			who.trainer,
			{ submissionId: r.submissionId, decision: 'accept', feedback: '', levels: { indicators: '2', collection: '1' } },
			T0 + 2000
		);
		expect(reviewed.ok).toBe(true);
		// The reviewer works in English; the certificate speaks Ana's language.
		const issued = await assignments.issueAfterAcceptance(db, who.ana.id, course.id, ctx);
		const albanian = (await getCourseBySlug(db, 'outreach', 'sq'))!.title;
		expect(albanian).not.toBe(course.title);
		expect(issued).toMatchObject({ locale: 'sq', course_title: albanian });
	});
});
