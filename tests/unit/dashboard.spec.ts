// A cohort's dashboard and quiz insight against a fresh migrated database holding the demo course of
// content-fixture.ts (two modules of two lessons and a quiz each: six steps). The at-risk rule is
// checked on its own with fixed clocks, then on a cohort of thirty learners who went through the
// course with the real progress and quiz functions: the SQL counts, filters and matrix must say
// what the documented rule says. Also: the counters on enrolments that the dashboard reads, the
// per-question answer rows it counts, and the CSV export.
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import { getCourseBySlug, type CourseInfo } from '$lib/server/catalogue/courses';
import * as cohorts from '$lib/server/cohorts/cohorts';
import {
	INACTIVE_DAYS,
	PAGE_SIZE,
	STATUSES,
	learnerPage,
	learnerStatus,
	moduleShares,
	riskThresholds,
	summary,
	totalUnits,
	weeklyProgress,
	type LearnerStatus
} from '$lib/server/cohorts/dashboard';
import { csvCell, csvFile, learnerDetail, quizInsight } from '$lib/server/cohorts/insight';
import { completeLesson, enrol, getCourseState, touchEnrolment, unitsDone } from '$lib/server/learning/progress';
import { type Answer } from '$lib/server/learning/quizzes';
import { submitAttempt } from '$lib/server/learning/submit';
import type { Cohort } from '../../db/schema';
import { DAY, HOUR, MINUTE, T0, insertOrganisation, insertUser } from './helpers';
import {
	freshContentDb,
	importOk,
	removeFiles,
	removeTempDirs,
	writeDemo,
	INTRO_RIGHT,
	PRACTICE_RIGHT
} from './content-fixture';

// ---------------------------------------------------------------------------------------------------
// The rule on its own
// ---------------------------------------------------------------------------------------------------

describe('learnerStatus: the documented at-risk rule', () => {
	const S = T0;
	/** A 100-day cohort: elapsed shares are round numbers of days. */
	const cohort = { starts_at: S, ends_at: S + 100 * DAY };
	const learner = (
		unitsDone: number,
		lastActivityAt: number | null,
		completedAt: number | null = null,
		addedAt = S - DAY
	) => ({ unitsDone, lastActivityAt, completedAt, addedAt });

	it('never puts a learner who completed the course at risk, however idle or late', () => {
		for (const now of [S - DAY, S + 20 * DAY, S + 99 * DAY, S + 400 * DAY]) {
			expect(learnerStatus(learner(0, S - 300 * DAY, S - 200 * DAY), cohort, 6, now)).toBe('completed');
			expect(learnerStatus(learner(6, S + 2 * DAY, S + 2 * DAY), cohort, 6, now)).toBe('completed');
		}
	});

	it('puts nobody at risk before the cohort starts', () => {
		const now = S - DAY;
		expect(learnerStatus(learner(0, S - 90 * DAY), cohort, 6, now)).toBe('not_started');
		expect(learnerStatus(learner(1, S - 90 * DAY), cohort, 6, now)).toBe('on_track');
		expect(riskThresholds(cohort, 6, now)).toEqual({
			started: false,
			inactiveBefore: -Infinity,
			graceBefore: -Infinity,
			behindBelow: -Infinity
		});
	});

	it('tells "not started" (no step) from "on track" (a step) while nobody is behind or idle', () => {
		const now = S + 5 * DAY;
		expect(learnerStatus(learner(0, S), cohort, 6, now)).toBe('not_started');
		expect(learnerStatus(learner(1, S + DAY), cohort, 6, now)).toBe('on_track');
		expect(learnerStatus(learner(5, S + DAY), cohort, 6, now)).toBe('on_track');
	});

	it('counts 14 idle days only once the cohort started at least 14 days ago', () => {
		// Last seen ten days before the start: idle for 23 days, but the cohort is only 13 days old.
		const idle = learner(1, S - 10 * DAY);
		expect(learnerStatus(idle, cohort, 6, S + 13 * DAY)).toBe('on_track');
		expect(riskThresholds(cohort, 6, S + 13 * DAY).inactiveBefore).toBe(-Infinity);
		expect(learnerStatus(idle, cohort, 6, S + 14 * DAY)).toBe('at_risk');
		expect(riskThresholds(cohort, 6, S + 14 * DAY).inactiveBefore).toBe(S);
		expect(learnerStatus(learner(0, S - 10 * DAY), cohort, 6, S + 13 * DAY)).toBe('not_started');
		expect(learnerStatus(learner(0, S - 10 * DAY), cohort, 6, S + 14 * DAY)).toBe('at_risk');
	});

	it('does not count activity before the start: 14 days into the cohort without a step since is at risk', () => {
		const now = S + 14 * DAY;
		expect(learnerStatus(learner(2, S - MINUTE), cohort, 6, now)).toBe('at_risk');
		expect(learnerStatus(learner(2, S + MINUTE), cohort, 6, now)).toBe('on_track');
	});

	it('puts a learner at risk after 14 days without activity, not before', () => {
		const now = S + 20 * DAY; // elapsed 20 %: nobody is behind the pace yet
		expect(learnerStatus(learner(2, now - INACTIVE_DAYS * DAY + MINUTE), cohort, 6, now)).toBe('on_track');
		expect(learnerStatus(learner(2, now - INACTIVE_DAYS * DAY - MINUTE), cohort, 6, now)).toBe('at_risk');
		expect(learnerStatus(learner(0, now - 15 * DAY), cohort, 6, now)).toBe('at_risk');
	});

	it('puts a learner behind the pace at risk: steps done < total × (elapsed − 0.25)', () => {
		const recent = (now: number) => now - HOUR;
		// Halfway: 4 steps × 0.25 = 1 step needed.
		let now = S + 50 * DAY;
		expect(riskThresholds(cohort, 4, now).behindBelow).toBe(1);
		expect(learnerStatus(learner(0, recent(now)), cohort, 4, now)).toBe('at_risk');
		expect(learnerStatus(learner(1, recent(now)), cohort, 4, now)).toBe('on_track');
		// Three quarters: 2 of 4 steps (50 %) is exactly 25 points below 75 %, not more: on track.
		now = S + 75 * DAY;
		expect(riskThresholds(cohort, 4, now).behindBelow).toBe(2);
		expect(learnerStatus(learner(2, recent(now)), cohort, 4, now)).toBe('on_track');
		expect(learnerStatus(learner(1, recent(now)), cohort, 4, now)).toBe('at_risk');
		// With six steps: 6 × 0.5 = 3.
		expect(learnerStatus(learner(2, recent(now)), cohort, 6, now)).toBe('at_risk');
		expect(learnerStatus(learner(3, recent(now)), cohort, 6, now)).toBe('on_track');
	});

	it('caps the elapsed time at the end of the cohort', () => {
		const now = S + 300 * DAY;
		expect(riskThresholds(cohort, 4, now).behindBelow).toBe(3);
		expect(learnerStatus(learner(2, now - HOUR), cohort, 4, now)).toBe('at_risk');
		expect(learnerStatus(learner(3, now - HOUR), cohort, 4, now)).toBe('on_track');
	});

	it('is behind the pace with no step once more than a quarter of the time has passed', () => {
		// Twenty days into a 70-day cohort: 29 % elapsed, so even the first step is due.
		const short = { starts_at: S, ends_at: S + 70 * DAY };
		expect(learnerStatus(learner(0, S + 16 * DAY), short, 6, S + 17 * DAY)).toBe('not_started');
		expect(learnerStatus(learner(0, S + 16 * DAY), short, 6, S + 20 * DAY)).toBe('at_risk');
		expect(learnerStatus(learner(1, S + 16 * DAY), short, 6, S + 20 * DAY)).toBe('on_track');
	});
});

