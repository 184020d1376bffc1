// The rules that count rows and then write, inside one transaction, hold only while write
// transactions take turns: on SQLite because every transaction begins IMMEDIATE on the one
// connection, on PostgreSQL because every transaction first takes one advisory lock
// (src/lib/server/db/postgres.ts). Each case here fires many calls of the domain function at once,
// each in its own transaction on a handle with a pool (on PostgreSQL), and checks the rule afterwards.
// Under TEST_DATABASE_URL the same cases run on PostgreSQL, where without the lock they would fail.
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DB } from '$lib/server/db/client';
import { ACCOUNT_ADDRESS_RULE, releaseAttempt, reserveAttempt, type Limit } from '$lib/server/auth/throttle';
import { getCourseBySlug } from '$lib/server/catalogue/courses';
import { listAttempts } from '$lib/server/learning/quizzes';
import { submitAttempt } from '$lib/server/learning/submit';
import * as staffing from '$lib/server/volunteering/staffing';
import * as assignments from '$lib/server/assignments';
import * as events from '$lib/server/portal/events';
import * as eventForm from '$lib/server/portal/event-form';
import { DAY, T0, freshDb, insertOrganisation, insertUser } from './helpers';
import { engine } from './engine';
import { freshContentDb, importOk, practiceQuiz, removeTempDirs, writeDemo, yaml } from './content-fixture';
import { insertApplication, insertCall, insertShift, insertVolunteer, world } from './volunteer-staffing-fixture';
import { outreachDb, passQuizzes, people } from './assignment-fixture';

afterEach(removeTempDirs);

/** `n` calls at once, as `n` simultaneous requests would make them. */
const atOnce = <T>(n: number, call: (i: number) => Promise<T>) =>
	Promise.all(Array.from({ length: n }, (_, i) => call(i)));

describe('sign-in failures counted to the lock', () => {
	const limits: Limit[] = [{ key: 'acct-addr:ana@example.org|203.0.113.9', rule: ACCOUNT_ADDRESS_RULE }];
	const failures = async (db: DB) =>
		(
			await db
				.selectFrom('sign_in_failures')
				.select(['failures', 'locked_until'])
				.where('key', '=', limits[0].key)
				.executeTakeFirstOrThrow()
		).failures;

	it('lets exactly the free attempts through when 20 arrive together, and counts each of them', async () => {
		const db = await freshDb();
		const results = await atOnce(20, () => reserveAttempt(db, limits, T0));
		const free = ACCOUNT_ADDRESS_RULE.freeFailures;
		expect(results.filter((r) => r.ok)).toHaveLength(free);
		expect(results.filter((r) => !r.ok)).toHaveLength(20 - free);
		expect(await failures(db)).toBe(free);
	});

	it('gives back every reservation released together: none is lost, and the lock is lifted', async () => {
		const db = await freshDb();
		const free = ACCOUNT_ADDRESS_RULE.freeFailures;
		for (let i = 0; i < free; i++) expect((await reserveAttempt(db, limits, T0)).ok).toBe(true);
		expect((await reserveAttempt(db, limits, T0)).ok).toBe(false);
		await atOnce(free, () => releaseAttempt(db, limits, [], T0));
		expect(await failures(db)).toBe(0);
		expect((await reserveAttempt(db, limits, T0)).ok).toBe(true);
	});
});

describe('quiz attempt limits', () => {
	const WRONG = { 'plan-first': 2, 'plan-alone': true };

	it('stores no more attempts than max_attempts, numbered 1 to max once each, from 20 submissions at once', async () => {
		const db = await freshContentDb();
		const changes = Object.fromEntries(
			(['en', 'sq', 'sr-Latn'] as const).map((l) => [
				`demo/02-practice/quiz${l === 'en' ? '' : `.${l}`}.yaml`,
				yaml({ ...practiceQuiz(l), max_attempts: 3, wait_minutes: 0 })
			])
		);
		await importOk(db, writeDemo(changes));
		const quiz = (await getCourseBySlug(db, 'demo', 'en'))!.modules[1].quiz!;
		const ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
		const results = await Promise.allSettled(
			Array.from({ length: 20 }, (_, i) =>
				submitAttempt(
					db,
					{
						userId: ana,
						quizId: quiz.id,
						versionId: quiz.versionId,
						submissionKey: `tab-${i}`,
						locale: 'en',
						answers: WRONG
					},
					T0
				)
			)
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
		const refused = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { reason?: string }).reason] : []));
		expect(refused).toEqual(Array(17).fill('exhausted'));
		const numbers = (await listAttempts(db, ana, quiz.id)).map((a) => a.attempt_no).sort();
		expect(numbers).toEqual([1, 2, 3]);
	});
});

describe('places on a volunteer shift', () => {
	it('never accepts more volunteers than the shift has places, when ten are accepted at once', async () => {
		const db = await freshDb();
		const w = await world(db);
		const call = await insertCall(db, w.org);
		const shift = await insertShift(db, call, T0 + 2 * DAY, 3, 2);
		const applications: number[] = [];
		for (let i = 0; i < 10; i++) {
			applications.push(await insertApplication(db, shift, await insertVolunteer(db, `Volunteer ${i}`)));
		}
		const results = await Promise.all(
			applications.map((applicationId) =>
				staffing.decide(db, w.member, { applicationId, decision: 'accept', message: '' }, T0)
			)
		);
		expect(results.filter((r) => r.ok)).toHaveLength(2);
		expect(results.filter((r) => !r.ok && r.reason === 'full')).toHaveLength(8);
		const accepted = await db
			.selectFrom('volunteer_applications')
			.select('id')
			.where('shift_id', '=', shift)
			.where('status', '=', 'accepted')
			.execute();
		expect(accepted).toHaveLength(2);
	});
});

