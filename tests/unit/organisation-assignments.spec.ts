// The organisation's assignment (the outreach plan): confirmed members hand it in on the
// organisation's behalf, one thread per organisation; it counts for organisation certification.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import type { CourseInfo } from '$lib/server/catalogue/courses';
import * as assignments from '$lib/server/assignments';
import { eligibleOrganisations } from '$lib/server/learning/certificates/organisations';
import { enrol } from '$lib/server/learning/progress';
import { deleteAccount } from '$lib/server/people/privacy';
import { hashPassword } from '$lib/server/auth/password';
import { T0, HOUR, insertOrganisation, insertUser } from './helpers';
import { PDF, addCohort, outreachDb, passQuizzes, people } from './assignment-fixture';

let db: DB;
let course: CourseInfo;
let who: Awaited<ReturnType<typeof people>>;
let planId: number;
let orgA: number;
let orgB: number;
let besa: { id: number; role: string };
let cara: { id: number; role: string };
let dino: { id: number; role: string };

async function member(name: string, organisationId: number | null, requested: number | null = null) {
	const id = await insertUser(db, { name, email: `${name.toLowerCase()}@example.org`, organisationId });
	if (requested)
		await db
			.updateTable('users')
			.set({ requested_organisation_id: requested, requested_at: T0 })
			.where('id', '=', id)
			.execute();
	await enrol(db, id, course.id, T0);
	return { id, role: 'learner' };
}

beforeEach(async () => {
	({ db, course } = await outreachDb());
	who = await people(db, course.id);
	planId = course.modules.find((m) => m.slug === 'planning-outreach')!.assignment!.id;
	orgA = await insertOrganisation(db, 'Youth of Zvečan', 'youth-zvecan');
	orgB = await insertOrganisation(db, 'Women of Leposavić', 'women-leposavic');
	await db.updateTable('users').set({ organisation_id: orgA }).where('id', '=', who.ana.id).execute();
	besa = { id: who.besa.id, role: 'learner' };
	await db.updateTable('users').set({ organisation_id: orgA }).where('id', '=', besa.id).execute();
	cara = await member('Cara', orgB);
	dino = await member('Dino', null, orgA);
	// The plan's module opens once the modules before it are done (the lock rule of hand-ins).
	const planIndex = course.modules.findIndex((m) => m.slug === 'planning-outreach');
	for (const id of [who.ana.id, besa.id, cara.id, dino.id]) await passQuizzes(db, id, course, planIndex);
});

const send = (userId: number, text: string, file: { name: string; bytes: Uint8Array } | null = null, at = T0) =>
	assignments.submit(db, { userId, assignmentId: planId, text, file }, at);
const threadFor = (userId: number) => assignments.threadOf(db, { id: planId, scope: 'organisation' }, userId);
const accept = (submissionId: number) =>
	assignments.review(
		db,
		who.trainer,
		{ submissionId, decision: 'accept', feedback: 'A clear plan.', levels: { audiences: '2', plan: '2' } },
		T0 + HOUR
	);
const seeFile = (viewer: { id: number; role: string }, submissionId: number) =>
	assignments.fileFor(db, submissionId, viewer, (courseId, learnerId, organisationId) =>
		assignments.canSeeWork(db, viewer, courseId, learnerId, organisationId)
	);