// ---------------------------------------------------------------------------------------------------
// The seeded cohort
// ---------------------------------------------------------------------------------------------------

/** Intro quiz answers: three ways of getting it wrong (all right is the content fixture's INTRO_RIGHT). */
/** 4 of 6: fails (67 % < 70 %). */
const INTRO_A = { ...INTRO_RIGHT, 'mission-purpose': 1, 'people-word': 'Donors' };
/** 4 of 6: fails. */
const INTRO_B = { ...INTRO_RIGHT, 'mission-purpose': 3, 'mapping-steps': [1, 0, 2, 3] };
/** Half a point lost on the multiple-choice question: 92 %, passes, but not right first time. */
const INTRO_PARTIAL = { ...INTRO_RIGHT, 'stakeholder-examples': [1] };
const PRACTICE_HALF = { ...PRACTICE_RIGHT, 'plan-first': 2 };
const PRACTICE_WRONG = { 'plan-first': 2, 'plan-alone': true };

interface Plan {
	/** Day (from the cohort start) the learner joined the cohort; default 0. */
	join?: number;
	/** Day of all their steps. */
	day?: number;
	/** Lessons completed, in order (3 and 4 need the intro quiz passed). */
	lessons?: number;
	intro?: Record<string, Answer>[];
	practice?: Record<string, Answer>[];
}

// Thirty learners, "Learner 01" … "Learner 30"; the comment is their row in the matrix.
const PLANS: Plan[] = [
	/* 01 */ { day: 1, lessons: 4, intro: [INTRO_RIGHT], practice: [PRACTICE_RIGHT] }, // completed
	/* 02 */ { day: 2, lessons: 4, intro: [INTRO_RIGHT], practice: [PRACTICE_RIGHT] }, // completed
	/* 03 */ { day: 9, lessons: 4, intro: [INTRO_A, INTRO_RIGHT], practice: [PRACTICE_HALF, PRACTICE_RIGHT] }, // completed
	/* 04 */ { day: 15, lessons: 4, intro: [INTRO_RIGHT], practice: [PRACTICE_RIGHT] }, // completed
	/* 05 */ { join: 0 }, // nothing
	/* 06 */ { join: 0 },
	/* 07 */ { join: 5 },
	/* 08 */ { join: 10 },
	/* 09 */ { day: 2, lessons: 1 }, // module 1 in progress
	/* 10 */ { day: 4, lessons: 1 },
	/* 11 */ { day: 14, lessons: 2 },
	/* 12 */ { day: 6, lessons: 2 },
	/* 13 */ { day: 15, lessons: 1 },
	/* 14 */ { day: 16, lessons: 2 },
	/* 15 */ { day: 8, lessons: 2, intro: [INTRO_A] }, // intro quiz failed
	/* 16 */ { day: 15, lessons: 2, intro: [INTRO_A, INTRO_A] },
	/* 17 */ { day: 12, lessons: 2, intro: [INTRO_B] },
	/* 18 */ { day: 16, lessons: 2, intro: [INTRO_A] },
	/* 19 */ { day: 3, lessons: 2, intro: [INTRO_RIGHT] }, // module 1 passed
	/* 20 */ { day: 14, lessons: 2, intro: [INTRO_RIGHT] },
	/* 21 */ { day: 7, lessons: 2, intro: [INTRO_PARTIAL] },
	/* 22 */ { day: 16, lessons: 2, intro: [INTRO_B, INTRO_RIGHT] },
	/* 23 */ { day: 1, lessons: 2, intro: [INTRO_RIGHT] },
	/* 24 */ { day: 10, lessons: 3, intro: [INTRO_RIGHT] }, // module 2 in progress
	/* 25 */ { day: 15, lessons: 4, intro: [INTRO_RIGHT] },
	/* 26 */ { day: 13, lessons: 4, intro: [INTRO_RIGHT], practice: [PRACTICE_WRONG] }, // practice quiz failed
	/* 27 */ { day: 16, lessons: 4, intro: [INTRO_RIGHT], practice: [PRACTICE_HALF] },
	/* 28 */ { join: -3, day: -2, lessons: 2 }, // active before the start only
	/* 29 */ { join: -3 },
	/* 30 */ { join: -3, day: -1, lessons: 4, intro: [INTRO_RIGHT], practice: [PRACTICE_RIGHT] } // completed before the start
];

