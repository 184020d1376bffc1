// A hand-in is refused while its module is locked (the lock rule of lessons and quizzes: the
// earlier modules are not done), and nothing is stored.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import type { CourseInfo } from '$lib/server/catalogue/courses';
import * as assignments from '$lib/server/assignments';
import { T0 } from './helpers';
import { PDF, outreachDb, passQuizzes, people } from './assignment-fixture';

let db: DB;
let course: CourseInfo;
let who: Awaited<ReturnType<typeof people>>;

beforeEach(async () => {
	({ db, course } = await outreachDb());
	who = await people(db, course.id);
});

// A learner's own assignment after the first module (planning-outreach is the organisation's).
const later = () => course.modules.find((m) => m.slug === 'social-media')!;

describe('a locked module’s assignment', () => {
	it('refuses a hand-in while the modules before it are not done, and stores nothing', async () => {
		const assignmentId = later().assignment!.id;
		const sent = await assignments.submit(
			db,
			{ userId: who.ana.id, assignmentId, text: 'Profiles', file: { name: 'p.pdf', bytes: PDF } },
			T0
		);
		expect(sent).toEqual({ ok: false, reason: 'locked' });
		expect(await assignments.history(db, assignments.learnerThread(assignmentId, who.ana.id))).toEqual([]);
	});

	it('takes the hand-in once the earlier modules are done', async () => {
		const index = course.modules.indexOf(later());
		await passQuizzes(db, who.ana.id, course, index);
		const assignmentId = later().assignment!.id;
		const sent = await assignments.submit(db, { userId: who.ana.id, assignmentId, text: 'Profiles', file: null }, T0);
		expect(sent).toMatchObject({ ok: true, version: 1 });
	});
});
