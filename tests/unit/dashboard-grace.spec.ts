// What a coordinator sees right after adding learners: being added is not activity, nobody is at risk
// before they could have done anything (a grace period after the later of the cohort start and their
// joining), and "not started" counts everyone without a completed step.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import { getCourseBySlug, type CourseInfo } from '$lib/server/catalogue/courses';
import * as cohorts from '$lib/server/cohorts/cohorts';
import { GRACE_DAYS, learnerPage, summary } from '$lib/server/cohorts/dashboard';
import { learnerDetail } from '$lib/server/cohorts/insight';
import { completeLesson, getCourseState } from '$lib/server/learning/progress';
import { applyRoster, checkRosterText } from '$lib/server/cohorts/roster';
import type { Cohort } from '../../db/schema';
import { DAY, MINUTE, T0, insertUser } from './helpers';
import { freshContentDb, importOk, removeTempDirs, writeDemo } from './content-fixture';

let db: DB;
let course: CourseInfo;
let cohort: Cohort;
let coordinator: number;
/** Three weeks into a ten-week cohort. */
const NOW = T0 + 21 * DAY;

beforeEach(async () => {
	db = await freshContentDb();
	await importOk(db, writeDemo());
	course = (await getCourseBySlug(db, 'demo', 'en'))!;
	coordinator = await insertUser(db, { name: 'Coordinator', email: 'coordinator@example.org', role: 'coordinator' });
	cohort = await cohorts.createCohort(
		db,
		{ name: 'Spring', courseId: course.id, startsAt: T0, endsAt: T0 + 70 * DAY, trainerIds: [], organisationIds: [] },
		coordinator,
		T0 - DAY
	);
});
afterEach(removeTempDirs);

async function importRoster(csv: string, at: number) {
	const checked = await checkRosterText(db, csv);
	if (!checked.ok) throw new Error('roster refused');
	await applyRoster(db, cohort, checked.rows, coordinator, at);
}

describe('learners added three weeks into a cohort', () => {
	it('are not started, not at risk, with no activity yet', async () => {
		await importRoster(
			'name,email,organisation\nNew Person,new@example.org,\nOther Person,other@example.org,\n',
			NOW - 5 * MINUTE
		);
		expect(await summary(db, cohort, course, NOW)).toMatchObject({
			enrolled: 2,
			not_started: 2,
			at_risk: 0,
			on_track: 0
		});
		const page = await learnerPage(db, cohort, course, {}, NOW);
		expect(page.rows.map((r) => [r.name, r.status, r.lastActivityAt])).toEqual([
			['New Person', 'not_started', null],
			['Other Person', 'not_started', null]
		]);
		const id = page.rows[0].userId;
		expect((await learnerDetail(db, cohort, course, id))!.lastActivityAt).toBeNull();
		expect((await getCourseState(db, id, course, NOW)).lastActivityAt).toBeNull();
	});

	it('become at risk once the grace period has passed without a step, and still count as not started', async () => {
		const late = await insertUser(db, { name: 'Late Joiner', email: 'late@example.org' });
		await cohorts.addMembers(db, cohort, [late], NOW);
		const justBefore = NOW + GRACE_DAYS * DAY - MINUTE;
		expect(await summary(db, cohort, course, justBefore)).toMatchObject({ not_started: 1, at_risk: 0 });
		const after = NOW + GRACE_DAYS * DAY;
		expect(await summary(db, cohort, course, after)).toMatchObject({ enrolled: 1, not_started: 1, at_risk: 1 });
		expect(
			(await learnerPage(db, cohort, course, { status: 'not_started' }, after)).rows.map((r) => [r.name, r.status])
		).toEqual([['Late Joiner', 'at_risk']]);
	});

	it('show their last activity once they did something', async () => {
		const learner = await insertUser(db, { name: 'Active Person', email: 'active@example.org' });
		await cohorts.addMembers(db, cohort, [learner], NOW - DAY);
		const r = await completeLesson(db, learner, course, course.modules[0].lessons[0].id, NOW - HOUR_AGO);
		expect(r.ok).toBe(true);
		const page = await learnerPage(db, cohort, course, {}, NOW);
		expect(page.rows.map((x) => [x.status, x.lastActivityAt])).toEqual([['on_track', NOW - HOUR_AGO]]);
		expect(await summary(db, cohort, course, NOW)).toMatchObject({ not_started: 0, on_track: 1 });
	});
});

const HOUR_AGO = 60 * MINUTE;