const NAMES = PLANS.map((_, i) => `Learner ${String(i + 1).padStart(2, '0')}`);
const at = (day: number, minute = 0) => T0 + day * DAY + minute * MINUTE;

/** Steps counted by the dashboard: lessons plus quizzes passed (from the plan, not the code). */
function plannedUnits(p: Plan): number {
	const passedIntro = (p.intro ?? []).some((a) => a === INTRO_RIGHT || a === INTRO_PARTIAL);
	const passedPractice = (p.practice ?? []).some((a) => a === PRACTICE_RIGHT);
	return (p.lessons ?? 0) + (passedIntro ? 1 : 0) + (passedPractice ? 1 : 0);
}

const codes = (statuses: string) =>
	statuses
		.split(' ')
		.map((c) => ({ C: 'completed', R: 'at_risk', N: 'not_started', T: 'on_track' })[c] as LearnerStatus);

describe('a seeded cohort of thirty learners', () => {
	let db: DB;
	let course: CourseInfo;
	let cohort: Cohort;
	let ids: number[];
	let orgA: number;
	let orgB: number;
	/** The last moment each learner did something, as the test drove them. */
	const lastSeen: number[] = [];

	beforeAll(async () => {
		db = await freshContentDb();
		await importOk(db, writeDemo());
		course = (await getCourseBySlug(db, 'demo', 'en'))!;
		orgA = await insertOrganisation(db, 'Youth Centre Mitrovica', 'youth-centre');
		orgB = await insertOrganisation(db, 'Women’s Network Zvečan', 'womens-network');
		const coordinator = await insertUser(db, {
			name: 'Coordinator',
			email: 'coordinator@example.org',
			role: 'coordinator'
		});
		cohort = await cohorts.createCohort(
			db,
			{
				name: 'Spring 2025',
				courseId: course.id,
				startsAt: T0,
				endsAt: T0 + 70 * DAY,
				trainerIds: [],
				organisationIds: []
			},
			coordinator,
			T0 - 10 * DAY
		);
		const intro = course.modules[0].quiz!;
		const practice = course.modules[1].quiz!;
		const lessons = course.modules.flatMap((m) => m.lessons);
		ids = [];
		for (const [i, plan] of PLANS.entries()) {
			const organisationId = [null, orgA, orgB][(i + 1) % 3];
			const id = await insertUser(db, { name: NAMES[i], email: `learner${i + 1}@example.org`, organisationId });
			ids.push(id);
			await cohorts.addMembers(db, cohort, [id], at(plan.join ?? 0));
			lastSeen[i] = at(plan.join ?? 0);
			let minute = 60;
			const lesson = async (n: number) => {
				const t = at(plan.day!, minute++);
				const r = await completeLesson(db, id, course, lessons[n].id, t);
				if (!r.ok) throw new Error(`${NAMES[i]}: lesson ${n + 1} ${r.reason}`);
				lastSeen[i] = t;
			};
			const attempt = async (quiz: typeof intro, answers: Record<string, Answer>) => {
				const t = at(plan.day!, minute++);
				// As the quiz route does: store the attempt, then bring the enrolment's counters up to date.
				const result = await submitAttempt(
					db,
					{
						userId: id,
						quizId: quiz.id,
						versionId: quiz.versionId,
						submissionKey: `s-${id}-${minute}`,
						locale: 'en',
						answers
					},
					t
				);
				await touchEnrolment(db, id, course.id, await getCourseState(db, id, course, t), t);
				lastSeen[i] = t;
				// The next attempt after a failure waits as long as the quiz asks.
				if (!result.passed) minute += quiz.waitMinutes;
			};
			for (let n = 0; n < Math.min(2, plan.lessons ?? 0); n++) await lesson(n);
			for (const answers of plan.intro ?? []) await attempt(intro, answers);
			for (let n = 2; n < (plan.lessons ?? 0); n++) await lesson(n);
			for (const answers of plan.practice ?? []) await attempt(practice, answers);
		}

		// Someone outside the cohort, with wrong answers and a certificate: never counted.
		const outsider = await insertUser(db, { name: 'Outsider', email: 'outsider@example.org', organisationId: orgA });
		await enrol(db, outsider, course.id, at(0));
		await completeLesson(db, outsider, course, lessons[0].id, at(2));
		await completeLesson(db, outsider, course, lessons[1].id, at(2, 1));
		await submitAttempt(
			db,
			{
				userId: outsider,
				quizId: intro.id,
				versionId: intro.versionId,
				submissionKey: 'outsider',
				locale: 'en',
				answers: INTRO_B
			},
			at(2, 2)
		);

		const certificate = (userId: number, code: string, revoked: boolean) => ({
			code,
			kind: 'learner' as const,
			course_id: course.id,
			user_id: userId,
			organisation_id: null,
			recipient_name: 'x',
			organisation_name: null,
			course_title: 'Demo course',
			locale: 'en',
			issuer_name: 'CivicSteps',
			issued_at: at(20),
			credential: 'jwt',
			revoked_at: revoked ? at(21) : null,
			revoked_reason: revoked ? 'mistake' : null,
			revoked_by: revoked ? coordinator : null
		});
		await db
			.insertInto('certificates')
			.values([
				certificate(ids[0], 'AAAA-AAAA-AAAA', false),
				certificate(ids[1], 'BBBB-BBBB-BBBB', true),
				certificate(ids[2], 'CCCC-CCCC-CCCC', false),
				certificate(outsider, 'DDDD-DDDD-DDDD', false)
			])
			.execute();
	});
	afterAll(removeTempDirs);

	const member = (n: number) => ids[n - 1];

	async function enrolments() {
		const rows = await db
			.selectFrom('enrolments')
			.innerJoin('cohort_members', (join) =>
				join.onRef('cohort_members.user_id', '=', 'enrolments.user_id').on('cohort_members.cohort_id', '=', cohort.id)
			)
			.select([
				'enrolments.user_id',
				'units_done',
				'last_activity_at',
				'has_activity',
				'completed_at',
				'enrolled_at',
				'joined_at'
			])
			.where('course_id', '=', course.id)
			.where('enrolments.user_id', 'in', ids)
			.execute();
		// Being added is not activity: no last activity until the learner did something.
		return new Map(
			rows.map((r) => [
				r.user_id,
				{
					unitsDone: r.units_done,
					lastActivityAt: r.has_activity ? r.last_activity_at : null,
					completedAt: r.completed_at,
					addedAt: Math.max(r.enrolled_at, r.joined_at)
				}
			])
		);
	}

	it('keeps every learner’s step counter equal to the lessons done plus quizzes passed', async () => {
		const rows = await enrolments();
		expect(totalUnits(course)).toBe(6);
		for (const [i, plan] of PLANS.entries()) {
			const e = rows.get(ids[i])!;
			expect(e.unitsDone, NAMES[i]).toBe(plannedUnits(plan));
			expect(e.unitsDone, NAMES[i]).toBe(unitsDone(await getCourseState(db, ids[i], course)));
			expect(e.lastActivityAt, NAMES[i]).toBe(plan.day === undefined ? null : lastSeen[i]);
			expect(e.completedAt !== null, NAMES[i]).toBe(plannedUnits(plan) === 6);
		}
	});

	// Day 17 of 70 (24 % elapsed): nobody is behind the pace; idle since before day 3 is at risk.
	const DAY_17 = codes('C C C C R R N N R T T T T T T T T T T T T T R T T T T R R C');
	// Day 28 (40 % elapsed, 0.9 steps due): no step yet, or idle since before day 14, is at risk.
	const DAY_28 = codes('C C C C R R R R R R T R T T R T R T R T R T R R T R T R R C');

	it('shows the rule’s statuses and counts on day 17', async () => {
		const now = at(17);
		// "Not started" counts all five without a step (learners 05, 06 and 29 also at risk).
		expect(await summary(db, cohort, course, now)).toEqual({
			enrolled: 30,
			not_started: 5,
			on_track: 17,
			at_risk: 6,
			completed: 5,
			certified: 2
		});
		const page = await learnerPage(db, cohort, course, {}, now);
		expect(page.total).toBe(30);
		expect(page.rows.map((r) => r.name)).toEqual(NAMES);
		expect(page.rows.map((r) => r.status)).toEqual(DAY_17);
	});

	it('shows the rule’s statuses and counts on day 28', async () => {
		const now = at(28);
		expect(await summary(db, cohort, course, now)).toEqual({
			enrolled: 30,
			not_started: 5,
			on_track: 9,
			at_risk: 16,
			completed: 5,
			certified: 2
		});
		const page = await learnerPage(db, cohort, course, {}, now);
		expect(page.rows.map((r) => r.status)).toEqual(DAY_28);
	});

	it('counts the pace alone in a short cohort that started eight days ago', async () => {
		// The same thirty learners in a ten-day sprint: 80 % elapsed, 3.3 steps due, idleness not yet counted.
		const sprint = await cohorts.createCohort(
			db,
			{ name: 'Sprint', courseId: course.id, startsAt: T0, endsAt: T0 + 10 * DAY, trainerIds: [], organisationIds: [] },
			member(1),
			T0
		);
		await cohorts.addMembers(db, sprint, ids, at(0));
		try {
			// Learners 07 and 08 enrolled on days 5 and 10: still in their grace period, not at risk.
			expect(await summary(db, sprint, course, at(8))).toEqual({
				enrolled: 30,
				not_started: 5,
				on_track: 4,
				at_risk: 19,
				completed: 5,
				certified: 2
			});
			const onTrack = await learnerPage(db, sprint, course, { status: 'on_track' }, at(8));
			expect(onTrack.rows.map((r) => r.name)).toEqual([NAMES[23], NAMES[24], NAMES[25], NAMES[26]]);
			expect(await summary(db, sprint, course, at(2))).toEqual({
				enrolled: 30,
				not_started: 5,
				on_track: 20,
				at_risk: 0,
				completed: 5,
				certified: 2
			});
		} finally {
			await db.deleteFrom('cohorts').where('id', '=', sprint.id).execute();
		}
	});

	it('agrees with learnerStatus in summary() and in every status filter, at every moment', async () => {
		const rows = await enrolments();
		const moments = [-2, 0, 2.5, 3, 13, 14, 14.5, 17, 17.5, 21, 28, 35, 52.5, 70, 100].map((d) => T0 + d * DAY);
		for (const now of moments) {
			const expected: Record<LearnerStatus, string[]> = { not_started: [], on_track: [], at_risk: [], completed: [] };
			ids.forEach((id, i) => expected[learnerStatus(rows.get(id)!, cohort, 6, now)].push(NAMES[i]));
			const s = await summary(db, cohort, course, now);
			const label = `day ${(now - T0) / DAY}`;
			expect(s.enrolled, label).toBe(30);
			// "Not started" is everyone without a completed step, whatever their status.
			expected.not_started = NAMES.filter(
				(_, i) => rows.get(ids[i])!.unitsDone === 0 && rows.get(ids[i])!.completedAt === null
			);
			for (const status of STATUSES) {
				expect(s[status], `${label} ${status}`).toBe(expected[status].length);
				const page = await learnerPage(db, cohort, course, { status }, now);
				expect(page.total, `${label} ${status}`).toBe(expected[status].length);
				expect(
					page.rows.map((r) => r.name),
					`${label} ${status}`
				).toEqual(expected[status]);
				if (status !== 'not_started') expect(page.rows.every((r) => r.status === status)).toBe(true);
			}
		}
	});

	it('fills the matrix: not started, in progress, quiz failed or passed per module', async () => {
		const page = await learnerPage(db, cohort, course, {}, at(17));
		const cell = { n: 'not_started', i: 'in_progress', f: 'quiz_failed', p: 'passed' } as const;
		const expected = 'pp pp pp pp nn nn nn nn in in in in in in fn fn fn fn pn pn pn pn pn pi pi pf pf in nn pp'
			.split(' ')
			.map((pair) => [cell[pair[0] as 'n'], cell[pair[1] as 'n']]);
		expect(page.rows.map((r) => r.cells)).toEqual(expected);
		expect(page.rows.map((r) => r.unitsDone)).toEqual(PLANS.map(plannedUnits));
		expect(page.rows.map((r) => r.percent)).toEqual(PLANS.map((p) => Math.round((100 * plannedUnits(p)) / 6)));
		expect(page.rows[0]).toMatchObject({
			userId: member(1),
			organisation: 'Youth Centre Mitrovica',
			lastActivityAt: lastSeen[0]
		});
		expect(page.rows[2].organisation).toBeNull();
	});

	it('sorts by progress (most steps first) and by last activity (most recent first), then by name', async () => {
		const byProgress = await learnerPage(db, cohort, course, { sort: 'progress' }, at(17));
		const expectedProgress = NAMES.map((name, i) => ({ name, units: plannedUnits(PLANS[i]) }))
			.sort((a, b) => b.units - a.units || (a.name < b.name ? -1 : 1))
			.map((r) => r.name);
		expect(byProgress.rows.map((r) => r.name)).toEqual(expectedProgress);
		expect(byProgress.rows.slice(0, 5).map((r) => r.name)).toEqual([NAMES[0], NAMES[1], NAMES[2], NAMES[3], NAMES[29]]);

		const byActivity = await learnerPage(db, cohort, course, { sort: 'activity' }, at(17));
		// Learners who did something first (most recent first), then those with no activity yet.
		const expectedActivity = NAMES.map((name, i) => ({
			name,
			active: PLANS[i].day !== undefined ? 1 : 0,
			last: lastSeen[i]
		}))
			.sort((a, b) => b.active - a.active || b.last - a.last || (a.name < b.name ? -1 : 1))
			.map((r) => r.name);
		expect(byActivity.rows.map((r) => r.name)).toEqual(expectedActivity);
	});

	it('filters by organisation, alone and with a status', async () => {
		const a = await learnerPage(db, cohort, course, { organisationId: orgA }, at(17));
		const inA = NAMES.filter((_, i) => (i + 1) % 3 === 1);
		expect(a.total).toBe(10);
		expect(a.rows.map((r) => r.name)).toEqual(inA);
		expect(a.rows.every((r) => r.organisation === 'Youth Centre Mitrovica')).toBe(true);

		const atRiskInB = await learnerPage(db, cohort, course, { organisationId: orgB, status: 'at_risk' }, at(17));
		const expected = NAMES.filter((_, i) => (i + 1) % 3 === 2 && DAY_17[i] === 'at_risk');
		expect(expected.length).toBeGreaterThan(0);
		expect(atRiskInB.rows.map((r) => r.name)).toEqual(expected);
		expect(atRiskInB.total).toBe(expected.length);
	});

	it('shows an empty page beyond the last one, with the total still right', async () => {
		expect(await learnerPage(db, cohort, course, { page: 2 }, at(17))).toEqual({ rows: [], total: 30 });
	});

	it('gives the share of learners who passed each module', async () => {
		// Intro quiz passed by 14 of 30, practice quiz by 5 of 30.
		expect(await moduleShares(db, cohort, course)).toEqual([47, 17]);
	});

	it('counts lessons completed per week since the start, with empty weeks', async () => {
		// Lessons done before the start (learners 28 and 30) and by the outsider are not counted.
		expect(await weeklyProgress(db, cohort, course, at(28))).toEqual([
			{ week: 1, lessons: 16 },
			{ week: 2, lessons: 17 },
			{ week: 3, lessons: 25 },
			{ week: 4, lessons: 0 }
		]);
	});

	it('shows per question the share right first time and the wrong answers chosen most, hardest first', async () => {
		const insight = await quizInsight(db, cohort, course, 'en', { true: 'True', false: 'False' });
		expect(insight.map((q) => [q.questionId, q.firstAttempts, q.rightFirstTime, q.share])).toEqual([
			['plan-first', 7, 4, 57],
			['mission-purpose', 18, 12, 67],
			['people-word', 18, 14, 78],
			['plan-alone', 7, 6, 86],
			['mapping-steps', 18, 16, 89],
			['stakeholder-examples', 18, 17, 94],
			['mission-changes', 18, 18, 100],
			['certificate-word', 18, 18, 100]
		]);
		const wrong = Object.fromEntries(insight.map((q) => [q.questionId, q.wrongAnswers]));
		expect(wrong['mission-purpose']).toEqual([
			{ answer: 'Listing every project', count: 5 },
			{ answer: "Filling in a donor's form", count: 2 }
		]);
		expect(wrong['people-word']).toEqual([{ answer: 'donors', count: 5 }]);
		expect(wrong['mapping-steps']).toEqual([
			{
				answer: '1. Choose whom to ask  2. Decide what you want to learn  3. Collect answers  4. Share the results',
				count: 2
			}
		]);
		expect(wrong['stakeholder-examples']).toEqual([{ answer: 'Young people', count: 1 }]);
		expect(wrong['plan-first']).toEqual([{ answer: 'A poster', count: 3 }]);
		expect(wrong['plan-alone']).toEqual([{ answer: 'True', count: 1 }]);
		expect(wrong['mission-changes']).toEqual([]);
		expect(insight.find((q) => q.questionId === 'mission-purpose')).toMatchObject({
			moduleTitle: 'Your organisation',
			prompt: 'What is a mission statement for?'
		});
	});

	it('shows quiz insight in the reader’s language', async () => {
		const insight = await quizInsight(db, cohort, course, 'sq', { true: 'E vërtetë', false: 'E gabuar' });
		const q = insight.find((x) => x.questionId === 'mission-purpose')!;
		expect(q.prompt).toBe('Për çfarë shërben misioni?');
		expect(q.wrongAnswers[0]).toEqual({ answer: 'Renditja e projekteve', count: 5 });
		expect(insight.find((x) => x.questionId === 'plan-alone')!.wrongAnswers).toEqual([
			{ answer: 'E vërtetë', count: 1 }
		]);
	});

	it('shows one learner’s lessons and attempts, and nothing for someone outside the cohort', async () => {
		const detail = await learnerDetail(db, cohort, course, member(3));
		expect(detail).toMatchObject({
			name: 'Learner 03',
			organisation: null,
			lastActivityAt: lastSeen[2],
			joinedAt: at(0),
			completedAt: lastSeen[2]
		});
		expect(detail!.modules.map((m) => m.lessons.map((l) => l.completedAt))).toEqual([
			[at(9, 60), at(9, 61)],
			[at(9, 64), at(9, 65)]
		]);
		expect(detail!.modules.map((m) => m.attempts.map((a) => [a.number, a.score, a.passed]))).toEqual([
			[
				[1, 67, false],
				[2, 100, true]
			],
			[
				[1, 50, false],
				[2, 100, true]
			]
		]);
		const outsider = await db
			.selectFrom('users')
			.select('id')
			.where('email', '=', 'outsider@example.org')
			.executeTakeFirstOrThrow();
		expect(await learnerDetail(db, cohort, course, outsider.id)).toBeNull();
	});
});

