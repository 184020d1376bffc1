// Lesson images uploaded by trainers: the type comes from the file's first bytes, never its name; the
// file is stored under the hash of its content.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_IMAGE_BYTES, detectImage, saveImage, uploadPath } from '$lib/server/platform/uploads';
import { removeTempDirs, tempDir } from './content-fixture';

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
const files = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

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
	it('stores an image under the hash of its content', () => {
		const dir = join(tempDir(), 'uploads');
		const bytes = png(256, 7);
		const result = saveImage(bytes, dir);
		const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
		expect(result).toEqual({ ok: true, url: `/uploads/${hash}.png` });
		expect(files(dir)).toEqual([`${hash}.png`]);
		expect(new Uint8Array(readFileSync(join(dir, `${hash}.png`)))).toEqual(bytes);
	});

	it('gives the same address for the same bytes, a new one for other bytes', () => {
		const dir = tempDir();
		const a = saveImage(png(100, 1), dir);
		const again = saveImage(png(100, 1), dir);
		const b = saveImage(png(100, 2), dir);
		expect(again).toEqual(a);
		expect(b).not.toEqual(a);
		expect(files(dir)).toHaveLength(2);
		expect(saveImage(jpeg(), dir)).toMatchObject({
			ok: true,
			url: expect.stringMatching(/^\/uploads\/[a-f0-9]{32}\.jpg$/)
		});
		expect(saveImage(webp(), dir)).toMatchObject({
			ok: true,
			url: expect.stringMatching(/^\/uploads\/[a-f0-9]{32}\.webp$/)
		});
	});

	it('refuses a text file even when it is called .png, and stores nothing', () => {
		const dir = tempDir();
		expect(saveImage(text('not really an image, despite the name picture.png'), dir)).toEqual({
			ok: false,
			reason: 'not_image'
		});
		expect(files(dir)).toEqual([]);
	});

	it('refuses an image over 2 MB and stores nothing; exactly 2 MB is fine', () => {
		const dir = join(tempDir(), 'uploads');
		expect(MAX_IMAGE_BYTES).toBe(2 * 1024 * 1024);
		expect(saveImage(png(MAX_IMAGE_BYTES + 1), dir)).toEqual({ ok: false, reason: 'too_large' });
		expect(files(dir)).toEqual([]);
		expect(saveImage(png(MAX_IMAGE_BYTES), dir).ok).toBe(true);
		expect(files(dir)).toHaveLength(1);
	});

	it('refuses an empty file', () => {
		const dir = tempDir();
		expect(saveImage(new Uint8Array(0), dir)).toEqual({ ok: false, reason: 'empty' });
		expect(files(dir)).toEqual([]);
	});
});

describe('uploadPath', () => {
	it('maps a stored name to its file and type, and refuses names that cannot be ours', () => {
		const dir = tempDir();
		const saved = saveImage(png(), dir);
		if (!saved.ok) throw new Error('not saved');
		const name = saved.url.replace('/uploads/', '');
		expect(uploadPath(name, dir)).toEqual({ path: join(dir, name), type: 'image/png' });
		expect(uploadPath(`${'a'.repeat(32)}.jpg`, dir)?.type).toBe('image/jpeg');
		expect(uploadPath(`${'a'.repeat(32)}.webp`, dir)?.type).toBe('image/webp');
		for (const bad of [
			'../secret.png',
			`${'a'.repeat(32)}.svg`,
			`${'A'.repeat(32)}.png`,
			`${'a'.repeat(31)}.png`,
			`x/${'a'.repeat(32)}.png`,
			`${'a'.repeat(32)}.png.html`
		]) {
			expect(uploadPath(bad, dir)).toBeNull();
		}
	});
});