describe("the organisation's outreach plan", () => {
	it('is the outreach course’s organisation assignment, required for organisation certification', () => {
		expect(course.orgAssignmentModule).toBe('planning-outreach');
		expect(course.modules.find((m) => m.slug === 'planning-outreach')!.assignment!.scope).toBe('organisation');
	});

	it('is handed in by a confirmed member; every member of that organisation sees it, its review and its file', async () => {
		const sent = await send(who.ana.id, 'Our plan', { name: 'plan.pdf', bytes: PDF });
		if (!sent.ok) throw new Error(sent.reason);
		const asBesa = await assignments.history(db, (await threadFor(besa.id))!);
		expect(asBesa).toMatchObject([{ version: 1, text: 'Our plan', submittedBy: 'Ana', status: 'submitted' }]);
		expect(await seeFile(besa, sent.submissionId)).not.toBeNull();
		expect((await accept(sent.submissionId)).ok).toBe(true);
		expect((await assignments.history(db, (await threadFor(besa.id))!))[0]).toMatchObject({
			status: 'accepted',
			feedback: 'A clear plan.'
		});
		// My learning shows each member the organisation's status; another organisation's member sees none.
		expect((await assignments.latestStatuses(db, besa.id, [planId])).get(planId)).toMatchObject({
			status: 'accepted'
		});
		expect((await assignments.latestStatuses(db, cara.id, [planId])).size).toBe(0);
	});

	it('is reviewed by a cohort trainer whose cohort holds the organisation, and by no other cohort trainer', async () => {
		const sent = await send(who.ana.id, 'Our plan');
		if (!sent.ok) throw new Error(sent.reason);
		const cohort = await addCohort(db, course.id, []);
		await db.insertInto('cohort_organisations').values({ cohort_id: cohort, organisation_id: orgA }).execute();
		await db.insertInto('cohort_trainers').values({ cohort_id: cohort, user_id: who.otherTrainer.id }).execute();
		expect((await assignments.queue(db, course.id, 'en', null, who.otherTrainer.id)).map((q) => q.learner)).toEqual([
			'Ana (Youth of Zvečan)'
		]);
		await db.deleteFrom('cohort_organisations').execute();
		expect(await assignments.queue(db, course.id, 'en', null, who.otherTrainer.id)).toEqual([]);
		expect(await assignments.reviewView(db, who.otherTrainer, sent.submissionId, 'en')).toBe('outside_scope');
	});

	// Bug: the cohort filter of the queue and the cohort dashboard's count looked at the cohort's
	// members only, while the cohort's trainer reviews its organisations' plans too.
	it('is in its cohort’s queue and count when the organisation belongs to the cohort', async () => {
		const sent = await send(who.ana.id, 'Our plan');
		if (!sent.ok) throw new Error(sent.reason);
		const cohort = await addCohort(db, course.id, []);
		await db.insertInto('cohort_organisations').values({ cohort_id: cohort, organisation_id: orgA }).execute();
		expect((await assignments.queue(db, course.id, 'en', cohort)).map((q) => q.submissionId)).toEqual([
			sent.submissionId
		]);
		expect(await assignments.queueStats(db, cohort, course.id)).toEqual({ waiting: 1, oldestAt: T0 });
	});

	it('is never seen by a member of another organisation, nor by someone who only asked to join', async () => {
		const sent = await send(who.ana.id, 'Our plan', { name: 'plan.pdf', bytes: PDF });
		if (!sent.ok) throw new Error(sent.reason);
		expect(await assignments.history(db, (await threadFor(cara.id))!)).toEqual([]);
		expect(await seeFile(cara, sent.submissionId)).toBeNull();
		expect(await threadFor(dino.id)).toBeNull();
		expect(await seeFile(dino, sent.submissionId)).toBeNull();
		expect(await seeFile(who.otherTrainer, sent.submissionId)).toBeNull();
	});

	it('refuses a self-declared member and a learner without organisation, and stores nothing', async () => {
		expect(await send(dino.id, 'Our plan')).toEqual({ ok: false, reason: 'not_member' });
		const independent = await member('Ema', null);
		await passQuizzes(
			db,
			independent.id,
			course,
			course.modules.findIndex((m) => m.slug === 'planning-outreach')
		);
		expect(await send(independent.id, 'My plan', { name: 'plan.pdf', bytes: PDF })).toEqual({
			ok: false,
			reason: 'not_member'
		});
		expect(await db.selectFrom('submissions').select('id').execute()).toEqual([]);
	});

	it('keeps one thread per organisation when two members hand in at once', async () => {
		const [a, b] = await Promise.all([send(who.ana.id, 'Plan by Ana'), send(besa.id, 'Plan by Besa')]);
		expect(a.ok && b.ok).toBe(true);
		const versions = await assignments.history(db, (await threadFor(who.ana.id))!);
		expect(versions.map((v) => v.version)).toEqual([2, 1]);
		expect(new Set(versions.map((v) => v.submittedBy))).toEqual(new Set(['Ana', 'Besa']));
		// The other organisation starts its own thread at version 1.
		expect(await send(cara.id, 'Plan of the women')).toMatchObject({ ok: true, version: 1 });
		// Only the thread's latest version can be reviewed.
		const older = versions[1].id;
		expect(await accept(older)).toEqual({ ok: false, reason: 'not_latest' });
	});

	it('refuses a resubmission by any member after acceptance, and keeps the accepted version', async () => {
		const sent = await send(who.ana.id, 'Our plan');
		if (!sent.ok) throw new Error(sent.reason);
		expect((await accept(sent.submissionId)).ok).toBe(true);
		expect(await send(besa.id, 'A better plan')).toEqual({ ok: false, reason: 'accepted' });
		expect(await assignments.history(db, (await threadFor(besa.id))!)).toMatchObject([
			{ version: 1, status: 'accepted', text: 'Our plan' }
		]);
	});

	it('is not reviewed by a trainer who is a member of the organisation', async () => {
		const sent = await send(who.ana.id, 'Our plan');
		if (!sent.ok) throw new Error(sent.reason);
		await db.updateTable('users').set({ organisation_id: orgA }).where('id', '=', who.trainer.id).execute();
		expect(await accept(sent.submissionId)).toEqual({ ok: false, reason: 'not_found' });
	});
});