// ---------------------------------------------------------------------------------------------------
// Smaller cases on their own database
// ---------------------------------------------------------------------------------------------------

describe('dashboard details', () => {
	let db: DB;
	let course: CourseInfo;
	let coordinator: number;

	async function setUp(removed: string[] = []) {
		db = await freshContentDb();
		const root = writeDemo();
		if (removed.length) removeFiles(root, ...removed);
		await importOk(db, root);
		course = (await getCourseBySlug(db, 'demo', 'en'))!;
		coordinator = await insertUser(db, { name: 'Coordinator', email: 'coordinator@example.org', role: 'coordinator' });
	}
	beforeEach(() => setUp());
	afterEach(removeTempDirs);

	const newCohort = (days = 100) =>
		cohorts.createCohort(
			db,
			{
				name: 'Cohort',
				courseId: course.id,
				startsAt: T0,
				endsAt: T0 + days * DAY,
				trainerIds: [],
				organisationIds: []
			},
			coordinator,
			T0
		);

	it('pages through more than PAGE_SIZE learners in name order', async () => {
		const cohort = await newCohort();
		const ids: number[] = [];
		for (let i = 1; i <= PAGE_SIZE + 3; i++)
			ids.push(await insertUser(db, { name: `Member ${String(i).padStart(3, '0')}`, email: `m${i}@example.org` }));
		await cohorts.addMembers(db, cohort, ids, T0);
		const first = await learnerPage(db, cohort, course, { page: 1 }, at(1));
		const second = await learnerPage(db, cohort, course, { page: 2 }, at(1));
		expect(first.total).toBe(PAGE_SIZE + 3);
		expect(second.total).toBe(PAGE_SIZE + 3);
		expect(first.rows).toHaveLength(PAGE_SIZE);
		expect(second.rows.map((r) => r.name)).toEqual(['Member 051', 'Member 052', 'Member 053']);
		expect([...first.rows, ...second.rows].map((r) => r.userId)).toEqual(ids);
		// Page 0 or below shows the first page.
		expect((await learnerPage(db, cohort, course, { page: 0 }, at(1))).rows[0].name).toBe('Member 001');
		expect((await learnerPage(db, cohort, course, { page: -3 }, at(1))).rows[0].name).toBe('Member 001');
	});

	it('agrees with learnerStatus on the exact boundaries of the rule', async () => {
		// 100-day cohort seen on day 75: 3 of 6 steps due; idle since before day 61 is at risk.
		const cohort = await newCohort(100);
		const now = at(75);
		const cases = [
			{ name: 'A exactly on pace', units: 3, last: at(61) },
			{ name: 'B just behind', units: 2, last: at(74) },
			{ name: 'C idle one ms too long', units: 5, last: at(61) - 1 },
			{ name: 'D completed long ago', units: 6, last: at(1), completed: at(1) },
			{ name: 'E nothing', units: 0, last: at(74) }
		];
		for (const c of cases) {
			const id = await insertUser(db, { name: c.name, email: `${c.name[0].toLowerCase()}@example.org` });
			await cohorts.addMembers(db, cohort, [id], T0);
			await db
				.updateTable('enrolments')
				.set({ units_done: c.units, last_activity_at: c.last, has_activity: 1, completed_at: c.completed ?? null })
				.where('user_id', '=', id)
				.execute();
		}
		const expected = cases.map((c) =>
			learnerStatus(
				{ unitsDone: c.units, lastActivityAt: c.last, completedAt: c.completed ?? null, addedAt: T0 },
				cohort,
				6,
				now
			)
		);
		expect(expected).toEqual(['on_track', 'at_risk', 'at_risk', 'completed', 'at_risk']);
		const page = await learnerPage(db, cohort, course, {}, now);
		expect(page.rows.map((r) => r.status)).toEqual(expected);
		expect(await summary(db, cohort, course, now)).toMatchObject({
			enrolled: 5,
			on_track: 1,
			at_risk: 3,
			completed: 1,
			not_started: 1
		});
	});

	it('counts an empty cohort as zeros', async () => {
		const cohort = await newCohort();
		expect(await summary(db, cohort, course, at(3))).toEqual({
			enrolled: 0,
			not_started: 0,
			on_track: 0,
			at_risk: 0,
			completed: 0,
			certified: 0
		});
		expect(await moduleShares(db, cohort, course)).toEqual([0, 0]);
		expect(await learnerPage(db, cohort, course, {}, at(3))).toEqual({ rows: [], total: 0 });
		expect(await weeklyProgress(db, cohort, course, at(3))).toEqual([{ week: 1, lessons: 0 }]);
		expect(await weeklyProgress(db, cohort, course, at(15))).toHaveLength(3);
		const insight = await quizInsight(db, cohort, course, 'en', { true: 'True', false: 'False' });
		expect(insight).toHaveLength(8);
		expect(insight.every((q) => q.firstAttempts === 0 && q.share === 100 && q.wrongAnswers.length === 0)).toBe(true);
	});

	it('passes a module without a quiz when all its lessons are done', async () => {
		await setUp(['demo/02-practice/quiz.yaml', 'demo/02-practice/quiz.sq.yaml', 'demo/02-practice/quiz.sr-Latn.yaml']);
		expect(course.modules[1].quiz).toBeNull();
		expect(totalUnits(course)).toBe(5);
		const cohort = await newCohort();
		const [done, half] = [
			await insertUser(db, { name: 'Done', email: 'done@example.org' }),
			await insertUser(db, { name: 'Half', email: 'half@example.org' })
		];
		await cohorts.addMembers(db, cohort, [done, half], T0);
		const lessons = course.modules.flatMap((m) => m.lessons);
		const intro = course.modules[0].quiz!;
		for (const id of [done, half]) {
			await completeLesson(db, id, course, lessons[0].id, at(1));
			await completeLesson(db, id, course, lessons[1].id, at(1, 1));
			await submitAttempt(
				db,
				{
					userId: id,
					quizId: intro.id,
					versionId: intro.versionId,
					submissionKey: `k${id}`,
					locale: 'en',
					answers: INTRO_RIGHT
				},
				at(1, 2)
			);
			await touchEnrolment(db, id, course.id, await getCourseState(db, id, course, at(1, 2)), at(1, 2));
			await completeLesson(db, id, course, lessons[2].id, at(1, 3));
		}
		await completeLesson(db, done, course, lessons[3].id, at(1, 4));
		const page = await learnerPage(db, cohort, course, {}, at(2));
		expect(page.rows.map((r) => [r.name, r.cells, r.unitsDone, r.percent, r.status])).toEqual([
			['Done', ['passed', 'passed'], 5, 100, 'completed'],
			['Half', ['passed', 'in_progress'], 4, 80, 'on_track']
		]);
		expect(await moduleShares(db, cohort, course)).toEqual([100, 50]);
	});
});

