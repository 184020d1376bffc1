// Notices of learning (issue 20): the settings a person keeps per kind (in the app, by e-mail), the
// producers (a review, a certificate, a cohort starting, a week without activity), their e-mails in
// the recipient's language, and the bounded list. E-mail goes through a stand-in for the mail module.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const mail = vi.hoisted(() => ({
	configured: true,
	sent: [] as { to: string; subject: string; text: string }[]
}));
vi.mock('$lib/server/platform/mail', () => ({
	mailConfigured: () => mail.configured,
	sendMail: async (to: string, subject: string, text: string) => {
		if (!mail.configured) return false;
		mail.sent.push({ to, subject, text });
		return true;
	}
}));

import type { DB } from '$lib/server/db/client';
import * as notices from '$lib/server/people/notices';
import { mailNotice } from '$lib/server/people/notice-mail';
import { sendLearnerReminders, DAY_MS } from '$lib/server/people/learner-reminders';
import * as certificates from '$lib/server/learning/certificates/issue';
import * as assignments from '$lib/server/assignments';
import type { CourseInfo } from '$lib/server/catalogue/courses';
import type { CourseState } from '$lib/server/learning/progress';
import { noticeBody, noticeText } from '$lib/notices/texts';
import { SWITCH_LABELS } from '$lib/notices/switches';
import { T0, freshDb, insertUser } from './helpers';
import { addCohort, outreachDb, passQuizzes, people } from './assignment-fixture';

beforeEach(() => {
	mail.configured = true;
	mail.sent.length = 0;
});

const form = (entries: [string, string][]) => {
	const f = new FormData();
	for (const [k, v] of entries) f.append(k, v);
	return f;
};

const allOn = () =>
	Object.fromEntries(notices.SWITCHES.map((s) => [s, { inApp: true, byEmail: true }])) as Record<
		notices.NoticeSwitch,
		notices.NoticeSetting
	>;

async function noticesOf(db: DB, userId: number) {
	return notices.listFor(db, userId);
}

describe('settings per kind', () => {
	let db: DB;
	let ana: number;
	beforeEach(async () => {
		db = await freshDb();
		ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
	});

	it('reads the form box by box: a box not sent is off; anything else in the form is refused', () => {
		const parsed = notices.parseSettingsForm(
			form([
				['app:assignment-reviewed', 'on'],
				['email:cohort-starting', 'on']
			]),
			allOn(),
			true
		)!;
		expect(parsed['assignment-reviewed']).toEqual({ inApp: true, byEmail: false });
		expect(parsed['cohort-starting']).toEqual({ inApp: false, byEmail: true });
		expect(parsed.volunteering).toEqual({ inApp: false, byEmail: false });
		expect(notices.parseSettingsForm(form([['app:nothing', 'on']]), allOn(), true)).toBeNull();
		expect(notices.parseSettingsForm(form([['app:volunteering', 'yes']]), allOn(), true)).toBeNull();
		const many = form(Array.from({ length: 13 }, () => ['app:volunteering', 'on'] as [string, string]));
		expect(notices.parseSettingsForm(many, allOn(), true)).toBeNull();
	});

	it('keeps the stored e-mail choices when e-mail is not offered (no SMTP)', () => {
		const current = allOn();
		current['coordinator-message'].byEmail = false;
		const parsed = notices.parseSettingsForm(form([['app:coordinator-message', 'on']]), current, false)!;
		expect(parsed['coordinator-message']).toEqual({ inApp: true, byEmail: false });
		expect(parsed['assignment-reviewed']).toEqual({ inApp: false, byEmail: true });
	});

	it('in the app off stores nothing; e-mail off sends nothing; each kind on its own', async () => {
		const settings = allOn();
		settings['assignment-reviewed'] = { inApp: false, byEmail: true };
		settings['cohort-starting'] = { inApp: true, byEmail: false };
		await notices.saveSettings(db, ana, settings);
		expect(await notices.settingsOf(db, ana)).toEqual(settings);

		await notices.notify(db, ana, 'assignment-reviewed', { assignment: 'Plan', decision: 'accepted' }, '/learning');
		expect(await noticesOf(db, ana)).toEqual([]);
		expect(
			await mailNotice(db, ana, 'assignment-reviewed', { assignment: 'Plan', decision: 'accepted' }, '/learning')
		).toBe(true);

		await notices.notify(db, ana, 'cohort-starting', { cohort: 'A', course: 'B', starts: T0 }, '/learning');
		expect((await noticesOf(db, ana)).map((n) => n.kind)).toEqual(['cohort-starting']);
		expect(await mailNotice(db, ana, 'cohort-starting', { cohort: 'A', course: 'B', starts: T0 }, '/learning')).toBe(
			false
		);
		expect(mail.sent).toHaveLength(1);

		mail.configured = false;
		expect(
			await mailNotice(db, ana, 'assignment-reviewed', { assignment: 'Plan', decision: 'accepted' }, '/learning')
		).toBe(false);
	});

	it('writes the e-mail in the recipient’s own language, with the link and the settings page', async () => {
		await db.updateTable('users').set({ locale: 'sq' }).where('id', '=', ana).execute();
		await mailNotice(db, ana, 'inactivity-reminder', { course: 'Kursi', days: 8 }, '/courses/outreach', 'en');
		expect(mail.sent[0].to).toBe('ana@example.org');
		expect(mail.sent[0].subject).toBe('Vazhdoni “Kursi”');
		expect(mail.sent[0].text).toContain('prej 8 ditësh');
		expect(mail.sent[0].text).toMatch(/\/sq\/courses\/outreach\n/);
		expect(mail.sent[0].text).toMatch(/\/sq\/account\/notifications$/);
	});
});

