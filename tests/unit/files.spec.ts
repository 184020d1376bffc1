// Where uploaded files live (platform/files.ts): a folder on SQLite, the stored_files table on
// PostgreSQL, so that every instance sharing the database reads what another stored.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { onPostgres } from '$lib/server/db/postgres';
import { fileStore, validKey } from '$lib/server/platform/files';
import { readStoredFile, removeStoredFile, storeFile } from '$lib/server/assignments/files';
import { removeTempDirs, tempDir } from './content-fixture';
import { freshDb } from './helpers';
import { engine } from './engine';
import { twoHandles, type TwoHandles } from './two-handles';

let handles: TwoHandles | undefined;
afterEach(async () => {
	await handles?.close();
	handles = undefined;
	removeTempDirs();
});

const bytes = (...b: number[]) => new Uint8Array(b);

describe('a file store', () => {
	it('saves, reads, tells whether a file exists, and removes it', async () => {
		const db = await freshDb();
		const files = fileStore(db, 'uploads', tempDir());
		expect(await files.exists('courses/demo/images/map.png')).toBe(false);
		expect(await files.read('courses/demo/images/map.png')).toBeNull();
		await files.save('courses/demo/images/map.png', bytes(1, 2, 3));
		expect(await files.exists('courses/demo/images/map.png')).toBe(true);
		expect(await files.read('courses/demo/images/map.png')).toEqual(bytes(1, 2, 3));
		// A course imported again with a changed image replaces it.
		await files.save('courses/demo/images/map.png', bytes(4, 5));
		expect(await files.read('courses/demo/images/map.png')).toEqual(bytes(4, 5));
		await files.remove('courses/demo/images/map.png');
		expect(await files.exists('courses/demo/images/map.png')).toBe(false);
		// Removing what is not there is no error.
		await files.remove('courses/demo/images/map.png');
	});

	it('keeps an existing file when asked to (content-addressed names)', async () => {
		const db = await freshDb();
		const files = fileStore(db, 'uploads', tempDir());
		await files.save('a.png', bytes(1), { keepExisting: true });
		await files.save('a.png', bytes(2), { keepExisting: true });
		expect(await files.read('a.png')).toEqual(bytes(1));
	});

	it('keeps the areas apart', async () => {
		const db = await freshDb();
		await fileStore(db, 'uploads', tempDir()).save('same.pdf', bytes(1));
		expect(await fileStore(db, 'submissions', tempDir()).read('same.pdf')).toBeNull();
	});

	it('refuses keys that could lead out of the folder or hold odd characters', async () => {
		const db = await freshDb();
		const dir = tempDir();
		const files = fileStore(db, 'uploads', join(dir, 'uploads'));
		for (const bad of [
			'../secret.png',
			'a/../../b.png',
			'/etc/passwd',
			'',
			'a//b.png',
			'.hidden',
			'a b.png',
			'x\\y.png'
		]) {
			expect(validKey(bad)).toBe(false);
			await expect(files.save(bad, bytes(1))).rejects.toThrow('not a valid file name');
			expect(await files.read(bad)).toBeNull();
			expect(await files.exists(bad)).toBe(false);
		}
		expect(validKey(`${'a'.repeat(255)}.png`)).toBe(false);
		expect(readdirSync(dir)).toEqual([]);
	});

	it('one instance stores a file, another reads it', async () => {
		handles = await twoHandles();
		// On SQLite both handles are one server's: the same folder.
		const dir = tempDir();
		await fileStore(handles.one, 'uploads', dir).save('courses/demo/guide.pdf', bytes(37, 80, 68, 70));
		expect(await fileStore(handles.other, 'uploads', dir).read('courses/demo/guide.pdf')).toEqual(
			bytes(37, 80, 68, 70)
		);
	});
});

describe('hand-ins', () => {
	it('are stored under a random name, read back, and removed', async () => {
		const db = await freshDb();
		const dir = join(tempDir(), 'submissions');
		const pdf = new TextEncoder().encode('%PDF-1.4 a plan');
		const key = await storeFile(db, pdf, 'pdf', dir);
		expect(key).toMatch(/^[a-f0-9]{32}\.pdf$/);
		expect(await readStoredFile(db, key, dir)).toEqual(pdf);
		expect(await readStoredFile(db, '../civicsteps.db', dir)).toBeNull();
		expect(await readStoredFile(db, `${'a'.repeat(32)}.exe`, dir)).toBeNull();
		await removeStoredFile(db, key, dir);
		expect(await readStoredFile(db, key, dir)).toBeNull();
		if (onPostgres(db)) expect(existsSync(dir)).toBe(false);
	});

	// File modes mean something only for the folder that SQLite installations use.
	it.skipIf(engine === 'postgres')('are readable by the server’s user only, in a folder of its own', async () => {
		const db = await freshDb();
		const dir = join(tempDir(), 'submissions');
		const key = await storeFile(db, new TextEncoder().encode('%PDF-1.4'), 'pdf', dir);
		expect(statSync(dir).mode & 0o777).toBe(0o700);
		expect(statSync(join(dir, key)).mode & 0o777).toBe(0o600);
	});
});