describe('the counters and answer rows the dashboard reads', () => {
	let db: DB;
	let course: CourseInfo;
	let ana: number;

	beforeEach(async () => {
		db = await freshContentDb();
		await importOk(db, writeDemo());
		course = (await getCourseBySlug(db, 'demo', 'en'))!;
		ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
		await enrol(db, ana, course.id, T0);
	});
	afterEach(removeTempDirs);

	const enrolment = () =>
		db
			.selectFrom('enrolments')
			.select(['units_done', 'last_activity_at', 'completed_at'])
			.where('user_id', '=', ana)
			.where('course_id', '=', course.id)
			.executeTakeFirstOrThrow();

	async function attempt(quizIndex: number, answers: Record<string, Answer>, now: number, key = `k${now}`) {
		const quiz = course.modules[quizIndex].quiz!;
		const result = await submitAttempt(
			db,
			{ userId: ana, quizId: quiz.id, versionId: quiz.versionId, submissionKey: key, locale: 'en', answers },
			now
		);
		await touchEnrolment(db, ana, course.id, await getCourseState(db, ana, course, now), now);
		return result;
	}

	it('keeps units_done in step with lessons done and quizzes passed, and sets completion once', async () => {
		const lessons = course.modules.flatMap((m) => m.lessons);
		expect(await enrolment()).toEqual({ units_done: 0, last_activity_at: T0, completed_at: null });
		await completeLesson(db, ana, course, lessons[0].id, at(1));
		expect(await enrolment()).toEqual({ units_done: 1, last_activity_at: at(1), completed_at: null });
		await completeLesson(db, ana, course, lessons[0].id, at(2)); // again: no new step, but activity
		expect(await enrolment()).toEqual({ units_done: 1, last_activity_at: at(2), completed_at: null });
		await completeLesson(db, ana, course, lessons[1].id, at(3));
		await attempt(0, INTRO_A, at(4));
		expect(await enrolment()).toMatchObject({ units_done: 2, last_activity_at: at(4) });
		await attempt(0, INTRO_RIGHT, at(5));
		expect(await enrolment()).toMatchObject({ units_done: 3 });
		await completeLesson(db, ana, course, lessons[2].id, at(6));
		await completeLesson(db, ana, course, lessons[3].id, at(6, 1));
		expect(await enrolment()).toMatchObject({ units_done: 5, completed_at: null });
		await attempt(1, PRACTICE_RIGHT, at(7));
		expect(await enrolment()).toEqual({ units_done: 6, last_activity_at: at(7), completed_at: at(7) });
		// Activity later (a lesson read again) moves the activity, not the completion.
		await completeLesson(db, ana, course, lessons[0].id, at(9));
		expect(await enrolment()).toEqual({ units_done: 6, last_activity_at: at(9), completed_at: at(7) });
	});

	it('writes one answer row per question with the attempt number, comparable answer and credit', async () => {
		// A failed attempt first: a passed quiz takes no further one.
		await attempt(0, { ...INTRO_B, 'people-word': '  Stakeholders! ' }, at(1));
		await attempt(0, INTRO_PARTIAL, at(2));
		const rows = await db
			.selectFrom('quiz_answers')
			.select(['attempt_no', 'question_id', 'answer', 'credit', 'quiz_id', 'user_id'])
			.where('user_id', '=', ana)
			.orderBy('attempt_no')
			.orderBy('question_id')
			.execute();
		expect(rows.every((r) => r.quiz_id === course.modules[0].quiz!.id && r.user_id === ana)).toBe(true);
		expect(rows.map((r) => [r.attempt_no, r.question_id, r.answer, r.credit])).toEqual([
			[1, 'certificate-word', 'certificate', 1],
			[1, 'mapping-steps', '1,0,2,3', 0],
			[1, 'mission-changes', 'false', 1],
			[1, 'mission-purpose', '3', 0],
			[1, 'people-word', 'stakeholders', 1],
			[1, 'stakeholder-examples', '1,3', 1],
			[2, 'certificate-word', 'certificate', 1],
			[2, 'mapping-steps', '0,1,2,3', 1],
			[2, 'mission-changes', 'false', 1],
			[2, 'mission-purpose', '2', 1],
			[2, 'people-word', 'stakeholders', 1],
			[2, 'stakeholder-examples', '1', 0.5]
		]);
	});

	it('writes no second set of rows for a repeated submission', async () => {
		const first = await attempt(0, INTRO_RIGHT, at(1), 'same-key');
		const again = await attempt(0, INTRO_A, at(1, 1), 'same-key');
		expect(again).toMatchObject({ attemptId: first.attemptId, duplicate: true });
		const n = await db
			.selectFrom('quiz_answers')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		expect(Number(n.n)).toBe(6);
	});
});

