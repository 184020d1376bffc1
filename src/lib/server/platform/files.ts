// Where uploaded files live: lesson images and course documents ('uploads') and assignment hand-ins
// ('submissions'). On SQLite (one server) they are files in UPLOADS_DIR and SUBMISSIONS_DIR, as
// always. On PostgreSQL they are rows of `stored_files` (migration 0037): every app instance sharing
// the database reads what another stored, and one pg_dump or point-in-time restore brings back the
// files and the rows that name them at the same moment, which a shared directory beside the
// database would not. A file's key is its path inside the directory on SQLite, so that moving a
// database to PostgreSQL stores each file under the name it had.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type { DB } from '../db/client';
import { onPostgres } from '../db/postgres';
import { config } from './config';

export type FileArea = 'uploads' | 'submissions';

export interface SaveOptions {
	/** Leave an existing file as it is (content-addressed names: the same name holds the same bytes). */
	keepExisting?: boolean;
	/** Readable by the server's user only (hand-ins are personal work). */
	private?: boolean;
}

export interface FileStore {
	save(key: string, bytes: Uint8Array, options?: SaveOptions): Promise<void>;
	/** The file's bytes, or null when there is none (or the key could not be ours). */
	read(key: string): Promise<Uint8Array<ArrayBuffer> | null>;
	exists(key: string): Promise<boolean>;
	remove(key: string): Promise<void>;
}

/** At most a few folders of plain names: no absolute path, no `..`, nothing odd in a directory. */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
export function validKey(key: string): boolean {
	const parts = key.split('/');
	return key.length <= 512 && parts.length <= 16 && parts.every((p) => SEGMENT.test(p));
}

function directoryStore(root: string, area: FileArea): FileStore {
	const base = resolve(root);
	// Checked again after resolving, so that a key can never lead out of the directory.
	const pathOf = (key: string): string | null => {
		if (!validKey(key)) return null;
		const path = resolve(base, key);
		return path.startsWith(base + sep) ? path : null;
	};
	return {
		async save(key, bytes, options = {}) {
			const path = pathOf(key);
			if (!path) throw new Error(`${area}/${key}: not a valid file name`);
			if (options.keepExisting && existsSync(path)) return;
			mkdirSync(dirname(path), { recursive: true, ...(options.private ? { mode: 0o700 } : {}) });
			writeFileSync(path, bytes, options.private ? { mode: 0o600 } : {});
		},
		async read(key) {
			const path = pathOf(key);
			if (!path || !existsSync(path)) return null;
			try {
				return new Uint8Array(readFileSync(path));
			} catch {
				// A directory by that name, or removed meanwhile: not a file we hold.
				return null;
			}
		},
		async exists(key) {
			const path = pathOf(key);
			return path !== null && existsSync(path);
		},
		async remove(key) {
			const path = pathOf(key);
			if (path) rmSync(path, { force: true });
		}
	};
}

function tableStore(db: DB, area: FileArea): FileStore {
	return {
		async save(key, bytes, options = {}) {
			if (!validKey(key)) throw new Error(`${area}/${key}: not a valid file name`);
			const row = { area, key, bytes, size: bytes.length, created_at: Date.now() };
			await db
				.insertInto('stored_files')
				.values(row)
				.onConflict((oc) =>
					options.keepExisting
						? oc.columns(['area', 'key']).doNothing()
						: oc.columns(['area', 'key']).doUpdateSet({ bytes, size: bytes.length, created_at: row.created_at })
				)
				.execute();
		},
		async read(key) {
			if (!validKey(key)) return null;
			const row = await db
				.selectFrom('stored_files')
				.select('bytes')
				.where('area', '=', area)
				.where('key', '=', key)
				.executeTakeFirst();
			return row ? new Uint8Array(row.bytes) : null;
		},
		async exists(key) {
			if (!validKey(key)) return false;
			const row = await db
				.selectFrom('stored_files')
				.select('key')
				.where('area', '=', area)
				.where('key', '=', key)
				.executeTakeFirst();
			return row !== undefined;
		},
		async remove(key) {
			if (!validKey(key)) return;
			await db.deleteFrom('stored_files').where('area', '=', area).where('key', '=', key).execute();
		}
	};
}

const defaultDir = (area: FileArea) => (area === 'uploads' ? config.uploadsDir : config.submissionsDir);

/**
 * The files of `area` for this database: its table on PostgreSQL, else the directory (`dir`, by
 * default UPLOADS_DIR or SUBMISSIONS_DIR; tests give a temporary one).
 */
export function fileStore(db: DB, area: FileArea, dir?: string): FileStore {
	return onPostgres(db) ? tableStore(db, area) : directoryStore(dir ?? defaultDir(area), area);
}
