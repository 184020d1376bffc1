// The images and PDF handouts of a course zip. Export writes every image the course's texts show and
// every course file they link to: uploads under
// `<course>/uploads/<hash>.<ext>` (their Markdown keeps the absolute /uploads/ address, which is the
// same on every installation because the name is the hash of the bytes), and images beside the
// Markdown at their place relative to the text, so that the text's relative link finds them again.
// Import checks each one like an upload before anything is saved.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { DB } from '../../db/client';
import {
	checkImage,
	checkPdf,
	courseAssetFile,
	saveCourseFile,
	readUpload,
	saveImage,
	uploadName,
	type ImageExt
} from '../../platform/uploads';
import { m } from '../../../paraglide/messages';

/** The folder of a course zip that holds the course's uploaded images. */
const UPLOADS = 'uploads';

export const IMAGE_FILE = /\.(png|jpe?g|webp)$/i;
/** The files a course zip may hold besides its Markdown and YAML. */
export const COURSE_FILE = /\.(png|jpe?g|webp|pdf)$/i;

/** An image or PDF of a course zip, checked, with its path inside the course folder. */
export type ZipFile = { kind: 'upload' | 'asset'; path: string; bytes: Uint8Array };

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
// Messages in the language of the person importing (English for content/ at start-up).
const REASONS = {
	too_large: m.import_zip_file_too_large,
	not_image: m.import_zip_not_image,
	empty: m.import_zip_not_image,
	not_pdf: m.import_zip_not_pdf
};

/**
 * Checks an image or PDF of a course zip as an upload is checked: type read from its bytes (and the
 * same as its name says), the size limit, and a plain name. `path` is inside the course folder, normalised.
 */
export function checkZipFile(
	path: string,
	bytes: Uint8Array
): { ok: true; file: ZipFile } | { ok: false; error: string } {
	const parts = path.split('/');
	if (!parts.every((p) => SAFE_NAME.test(p))) return { ok: false, error: m.import_zip_bad_name() };
	if (/\.pdf$/i.test(path)) {
		if (parts[0] === UPLOADS) return { ok: false, error: m.import_zip_uploads_only_images() };
		const checked = checkPdf(bytes);
		return checked.ok
			? { ok: true, file: { kind: 'asset', path, bytes } }
			: { ok: false, error: REASONS[checked.reason]() };
	}
	const checked = checkImage(bytes);
	if (!checked.ok) return { ok: false, error: REASONS[checked.reason]() };
	const named = path.split('.').pop()!.toLowerCase().replace('jpeg', 'jpg') as ImageExt;
	if (named !== checked.ext) return { ok: false, error: m.import_zip_name_type({ named, actual: checked.ext }) };
	if (parts[0] !== UPLOADS) return { ok: true, file: { kind: 'asset', path, bytes } };
	if (parts.length !== 2 || parts[1] !== uploadName(bytes, checked.ext))
		return { ok: false, error: m.import_zip_upload_mismatch() };
	return { ok: true, file: { kind: 'upload', path, bytes } };
}

/** Stores checked files where the course's served texts find them. */
export async function saveZipFiles(db: DB, course: string, files: ZipFile[]): Promise<void> {
	for (const file of files) {
		if (file.kind === 'upload') await saveImage(db, file.bytes);
		else await saveCourseFile(db, course, file.path, file.bytes);
	}
}

/**
 * Stores the uploads an exported course brings in its `uploads/` folder, when the zip was unpacked
 * into content/; returns the problems, by path inside the course folder (a file that is not the upload its name says is skipped).
 */
export async function restoreCourseUploads(db: DB, courseDir: string): Promise<string[]> {
	const dir = join(courseDir, UPLOADS);
	if (!existsSync(dir)) return [];
	const problems: string[] = [];
	for (const name of readdirSync(dir).sort()) {
		const checked = checkZipFile(`${UPLOADS}/${name}`, new Uint8Array(readFileSync(join(dir, name))));
		if (checked.ok) await saveImage(db, checked.file.bytes);
		else problems.push(`${UPLOADS}/${name}: ${checked.error}`);
	}
	return problems;
}

/** The `src` of every image and the `href` of every link in rendered HTML. */
function linkedAddresses(html: string): string[] {
	return [...html.matchAll(/<(?:img\b[^>]*?\ssrc|a\b[^>]*?\shref)="([^"]+)"/g)].map((m) => m[1]);
}

/**
 * Adds the file an image or link address leads to to `into` (zip path → bytes). `dir` is where the text
 * goes in the zip; a relative address was rendered as `base + relative path` and goes to `dir/relative path`.
 */
async function addFile(
	db: DB,
	into: Map<string, Uint8Array>,
	course: string,
	src: string,
	dir: string,
	base: string | undefined
): Promise<void> {
	const upload = /^\/uploads\/([^/?#]+)$/.exec(src);
	if (upload) {
		const target = `${course}/${UPLOADS}/${upload[1]}`;
		if (into.has(target)) return;
		const file = await readUpload(db, upload[1]);
		if (file) into.set(target, file.bytes);
		return;
	}
	if (!base || !src.startsWith(base) || !COURSE_FILE.test(src)) return;
	const relative = src.slice(base.length);
	const target = posix.normalize(posix.join(dir, relative));
	if (!target.startsWith(`${course}/`) || target.startsWith(`${course}/${UPLOADS}/`)) return;
	const found = await courseAssetFile(
		db,
		course,
		posix.normalize(posix.join(base.slice(`/content-assets/${course}/`.length), relative))
	);
	if (found) into.set(target, found.bytes);
}

const folder = (position: number, slug: string) => `${String(position).padStart(2, '0')}-${slug}`;

/**
 * Every image the course's current texts show and every course file they link to (all languages), as
 * zip path → bytes. A file that is missing on disk is left out: the zip holds what learners get.
 */
export async function exportCourseFiles(db: DB, courseId: number): Promise<Map<string, Uint8Array>> {
	const course = await db.selectFrom('courses').select('slug').where('id', '=', courseId).executeTakeFirstOrThrow();
	const root = course.slug;
	const files = new Map<string, Uint8Array>();
	const courseBase = `/content-assets/${root}/`;
	for (const t of await db.selectFrom('course_texts').select('body_html').where('course_id', '=', courseId).execute()) {
		for (const src of linkedAddresses(t.body_html)) await addFile(db, files, root, src, root, courseBase);
	}
	// A module's texts and its lessons were rendered against the module's folder (its name at the
	// time); the zip names the folder after the module's place today.
	const moduleBase = new RegExp(`^/content-assets/${root}/[^/]+/`);
	const texts = await db
		.selectFrom('modules')
		.leftJoin('module_texts', 'module_texts.module_id', 'modules.id')
		.select(['modules.position', 'modules.slug', 'module_texts.body_html'])
		.where('modules.course_id', '=', courseId)
		.where('modules.archived', '=', 0)
		.unionAll(
			db
				.selectFrom('lessons')
				.innerJoin('modules', 'modules.id', 'lessons.module_id')
				.innerJoin('lesson_texts', 'lesson_texts.version_id', 'lessons.current_version_id')
				.select(['modules.position', 'modules.slug', 'lesson_texts.body_html'])
				.where('modules.course_id', '=', courseId)
				.where('modules.archived', '=', 0)
				.where('lessons.archived', '=', 0)
		)
		.execute();
	for (const t of texts) {
		if (!t.body_html) continue;
		for (const src of linkedAddresses(t.body_html))
			await addFile(db, files, root, src, `${root}/${folder(t.position, t.slug)}`, moduleBase.exec(src)?.[0]);
	}
	return files;
}
