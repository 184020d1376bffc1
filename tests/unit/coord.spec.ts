// A coordinator's everyday tools (issue 20) against a fresh migrated database with the demo course:
// removing and moving a learner (their progress stays theirs), new set-password links, messages to a
// cohort with their throttle and history, and un-revoking a certificate.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import * as cohorts from '$lib/server/cohorts/cohorts';
import * as learners from '$lib/server/cohorts/learners';
import * as messages from '$lib/server/cohorts/messages';
import * as certificates from '$lib/server/learning/certificates/issue';
import { checkPasswordToken, createPasswordToken } from '$lib/server/auth/password-tokens';
import { getCourseBySlug, type CourseInfo } from '$lib/server/catalogue/courses';
import { completeLesson } from '$lib/server/learning/progress';
import { listFor } from '$lib/server/people/notices';
import { eraseAccount } from '$lib/server/people/privacy';
import type { Cohort } from '../../db/schema';
import { DAY, MINUTE, T0, insertUser } from './helpers';
import { freshContentDb, importOk, removeTempDirs, writeDemo } from './content-fixture';

let db: DB;
let course: CourseInfo;
let coordinator: number;
let lena: number;
let marko: number;
let spring: Cohort;
let autumn: Cohort;

const input = (name: string, courseId: number): cohorts.CohortInput => ({
	name,
	courseId,
	startsAt: T0,
	endsAt: T0 + 60 * DAY,
	trainerIds: [],
	organisationIds: []
});

beforeEach(async () => {
	db = await freshContentDb();
	await importOk(db, writeDemo());
	course = (await getCourseBySlug(db, 'demo', 'en'))!;
	coordinator = await insertUser(db, { name: 'Vesna Coordinator', email: 'vesna@example.org', role: 'coordinator' });
	lena = await insertUser(db, { name: 'Lena Learner', email: 'lena@example.org' });
	marko = await insertUser(db, { name: 'Marko Marković', email: 'marko@example.org' });
	spring = await cohorts.createCohort(db, input('Spring', course.id), coordinator, T0);
	autumn = await cohorts.createCohort(db, input('Autumn', course.id), coordinator, T0);
	await cohorts.addMembers(db, spring, [lena, marko], T0);
});
afterEach(removeTempDirs);

async function auditActions(): Promise<string[]> {
	return (await db.selectFrom('audit_log').select('action').orderBy('id').execute()).map((r) => r.action);
}

