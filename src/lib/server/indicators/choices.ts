// What a coordinator can choose a report by (issue 19): the courses and the cohorts, each cohort
// with its course's name, in the reader's language. Archived cohorts are included: a report is often
// about a period that is over.
import type { DB } from '../db/client';
import { listCourses } from '../catalogue/courses';
import { listCohorts } from '../cohorts/cohorts';

export interface FilterChoices {
	courses: { slug: string; title: string }[];
	cohorts: { id: number; name: string; courseSlug: string | null; courseTitle: string | null }[];
}

export async function filterChoices(
	db: DB,
	user: { id: number; role: string },
	locale: string
): Promise<FilterChoices> {
	const courses = await listCourses(db, locale);
	const byId = new Map(courses.map((c) => [c.id, c]));
	const cohorts = await listCohorts(db, user, true);
	return {
		courses: courses.map((c) => ({ slug: c.slug, title: c.title })),
		cohorts: cohorts.map((c) => ({
			id: c.id,
			name: c.name,
			courseSlug: byId.get(c.course_id)?.slug ?? null,
			courseTitle: byId.get(c.course_id)?.title ?? null
		}))
	};
}
