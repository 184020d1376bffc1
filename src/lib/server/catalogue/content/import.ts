// Imports content/ into the database. Idempotent by slug: an unchanged course writes nothing; a
// changed lesson or quiz becomes a new version (learners' records keep pointing at the old one); a
// lesson or module that disappeared is archived, never deleted, so that no progress is lost.
// A course with any error is skipped whole and its live version stays.
import { createHash } from 'node:crypto';
import { basename, dirname, relative } from 'node:path';
import type { DB } from '../../db/client';
import { ContentErrors, listCourseDirs, readCourse } from './read';
import { writeWithMarkdown, type RenderContext, type RenderedMarkdown } from '../markdown';
import type { CourseSource, LessonSource, QuizSource } from './schema';
import { bumpContentGeneration } from './generation';
import { recordVersion } from '../../authoring/structure-texts';
import { lastImportedHash, nextVersionNumber } from '../../authoring/engine';
import { writeTexts as writeLessonTexts } from '../../authoring/lessons';
import * as audit from '../../people/audit';
import { importDocuments } from './trainer-files';
import { restoreCourseUploads } from './images';
import { m } from '../../../paraglide/messages';
import { importAssignment } from './assignment-import';

export interface ImportReport {
	ok: boolean;
	errors: string[];
	courses: { slug: string; newLessonVersions: number; newQuizVersions: number; skipped: boolean }[];
}

/** Where links between lessons (`../02-planning/01-goals.md`) lead, as data for the renderer. */
function lessonLinks(course: CourseSource, moduleDir: string): NonNullable<RenderContext['lessons']> {
	const targets: Record<string, string> = {};
	for (const mod of course.modules) {
		for (const lesson of mod.lessons)
			targets[`${relative(course.dir, mod.dir)}/${basename(lesson.file)}`] =
				`/courses/${course.slug}/${mod.slug}/${lesson.slug}`;
	}
	return { moduleDir: relative(course.dir, moduleDir).split('\\').join('/'), targets };
}

