// A course back in the content/ format, as files and as a zip, so that trainers' work in the browser
// can be kept in the repository or moved between installations. Deterministic: the same course
// always gives the same bytes, so export → import → export is byte-identical.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { stringify } from 'yaml';
import { unzipSync, zipSync } from 'fflate';
import type { DB } from '../../db/client';
import * as script from '../../../i18n/script';
import { CONTENT_LOCALES } from './schema';
import { ContentErrors, readCourse } from './read';
import { parseStoredJson } from '../../db/json';
import { answerKeySchema, questionTextsSchema } from '../quiz-schema';
import { readCertificateModules, readObjectives } from '../course-schema';
import { importCourse } from './import';
import { exportAssignment } from './assignment-export';
import { exportDocuments } from './trainer-files';
import { canAuthor } from '../../authoring/lessons';
import { MAX_IMAGE_BYTES } from '../../platform/uploads';
import { m } from '../../../paraglide/messages';
import {
	COURSE_FILE,
	IMAGE_FILE,
	checkZipFile,
	exportCourseFiles as exportLinkedFiles,
	saveZipFiles,
	type ZipFile
} from './images';

const yaml = (data: unknown) => stringify(data, { lineWidth: 0 });
const frontMatter = (data: Record<string, unknown>, body: string) =>
	`---\n${yaml(data)}---\n${body ? `\n${body}\n` : ''}`;
const suffix = (locale: string) => (locale === 'en' ? '' : `.${locale}`);
const pad = (n: number) => String(n).padStart(2, '0');

// A Cyrillic text that is just the one derived from the Latin text is not exported: the importer
// derives it again.
const courseText = (t: { title: string; summary: string; body_md: string }) => [t.title, t.summary, t.body_md];
const moduleText = (t: { title: string; summary: string; objectives: string; body_md: string }) => [
	t.title,
	t.summary,
	readObjectives(t.objectives),
	t.body_md
];
const lessonText = (t: { title: string; body_md: string }) => [t.title, t.body_md];
const quizText = (t: { title: string; questions: string }) => ({
	title: t.title,
	questions: parseStoredJson(questionTextsSchema, t.questions, 'quiz_texts.questions').map((q) => ({
		prompt: q.prompt,
		options: q.options,
		items: q.items,
		explanation: q.explanation,
		...(q.untranslated ? { untranslated: true } : {})
	}))
});