// ---------------------------------------------------------------------------------------------------
// CSV export
// ---------------------------------------------------------------------------------------------------

describe('csvCell and csvFile', () => {
	it('neutralises cells that a spreadsheet would run as formulas', () => {
		expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
		expect(csvCell('=1+2')).toBe("'=1+2");
		expect(csvCell('+381 63 123')).toBe("'+381 63 123");
		expect(csvCell('-2+3')).toBe("'-2+3");
		expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvCell('\t=1')).toBe("'\t=1");
	});

	it('quotes commas, quotes and line breaks, and leaves plain text alone', () => {
		expect(csvCell('Petrović, Ana')).toBe('"Petrović, Ana"');
		expect(csvCell('the "best" centre')).toBe('"the ""best"" centre"');
		expect(csvCell('two\nlines')).toBe('"two\nlines"');
		expect(csvCell('a;b')).toBe('"a;b"');
		expect(csvCell('Arbër Krasniqi')).toBe('Arbër Krasniqi');
		expect(csvCell('=a,b')).toBe(`"'=a,b"`);
		expect(csvCell(42)).toBe('42');
		expect(csvCell(null)).toBe('');
		expect(csvCell('')).toBe('');
	});

	it('writes UTF-8 with a byte-order mark and keeps Cyrillic and ë intact', () => {
		const file = csvFile([
			['Name', 'Organisation', 'Progress'],
			['Милош Јовановић', 'Омладински центар', 50],
			['Arbër Krasniqi', null, 100]
		]);
		const bytes = Buffer.from(file, 'utf8');
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(file).toBe(
			'\uFEFFName,Organisation,Progress\r\nМилош Јовановић,Омладински центар,50\r\nArbër Krasniqi,,100\r\n'
		);
		expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3))).toContain('Милош Јовановић');
		expect(bytes.toString('utf8')).toContain('Arbër');
	});
});
