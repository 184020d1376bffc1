// Images that trainers upload for lessons. The type is read from the file's first bytes, never
// from its name or the browser's word, and the file is stored under the hash of its content, so that
// its address never changes and can be cached for a year. Images that come in a course zip keep
// their place in the course folder instead, so that the lessons' relative links find them; so do
// the PDF handouts a course zip brings, checked by their bytes in the same way.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { config } from './config';

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

export function saveImage(bytes: Uint8Array, dir = config.uploadsDir): UploadResult {
	const checked = checkImage(bytes);
	if (!checked.ok) return checked;
	const name = uploadName(bytes, checked.ext);
	mkdirSync(dir, { recursive: true });
	const path = join(dir, name);
	if (!existsSync(path)) writeFileSync(path, bytes);
	return { ok: true, url: `/uploads/${name}` };
}

/** A stored upload's path and type, or null for a name that cannot be ours. */
export function uploadPath(name: string, dir = config.uploadsDir): { path: string; type: string } | null {
	const match = /^([a-f0-9]{32})\.(png|jpg|webp)$/.exec(name);
	if (!match) return null;
	return { path: join(dir, name), type: IMAGE_TYPES[match[2] as ImageExt] };
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

/** Where the images of imported course zips live: beside the uploads, one folder per course. */
const importedAssetsDir = (dir = config.uploadsDir) => join(dir, 'courses');

/** `path` inside `root`, or null when it would lead out of it. */
function inside(root: string, path: string): string | null {
	const file = resolve(root, path);
	return file.startsWith(root + sep) ? file : null;
}

/**
 * A course file a text links to (`/content-assets/<course>/<path>`) and its type, or null. An image
 * that came in a zip is looked up first: a trainer who imports a changed image means it to be shown.
 */
export function courseAssetFile(course: string, path: string): { path: string; type: string } | null {
	const type = ASSET_TYPES[path.split('.').pop()?.toLowerCase() ?? ''];
	if (!type || !/^[a-z0-9-]+$/.test(course)) return null;
	for (const root of [importedAssetsDir(), config.contentDir]) {
		const file = inside(resolve(root, course), path);
		if (file && existsSync(file)) return { path: file, type };
	}
	return null;
}

/** A PDF by its signature, held to the upload limit like an image. */
export function checkPdf(bytes: Uint8Array): { ok: true } | { ok: false; reason: 'too_large' | 'not_pdf' } {
	if (bytes.length > MAX_IMAGE_BYTES) return { ok: false, reason: 'too_large' };
	const signature = '%PDF-';
	const ok = bytes.length > signature.length && [...signature].every((c, i) => bytes[i] === c.charCodeAt(0));
	return ok ? { ok: true } : { ok: false, reason: 'not_pdf' };
}

/** Stores an image or PDF of a course zip at its place in the course folder; the caller has checked it. */
export function saveCourseFile(course: string, path: string, bytes: Uint8Array): void {
	const file = inside(resolve(importedAssetsDir(), course), path);
	if (!file) throw new Error(`${course}/${path}: outside the course folder`);
	mkdirSync(dirname(file), { recursive: true });
	writeFileSync(file, bytes);
}
