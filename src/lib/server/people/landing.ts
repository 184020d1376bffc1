// Where a person's work is: the one next action of each role, for the page they land on after
// signing in and for the first block of the home page. Composed from the modules that own each part
// (progress for a learner's next step, the review queue, cohorts), so it never disagrees with them.
import type { DB } from '../db/client';
import { stepPath } from '$lib/paths';
import * as courses from '../catalogue/courses';
import * as progress from '../learning/progress';
import { authorCourseIds } from '../authoring/authors';
import { queue } from '../assignments/reviews';
import { listCohorts } from '../cohorts/cohorts';

export interface Viewer {
	id: number;
	role: string;
}

/** A learner's next step: the open lesson or quiz of the course they worked on last. */
export interface ContinueStep {
	href: string;
	courseTitle: string;
	/** The lesson's title, or the quiz's module title. */
	title: string;
	kind: 'lesson' | 'quiz';
}

/** How many cohorts and courses the home page lists at most: the rest is one link away. */
export const HOME_LIMIT = 5;

export type Landing =
	| { role: 'learner'; next: ContinueStep | null; enrolled: boolean }
	| { role: 'trainer'; waiting: number; courses: { id: number; title: string; waiting: number }[] }
	| { role: 'coordinator'; cohorts: { id: number; name: string; courseTitle: string; members: number }[] }
	| { role: 'admin' };

/**
 * The next step of the learner's current course: of their unfinished courses, the one with the most
 * recent activity. Null when they have none (not enrolled, or all done).
 */
export async function continueStep(db: DB, userId: number, locale: string): Promise<ContinueStep | null> {
	for (const id of await progress.enrolledCourseIds(db, userId)) {
		const course = await courses.getCourseById(db, id, locale);
		if (!course) continue;
		const state = await progress.getCourseState(db, userId, course);
		if (state.complete || !state.next) continue;
		return {
			href: stepPath(course.slug, state.next),
			courseTitle: course.title,
			title: state.next.title,
			kind: state.next.kind
		};
	}
	return null;
}

/** Where a person goes after signing in when nothing else was asked for (a path without locale). */
export async function landingPath(db: DB, user: Viewer, locale: string): Promise<string> {
	switch (user.role) {
		case 'admin':
			return '/admin/users';
		case 'coordinator':
			return '/cohorts';
		case 'trainer':
			return '/teach';
		default:
			// Without a step to continue (no course yet, or all done) the home page, whose first block
			// offers a course to start or the learner's certificates.
			return (await continueStep(db, user.id, locale))?.href ?? '/';
	}
}

/** The first block of the home page for a signed-in person: their role's one next action. */
export async function homeLanding(db: DB, user: Viewer, locale: string): Promise<Landing> {
	if (user.role === 'admin') return { role: 'admin' };
	if (user.role === 'coordinator') {
		const list = (await listCohorts(db, user)).slice(0, HOME_LIMIT);
		const titled = [];
		for (const c of list) {
			const course = await courses.getCourseById(db, c.course_id, locale);
			titled.push({ id: c.id, name: c.name, courseTitle: course?.title ?? '', members: Number(c.members) });
		}
		return { role: 'coordinator', cohorts: titled };
	}
	if (user.role === 'trainer') {
		const list = [];
		let waiting = 0;
		for (const id of await authorCourseIds(db, user)) {
			const course = await courses.getCourseById(db, id, locale);
			if (!course) continue;
			const n = (await queue(db, id, locale)).length;
			waiting += n;
			list.push({ id, title: course.title, waiting: n });
		}
		return { role: 'trainer', waiting, courses: list.slice(0, HOME_LIMIT) };
	}
	const next = await continueStep(db, user.id, locale);
	const enrolled = next !== null || (await progress.enrolledCourseIds(db, user.id)).length > 0;
	return { role: 'learner', next, enrolled };
}
