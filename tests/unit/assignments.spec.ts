import { beforeEach, describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import type { DB } from '$lib/server/db/client';
import type { CourseInfo } from '$lib/server/catalogue/courses';
import * as assignments from '$lib/server/assignments';
import { ASSIGNMENT_LIMITS } from '$lib/server/assignments/format';
import { T0, HOUR } from './helpers';
import { enrol } from '$lib/server/learning/progress';
import { hashPassword } from '$lib/server/auth/password';
import { deleteAccount, exportUserData } from '$lib/server/people/privacy';
import { readStoredFile } from '$lib/server/assignments/files';
import {
	EXE,
	PDF,
	PNG,
	addCohort,
	bombDocx,
	docx,
	manyEntriesDocx,
	lyingOdt,
	odt,
	outreachDb,
	passQuizzes,
	people
} from './assignment-fixture';

let db: DB;
let course: CourseInfo;
let who: Awaited<ReturnType<typeof people>>;
let missionId: number;
/** The module whose assignment these tests hand in: mission and stakeholder map. */
const mission = () => course.modules.find((m) => m.slug === 'your-organisation')!;

beforeEach(async () => {
	({ db, course } = await outreachDb());
	who = await people(db, course.id);
	missionId = mission().assignment!.id;
	// The mission's module opens once the opening module is done (the lock rule of hand-ins).
	const before = course.modules.indexOf(mission());
	for (const p of [who.ana, who.besa, who.trainer]) await passQuizzes(db, p.id, course, before);
});

const send = (userId: number, text: string, file: { name: string; bytes: Uint8Array } | null = null, at = T0) =>
	assignments.submit(db, { userId, assignmentId: missionId, text, file }, at);

const levels = (mission: string, map: string) => ({ mission, map });

describe('the outreach portfolio in content/', () => {
	it('gives seven modules an assignment with instructions and a rubric in English, Albanian and Serbian', async () => {
		const titled = course.modules.filter((m) => m.assignment).map((m) => m.slug);
		expect(titled).toEqual([
			'northern-kosovo',
			'your-organisation',
			'planning-outreach',
			'social-media',
			'volunteer-network',
			'local-decisions',
			'measuring-impact'
		]);
		for (const locale of ['en', 'sq', 'sr-Latn', 'sr-Cyrl']) {
			const view = (await assignments.forModule(db, mission().id, locale))!;
			expect(view.fallback).toBe(false);
			expect(view.rubric.map((c) => c.id)).toEqual(['mission', 'map']);
			expect(view.rubric[0].levels.map((l) => l.points)).toEqual([0, 1, 2]);
			expect(view.accepted).toEqual(['pdf', 'docx', 'odt', 'png', 'jpg']);
		}
		expect((await assignments.forModule(db, mission().id, 'sq'))!.title).toBe(
			'Misioni dhe harta e palëve të interesit'
		);
	});
});

describe('handing in', () => {
	it('refuses an empty submission and stores nothing', async () => {
		expect(await send(who.ana.id, '   ', { name: '', bytes: new Uint8Array(0) })).toEqual({
			ok: false,
			reason: 'empty'
		});
		expect(await assignments.history(db, assignments.learnerThread(missionId, who.ana.id))).toEqual([]);
	});

	it('refuses a file over the size limit', async () => {
		const big = new Uint8Array(10 * 1024 * 1024 + 1);
		big.set(PDF);
		expect(await send(who.ana.id, '', { name: 'plan.pdf', bytes: big })).toEqual({ ok: false, reason: 'too_large' });
	});

	it('refuses a file whose content is not what its name says', async () => {
		expect(await send(who.ana.id, 'see file', { name: 'plan.pdf', bytes: EXE })).toEqual({
			ok: false,
			reason: 'wrong_type'
		});
		const notWord = zipSync({ 'readme.txt': strToU8('hello') });
		expect(await send(who.ana.id, '', { name: 'plan.docx', bytes: notWord })).toEqual({
			ok: false,
			reason: 'wrong_type'
		});
		expect(await assignments.history(db, assignments.learnerThread(missionId, who.ana.id))).toEqual([]);
	});

	it('refuses a DOCX that is a zip bomb, by what it declares, before unpacking it', async () => {
		expect(await send(who.ana.id, '', { name: 'plan.docx', bytes: bombDocx() })).toEqual({
			ok: false,
			reason: 'zip_bomb'
		});
		expect(await send(who.ana.id, '', { name: 'plan.docx', bytes: manyEntriesDocx() })).toEqual({
			ok: false,
			reason: 'zip_bomb'
		});
		// Sizes that lie: a small declared entry whose compressed data unpacks to megabytes.
		expect(await send(who.ana.id, '', { name: 'plan.odt', bytes: lyingOdt() })).toEqual({
			ok: false,
			reason: 'zip_bomb'
		});
	});

	it('accepts text, PDF, DOCX, ODT and PNG, each as a new version', async () => {
		expect(await send(who.ana.id, 'Our mission: …')).toMatchObject({ ok: true, version: 1 });
		for (const [name, bytes] of [
			['a.pdf', PDF],
			['b.docx', docx()],
			['c.odt', odt()],
			['d.png', PNG]
		] as const) {
			expect((await send(who.ana.id, '', { name, bytes })).ok).toBe(true);
		}
		const versions = await assignments.history(db, assignments.learnerThread(missionId, who.ana.id));
		expect(versions.map((v) => [v.version, v.file?.kind ?? 'text'])).toEqual([
			[5, 'png'],
			[4, 'odt'],
			[3, 'docx'],
			[2, 'pdf'],
			[1, 'text']
		]);
		expect(versions[4].text).toBe('Our mission: …');
	});

	it('refuses someone not enrolled in the course', async () => {
		expect(await send(who.trainer.id, 'hello')).toEqual({ ok: false, reason: 'not_enrolled' });
	});
});

describe('reviewing', () => {
	let first: number;
	beforeEach(async () => {
		const r = await send(who.ana.id, 'Mission and map');
		if (!r.ok) throw new Error(r.reason);
		first = r.submissionId;
	});
	const reviewBy = (user: { id: number; role: string }, decision: string, l: Record<string, unknown>, feedback = '') =>
		assignments.review(db, user, { submissionId: first, decision, feedback, levels: l }, T0 + HOUR);

	it('is refused to a trainer of another course, as if the submission did not exist', async () => {
		expect(await reviewBy(who.otherTrainer, 'accept', levels('2', '2'))).toEqual({ ok: false, reason: 'not_found' });
		expect(await assignments.reviewView(db, who.otherTrainer, first, 'en')).toBeNull();
		expect(await reviewBy(who.ana, 'accept', levels('2', '2'))).toEqual({ ok: false, reason: 'not_found' });
	});

	it('is refused to a trainer for their own hand-in: nobody accepts their own work', async () => {
		await enrol(db, who.trainer.id, course.id, T0);
		const own = await assignments.submit(
			db,
			{ userId: who.trainer.id, assignmentId: missionId, text: 'Mine', file: null },
			T0
		);
		if (!own.ok) throw new Error(own.reason);
		const verdict = await assignments.review(
			db,
			who.trainer,
			{ submissionId: own.submissionId, decision: 'accept', feedback: '', levels: levels('2', '2') },
			T0 + HOUR
		);
		expect(verdict).toEqual({ ok: false, reason: 'not_found' });
		expect(await assignments.reviewView(db, who.trainer, own.submissionId, 'en')).toBeNull();
	});

	it('refuses a level out of the rubric, a missing one, and a revision request without feedback', async () => {
		expect(await reviewBy(who.trainer, 'accept', levels('3', '1'))).toEqual({
			ok: false,
			reason: 'score_out_of_range',
			criterion: 'mission'
		});
		expect(await reviewBy(who.trainer, 'accept', levels('-1', '1'))).toMatchObject({ reason: 'score_out_of_range' });
		expect(await reviewBy(who.trainer, 'accept', { mission: '1' })).toEqual({
			ok: false,
			reason: 'score_missing',
			criterion: 'map'
		});
		expect(await reviewBy(who.trainer, 'revise', levels('1', '1'))).toEqual({ ok: false, reason: 'feedback_required' });
		expect((await assignments.history(db, assignments.learnerThread(missionId, who.ana.id)))[0].status).toBe(
			'submitted'
		);
	});

	// Every version is kept and shown: a thread has a bounded number of them.
	it('refuses a version beyond the limit of a thread, and keeps the ones handed in', async () => {
		const before = (await assignments.history(db, assignments.learnerThread(missionId, who.ana.id))).length;
		for (let i = before + 1; i <= ASSIGNMENT_LIMITS.versions; i++)
			expect(await send(who.ana.id, `Draft ${i}`)).toMatchObject({ ok: true, version: i });
		expect(await send(who.ana.id, 'One more')).toEqual({ ok: false, reason: 'too_many_versions' });
		const kept = await assignments.history(db, assignments.learnerThread(missionId, who.ana.id));
		expect(kept).toHaveLength(ASSIGNMENT_LIMITS.versions);
	});

	// An answer is rendered once, when it is handed in: showing the versions renders nothing again.
	it('keeps each version’s answer rendered with it', async () => {
		await send(who.ana.id, 'Our **mission**');
		const [v] = await assignments.history(db, assignments.learnerThread(missionId, who.ana.id));
		expect(v.html).toBe('<p>Our <strong>mission</strong></p>\n');
	});

	it('lists the queue oldest first, per course and cohort, and records a revision request', async () => {
		const calendar = course.modules.findIndex((m) => m.slug === 'social-media');
		await passQuizzes(db, who.besa.id, course, calendar);
		await assignments.submit(
			db,
			{ userId: who.besa.id, assignmentId: course.modules[calendar].assignment!.id, text: 'Calendar', file: null },
			T0 - HOUR
		);
		const cohort = await addCohort(db, course.id, [who.ana.id]);
		expect((await assignments.queue(db, course.id, 'en')).map((q) => q.learner)).toEqual(['Besa', 'Ana']);
		expect((await assignments.queue(db, course.id, 'en', cohort)).map((q) => q.learner)).toEqual(['Ana']);
		expect(await assignments.queueStats(db, cohort, course.id)).toEqual({ waiting: 1, oldestAt: T0 });
		expect(await reviewBy(who.trainer, 'revise', levels('1', '0'), 'Name at least eight stakeholders.')).toMatchObject({
			ok: true,
			decision: 'needs_revision'
		});
		const [latest] = await assignments.history(db, assignments.learnerThread(missionId, who.ana.id));
		expect(latest).toMatchObject({
			status: 'needs_revision',
			feedback: 'Name at least eight stakeholders.',
			scores: { mission: 1, map: 0 }
		});
		expect(await assignments.queueStats(db, cohort, course.id)).toEqual({ waiting: 0, oldestAt: null });
		expect((await send(who.ana.id, 'Better map')).ok).toBe(true);
	});

	it('refuses a resubmission after acceptance and keeps the accepted version', async () => {
		expect(await reviewBy(who.trainer, 'accept', levels('2', '2'), 'Well done')).toMatchObject({
			ok: true,
			decision: 'accepted'
		});
		expect(await send(who.ana.id, 'one more')).toEqual({ ok: false, reason: 'accepted' });
		const versions = await assignments.history(db, assignments.learnerThread(missionId, who.ana.id));
		expect(versions).toHaveLength(1);
		expect(versions[0]).toMatchObject({ status: 'accepted', text: 'Mission and map', feedback: 'Well done' });
	});

	it('reviews only the latest version', async () => {
		await send(who.ana.id, 'second');
		expect(await reviewBy(who.trainer, 'accept', levels('2', '2'))).toEqual({ ok: false, reason: 'not_latest' });
	});
});

describe('deleting an account', () => {
	it('removes the learner’s hand-ins and their files, and the data export lists them before that', async () => {
		await db
			.updateTable('users')
			.set({ password_hash: await hashPassword('a long enough password') })
			.where('id', '=', who.ana.id)
			.execute();
		const sent = await send(who.ana.id, 'Our plan', { name: 'plan.pdf', bytes: PDF });
		if (!sent.ok) throw new Error(sent.reason);
		const exported = await exportUserData(db, who.ana.id);
		expect(exported?.assignments).toMatchObject([
			{ version: 1, text: 'Our plan', file: 'plan.pdf', status: 'submitted' }
		]);
		const file = await assignments.fileFor(db, sent.submissionId, who.trainer, (courseId, learnerId) =>
			assignments.canSeeWork(db, who.trainer, courseId, learnerId)
		);
		expect(file).not.toBeNull();
		const { file_key } = await db
			.selectFrom('submissions')
			.select('file_key')
			.where('id', '=', sent.submissionId)
			.executeTakeFirstOrThrow();
		// In SUBMISSIONS_DIR on SQLite, in the database on PostgreSQL: gone with the account either way.
		expect(await readStoredFile(db, file_key!)).toEqual(PDF);

		expect(await deleteAccount(db, who.ana.id, 'a long enough password', true, T0 + HOUR)).toEqual({ ok: true });
		expect(await assignments.history(db, assignments.learnerThread(missionId, who.ana.id))).toEqual([]);
		expect(await assignments.queue(db, course.id, 'en')).toEqual([]);
		const stored = await db.selectFrom('submissions').select('id').where('user_id', '=', who.ana.id).execute();
		expect(stored).toEqual([]);
		expect(await readStoredFile(db, file_key!)).toBeNull();
	});
});

describe('who may read a handed-in file', () => {
	it('the learner, trainers of the course and coordinators of the learner’s cohort; nobody else', async () => {
		const r = await send(who.ana.id, '', { name: 'map.png', bytes: PNG });
		if (!r.ok) throw new Error(r.reason);
		const read = (u: { id: number; role: string }) =>
			assignments.fileFor(db, r.submissionId, u, (courseId, learnerId) =>
				assignments.canSeeWork(db, u, courseId, learnerId)
			);
		expect((await read(who.ana))?.type).toBe('image/png');
		expect([...((await read(who.trainer))?.bytes ?? [])]).toEqual([...PNG]);
		expect(await read(who.besa)).toBeNull();
		expect(await read(who.otherTrainer)).toBeNull();
		expect(await read(who.coordinator)).toBeNull();
		await addCohort(db, course.id, [who.ana.id]);
		expect((await read(who.coordinator))?.name).toBe('map.png');
	});
});

describe('a cohort trainer’s reach', () => {
	it('reviews only the hand-ins of their cohorts’ learners; the course’s authors review all', async () => {
		const ana = await send(who.ana.id, 'Mission of Ana', { name: 'ana.pdf', bytes: PDF });
		const besa = await send(who.besa.id, 'Mission of Besa', { name: 'besa.pdf', bytes: PDF }, T0 + HOUR);
		if (!ana.ok || !besa.ok) throw new Error('not handed in');
		const cohort = await addCohort(db, course.id, [who.ana.id]);
		await db.insertInto('cohort_trainers').values({ cohort_id: cohort, user_id: who.otherTrainer.id }).execute();
		const cohortTrainer = who.otherTrainer;
		const acceptAs = (u: { id: number; role: string }, submissionId: number) =>
			assignments.review(
				db,
				u,
				{ submissionId, decision: 'accept', feedback: '', levels: levels('2', '2') },
				T0 + HOUR
			);

		// The queue: the cohort trainer sees Ana's hand-in only; the author sees both.
		expect((await assignments.queue(db, course.id, 'en', null, cohortTrainer.id)).map((q) => q.learner)).toEqual([
			'Ana'
		]);
		expect((await assignments.queue(db, course.id, 'en')).map((q) => q.learner)).toEqual(['Ana', 'Besa']);
		expect(await assignments.reviewScope(db, cohortTrainer, course.id)).toBe('cohorts');
		expect(await assignments.reviewScope(db, who.trainer, course.id)).toBe('all');

		// The review page and the review itself: outside the cohort, refused with a reason.
		expect(await assignments.reviewView(db, cohortTrainer, besa.submissionId, 'en')).toBe('outside_scope');
		expect(await acceptAs(cohortTrainer, besa.submissionId)).toEqual({ ok: false, reason: 'outside_scope' });
		expect((await assignments.history(db, assignments.learnerThread(missionId, who.besa.id)))[0].status).toBe(
			'submitted'
		);
		expect(await assignments.reviewView(db, cohortTrainer, ana.submissionId, 'en')).toMatchObject({
			learner: { name: 'Ana' }
		});
		expect(await acceptAs(cohortTrainer, ana.submissionId)).toMatchObject({ ok: true, decision: 'accepted' });

		// The file download follows the same reach.
		const read = (u: { id: number; role: string }, id: number) =>
			assignments.fileFor(db, id, u, (courseId, learnerId, organisationId) =>
				assignments.canSeeWork(db, u, courseId, learnerId, organisationId)
			);
		expect(await read(cohortTrainer, besa.submissionId)).toBeNull();
		expect((await read(cohortTrainer, ana.submissionId))?.name).toBe('ana.pdf');
		expect((await read(who.trainer, besa.submissionId))?.name).toBe('besa.pdf');
	});
});
