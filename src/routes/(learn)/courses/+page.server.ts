import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import * as courses from '$lib/server/catalogue/courses';
import * as progress from '$lib/server/learning/progress';

export const load: PageServerLoad = async ({ locals }) => {
	const list = await courses.listCourses(locals.db, getLocale());
	const enrolled = new Set(locals.user ? await progress.enrolledCourseIds(locals.db, locals.user.id) : []);
	return {
		courses: list.map((c) => ({
			slug: c.slug,
			title: c.title,
			summary: c.summary,
			modules: c.modules.length,
			lessons: c.lessonCount,
			hours: Math.max(0.5, Math.round(c.totalMinutes / 30) / 2),
			languages: c.languages,
			enrolled: enrolled.has(c.id)
		}))
	};
};