describe('the list', () => {
	it('pages newest first within bounds; opening marks read; another person’s notice is not found', async () => {
		const db = await freshDb();
		const ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
		const besa = await insertUser(db, { name: 'Besa', email: 'besa@example.org' });
		for (let i = 0; i < notices.PAGE_SIZE + 3; i++)
			await notices.notify(db, ana, 'inactivity-reminder', { course: `C${i}`, days: 7 }, '/learning', T0 + i);
		const first = await notices.pageFor(db, ana, 1);
		expect(first.notices).toHaveLength(notices.PAGE_SIZE);
		expect(first.notices[0].params.course).toBe(`C${notices.PAGE_SIZE + 2}`);
		expect(first.hasOlder).toBe(true);
		const second = await notices.pageFor(db, ana, 2);
		expect(second.notices.map((n) => n.params.course)).toEqual(['C2', 'C1', 'C0']);
		expect(second.hasOlder).toBe(false);
		expect(notices.pageParam('999')).toBe(notices.MAX_PAGES);
		expect(notices.pageParam('-1')).toBe(1);
		expect(notices.pageParam('x')).toBe(1);

		const id = first.notices[0].id;
		expect(await notices.openNotice(db, besa, id)).toBeNull();
		expect(await notices.unreadCount(db, ana)).toBe(notices.PAGE_SIZE + 3);
		expect(await notices.openNotice(db, ana, id)).toEqual({ link: '/learning' });
		expect(await notices.unreadCount(db, ana)).toBe(notices.PAGE_SIZE + 2);
		await notices.markAllRead(db, ana);
		expect(await notices.unreadCount(db, ana)).toBe(0);
	});

	it('renders every kind in the reader’s language; a coordinator’s message keeps its plain-text body', () => {
		const msg = { subject: 'Meeting', body: 'Line one\n<b>two</b>', cohort: 'Zvečan', from: 'Cora' };
		expect(noticeText('coordinator-message', msg, 'en')).toBe('Message from Cora (Zvečan): Meeting');
		expect(noticeBody('coordinator-message', msg)).toBe('Line one\n<b>two</b>');
		expect(noticeBody('inactivity-reminder', {})).toBeNull();
		expect(noticeText('assignment-reviewed', { assignment: 'Plan', decision: 'needs_revision' }, 'sr-Latn')).toContain(
			'„Plan“'
		);
		expect(noticeText('cohort-starting', { cohort: 'A', course: 'B', starts: Date.UTC(2026, 11, 7) }, 'en')).toBe(
			'Your cohort “A” of “B” starts on 7 December 2026.'
		);
		expect(noticeText('no-such-kind', {})).toBe('You have a new notice.');
		expect(SWITCH_LABELS.map((s) => s.id)).toEqual([...notices.SWITCHES]);
	});
});

