// Lesson images uploaded by trainers: the type comes from the file's first bytes, never its name; the
// file is stored under the hash of its content (in a folder on SQLite, in the database on PostgreSQL).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import { onPostgres } from '$lib/server/db/postgres';
import { MAX_IMAGE_BYTES, detectImage, readUpload, saveImage, uploadType } from '$lib/server/platform/uploads';
import { removeTempDirs, tempDir } from './content-fixture';
import { freshDb } from './helpers';

afterEach(removeTempDirs);

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function png(size = 64, fill = 0): Uint8Array {
	const bytes = new Uint8Array(size).fill(fill);
	bytes.set(PNG_SIGNATURE);
	return bytes;
}

function jpeg(size = 64): Uint8Array {
	const bytes = new Uint8Array(size);
	bytes.set([0xff, 0xd8, 0xff, 0xe0]);
	return bytes;
}

function webp(size = 64): Uint8Array {
	const bytes = new Uint8Array(size);
	bytes.set(new TextEncoder().encode('RIFF'), 0);
	bytes.set([size - 8, 0, 0, 0], 4);
	bytes.set(new TextEncoder().encode('WEBPVP8 '), 8);
	return bytes;
}

const text = (s: string) => new TextEncoder().encode(s);
/** The names stored: the folder's files on SQLite, the table's rows on PostgreSQL. */
async function files(db: DB, dir: string): Promise<string[]> {
	if (!onPostgres(db)) return existsSync(dir) ? readdirSync(dir).sort() : [];
	const rows = await db.selectFrom('stored_files').select('key').where('area', '=', 'uploads').orderBy('key').execute();
	return rows.map((r) => r.key);
}

describe('detectImage', () => {
	it('recognises PNG, JPEG and WebP by their first bytes', () => {
		expect(detectImage(png())).toBe('png');
		expect(detectImage(jpeg())).toBe('jpg');
		expect(detectImage(webp())).toBe('webp');
	});

	it('refuses anything else, including text, GIF, SVG and truncated signatures', () => {
		expect(detectImage(text('This is a text file someone named photo.png'))).toBeNull();
		expect(detectImage(text('GIF89a\u0001\u0000\u0001\u0000'))).toBeNull();
		expect(detectImage(text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
		expect(detectImage(text('RIFF\u0000\u0000\u0000\u0000WAVEfmt '))).toBeNull();
		expect(detectImage(new Uint8Array(PNG_SIGNATURE.slice(0, 7)))).toBeNull();
		expect(detectImage(new Uint8Array([0xff, 0xd8]))).toBeNull();
		expect(detectImage(new Uint8Array(0))).toBeNull();
	});
});

describe('saveImage', () => {
	it('stores an image under the hash of its content', async () => {
		const db = await freshDb();
		const dir = join(tempDir(), 'uploads');
		const bytes = png(256, 7);
		const result = await saveImage(db, bytes, dir);
		const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
		expect(result).toEqual({ ok: true, url: `/uploads/${hash}.png` });
		expect(await files(db, dir)).toEqual([`${hash}.png`]);
		expect(await readUpload(db, `${hash}.png`, dir)).toEqual({ bytes, type: 'image/png' });
	});

	it('gives the same address for the same bytes, a new one for other bytes', async () => {
		const db = await freshDb();
		const dir = tempDir();
		const a = await saveImage(db, png(100, 1), dir);
		const again = await saveImage(db, png(100, 1), dir);
		const b = await saveImage(db, png(100, 2), dir);
		expect(again).toEqual(a);
		expect(b).not.toEqual(a);
		expect(await files(db, dir)).toHaveLength(2);
		expect(await saveImage(db, jpeg(), dir)).toMatchObject({
			ok: true,
			url: expect.stringMatching(/^\/uploads\/[a-f0-9]{32}\.jpg$/)
		});
		expect(await saveImage(db, webp(), dir)).toMatchObject({
			ok: true,
			url: expect.stringMatching(/^\/uploads\/[a-f0-9]{32}\.webp$/)
		});
	});

	it('refuses a text file even when it is called .png, and stores nothing', async () => {
		const db = await freshDb();
		const dir = tempDir();
		expect(await saveImage(db, text('not really an image, despite the name picture.png'), dir)).toEqual({
			ok: false,
			reason: 'not_image'
		});
		expect(await files(db, dir)).toEqual([]);
	});

	it('refuses an image over 2 MB and stores nothing; exactly 2 MB is fine', async () => {
		const db = await freshDb();
		const dir = join(tempDir(), 'uploads');
		expect(MAX_IMAGE_BYTES).toBe(2 * 1024 * 1024);
		expect(await saveImage(db, png(MAX_IMAGE_BYTES + 1), dir)).toEqual({ ok: false, reason: 'too_large' });
		expect(await files(db, dir)).toEqual([]);
		expect((await saveImage(db, png(MAX_IMAGE_BYTES), dir)).ok).toBe(true);
		expect(await files(db, dir)).toHaveLength(1);
	});

	it('refuses an empty file', async () => {
		const db = await freshDb();
		const dir = tempDir();
		expect(await saveImage(db, new Uint8Array(0), dir)).toEqual({ ok: false, reason: 'empty' });
		expect(await files(db, dir)).toEqual([]);
	});
});

describe('readUpload', () => {
	it('reads a stored image with its type, and refuses names that cannot be ours', async () => {
		const db = await freshDb();
		const dir = tempDir();
		const bytes = png();
		const saved = await saveImage(db, bytes, dir);
		if (!saved.ok) throw new Error('not saved');
		const name = saved.url.replace('/uploads/', '');
		expect(await readUpload(db, name, dir)).toEqual({ bytes, type: 'image/png' });
		// A well-formed name with nothing stored under it.
		expect(await readUpload(db, `${'b'.repeat(32)}.png`, dir)).toBeNull();
		expect(uploadType(`${'a'.repeat(32)}.jpg`)).toBe('image/jpeg');
		expect(uploadType(`${'a'.repeat(32)}.webp`)).toBe('image/webp');
		for (const bad of [
			'../secret.png',
			`${'a'.repeat(32)}.svg`,
			`${'A'.repeat(32)}.png`,
			`${'a'.repeat(31)}.png`,
			`x/${'a'.repeat(32)}.png`,
			`${'a'.repeat(32)}.png.html`
		]) {
			expect(uploadType(bad)).toBeNull();
			expect(await readUpload(db, bad, dir)).toBeNull();
		}
	});
});
