// Images that trainers upload for lessons. The type is read from the file's first bytes, never
// from its name or the browser's word, and the file is stored under the hash of its content, so that
// its address never changes and can be cached for a year. Images that come in a course zip keep
// their place in the course folder instead, so that the lessons' relative links find them; so do
// the PDF handouts a course zip brings, checked by their bytes in the same way. Where the bytes are
// kept (a directory on SQLite, the database on PostgreSQL) is files.ts's business.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { posix, resolve, sep } from 'node:path';
import type { DB } from '../db/client';
import { config } from './config';
import { fileStore } from './files';

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
export const IMAGE_TYPES = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' } as const;
export type ImageExt = keyof typeof IMAGE_TYPES;

/** PNG, JPEG or WebP by their signatures; null for anything else. */
export function detectImage(bytes: Uint8Array): ImageExt | null {
	const b = bytes;
	if (
		b.length >= 8 &&
		b[0] === 0x89 &&
		b[1] === 0x50 &&
		b[2] === 0x4e &&
		b[3] === 0x47 &&
		b[4] === 0x0d &&
		b[5] === 0x0a &&
		b[6] === 0x1a &&
		b[7] === 0x0a
	)
		return 'png';
	if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpg';
	if (
		b.length >= 12 &&
		String.fromCharCode(...b.slice(0, 4)) === 'RIFF' &&
		String.fromCharCode(...b.slice(8, 12)) === 'WEBP'
	)
		return 'webp';
	return null;
}

type Refusal = { ok: false; reason: 'too_large' | 'not_image' | 'empty' };
export type UploadResult = { ok: true; url: string } | Refusal;

type ImageCheck = { ok: true; ext: ImageExt } | Refusal;

/** Whether bytes may be stored as an image: not empty, within the size limit, PNG, JPEG or WebP. */
export function checkImage(bytes: Uint8Array): ImageCheck {
	if (bytes.length === 0) return { ok: false, reason: 'empty' };
	if (bytes.length > MAX_IMAGE_BYTES) return { ok: false, reason: 'too_large' };
	const ext = detectImage(bytes);
	return ext ? { ok: true, ext } : { ok: false, reason: 'not_image' };
}

/** The name an upload is stored under: the hash of its bytes and its type. */
export function uploadName(bytes: Uint8Array, ext: ImageExt): string {
	return `${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.${ext}`;
}

/** Stores a checked image under its content's name; `dir` replaces UPLOADS_DIR on SQLite (tests). */
export async function saveImage(db: DB, bytes: Uint8Array, dir?: string): Promise<UploadResult> {
	const checked = checkImage(bytes);
	if (!checked.ok) return checked;
	const name = uploadName(bytes, checked.ext);
	await fileStore(db, 'uploads', dir).save(name, bytes, { keepExisting: true });
	return { ok: true, url: `/uploads/${name}` };
}

/** The type of an upload by its name, or null for a name that cannot be ours. */
export function uploadType(name: string): string | null {
	const match = /^([a-f0-9]{32})\.(png|jpg|webp)$/.exec(name);
	return match ? IMAGE_TYPES[match[2] as ImageExt] : null;
}

/** A stored upload's bytes and type, or null when the name cannot be ours or nothing is stored under it. */
export async function readUpload(
	db: DB,
	name: string,
	dir?: string
): Promise<{ bytes: Uint8Array<ArrayBuffer>; type: string } | null> {
	const type = uploadType(name);
	if (!type) return null;
	const bytes = await fileStore(db, 'uploads', dir).read(name);
	return bytes ? { bytes, type } : null;
}

/** Files a course's texts may link to beside their Markdown, by extension. */
const ASSET_TYPES: Record<string, string> = {
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	gif: 'image/gif',
	pdf: 'application/pdf',
	// Assignment templates (assignment.md `template:`).
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	odt: 'application/vnd.oasis.opendocument.text'
};

/** Where the files of imported course zips live among the uploads: one folder per course. */
function importedKey(course: string, path: string): string | null {
	const normal = posix.normalize(path);
	return normal.startsWith('../') || normal.startsWith('/') || normal === '..' ? null : `courses/${course}/${normal}`;
}

/** `path` inside `root`, or null when it would lead out of it. */
function inside(root: string, path: string): string | null {
	const file = resolve(root, path);
	return file.startsWith(root + sep) ? file : null;
}

/**
 * A course file a text links to (`/content-assets/<course>/<path>`): its bytes and type, or null. A
 * file that came in a zip is looked up first: a trainer who imports a changed image means it to be
 * shown. The files of content/ are part of every installation and stay on disk.
 */
export async function courseAssetFile(
	db: DB,
	course: string,
	path: string
): Promise<{ bytes: Uint8Array<ArrayBuffer>; type: string } | null> {
	const type = ASSET_TYPES[path.split('.').pop()?.toLowerCase() ?? ''];
	if (!type || !/^[a-z0-9-]+$/.test(course)) return null;
	const key = importedKey(course, path);
	const imported = key ? await fileStore(db, 'uploads').read(key) : null;
	if (imported) return { bytes: imported, type };
	const file = inside(resolve(config.contentDir, course), path);
	if (!file || !existsSync(file)) return null;
	try {
		return { bytes: new Uint8Array(await readFile(file)), type };
	} catch {
		return null;
	}
}

/** A PDF by its signature, held to the upload limit like an image. */
export function checkPdf(bytes: Uint8Array): { ok: true } | { ok: false; reason: 'too_large' | 'not_pdf' } {
	if (bytes.length > MAX_IMAGE_BYTES) return { ok: false, reason: 'too_large' };
	const signature = '%PDF-';
	const ok = bytes.length > signature.length && [...signature].every((c, i) => bytes[i] === c.charCodeAt(0));
	return ok ? { ok: true } : { ok: false, reason: 'not_pdf' };
}

/** Stores an image or PDF of a course zip at its place in the course folder; the caller has checked it. */
export async function saveCourseFile(db: DB, course: string, path: string, bytes: Uint8Array): Promise<void> {
	const key = importedKey(course, path);
	if (!key) throw new Error(`${course}/${path}: outside the course folder`);
	await fileStore(db, 'uploads').save(key, bytes);
}
