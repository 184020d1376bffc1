// What authors see of their courses: every module and lesson, published or not yet. The trainers'
// desk lists all their courses at once, so the outline is read for many courses in one set of
// queries, not one set per course.
import type { DB } from '../db/client';

export interface OutlineLesson {
	id: number;
	title: string;
	published: boolean;
	draft: boolean;
}

export interface OutlineModule {
	id: number;
	slug: string;
	title: string;
	quizId: number | null;
	lessons: OutlineLesson[];
}

export interface AuthoredCourse {
	id: number;
	title: string;
	authors: { id: number; name: string }[];
	modules: OutlineModule[];
}

const titleIn =
	(locale: string) =>
	<T extends { locale: string; title: string }>(rows: T[]) =>
		rows.find((r) => r.locale === locale)?.title ?? rows.find((r) => r.locale === 'en')?.title ?? '';

/** The outlines of these courses, by course id (an empty list for a course with no module). */
export async function courseOutlines(
	db: DB,
	courseIds: number[],
	locale: string
): Promise<Map<number, OutlineModule[]>> {
	const out = new Map<number, OutlineModule[]>(courseIds.map((id) => [id, []]));
	if (courseIds.length === 0) return out;
	const [modules, moduleTexts, lessons, lessonTitles, drafts, quizzes] = await Promise.all([
		db
			.selectFrom('modules')
			.select(['id', 'course_id', 'slug', 'position'])
			.where('course_id', 'in', courseIds)
			.where('archived', '=', 0)
			.orderBy('position')
			.orderBy('id')
			.execute(),
		db
			.selectFrom('module_texts')
			.innerJoin('modules', 'modules.id', 'module_texts.module_id')
			.select(['module_id', 'locale', 'title'])
			.where('modules.course_id', 'in', courseIds)
			.execute(),
		db
			.selectFrom('lessons')
			.innerJoin('modules', 'modules.id', 'lessons.module_id')
			.select(['lessons.id', 'lessons.module_id', 'lessons.slug', 'lessons.current_version_id'])
			.where('modules.course_id', 'in', courseIds)
			.where('lessons.archived', '=', 0)
			.orderBy('lessons.position')
			.orderBy('lessons.id')
			.execute(),
		db
			.selectFrom('lesson_texts')
			.innerJoin('lessons', 'lessons.current_version_id', 'lesson_texts.version_id')
			.innerJoin('modules', 'modules.id', 'lessons.module_id')
			.select(['lessons.id', 'lesson_texts.locale', 'lesson_texts.title'])
			.where('modules.course_id', 'in', courseIds)
			.execute(),
		db
			.selectFrom('lesson_drafts')
			.innerJoin('lessons', 'lessons.id', 'lesson_drafts.lesson_id')
			.innerJoin('modules', 'modules.id', 'lessons.module_id')
			.select(['lessons.id', 'lesson_drafts.locale', 'lesson_drafts.title'])
			.where('modules.course_id', 'in', courseIds)
			.execute(),
		db
			.selectFrom('quizzes')
			.innerJoin('modules', 'modules.id', 'quizzes.module_id')
			.select(['quizzes.id', 'quizzes.module_id'])
			.where('modules.course_id', 'in', courseIds)
			.where('quizzes.archived', '=', 0)
			.execute()
	]);
	const titleOf = titleIn(locale);
	for (const mod of modules) {
		out.get(mod.course_id)?.push({
			id: mod.id,
			slug: mod.slug,
			title: titleOf(moduleTexts.filter((t) => t.module_id === mod.id)) || mod.slug,
			quizId: quizzes.find((q) => q.module_id === mod.id)?.id ?? null,
			lessons: lessons
				.filter((l) => l.module_id === mod.id)
				.map((l) => ({
					id: l.id,
					title:
						titleOf(lessonTitles.filter((t) => t.id === l.id)) ||
						titleOf(drafts.filter((d) => d.id === l.id)) ||
						l.slug,
					published: l.current_version_id !== null,
					draft: drafts.some((d) => d.id === l.id)
				}))
		});
	}
	return out;
}

/** A course as its authors see it. */
export async function courseOutline(db: DB, courseId: number, locale: string): Promise<OutlineModule[]> {
	return (await courseOutlines(db, [courseId], locale)).get(courseId) ?? [];
}

/** The trainers' desk: these courses with their titles, outlines and (for admins) their authors. */
export async function authoredCourses(
	db: DB,
	courseIds: number[],
	locale: string,
	withAuthors: boolean
): Promise<AuthoredCourse[]> {
	if (courseIds.length === 0) return [];
	const [texts, authors, outlines] = await Promise.all([
		db
			.selectFrom('course_texts')
			.select(['course_id', 'locale', 'title'])
			.where('course_id', 'in', courseIds)
			.execute(),
		withAuthors
			? db
					.selectFrom('course_authors')
					.innerJoin('users', 'users.id', 'course_authors.user_id')
					.select(['course_authors.course_id', 'users.id', 'users.name'])
					.where('course_authors.course_id', 'in', courseIds)
					.orderBy('users.name')
					.execute()
			: [],
		courseOutlines(db, courseIds, locale)
	]);
	const titleOf = titleIn(locale);
	return courseIds.map((id) => ({
		id,
		title: titleOf(texts.filter((t) => t.course_id === id)),
		authors: authors.filter((a) => a.course_id === id).map((a) => ({ id: a.id, name: a.name })),
		modules: outlines.get(id) ?? []
	}));
}