describe('producers', () => {
	let keyDir: string;
	beforeAll(() => {
		keyDir = mkdtempSync(join(tmpdir(), 'civicsteps-keys-'));
	});
	afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

	it('a review tells the learner (in the app and by e-mail) and the last acceptance tells of the certificate, once', async () => {
		const { db, course } = await outreachDb();
		const who = await people(db, course.id);
		await passQuizzes(db, who.ana.id, course);
		for (const mod of course.modules)
			for (const lesson of mod.lessons)
				await db
					.insertInto('lesson_progress')
					.values({ user_id: who.ana.id, lesson_id: lesson.id, lesson_version_id: lesson.versionId, completed_at: T0 })
					.execute();
		const mods = course.modules.filter((m) => m.assignment && m.assignment.scope !== 'organisation');
		let first = true;
		for (const m of mods) {
			const r = await assignments.submit(
				db,
				{ userId: who.ana.id, assignmentId: m.assignment!.id, text: 'done', file: null },
				T0
			);
			if (!r.ok) throw new Error(r.reason);
			const levels = Object.fromEntries((await assignments.forModule(db, m.id, 'en'))!.rubric.map((c) => [c.id, '2']));
			if (first) {
				const revise = await assignments.review(
					db,
					who.trainer,
					{ submissionId: r.submissionId, decision: 'revise', feedback: 'More detail', levels },
					T0
				);
				expect(revise.ok).toBe(true);
				const [n] = await notices.listFor(db, who.ana.id);
				expect(n).toMatchObject({ kind: 'assignment-reviewed', params: { decision: 'needs_revision' } });
				expect(n.link).toBe(`/courses/outreach/${m.slug}/assignment`);
				expect(noticeText(n.kind, n.params, 'en')).toContain('needs a revision');
				expect(mail.sent.at(-1)).toMatchObject({ to: 'ana@example.org' });
				const again = await assignments.submit(
					db,
					{ userId: who.ana.id, assignmentId: m.assignment!.id, text: 'more', file: null },
					T0 + 1
				);
				if (!again.ok) throw new Error(again.reason);
				expect(
					(
						await assignments.review(
							db,
							who.trainer,
							{ submissionId: again.submissionId, decision: 'accept', feedback: '', levels },
							T0 + 2
						)
					).ok
				).toBe(true);
				first = false;
				continue;
			}
			expect(
				(
					await assignments.review(
						db,
						who.trainer,
						{ submissionId: r.submissionId, decision: 'accept', feedback: '', levels },
						T0
					)
				).ok
			).toBe(true);
		}
		expect((await notices.listFor(db, who.ana.id)).filter((n) => n.kind === 'assignment-reviewed')).toHaveLength(
			mods.length + 1
		);
		mail.sent.length = 0;
		const ctx = { keyPath: join(keyDir, 'key.json'), origin: 'https://civicsteps.example', now: T0 + 5000 };
		const issued = await assignments.issueAfterAcceptance(db, who.ana.id, course.id, ctx);
		expect(issued).not.toBeNull();
		const cert = (await notices.listFor(db, who.ana.id)).filter((n) => n.kind === 'course-certificate-issued');
		expect(cert).toHaveLength(1);
		expect(cert[0]).toMatchObject({ params: { code: issued!.code }, link: `/verify/${issued!.code}` });
		expect(mail.sent).toHaveLength(1);
		expect(mail.sent[0].subject).toContain(course.title);
		// Asked again (the next step of a learner who has it): no second notice, no second e-mail.
		await assignments.issueAfterAcceptance(db, who.ana.id, course.id, ctx);
		expect((await notices.listFor(db, who.ana.id)).filter((n) => n.kind === 'course-certificate-issued')).toHaveLength(
			1
		);
		expect(mail.sent).toHaveLength(1);
	});

	it('a certificate issued inside a transaction that fails leaves no notice and sends nothing', async () => {
		const { db, course } = await outreachDb();
		const who = await people(db, course.id);
		const state = {
			enrolled: true,
			modules: course.modules.map((m) => ({ module: m, complete: true }))
		} as unknown as CourseState;
		const c: CourseInfo = { ...course, requiresAssignments: false };
		const ctx = { keyPath: join(keyDir, 'key.json'), origin: 'https://civicsteps.example', now: T0 };
		await expect(
			db.transaction().execute(async (tx) => {
				await certificates.issueIfEligible(
					tx,
					{ id: who.besa.id, name: 'Besa', email: 'besa@example.org' },
					c,
					state,
					'en',
					ctx
				);
				throw new Error('later step failed');
			})
		).rejects.toThrow('later step failed');
		expect(await notices.listFor(db, who.besa.id)).toEqual([]);
		const cert = await certificates.issueIfEligible(
			db,
			{ id: who.besa.id, name: 'Besa', email: 'besa@example.org' },
			c,
			state,
			'en',
			ctx
		);
		await certificates.mailIssued(db, cert);
		await certificates.mailIssued(db, cert);
		expect(mail.sent).toHaveLength(1);
		expect(await notices.unreadCount(db, who.besa.id)).toBe(1);
	});

	it('a cohort starting: the day before, once per learner; a week without activity: one reminder per stretch', async () => {
		const { db, course } = await outreachDb();
		const who = await people(db, course.id);
		const start = Date.UTC(2026, 11, 7);
		const cohort = await addCohort(db, course.id, [who.ana.id, who.besa.id]);
		await db
			.updateTable('cohorts')
			.set({ starts_at: start, ends_at: start + 60 * DAY_MS })
			.where('id', '=', cohort)
			.execute();
		await db
			.updateTable('cohort_members')
			.set({ joined_at: start - 10 * DAY_MS })
			.execute();
		await db
			.updateTable('enrolments')
			.set({ enrolled_at: start - 10 * DAY_MS, last_activity_at: start - 10 * DAY_MS })
			.execute();
		await notices.saveSettings(db, who.besa.id, { 'cohort-starting': { inApp: true, byEmail: false } });

		expect(await sendLearnerReminders(db, start - 2 * DAY_MS)).toEqual({ starting: 0, inactive: 0, mailed: 0 });
		expect(await sendLearnerReminders(db, start - DAY_MS + 1000)).toEqual({ starting: 2, inactive: 0, mailed: 1 });
		expect(await sendLearnerReminders(db, start + 1000)).toEqual({ starting: 0, inactive: 0, mailed: 0 });
		const [n] = await notices.listFor(db, who.ana.id);
		expect(n).toMatchObject({ kind: 'cohort-starting', link: '/courses/outreach' });
		expect(noticeText(n.kind, n.params, 'en')).toContain('starts on 7 December 2026');

		// Ana works on day 3; Besa never does. Seven days after the start Besa is reminded, once.
		await db
			.updateTable('enrolments')
			.set({ last_activity_at: start + 3 * DAY_MS, has_activity: 1 })
			.where('user_id', '=', who.ana.id)
			.execute();
		const week = start + 7 * DAY_MS + 1000;
		expect(await sendLearnerReminders(db, week)).toMatchObject({ inactive: 1 });
		expect(await sendLearnerReminders(db, week + DAY_MS)).toMatchObject({ inactive: 0 });
		expect((await notices.listFor(db, who.besa.id))[0]).toMatchObject({
			kind: 'inactivity-reminder',
			params: { days: 7 }
		});
		// Ten days after her last step Ana is reminded; after she works again and stops, once more.
		expect(await sendLearnerReminders(db, start + 10 * DAY_MS + 1000)).toMatchObject({ inactive: 1 });
		await db
			.updateTable('enrolments')
			.set({ last_activity_at: start + 12 * DAY_MS })
			.where('user_id', '=', who.ana.id)
			.execute();
		expect(await sendLearnerReminders(db, start + 18 * DAY_MS)).toMatchObject({ inactive: 0 });
		expect(await sendLearnerReminders(db, start + 19 * DAY_MS + 1000)).toMatchObject({ inactive: 1 });
		const anas = (await notices.listFor(db, who.ana.id)).filter((x) => x.kind === 'inactivity-reminder');
		expect(anas).toHaveLength(2);
		// A learner who finished the course is not reminded; nobody is after the cohort ended.
		await db
			.updateTable('enrolments')
			.set({ completed_at: start + 20 * DAY_MS })
			.where('user_id', '=', who.ana.id)
			.execute();
		// Besa's stretch has had its reminder.
		expect(await sendLearnerReminders(db, start + 40 * DAY_MS)).toMatchObject({ inactive: 0 });
		// Nobody is reminded after the cohort ended, though Besa worked again and stopped.
		await db
			.updateTable('enrolments')
			.set({ last_activity_at: start + 50 * DAY_MS, has_activity: 1 })
			.where('user_id', '=', who.besa.id)
			.execute();
		expect(await sendLearnerReminders(db, start + 59 * DAY_MS)).toMatchObject({ inactive: 1 });
		expect(await sendLearnerReminders(db, start + 80 * DAY_MS)).toMatchObject({ inactive: 0 });
		expect(await notices.unreadCount(db, who.besa.id)).toBe(3);
	});
});
