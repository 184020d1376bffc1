// Files handed in for assignments. The kind is read from the bytes, never from the name or the
// browser's word: a renamed executable is refused. DOCX and ODT are zip archives: only their entry
// list is read (and ODT's tiny `mimetype` entry), with the number of entries and the sizes they
// declare bounded, so that a zip bomb is refused before anything is unpacked.
import { randomBytes } from 'node:crypto';
import { unzipSync } from 'fflate';
import type { DB } from '../db/client';
import { fileStore } from '../platform/files';
import { FILE_TYPES, type FileKind } from './format';

/** A document of a few pages has some dozens of entries; thousands mean something else. */
export const MAX_ZIP_ENTRIES = 1000;
/** What a DOCX or ODT may declare it unpacks to, all entries together. */
export const MAX_UNZIPPED_BYTES = 100 * 1024 * 1024;

export type FileCheck = { ok: true; kind: FileKind } | { ok: false; reason: 'wrong_type' | 'zip_bomb' };

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

function inspectZip(bytes: Uint8Array): FileCheck {
	const names = new Set<string>();
	let declared = 0;
	let lying = false;
	let mimetype: Uint8Array | undefined;
	try {
		const out = unzipSync(bytes, {
			filter: (file) => {
				names.add(file.name);
				declared += file.originalSize;
				// Deflate never grows data by more than a few bytes per block: compressed data much larger
				// than the size it declares unpacks to far more than declared, so the sizes can't be trusted.
				if (file.size > file.originalSize + 1024 + file.originalSize / 100) lying = true;
				// Only a tiny entry is unpacked, judged by both sizes, so the work is bounded whatever it says.
				return (
					file.name === 'mimetype' &&
					file.size < 200 &&
					file.originalSize < 200 &&
					!lying &&
					names.size <= MAX_ZIP_ENTRIES
				);
			}
		});
		mimetype = out.mimetype;
	} catch {
		return { ok: false, reason: 'wrong_type' };
	}
	if (lying || names.size > MAX_ZIP_ENTRIES || declared > MAX_UNZIPPED_BYTES) return { ok: false, reason: 'zip_bomb' };
	if (names.has('[Content_Types].xml') && names.has('word/document.xml')) return { ok: true, kind: 'docx' };
	const odt = mimetype && new TextDecoder().decode(mimetype).trim() === FILE_TYPES.odt;
	if (odt && names.has('META-INF/manifest.xml') && names.has('content.xml')) return { ok: true, kind: 'odt' };
	return { ok: false, reason: 'wrong_type' };
}

/** What a file is by its content, or why it is refused. */
export function checkFile(bytes: Uint8Array): FileCheck {
	if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { ok: true, kind: 'pdf' };
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ok: true, kind: 'png' };
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { ok: true, kind: 'jpg' };
	if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return inspectZip(bytes);
	return { ok: false, reason: 'wrong_type' };
}

const STORED_KEY = /^[a-f0-9]{32}\.(pdf|docx|odt|png|jpg)$/;

/**
 * Stores a checked file under a random name; returns that name (the submission's file_key). Where:
 * platform/files.ts (SUBMISSIONS_DIR on SQLite, or `dir` in tests; the database on PostgreSQL).
 */
export async function storeFile(db: DB, bytes: Uint8Array, kind: FileKind, dir?: string): Promise<string> {
	const key = `${randomBytes(16).toString('hex')}.${kind}`;
	await fileStore(db, 'submissions', dir).save(key, bytes, { private: true });
	return key;
}

/** A stored file's bytes, or null when the key is not one of ours or the file is gone. */
export async function readStoredFile(db: DB, key: string, dir?: string): Promise<Uint8Array | null> {
	if (!STORED_KEY.test(key)) return null;
	return fileStore(db, 'submissions', dir).read(key);
}

export async function removeStoredFile(db: DB, key: string, dir?: string): Promise<void> {
	if (STORED_KEY.test(key)) await fileStore(db, 'submissions', dir).remove(key);
}

/** A name safe to offer in Content-Disposition: the learner's name without path or odd characters. */
export function downloadName(name: string | null, kind: FileKind): string {
	const base =
		(name ?? 'submission')
			.replace(/\.[^.]*$/, '')
			.replace(/[^\p{L}\p{N}._ -]+/gu, '_')
			.slice(0, 80) || 'submission';
	return `${base}.${kind}`;
}