async function importLesson(
	tx: DB,
	md: RenderedMarkdown,
	moduleId: number,
	course: CourseSource,
	lesson: LessonSource,
	now: number,
	by: number | null
): Promise<boolean> {
	const assetBase = `/content-assets/${course.slug}/${relative(course.dir, dirname(lesson.file)).split('\\').join('/')}/`;
	let row = await tx
		.selectFrom('lessons')
		.select(['id', 'current_version_id'])
		.where('module_id', '=', moduleId)
		.where('slug', '=', lesson.slug)
		.executeTakeFirst();
	if (!row) {
		const inserted = await tx
			.insertInto('lessons')
			.values({
				module_id: moduleId,
				slug: lesson.slug,
				position: lesson.position,
				minutes: lesson.minutes,
				current_version_id: null
			})
			.returning(['id', 'current_version_id'])
			.executeTakeFirstOrThrow();
		row = inserted;
	} else {
		await tx
			.updateTable('lessons')
			.set({ position: lesson.position, minutes: lesson.minutes, archived: 0 })
			.where('id', '=', row.id)
			.execute();
	}
	if ((await lastImportedHash(tx, 'lesson', row.id)) === lesson.hash) return false;
	const version = await tx
		.insertInto('lesson_versions')
		.values({
			lesson_id: row.id,
			number: await nextVersionNumber(tx, 'lesson', row.id),
			hash: lesson.hash,
			created_at: now,
			created_by: by,
			imported: 1
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await writeLessonTexts(tx, md, version.id, Object.entries(lesson.texts), {
		assetBase,
		lessons: lessonLinks(course, dirname(lesson.file))
	});
	await tx.updateTable('lessons').set({ current_version_id: version.id }).where('id', '=', row.id).execute();
	return true;
}

async function importQuiz(
	tx: DB,
	moduleId: number,
	quiz: QuizSource,
	coursePassMark: number,
	now: number,
	by: number | null
): Promise<boolean> {
	let row = await tx
		.selectFrom('quizzes')
		.select(['id', 'current_version_id'])
		.where('module_id', '=', moduleId)
		.executeTakeFirst();
	if (!row) {
		row = await tx
			.insertInto('quizzes')
			.values({ module_id: moduleId, current_version_id: null })
			.returning(['id', 'current_version_id'])
			.executeTakeFirstOrThrow();
	} else {
		await tx.updateTable('quizzes').set({ archived: 0 }).where('id', '=', row.id).execute();
	}
	const passMark = quiz.passMark ?? coursePassMark;
	const hash = `${quiz.hash}:${passMark}`;
	if ((await lastImportedHash(tx, 'quiz', row.id)) === hash) return false;
	const version = await tx
		.insertInto('quiz_versions')
		.values({
			quiz_id: row.id,
			number: await nextVersionNumber(tx, 'quiz', row.id),
			hash,
			pass_mark: passMark,
			max_attempts: quiz.maxAttempts,
			wait_minutes: quiz.waitMinutes,
			attempts_per_day: quiz.attemptsPerDay,
			draw: quiz.draw === null ? null : JSON.stringify(quiz.draw),
			answer_key: JSON.stringify(quiz.questions),
			created_at: now,
			created_by: by,
			imported: 1
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	for (const [locale, t] of Object.entries(quiz.texts)) {
		await tx
			.insertInto('quiz_texts')
			.values({ version_id: version.id, locale, title: t.title, questions: JSON.stringify(t.questions) })
			.execute();
	}
	await tx.updateTable('quizzes').set({ current_version_id: version.id }).where('id', '=', row.id).execute();
	return true;
}

/**
 * Whether texts read from content/ differ from the last import of the same thing, so that a course or
 * module text published in the browser is kept until the file itself changes.
 */
async function textsChanged(tx: DB, key: string, texts: unknown): Promise<boolean> {
	const hash = createHash('sha256').update(JSON.stringify(texts)).digest('hex').slice(0, 16);
	const row = await tx.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
	if (row?.value === hash) return false;
	await tx
		.insertInto('meta')
		.values({ key, value: hash })
		.onConflict((oc) => oc.column('key').doUpdateSet({ value: hash }))
		.execute();
	return true;
}

export type CourseImportResult =
	{ ok: true; courseId: number; newLessonVersions: number; newQuizVersions: number } | { ok: false; errors: string[] };

/**
 * Writes one validated course; returns how many new versions it made. `by` is the person importing
 * (a zip upload): they become the author of the versions made, and the import goes to the audit log.
 * Without it the import comes from content/ on disk at start-up, by no one. Whether `by` may write
 * this course is the caller's to check (see importCourseZip).
 */
export async function importCourse(
	db: DB,
	source: CourseSource,
	now = Date.now(),
	by: number | null = null
): Promise<CourseImportResult> {
	// Markdown is rendered in a worker, between two runs of the transaction (see writeWithMarkdown).
	const written = await writeWithMarkdown((md) =>
		db.transaction().execute(async (tx) => {
			let course = source;
			const values = {
				pass_mark: course.passMark,
				certificate_modules: course.certificateModules === 'all' ? 'all' : JSON.stringify(course.certificateModules),
				org_min_certified: course.organisationMinCertified,
				org_assignment_module: course.organisationAssignment,
				requires_assignments: course.requiresAssignments ? 1 : 0,
				issues_certificate: course.issuesCertificate ? 1 : 0,
				archived: 0,
				updated_at: now
			};
			const existing = await tx.selectFrom('courses').select('id').where('slug', '=', course.slug).executeTakeFirst();
			const courseId = existing
				? (await tx.updateTable('courses').set(values).where('id', '=', existing.id).execute(), existing.id)
				: (
						await tx
							.insertInto('courses')
							.values({ ...values, slug: course.slug, created_at: now })
							.returning('id')
							.executeTakeFirstOrThrow()
					).id;

			if (await textsChanged(tx, `import:course:${courseId}`, course.texts))
				await tx.deleteFrom('course_texts').where('course_id', '=', courseId).execute();
			else course = { ...course, texts: {} };
			for (const [locale, t] of Object.entries(course.texts)) {
				await tx
					.insertInto('course_texts')
					.values({
						course_id: courseId,
						locale,
						title: t.title,
						summary: t.summary,
						body_md: t.body,
						updated_at: now,
						body_html: md.html(t.body, { assetBase: `/content-assets/${course.slug}/` })
					})
					.execute();
			}
			// Each import that changes the texts is a version in their history, by whoever imported.
			if (Object.keys(course.texts).length > 0) {
				const texts = new Map(
					Object.entries(course.texts).map(([locale, t]) => [
						locale,
						{ title: t.title, summary: t.summary, objectives: [], body: t.body }
					])
				);
				await recordVersion(tx, 'course', courseId, texts, by, now);
			}

			let newLessonVersions = 0;
			let newQuizVersions = 0;
			const keptModules: number[] = [];
			for (const mod of course.modules) {
				const found = await tx
					.selectFrom('modules')
					.select('id')
					.where('course_id', '=', courseId)
					.where('slug', '=', mod.slug)
					.executeTakeFirst();
				const moduleId = found
					? (await tx
							.updateTable('modules')
							.set({ position: mod.position, archived: 0 })
							.where('id', '=', found.id)
							.execute(),
						found.id)
					: (
							await tx
								.insertInto('modules')
								.values({ course_id: courseId, slug: mod.slug, position: mod.position })
								.returning('id')
								.executeTakeFirstOrThrow()
						).id;
				keptModules.push(moduleId);
				// Like the texts, a time set in the browser stays until module.md's own value changes.
				if (await textsChanged(tx, `import:exercise:${moduleId}`, mod.exerciseMinutes)) {
					await tx
						.updateTable('modules')
						.set({ exercise_minutes: mod.exerciseMinutes })
						.where('id', '=', moduleId)
						.execute();
				}
				const moduleTexts = (await textsChanged(tx, `import:module:${moduleId}`, mod.texts)) ? mod.texts : {};
				if (Object.keys(moduleTexts).length > 0)
					await tx.deleteFrom('module_texts').where('module_id', '=', moduleId).execute();
				for (const [locale, t] of Object.entries(moduleTexts)) {
					await tx
						.insertInto('module_texts')
						.values({
							module_id: moduleId,
							locale,
							title: t.title,
							summary: t.summary,
							objectives: JSON.stringify(t.objectives),
							body_md: t.body,
							updated_at: now,
							body_html: md.html(t.body, {
								assetBase: `/content-assets/${course.slug}/${relative(course.dir, mod.dir)}/`
							})
						})
						.execute();
				}
				if (Object.keys(moduleTexts).length > 0)
					await recordVersion(tx, 'module', moduleId, new Map(Object.entries(moduleTexts)), by, now);
				for (const lesson of mod.lessons) {
					if (await importLesson(tx, md, moduleId, course, lesson, now, by)) newLessonVersions++;
				}
				// Lessons that came from content/ and are gone from it are archived; lessons made in the
				// browser (no imported version) are not content/'s to remove.
				let archiveLessons = tx
					.updateTable('lessons')
					.set({ archived: 1 })
					.where('module_id', '=', moduleId)
					.where('id', 'in', tx.selectFrom('lesson_versions').select('lesson_id').where('imported', '=', 1));
				if (mod.lessons.length > 0)
					archiveLessons = archiveLessons.where(
						'slug',
						'not in',
						mod.lessons.map((l) => l.slug)
					);
				await archiveLessons.execute();
				if (mod.quiz) {
					if (await importQuiz(tx, moduleId, mod.quiz, course.passMark, now, by)) newQuizVersions++;
				} else {
					await tx.updateTable('quizzes').set({ archived: 1 }).where('module_id', '=', moduleId).execute();
				}
				await importAssignment(tx, md, moduleId, course, mod.dir, mod.assignment);
			}
			// Only modules that came from content/ (they hold an imported lesson or quiz) are archived when
			// their folder is gone; a module made in the browser is not content/'s to remove.
			let archiveModules = tx
				.updateTable('modules')
				.set({ archived: 1 })
				.where('course_id', '=', courseId)
				.where((eb) =>
					eb.or([
						eb(
							'id',
							'in',
							eb
								.selectFrom('lessons')
								.innerJoin('lesson_versions', 'lesson_versions.lesson_id', 'lessons.id')
								.select('lessons.module_id')
								.where('lesson_versions.imported', '=', 1)
						),
						eb(
							'id',
							'in',
							eb
								.selectFrom('quizzes')
								.innerJoin('quiz_versions', 'quiz_versions.quiz_id', 'quizzes.id')
								.select('quizzes.module_id')
								.where('quiz_versions.imported', '=', 1)
						)
					])
				);
			if (keptModules.length > 0) archiveModules = archiveModules.where('id', 'not in', keptModules);
			await archiveModules.execute();
			await importDocuments(tx, courseId, course);
			if (by !== null) {
				const detail = existing
					? `new versions: ${newLessonVersions} lessons, ${newQuizVersions} quizzes`
					: `new course; ${newLessonVersions} lessons, ${newQuizVersions} quizzes`;
				await audit.record(tx, by, 'course_imported', course.slug, detail, now);
			}
			md.complete();
			await bumpContentGeneration(tx);
			return { courseId, newLessonVersions, newQuizVersions };
		})
	);
	if (!written.ok) return { ok: false, errors: [m.import_zip_too_complex({ slug: source.slug })] };
	return { ok: true, ...written.value };
}

/** Validates every course under `root` and imports the ones without errors. */
export async function importContent(db: DB, root: string, base = process.cwd()): Promise<ImportReport> {
	const report: ImportReport = { ok: true, errors: [], courses: [] };
	for (const dir of listCourseDirs(root)) {
		const errors = new ContentErrors(base);
		const course = readCourse(dir, errors);
		const slug = dir.split(/[\\/]/).pop() ?? dir;
		if (errors.list.length > 0 || !course) {
			report.ok = false;
			report.errors.push(...errors.list);
			report.courses.push({ slug, newLessonVersions: 0, newQuizVersions: 0, skipped: true });
			continue;
		}
		const result = await importCourse(db, course);
		if (!result.ok) {
			report.ok = false;
			report.errors.push(...result.errors);
			report.courses.push({ slug, newLessonVersions: 0, newQuizVersions: 0, skipped: true });
			continue;
		}
		report.courses.push({
			slug,
			newLessonVersions: result.newLessonVersions,
			newQuizVersions: result.newQuizVersions,
			skipped: false
		});
		const problems = await restoreCourseUploads(db, dir);
		if (problems.length > 0) {
			report.ok = false;
			report.errors.push(...problems.map((p) => `${relative(base, dir)}/${p}`));
		}
	}
	return report;
}
