// Images that trainers upload for lessons. The type is read from the file's first bytes, never
// from its name or the browser's word, and the file is stored under the hash of its content, so that
// its address never changes and can be cached for a year.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
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

export type UploadResult = { ok: true; url: string } | { ok: false; reason: 'too_large' | 'not_image' | 'empty' };

export function saveImage(bytes: Uint8Array, dir = config.uploadsDir): UploadResult {
	if (bytes.length === 0) return { ok: false, reason: 'empty' };
	if (bytes.length > MAX_IMAGE_BYTES) return { ok: false, reason: 'too_large' };
	const ext = detectImage(bytes);
	if (!ext) return { ok: false, reason: 'not_image' };
	const name = `${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.${ext}`;
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
