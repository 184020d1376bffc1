// Installations for course zip tests: each with its own database, uploads folder and content/
// folder (set in the environment, as the app reads them), and an administrator who imports.
import { afterEach } from 'vitest';
import { importCourseZip } from '$lib/server/catalogue/content/export';
import { insertUser } from './helpers';
import { freshContentDb, removeTempDirs, tempDir } from './content-fixture';

const saved = { uploads: process.env.UPLOADS_DIR, content: process.env.CONTENT_DIR };

/** A fresh installation; the folders are removed and the environment put back after each test. */
export async function installation() {
	const uploads = tempDir();
	const content = tempDir();
	process.env.UPLOADS_DIR = uploads;
	process.env.CONTENT_DIR = content;
	const db = await freshContentDb();
	const admin = await insertUser(db, { name: 'Ana Admin', email: 'zip-admin@example.org', role: 'admin' });
	return {
		db,
		uploads,
		content,
		importZip: (bytes: Uint8Array) => importCourseZip(db, bytes, { id: admin, role: 'admin' })
	};
}

afterEach(() => {
	for (const [key, value] of [
		['UPLOADS_DIR', saved.uploads],
		['CONTENT_DIR', saved.content]
	] as const) {
		if (value === undefined) delete process.env[key];
		else process.env[key] = value;
	}
	removeTempDirs();
});