describe('organisation certification with the organisation assignment', () => {
	async function certify(userId: number) {
		await db
			.insertInto('certificates')
			.values({
				code: `CODE-${userId}-XXXX`,
				kind: 'learner',
				course_id: course.id,
				user_id: userId,
				organisation_id: null,
				recipient_name: 'x',
				organisation_name: null,
				course_title: course.title,
				locale: 'en',
				issuer_name: 'CivicSteps',
				issued_at: T0,
				credential: '{}'
			})
			.execute();
	}

	it('needs both the certified members and the accepted plan; another organisation’s plan does not count', async () => {
		await certify(who.ana.id);
		await certify(besa.id);
		expect(await eligibleOrganisations(db, course)).toEqual([]);
		const other = await send(cara.id, 'Plan of the women');
		if (!other.ok) throw new Error(other.reason);
		expect((await accept(other.submissionId)).ok).toBe(true);
		expect(await eligibleOrganisations(db, course)).toEqual([]);
		const sent = await send(who.ana.id, 'Our plan');
		if (!sent.ok) throw new Error(sent.reason);
		expect(await eligibleOrganisations(db, course)).toEqual([]);
		expect((await accept(sent.submissionId)).ok).toBe(true);
		expect((await eligibleOrganisations(db, course)).map((o) => o.name)).toEqual(['Youth of Zvečan']);
	});

	// Bug: the old rule "one version number per assignment and person" collided with version numbers
	// counted per organisation: a member who moved organisation got a server error on handing in.
	it('takes a hand-in from a member who moved to another organisation, as version 1 of its thread', async () => {
		const first = await send(besa.id, 'Plan for A');
		expect(first).toMatchObject({ ok: true, version: 1 });
		await db.updateTable('users').set({ organisation_id: orgB }).where('id', '=', besa.id).execute();
		expect(await send(besa.id, 'Plan for B')).toMatchObject({ ok: true, version: 1 });
		expect((await assignments.history(db, (await threadFor(cara.id))!)).map((v) => v.text)).toEqual(['Plan for B']);
	});

	// The plan is the organisation's work, not the member's own: a member leaving the platform
	// does not take the organisation's accepted plan (or its file) with them.
	it('keeps the organisation’s plan when the member who handed it in deletes their account', async () => {
		const sent = await send(besa.id, 'Our plan', { name: 'plan.pdf', bytes: PDF });
		if (!sent.ok) throw new Error(sent.reason);
		expect((await accept(sent.submissionId)).ok).toBe(true);
		const password_hash = await hashPassword('a long enough password');
		await db.updateTable('users').set({ password_hash }).where('id', '=', besa.id).execute();
		expect(await deleteAccount(db, besa.id, 'a long enough password', true, T0 + 2 * HOUR)).toEqual({ ok: true });
		const versions = await assignments.history(db, (await threadFor(who.ana.id))!);
		expect(versions.map((v) => [v.version, v.status])).toEqual([[1, 'accepted']]);
		const file = await seeFile({ id: who.ana.id, role: 'learner' }, sent.submissionId);
		expect(file).toBeTruthy();
	});

	it('needs the minimum of certified members even with the plan accepted', async () => {
		await certify(who.ana.id);
		const sent = await send(who.ana.id, 'Our plan');
		if (!sent.ok) throw new Error(sent.reason);
		expect((await accept(sent.submissionId)).ok).toBe(true);
		expect(await eligibleOrganisations(db, course)).toEqual([]);
	});
});
