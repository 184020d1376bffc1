// Published course structure in a reader's language: titles, modules, lessons and quizzes in order.
// The structure changes only when content is imported or published, so it is cached per course and
// locale and refreshed when the content generation counter moves: a course page costs a fixed
// number of queries whatever its size.
import type { DB } from '../db/client';
import type { AssignmentScope } from '../../../../db/schema';
import { Cache, perDatabase } from '../platform/cache';
import { contentGeneration } from './content/generation';
import { CONTENT_LOCALES, type ContentLocale } from './content/schema';
import { textFor } from '../../i18n/script';
import { parseStoredJson } from '../db/json';
import { readCertificateModules, readObjectives } from './course-schema';
import { answerKeySchema, askedCount, quizDrawSchema } from './quiz-schema';

export interface LessonInfo {
	id: number;
	slug: string;
	position: number;
	minutes: number;
	versionId: number;
	title: string;
}

export interface QuizInfo {
	id: number;
	versionId: number;
	passMark: number;
	maxAttempts: number | null;
	/** Minutes to wait after a failed attempt (0: none). */
	waitMinutes: number;
	/** Attempts allowed in any 24 hours (null: no daily limit). */
	attemptsPerDay: number | null;
	/** Questions an attempt asks: the draw's total, or every question. */
	questionCount: number;
	/** Questions the quiz holds; more than `questionCount` when an attempt draws from a pool. */
	poolSize: number;
}

function quizInfo(q: {
	id: number;
	version_id: number;
	pass_mark: number;
	max_attempts: number | null;
	wait_minutes: number;
	attempts_per_day: number | null;
	answer_key: string;
	draw: string | null;
}): QuizInfo {
	const keys = parseStoredJson(answerKeySchema, q.answer_key, 'quiz_versions.answer_key');
	const draw = q.draw === null ? null : parseStoredJson(quizDrawSchema, q.draw, 'quiz_versions.draw');
	return {
		id: q.id,
		versionId: q.version_id,
		passMark: q.pass_mark,
		maxAttempts: q.max_attempts,
		waitMinutes: q.wait_minutes,
		attemptsPerDay: q.attempts_per_day,
		questionCount: askedCount(keys, draw),
		poolSize: keys.length
	};
}

export interface ModuleInfo {
	id: number;
	slug: string;
	position: number;
	title: string;
	summary: string;
	objectives: string[];
	bodyHtml: string;
	/** The text is English because this locale has no translation yet. */
	fallback: boolean;
	lessons: LessonInfo[];
	quiz: QuizInfo | null;
	/** The module's practical assignment (learning/../assignments), by its title in this locale. */
	assignment: { id: number; title: string; scope: AssignmentScope } | null;
	/** Minutes the exercises and assignment take, apart from reading the lessons. */
	exerciseMinutes: number;
}

export interface CourseInfo {
	id: number;
	slug: string;
	passMark: number;
	certificateModules: 'all' | string[];
	orgMinCertified: number;
	/** The module whose organisation assignment organisation certification requires, or null. */
	orgAssignmentModule: string | null;
	/** The certificate also needs every assignment of the course accepted. */
	requiresAssignments: boolean;
	/** false: a tutorial that issues no certificate and does not count for organisations. */
	issuesCertificate: boolean;
	title: string;
	summary: string;
	bodyHtml: string;
	fallback: boolean;
	/** Locales in which every module, lesson and quiz is translated. */
	languages: ContentLocale[];
	modules: ModuleInfo[];
	lessonCount: number;
	/** Reading time: the lessons' minutes. */
	totalMinutes: number;
	/** The modules' exercise and assignment time. */
	exerciseMinutes: number;
}

function groupBy<T, K>(rows: T[], key: (r: T) => K): Map<K, T[]> {
	const map = new Map<K, T[]>();
	for (const r of rows) {
		const list = map.get(key(r));
		if (list) list.push(r);
		else map.set(key(r), [r]);
	}
	return map;
}