describe('removing and moving a learner', () => {
	it('removes a learner from the cohort, keeps their progress, and logs it', async () => {
		const lesson = course.modules[0].lessons[0];
		await completeLesson(db, lena, course, lesson.id, T0 + MINUTE);
		expect(await learners.remove(db, spring, lena, coordinator, T0 + DAY)).toEqual({ ok: true });
		expect((await cohorts.members(db, spring.id)).map((u) => u.name)).toEqual(['Marko Marković']);
		const kept = await db.selectFrom('lesson_progress').select('lesson_id').where('user_id', '=', lena).execute();
		expect(kept.map((r) => r.lesson_id)).toContain(lesson.id);
		expect(await db.selectFrom('enrolments').select('course_id').where('user_id', '=', lena).execute()).toHaveLength(1);
		expect(await auditActions()).toEqual(['cohort_member_removed']);
		// Twice is refused, not a second log entry.
		expect(await learners.remove(db, spring, lena, coordinator)).toEqual({ ok: false, reason: 'not_member' });
		expect(await auditActions()).toHaveLength(1);
	});

	it('moves a learner to another cohort of the same course and refuses other courses', async () => {
		const lesson = course.modules[0].lessons[0];
		await completeLesson(db, lena, course, lesson.id, T0 + MINUTE);
		expect((await learners.moveTargets(db, spring)).map((c) => c.name)).toEqual(['Autumn']);
		expect(await learners.move(db, spring, autumn.id, lena, coordinator, T0 + DAY)).toEqual({ ok: true });
		expect((await cohorts.members(db, spring.id)).map((u) => u.name)).toEqual(['Marko Marković']);
		expect((await cohorts.members(db, autumn.id)).map((u) => u.name)).toEqual(['Lena Learner']);
		expect(await learners.nextStep(db, course, lena)).not.toBe(lesson.title);

		const other = await db
			.insertInto('courses')
			.values({
				...(await db.selectFrom('courses').selectAll().where('id', '=', course.id).executeTakeFirstOrThrow()),
				id: undefined,
				slug: 'other'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const elsewhere = await cohorts.createCohort(db, input('Elsewhere', other.id), coordinator, T0);
		expect(await learners.move(db, autumn, elsewhere.id, lena, coordinator)).toEqual({
			ok: false,
			reason: 'other_course'
		});
		expect(await learners.move(db, autumn, autumn.id, lena, coordinator)).toEqual({ ok: false, reason: 'target' });
		expect(await learners.move(db, spring, autumn.id, lena, coordinator)).toEqual({ ok: false, reason: 'not_member' });
		expect(await auditActions()).toEqual(['cohort_member_moved']);
	});
});

describe('the member picker', () => {
	it('lists everyone it can add without a search, a page at a time, with the count', async () => {
		for (let i = 0; i < cohorts.CANDIDATE_PAGE_SIZE + 3; i++)
			await insertUser(db, { name: `Learner ${String(i).padStart(3, '0')}`, email: `l${i}@example.org` });
		const first = await cohorts.candidatePage(db, spring.id, '', 1);
		expect(first.total).toBe(cohorts.CANDIDATE_PAGE_SIZE + 3);
		expect(first.rows).toHaveLength(cohorts.CANDIDATE_PAGE_SIZE);
		const second = await cohorts.candidatePage(db, spring.id, '', 2);
		expect(second.rows.map((r) => r.name)).toEqual(['Learner 050', 'Learner 051', 'Learner 052']);
		// Members are not offered; a search narrows the list and its count.
		expect(first.rows.map((r) => r.id)).not.toContain(lena);
		expect(await cohorts.candidatePage(db, spring.id, 'learner 05', 1)).toMatchObject({ total: 3 });
	});
});

describe('set-password links', () => {
	it('re-issues a link only for created learners and spends their older unused links', async () => {
		expect(await learners.reissueLink(db, spring, lena, coordinator)).toEqual({ ok: false });
		const first = await createPasswordToken(db, lena, coordinator, T0);
		const again = await learners.reissueLink(db, spring, lena, coordinator, T0 + MINUTE);
		expect(again.ok).toBe(true);
		if (!again.ok) return;
		expect(await checkPasswordToken(db, first, T0 + 2 * MINUTE)).toEqual({ ok: false, reason: 'used' });
		expect((await checkPasswordToken(db, again.token, T0 + 2 * MINUTE)).ok).toBe(true);
		expect(await auditActions()).toEqual(['password_link_issued']);
		// Not for someone outside the cohort.
		await learners.remove(db, spring, lena, coordinator);
		expect(await learners.reissueLink(db, spring, lena, coordinator)).toEqual({ ok: false });
	});

	it('does not count a later link (a reset sent by an admin) as the account being made by staff', async () => {
		// Marko signed up himself (no link when his account was made); a day later an admin sent him one.
		const admin = await insertUser(db, { name: 'Ana Admin', email: 'ana@example.org', role: 'admin' });
		await createPasswordToken(db, marko, admin, T0 + DAY);
		expect(await learners.reissueLink(db, spring, marko, coordinator, T0 + 2 * DAY)).toEqual({ ok: false });
	});
});

describe('adding members', () => {
	it('adds learners only: staff accounts are not made members of a cohort', async () => {
		const trainer = await insertUser(db, { name: 'Tina Trainer', email: 'tina@example.org', role: 'trainer' });
		const added = await cohorts.addPeople(db, autumn, [String(trainer), String(coordinator), String(lena)], T0);
		expect(added).toEqual({ ok: true, added: 1 });
		expect((await cohorts.members(db, autumn.id)).map((u) => u.name)).toEqual(['Lena Learner']);
	});
});

describe('messages', () => {
	const form = (fields: Record<string, string | string[]>) => {
		const f = new FormData();
		for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
		return f;
	};

	it('refuses markup, empty and over-long text, and an empty selection', () => {
		const bad = messages.parseMessageForm(form({ subject: '<b>Hi</b>', body: 'x'.repeat(2001), user: [] }));
		expect(bad).toMatchObject({
			ok: false,
			errors: { subject: 'markup', body: 'too_long', recipients: 'none' },
			values: { subject: '<b>Hi</b>' }
		});
		expect(messages.parseMessageForm(form({ subject: '', body: 'Hi', to: 'all' }))).toMatchObject({
			ok: false,
			errors: { subject: 'required' }
		});
		expect(messages.parseMessageForm(form({ subject: 'Hi', body: 'See you', to: 'all' }))).toEqual({
			ok: true,
			draft: { subject: 'Hi', body: 'See you', userIds: null }
		});
		// A subject is one line.
		expect(messages.parseMessageForm(form({ subject: 'Line1\nBcc: x@example.org', body: 'Hi', to: 'all' }))).toEqual({
			ok: true,
			draft: { subject: 'Line1 Bcc: x@example.org', body: 'Hi', userIds: null }
		});
	});

	it('sends to the cohort or to selected members, notifies each, keeps a history and throttles', async () => {
		const sender = { id: coordinator, name: 'Vesna Coordinator' };
		const all = await messages.send(
			db,
			spring,
			sender,
			{ subject: 'Welcome', body: 'We start Monday.', userIds: null },
			undefined,
			T0
		);
		expect(all).toMatchObject({ ok: true, recipients: 2, mailed: 0 });
		const one = await messages.send(
			db,
			spring,
			sender,
			{ subject: 'Only you', body: 'Hi Lena', userIds: [lena] },
			undefined,
			T0 + 1
		);
		expect(one).toMatchObject({ ok: true, recipients: 1 });
		const lenaNotices = await listFor(db, lena);
		expect(lenaNotices.map((n) => n.params.subject)).toEqual(['Only you', 'Welcome']);
		expect((await listFor(db, marko)).map((n) => n.params.subject)).toEqual(['Welcome']);
		expect(lenaNotices[0]).toMatchObject({
			kind: 'coordinator-message',
			params: { cohort: 'Spring', from: 'Vesna Coordinator' }
		});
		const past = await messages.history(db, spring.id);
		expect(past.map((h) => [h.subject, h.recipients, h.sender])).toEqual([
			['Only you', 1, 'Vesna Coordinator'],
			['Welcome', 2, 'Vesna Coordinator']
		]);
		// Somebody who is not a member is refused, nothing stored.
		const outsider = await insertUser(db, { name: 'Out Sider', email: 'out@example.org' });
		expect(
			await messages.send(db, spring, sender, { subject: 'x', body: 'y', userIds: [lena, outsider] }, undefined, T0 + 2)
		).toEqual({
			ok: false,
			reason: 'not_members'
		});
		for (let i = 2; i < messages.DAILY_LIMIT; i++)
			expect(
				(
					await messages.send(
						db,
						spring,
						sender,
						{ subject: `n${i}`, body: 'b', userIds: [lena] },
						undefined,
						T0 + 10 + i
					)
				).ok
			).toBe(true);
		expect(
			await messages.send(db, spring, sender, { subject: 'one more', body: 'b', userIds: null }, undefined, T0 + 100)
		).toEqual({
			ok: false,
			reason: 'throttled'
		});
		// Another cohort has its own count; a day later this one may write again.
		expect(
			(await messages.send(db, autumn, sender, { subject: 'a', body: 'b', userIds: null }, undefined, T0 + 100)).ok
		).toBe(false);
		expect(
			(
				await messages.send(
					db,
					spring,
					sender,
					{ subject: 'next day', body: 'b', userIds: null },
					undefined,
					T0 + DAY + 100
				)
			).ok
		).toBe(true);
	});

	it('gives each recipient their own text when asked (reminders)', async () => {
		const sender = { id: coordinator, name: 'Vesna' };
		const r = await messages.send(
			db,
			spring,
			sender,
			{ subject: 'Reminder', body: 'Your next step', userIds: [lena, marko] },
			async (userId) => ({ subject: 'Reminder', body: `Next: ${await learners.nextStep(db, course, userId)}` }),
			T0
		);
		expect(r.ok).toBe(true);
		const first = course.modules[0].lessons[0].title;
		expect((await listFor(db, lena))[0].params.body).toBe(`Next: ${first}`);
	});
});

describe('un-revoking a certificate', () => {
	/** A course certificate of Lena's, valid, as issuing stores it. */
	const lenasCertificate = (code: string) =>
		db
			.insertInto('certificates')
			.values({
				code,
				kind: 'learner',
				course_id: course.id,
				user_id: lena,
				organisation_id: null,
				recipient_name: 'Lena Learner',
				organisation_name: null,
				course_title: course.title,
				locale: 'en',
				issuer_name: 'CivicSteps',
				issued_at: T0,
				credential: 'x',
				revoked_at: null,
				revoked_reason: null,
				revoked_by: null,
				hours: null
			})
			.returning('code')
			.executeTakeFirstOrThrow();

	it('restores a revoked certificate once, with a reason', async () => {
		const cert = await lenasCertificate('ABCD-EFGH-JKMN');
		expect(await certificates.unrevoke(db, cert.code, 'oops')).toEqual({ ok: false, reason: 'not_revoked' });
		expect((await certificates.revoke(db, cert.code, 'Wrong person', coordinator)).ok).toBe(true);
		expect(await certificates.unrevoke(db, cert.code, '  ')).toEqual({ ok: false, reason: 'reason_required' });
		expect(await certificates.unrevoke(db, cert.code, 'Revoked the wrong one')).toEqual({ ok: true });
		expect((await certificates.getByCode(db, cert.code))?.revoked_at).toBeNull();
		expect(await certificates.unrevoke(db, 'ZZZZ-ZZZZ-ZZZZ', 'x')).toEqual({ ok: false, reason: 'not_found' });
		// A reason longer than the log keeps is refused, not cut.
		expect((await certificates.revoke(db, cert.code, 'Again', coordinator)).ok).toBe(true);
		expect(await certificates.unrevoke(db, cert.code, 'x'.repeat(301))).toEqual({ ok: false, reason: 'too_long' });
	});

	it('never restores the certificate of a holder who deleted their account', async () => {
		const cert = await lenasCertificate('BCDE-FGHJ-KMNP');
		await eraseAccount(db, lena, coordinator, T0 + DAY);
		expect((await certificates.getByCode(db, cert.code))?.revoked_at).not.toBeNull();
		expect(await certificates.unrevoke(db, cert.code, 'restore')).toEqual({ ok: false, reason: 'holder_deleted' });
		expect((await certificates.getByCode(db, cert.code))?.revoked_at).not.toBeNull();
	});
});