describe('assignment hand-in version numbers', () => {
	it('numbers twelve versions handed in at once 1 to 12, each once, and refuses none', async () => {
		const { db, course } = await outreachDb();
		const who = await people(db, course.id);
		const mission = course.modules.find((m) => m.slug === 'your-organisation')!;
		await passQuizzes(db, who.ana.id, course, course.modules.indexOf(mission));
		const results = await atOnce(12, (i) =>
			assignments.submit(
				db,
				{ userId: who.ana.id, assignmentId: mission.assignment!.id, text: `Draft ${i}`, file: null },
				T0
			)
		);
		expect(results.every((r) => r.ok)).toBe(true);
		const versions = await db
			.selectFrom('submissions')
			.select('version')
			.where('user_id', '=', who.ana.id)
			.orderBy('version')
			.execute();
		expect(versions.map((v) => v.version)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
	});
});

describe('a daily limit', () => {
	it('lets exactly the portal’s daily allowance of entries through when 16 are posted at once', async () => {
		const db = await freshDb();
		const NOW = Date.UTC(2026, 5, 1, 10, 0, 0);
		const orgId = await insertOrganisation(db, 'Most', 'most');
		const member = {
			id: await insertUser(db, { name: 'Mira', email: 'mira@example.org', organisationId: orgId }),
			role: 'learner',
			organisationId: orgId
		};
		const form = new FormData();
		for (const [k, v] of Object.entries({
			kind: 'cso-event',
			title: 'Akcija čišćenja',
			description: 'Opština poziva građane.',
			municipality: 'zvecan',
			place: 'Sala opštine',
			start_date: '2026-06-20',
			start_time: '18:00',
			official_url: ''
		}))
			form.set(k, v);
		const { input } = eventForm.parseEventForm(form, NOW);
		if (!input) throw new Error('the entry should be valid');
		const results = await atOnce(16, () => events.createEvent(db, member, input, 'en', NOW));
		expect(results.filter((r) => r.ok)).toHaveLength(events.LIMITS.perWindow);
		expect(results.filter((r) => !r.ok && r.reason === 'rate_limited')).toHaveLength(16 - events.LIMITS.perWindow);
		const stored = await db.selectFrom('portal_events').select('id').where('organisation_id', '=', orgId).execute();
		expect(stored).toHaveLength(events.LIMITS.perWindow);
	});
});

describe('transactions taking turns', () => {
	const pause = () => new Promise((resolve) => setTimeout(resolve, 20));

	it('runs one transaction’s slow body to its end before the next begins', async () => {
		const db = await freshDb();
		const steps: string[] = [];
		await atOnce(4, (i) =>
			db.transaction().execute(async (tx) => {
				steps.push(`begin ${i}`);
				await tx
					.insertInto('meta')
					.values({ key: `turn-${i}`, value: String(i) })
					.execute();
				await pause();
				steps.push(`end ${i}`);
			})
		);
		// Whatever the order, each begin is followed by its own end.
		for (let at = 0; at < steps.length; at += 2) {
			expect(steps[at + 1]).toBe(steps[at].replace('begin', 'end'));
		}
		expect(steps).toHaveLength(8);
	});

	it('releases the turn when a transaction throws, so the next ones proceed and its writes are undone', async () => {
		const db = await freshDb();
		await expect(
			db.transaction().execute(async (tx) => {
				await tx.insertInto('meta').values({ key: 'undone', value: '1' }).execute();
				throw new Error('the request failed half-way');
			})
		).rejects.toThrow('the request failed half-way');
		// Half of ten simultaneous transactions fail, one of them on the database's own refusal (a
		// duplicate key); the other half still run, one after another.
		await db.insertInto('meta').values({ key: 'taken', value: '0' }).execute();
		const results = await Promise.allSettled(
			Array.from({ length: 10 }, (_, i) =>
				db.transaction().execute(async (tx) => {
					if (i === 3) await tx.insertInto('meta').values({ key: 'taken', value: '3' }).execute();
					await tx
						.insertInto('meta')
						.values({ key: `kept-${i}`, value: String(i) })
						.execute();
					if (i % 2 === 1) throw new Error(`failed ${i}`);
				})
			)
		);
		expect(results.map((r) => r.status)).toEqual(
			Array.from({ length: 10 }, (_, i) => (i % 2 === 1 ? 'rejected' : 'fulfilled'))
		);
		const keys = (await db.selectFrom('meta').select('key').where('key', 'like', 'kept-%').execute()).map((r) => r.key);
		expect(keys.sort()).toEqual(['kept-0', 'kept-2', 'kept-4', 'kept-6', 'kept-8']);
		expect(await db.selectFrom('meta').select('key').where('key', '=', 'undone').execute()).toEqual([]);
	});

	// The lock itself is PostgreSQL's (SQLite has no advisory locks): none may be left held once
	// the transactions that took it have committed or rolled back.
	it.skipIf(engine !== 'postgres')('leaves no advisory lock held after commits and rollbacks', async () => {
		const db = await freshDb();
		await Promise.allSettled(
			Array.from({ length: 6 }, (_, i) =>
				db.transaction().execute(async () => {
					if (i % 2) throw new Error('rolled back');
				})
			)
		);
		const held = await sql<{
			n: number;
		}>`select count(*) as n from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`.execute(
			db
		);
		expect(Number(held.rows[0].n)).toBe(0);
	});
});