/** The course's files, path → text, sorted by path. */
export async function exportCourseFiles(db: DB, courseId: number): Promise<Map<string, string>> {
	const course = await db.selectFrom('courses').selectAll().where('id', '=', courseId).executeTakeFirstOrThrow();
	const files = new Map<string, string>();
	const root = course.slug;
	const courseTexts = await db.selectFrom('course_texts').selectAll().where('course_id', '=', courseId).execute();
	const byLocale = <T extends { locale: string }>(rows: T[]) => new Map(rows.map((r) => [r.locale, r]));
	const ct = byLocale(courseTexts);
	for (const locale of CONTENT_LOCALES) {
		const t = ct.get(locale);
		const latin = ct.get('sr-Latn');
		if (!t) continue;
		if (locale === 'sr-Cyrl' && latin && script.isDerived(courseText(t), courseText(latin))) continue;
		const data: Record<string, unknown> = { title: t.title, summary: t.summary };
		if (locale === 'en') {
			data.pass_mark = course.pass_mark;
			data.certificate = {
				modules: readCertificateModules(course.certificate_modules),
				organisation_min_certified: course.org_min_certified,
				...(course.org_assignment_module ? { organisation_assignment: course.org_assignment_module } : {})
			};
			if (!course.issues_certificate) data.certificate = false;
			if (course.requires_assignments) data.requires_assignments = true;
		}
		files.set(`${root}/course${suffix(locale)}.md`, frontMatter(data, t.body_md));
	}
	const modules = await db
		.selectFrom('modules')
		.selectAll()
		.where('course_id', '=', courseId)
		.where('archived', '=', 0)
		.orderBy('position')
		.execute();
	for (const mod of modules) {
		const dir = `${root}/${pad(mod.position)}-${mod.slug}`;
		const mt = byLocale(await db.selectFrom('module_texts').selectAll().where('module_id', '=', mod.id).execute());
		for (const locale of CONTENT_LOCALES) {
			const t = mt.get(locale);
			const latin = mt.get('sr-Latn');
			if (!t) continue;
			if (locale === 'sr-Cyrl' && latin && script.isDerived(moduleText(t), moduleText(latin))) continue;
			const data: Record<string, unknown> = {
				title: t.title,
				summary: t.summary,
				objectives: readObjectives(t.objectives)
			};
			if (locale === 'en' && mod.exercise_minutes > 0) data.exercise_minutes = mod.exercise_minutes;
			files.set(`${dir}/module${suffix(locale)}.md`, frontMatter(data, t.body_md));
		}
		const lessons = await db
			.selectFrom('lessons')
			.select(['id', 'slug', 'position', 'minutes', 'current_version_id'])
			.where('module_id', '=', mod.id)
			.where('archived', '=', 0)
			.where('current_version_id', 'is not', null)
			.orderBy('position')
			.execute();
		for (const lesson of lessons) {
			const lt = byLocale(
				await db
					.selectFrom('lesson_texts')
					.select(['locale', 'title', 'body_md'])
					.where('version_id', '=', lesson.current_version_id!)
					.execute()
			);
			for (const locale of CONTENT_LOCALES) {
				const t = lt.get(locale);
				const latin = lt.get('sr-Latn');
				if (!t) continue;
				if (locale === 'sr-Cyrl' && latin && script.isDerived(lessonText(t), lessonText(latin))) continue;
				files.set(
					`${dir}/${pad(lesson.position)}-${lesson.slug}${suffix(locale)}.md`,
					frontMatter({ title: t.title, minutes: lesson.minutes }, t.body_md)
				);
			}
		}
		const quiz = await db
			.selectFrom('quizzes')
			.innerJoin('quiz_versions', 'quiz_versions.id', 'quizzes.current_version_id')
			.select([
				'quiz_versions.id',
				'quiz_versions.pass_mark',
				'quiz_versions.max_attempts',
				'quiz_versions.wait_minutes',
				'quiz_versions.attempts_per_day',
				'quiz_versions.draw',
				'quiz_versions.answer_key'
			])
			.where('quizzes.module_id', '=', mod.id)
			.where('quizzes.archived', '=', 0)
			.executeTakeFirst();
		if (quiz) {
			const keys = parseStoredJson(answerKeySchema, quiz.answer_key, 'quiz_versions.answer_key');
			const qt = byLocale(
				await db
					.selectFrom('quiz_texts')
					.select(['locale', 'title', 'questions'])
					.where('version_id', '=', quiz.id)
					.execute()
			);
			for (const locale of CONTENT_LOCALES) {
				const t = qt.get(locale);
				if (!t) continue;
				const questions = parseStoredJson(questionTextsSchema, t.questions, 'quiz_texts.questions');
				const latin = qt.get('sr-Latn');
				if (locale === 'sr-Cyrl' && latin && script.isDerived(quizText(t), quizText(latin))) continue;
				const data: Record<string, unknown> = {};
				if (t.title) data.title = t.title;
				if (quiz.pass_mark !== course.pass_mark) data.pass_mark = quiz.pass_mark;
				data.max_attempts = quiz.max_attempts;
				data.wait_minutes = quiz.wait_minutes;
				data.attempts_per_day = quiz.attempts_per_day;
				if (quiz.draw !== null && locale === 'en') data.draw = JSON.parse(quiz.draw);
				// A question not yet translated is left out of the translation's file (the importer shows
				// it in English, marked, again).
				data.questions = keys.flatMap((key, i) => {
					const q = questions[i];
					if (locale !== 'en' && (!q || q.untranslated)) return [];
					const out: Record<string, unknown> = { id: key.id, type: key.type, prompt: q.prompt };
					if (key.topic && locale === 'en') out.topic = key.topic;
					if (key.type === 'single' || key.type === 'multiple') {
						// An option with feedback is written as a mapping, the others as plain text.
						out.options = q.options.map((text, n) => (q.feedback?.[n] ? { text, feedback: q.feedback[n] } : text));
						out.correct = key.correct;
					} else if (key.type === 'true_false') out.correct = key.correct;
					else if (key.type === 'ordering') out.items = q.items;
					else out.accepted = key.accepted[locale] ?? [];
					out.explanation = q.explanation;
					return [out];
				});
				files.set(`${dir}/quiz${suffix(locale)}.yaml`, yaml(data));
			}
		}
		for (const [path, text] of await exportAssignment(db, mod.id, dir, frontMatter)) files.set(path, text);
	}
	const moduleDirs = new Map(modules.map((mod) => [mod.slug, `${root}/${pad(mod.position)}-${mod.slug}`]));
	for (const [path, text] of await exportDocuments(db, courseId, root, moduleDirs, frontMatter)) files.set(path, text);
	return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

// A fixed time for every entry, so that the same files always zip to the same bytes.
const FIXED_TIME = new Date('2020-01-01T00:00:00Z');

/** The course's texts and the images and files they show or link to, as a zip. */
export async function exportCourseZip(db: DB, courseId: number): Promise<Uint8Array> {
	const files = new Map<string, Uint8Array>();
	for (const [path, text] of await exportCourseFiles(db, courseId)) files.set(path, new TextEncoder().encode(text));
	for (const [path, bytes] of await exportLinkedFiles(db, courseId)) files.set(path, bytes);
	const entries: Record<string, [Uint8Array, { mtime: Date; level: 0 | 6 }]> = {};
	// Images are compressed already: stored as they are.
	for (const path of [...files.keys()].sort())
		entries[path] = [files.get(path)!, { mtime: FIXED_TIME, level: IMAGE_FILE.test(path) ? 0 : 6 }];
	return zipSync(entries, { mtime: FIXED_TIME });
}

export const MAX_ZIP_BYTES = 10 * 1024 * 1024;
/** What an archive may unpack to in all: a few kilobytes of zeros can claim gigabytes (a zip bomb). */
export const MAX_UNZIPPED_BYTES = 50 * 1024 * 1024;
/** What one file of an archive may unpack to: images are held to the upload limit, 2 MB. */
const MAX_FILE_BYTES = MAX_IMAGE_BYTES;

export type ZipImportResult = { ok: true; slug: string } | { ok: false; errors: string[]; forbidden?: true };

/** Who imports: authors of a course may replace it; only administrators create courses. */
export type Importer = { id: number; role: string };

/**
 * Imports a course zip in the content/ format: checked like content/, all or nothing, and only into
 * a course `user` may author. The course is decided from every entry of the archive, folders and
 * skipped files included: a check on one entry (the first) let a zip open with a folder of the
 * user's own course and go on with the files of another.
 */
export async function importCourseZip(db: DB, bytes: Uint8Array, user: Importer): Promise<ZipImportResult> {
	if (bytes.length > MAX_ZIP_BYTES) return { ok: false, errors: [m.import_zip_too_large()] };
	let entries: Record<string, Uint8Array>;
	const names: string[] = [];
	// fflate makes room for each file by the size its header declares. The declared sizes are added
	// up file by file; past the limit nothing more is unpacked and the archive is refused whole, so
	// memory stays within the limit.
	let declared = 0;
	const oversized: string[] = [];
	try {
		entries = unzipSync(bytes, {
			filter: (file) => {
				names.push(file.name);
				declared += file.originalSize;
				if (file.originalSize > MAX_FILE_BYTES) oversized.push(file.name);
				return file.originalSize <= MAX_FILE_BYTES && declared <= MAX_UNZIPPED_BYTES;
			}
		});
	} catch {
		return { ok: false, errors: [m.import_zip_unreadable()] };
	}
	if (declared > MAX_UNZIPPED_BYTES) return { ok: false, errors: [m.import_zip_unpacks_too_large()] };
	const roots = new Set(names.map((p) => p.replace(/\\/g, '/').split('/')[0]));
	if (roots.size !== 1) return { ok: false, errors: [m.import_zip_one_course()] };
	const [slug] = [...roots];
	const paths = Object.keys(entries).filter((p) => !p.endsWith('/'));
	const existing = await db.selectFrom('courses').select('id').where('slug', '=', slug).executeTakeFirst();
	const allowed = existing ? await canAuthor(db, user, existing.id) : user.role === 'admin';
	if (!allowed) {
		return {
			ok: false,
			forbidden: true,
			errors: [existing ? m.import_zip_not_author({ slug }) : m.import_zip_admins_only({ slug })]
		};
	}
	// Nothing is saved before every entry has passed: files go where lessons find them only once the
	// course itself is imported.
	const refused = oversized.map((name) => `${name}: ${m.import_zip_file_too_large()}`);
	const kept: ZipFile[] = [];
	const dir = mkdtempSync(join(tmpdir(), 'civicsteps-import-'));
	try {
		for (const path of paths) {
			const clean = normalize(path).split(sep).join('/');
			if (
				clean.startsWith('..') ||
				isAbsolute(clean) ||
				!clean.startsWith(`${slug}/`) ||
				!(/\.(md|yaml)$/i.test(clean) || COURSE_FILE.test(clean))
			) {
				return { ok: false, errors: [`${path}: ${m.import_zip_not_allowed()}`] };
			}
			if (COURSE_FILE.test(clean)) {
				const checked = checkZipFile(clean.slice(slug.length + 1), entries[path]);
				if (checked.ok) kept.push(checked.file);
				else refused.push(`${path}: ${checked.error}`);
				continue;
			}
			mkdirSync(dirname(join(dir, clean)), { recursive: true });
			writeFileSync(join(dir, clean), entries[path]);
		}
		if (refused.length > 0) return { ok: false, errors: refused };
		const errors = new ContentErrors(dir);
		const course = readCourse(join(dir, slug), errors);
		if (errors.list.length > 0 || !course) return { ok: false, errors: errors.list };
		const imported = await importCourse(db, course, Date.now(), user.id);
		if (!imported.ok) return { ok: false, errors: imported.errors };
		await saveZipFiles(db, slug, kept);
		return { ok: true, slug };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
