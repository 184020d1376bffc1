// Choices for the cohort form: courses, trainers, organisations.
import type { DB } from '../db/client';
import * as courses from '../catalogue/courses';
import * as organisations from '../people/organisations';

export async function cohortFormChoices(db: DB, locale: string) {
	const [courseList, trainers, orgs] = await Promise.all([
		courses.listCourses(db, locale),
		db
			.selectFrom('users')
			.select(['id', 'name'])
			.where('role', '=', 'trainer')
			.where('active', '=', 1)
			.orderBy('name')
			.execute(),
		organisations.organisationChoices(db)
	]);
	return { courses: courseList.map((c) => ({ id: c.id, title: c.title })), trainers, organisations: orgs };
}