async function loadCourse(db: DB, courseId: number, locale: string): Promise<CourseInfo | null> {
	const course = await db
		.selectFrom('courses')
		.selectAll()
		.where('id', '=', courseId)
		.where('archived', '=', 0)
		.executeTakeFirst();
	if (!course) return null;
	const [courseTexts, modules, lessons, quizzes, assignments] = await Promise.all([
		db.selectFrom('course_texts').selectAll().where('course_id', '=', courseId).execute(),
		db
			.selectFrom('modules')
			.innerJoin('module_texts', 'module_texts.module_id', 'modules.id')
			.select([
				'modules.id',
				'modules.slug',
				'modules.position',
				'modules.exercise_minutes',
				'module_texts.locale',
				'module_texts.title',
				'module_texts.summary',
				'module_texts.objectives',
				'module_texts.body_html'
			])
			.where('modules.course_id', '=', courseId)
			.where('modules.archived', '=', 0)
			.orderBy('modules.position')
			.execute(),
		db
			.selectFrom('lessons')
			.innerJoin('modules', 'modules.id', 'lessons.module_id')
			.innerJoin('lesson_texts', 'lesson_texts.version_id', 'lessons.current_version_id')
			.select([
				'lessons.id',
				'lessons.module_id',
				'lessons.slug',
				'lessons.position',
				'lessons.minutes',
				'lessons.current_version_id as version_id',
				'lesson_texts.locale',
				'lesson_texts.title'
			])
			.where('modules.course_id', '=', courseId)
			.where('modules.archived', '=', 0)
			.where('lessons.archived', '=', 0)
			.orderBy('lessons.position')
			.execute(),
		db
			.selectFrom('quizzes')
			.innerJoin('modules', 'modules.id', 'quizzes.module_id')
			.innerJoin('quiz_versions', 'quiz_versions.id', 'quizzes.current_version_id')
			.select([
				'quizzes.id',
				'quizzes.module_id',
				'quiz_versions.id as version_id',
				'quiz_versions.pass_mark',
				'quiz_versions.max_attempts',
				'quiz_versions.wait_minutes',
				'quiz_versions.attempts_per_day',
				'quiz_versions.draw',
				'quiz_versions.answer_key'
			])
			.where('modules.course_id', '=', courseId)
			.where('modules.archived', '=', 0)
			.where('quizzes.archived', '=', 0)
			.execute(),
		db
			.selectFrom('assignments')
			.innerJoin('modules', 'modules.id', 'assignments.module_id')
			.innerJoin('assignment_texts', 'assignment_texts.assignment_id', 'assignments.id')
			.select([
				'assignments.id',
				'assignments.module_id',
				'assignments.scope',
				'assignment_texts.locale',
				'assignment_texts.title'
			])
			.where('modules.course_id', '=', courseId)
			.where('assignments.archived', '=', 0)
			.execute()
	]);
	const assignmentsByModule = groupBy(assignments, (a) => a.module_id);
	const quizLocales = await db
		.selectFrom('quiz_texts')
		.select(['version_id', 'locale'])
		.where('version_id', 'in', quizzes.length ? quizzes.map((q) => q.version_id) : [-1])
		.execute();

	const ct = textFor(locale, courseTexts);
	const lessonsByModule = groupBy(lessons, (l) => l.module_id);
	const modulesById = groupBy(modules, (m) => m.id);
	const quizByModule = new Map(quizzes.map((q) => [q.module_id, q]));
	const has = new Map<ContentLocale, boolean>(CONTENT_LOCALES.map((l) => [l, courseTexts.some((t) => t.locale === l)]));
	const mark = (available: Set<string>) => {
		for (const l of CONTENT_LOCALES) if (!available.has(l)) has.set(l, false);
	};

	const moduleInfos: ModuleInfo[] = [];
	for (const [id, rows] of modulesById) {
		mark(new Set(rows.map((r) => r.locale)));
		const picked = textFor(locale, rows);
		if (!picked) continue;
		const { text: row, fallback } = picked;
		const lessonRows = groupBy(lessonsByModule.get(id) ?? [], (l) => l.id);
		const lessonInfos: LessonInfo[] = [];
		for (const [, versions] of lessonRows) {
			mark(new Set(versions.map((v) => v.locale)));
			const chosen = textFor(locale, versions)?.text;
			if (!chosen || chosen.version_id === null) continue;
			lessonInfos.push({
				id: chosen.id,
				slug: chosen.slug,
				position: chosen.position,
				minutes: chosen.minutes,
				versionId: chosen.version_id,
				title: chosen.title
			});
		}
		lessonInfos.sort((a, b) => a.position - b.position || a.id - b.id);
		const q = quizByModule.get(id);
		// A module made in the browser stays hidden from learners until it has a published lesson.
		if (lessonInfos.length === 0 && !q) continue;
		if (q) mark(new Set(quizLocales.filter((x) => x.version_id === q.version_id).map((x) => x.locale)));
		moduleInfos.push({
			id,
			slug: row.slug,
			position: row.position,
			title: row.title,
			summary: row.summary,
			objectives: readObjectives(row.objectives),
			bodyHtml: row.body_html,
			fallback,
			lessons: lessonInfos,
			exerciseMinutes: row.exercise_minutes,
			assignment: ((a) => (a ? { id: a.id, title: a.title, scope: a.scope } : null))(
				textFor(locale, assignmentsByModule.get(id) ?? [])?.text
			),
			quiz: q ? quizInfo(q) : null
		});
	}
	moduleInfos.sort((a, b) => a.position - b.position || a.id - b.id);
	const allLessons = moduleInfos.flatMap((m) => m.lessons);
	return {
		id: course.id,
		slug: course.slug,
		passMark: course.pass_mark,
		certificateModules: readCertificateModules(course.certificate_modules),
		orgMinCertified: course.org_min_certified,
		orgAssignmentModule: course.org_assignment_module,
		requiresAssignments: course.requires_assignments === 1,
		issuesCertificate: course.issues_certificate === 1,
		title: ct?.text.title ?? course.slug,
		summary: ct?.text.summary ?? '',
		bodyHtml: ct?.text.body_html ?? '',
		fallback: ct?.fallback ?? locale !== 'en',
		languages: CONTENT_LOCALES.filter((l) => has.get(l)),
		modules: moduleInfos,
		lessonCount: allLessons.length,
		totalMinutes: allLessons.reduce((sum, l) => sum + l.minutes, 0),
		exerciseMinutes: moduleInfos.reduce((sum, m) => sum + m.exerciseMinutes, 0)
	};
}

// Per database handle (tests open many); a new content generation starts a new cache.
interface Structures {
	generation: number;
	courses: Cache<string, CourseInfo | null>;
	slugs: Cache<string, number | null>;
}
const structures = perDatabase<'current', Structures>({ max: 1 });

async function fresh(db: DB): Promise<Structures> {
	const generation = await contentGeneration(db);
	const cache = structures(db);
	let current = cache.get('current');
	if (!current || current.generation !== generation) {
		current = { generation, courses: new Cache({ max: 2000 }), slugs: new Cache({ max: 1000 }) };
		cache.set('current', current);
	}
	return current;
}

/** The course with this slug in a locale (English where a text is missing), or null. */
export async function getCourseBySlug(db: DB, slug: string, locale: string): Promise<CourseInfo | null> {
	const { slugs } = await fresh(db);
	const id = await slugs.getOrLoad(slug, async () => {
		const row = await db
			.selectFrom('courses')
			.select('id')
			.where('slug', '=', slug)
			.where('archived', '=', 0)
			.executeTakeFirst();
		return row?.id ?? null;
	});
	if (id === null) return null;
	return getCourseById(db, id, locale);
}

export async function getCourseById(db: DB, id: number, locale: string): Promise<CourseInfo | null> {
	const { courses } = await fresh(db);
	return courses.getOrLoad(`${id}:${locale}`, () => loadCourse(db, id, locale));
}

/** Every published course, for the catalogue. */
export async function listCourses(db: DB, locale: string): Promise<CourseInfo[]> {
	await fresh(db);
	const rows = await db.selectFrom('courses').select('id').where('archived', '=', 0).orderBy('id').execute();
	const out: CourseInfo[] = [];
	for (const r of rows) {
		const c = await getCourseById(db, r.id, locale);
		if (c) out.push(c);
	}
	return out;
}

/** The course that holds a course, module or lesson (archived or not), or undefined when there is none. */
export async function courseIdOf(
	db: DB,
	kind: 'course' | 'module' | 'lesson',
	id: number
): Promise<number | undefined> {
	if (kind === 'course')
		return (await db.selectFrom('courses').select('id').where('id', '=', id).executeTakeFirst())?.id;
	if (kind === 'module')
		return (await db.selectFrom('modules').select('course_id').where('id', '=', id).executeTakeFirst())?.course_id;
	const row = await db
		.selectFrom('lessons')
		.innerJoin('modules', 'modules.id', 'lessons.module_id')
		.select('modules.course_id')
		.where('lessons.id', '=', id)
		.executeTakeFirst();
	return row?.course_id;
}

// A version's texts never change once published (a change is a new version), so they are kept in
// memory by version and locale (per database handle: tests open many); the bound keeps a few hundred
// lesson bodies (about 10–20 KB each).
type LessonText = { title: string; html: string; fallback: boolean };
const lessonTexts = perDatabase<string, LessonText | null>({ max: 400 });

/** The lesson's text of the version a learner sees now, in their locale (or English). */
export async function getLessonText(db: DB, versionId: number, locale: string) {
	return lessonTexts(db).getOrLoad(`${versionId}:${locale}`, async () => {
		const rows = await db
			.selectFrom('lesson_texts')
			.select(['locale', 'title', 'body_html'])
			.where('version_id', '=', versionId)
			.where('locale', 'in', [locale, 'en'])
			.execute();
		const chosen = textFor(locale, rows);
		return chosen ? { title: chosen.text.title, html: chosen.text.body_html, fallback: chosen.fallback } : null;
	});
}
