// Shared set-up for the assignment tests: the real content/ imported into a fresh database, a
// temporary folder for handed-in files, people in their roles, and files of every kind.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import type { DB } from '$lib/server/db/client';
import type { CourseInfo } from '$lib/server/catalogue/courses';
import { importContent } from '$lib/server/catalogue/content/import';
import { getCourseBySlug } from '$lib/server/catalogue/courses';
import { enrol } from '$lib/server/learning/progress';
import { assignAuthor } from '$lib/server/authoring/authors';
import { T0, insertUser } from './helpers';
import { freshContentDb } from './content-fixture';

export async function outreachDb() {
	process.env.SUBMISSIONS_DIR = mkdtempSync(join(tmpdir(), 'civicsteps-submissions-'));
	const db = await freshContentDb();
	const report = await importContent(db, resolve('content'));
	if (!report.ok) throw new Error(report.errors.join('\n'));
	const course = (await getCourseBySlug(db, 'outreach', 'en'))!;
	const tutorial = (await getCourseBySlug(db, 'getting-started', 'en'))!;
	return { db, course, tutorial };
}

export async function people(db: DB, courseId: number) {
	const ana = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
	const besa = await insertUser(db, { name: 'Besa', email: 'besa@example.org' });
	const trainer = await insertUser(db, { name: 'Tea', email: 'tea@example.org', role: 'trainer' });
	const otherTrainer = await insertUser(db, { name: 'Oto', email: 'oto@example.org', role: 'trainer' });
	const coordinator = await insertUser(db, { name: 'Cora', email: 'cora@example.org', role: 'coordinator' });
	await enrol(db, ana, courseId, T0);
	await enrol(db, besa, courseId, T0);
	await assignAuthor(db, courseId, trainer);
	return {
		ana: { id: ana, role: 'learner' },
		besa: { id: besa, role: 'learner' },
		trainer: { id: trainer, role: 'trainer' },
		otherTrainer: { id: otherTrainer, role: 'trainer' },
		coordinator: { id: coordinator, role: 'coordinator' }
	};
}

export async function addCohort(db: DB, courseId: number, memberIds: number[]): Promise<number> {
	const cohort = await db
		.insertInto('cohorts')
		.values({
			name: 'Mitrovica 2026',
			course_id: courseId,
			starts_at: T0,
			ends_at: T0 + 1e10,
			invite_token: 'x'.repeat(32),
			created_by: null,
			created_at: T0,
			updated_at: T0
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	for (const id of memberIds)
		await db.insertInto('cohort_members').values({ cohort_id: cohort.id, user_id: id, joined_at: T0 }).execute();
	return cohort.id;
}

export const PDF = strToU8('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
export const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
export const EXE = strToU8('MZ\x90\x00 this is a Windows program, renamed');

export function docx(extra: Record<string, Uint8Array> = {}): Uint8Array {
	return zipSync({
		'[Content_Types].xml': strToU8('<Types/>'),
		'word/document.xml': strToU8('<w:document/>'),
		...extra
	});
}

export function odt(): Uint8Array {
	return zipSync({
		mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
		'META-INF/manifest.xml': strToU8('<manifest/>'),
		'content.xml': strToU8('<office:document-content/>')
	});
}

/** A DOCX whose central directory declares each entry to unpack to 1 GB: a zip bomb's signature. */
export function bombDocx(): Uint8Array {
	const bytes = docx();
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	for (let i = 0; i + 46 < bytes.length; i++) {
		if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 1024 * 1024 * 1024, true);
	}
	return bytes;
}

/** A DOCX of more entries than any document holds. */
export function manyEntriesDocx(): Uint8Array {
	const extra: Record<string, Uint8Array> = {};
	for (let i = 0; i < 1500; i++) extra[`word/media/x${i}.xml`] = new Uint8Array(0);
	return docx(extra);
}

/**
 * An ODT whose `mimetype` entry holds 8 MB of zeros but declares 50 bytes: the sizes lie, so
 * unpacking it would cost far more than it says.
 */
export function lyingOdt(): Uint8Array {
	const mimetype = new Uint8Array(8 * 1024 * 1024);
	mimetype.set(strToU8('application/vnd.oasis.opendocument.text'));
	const bytes = zipSync({
		mimetype: [mimetype, { level: 9 }],
		'META-INF/manifest.xml': strToU8('<manifest/>'),
		'content.xml': strToU8('<office:document-content/>')
	});
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	for (let i = 0; i + 46 < bytes.length; i++) {
		if (view.getUint32(i, true) === 0x04034b50) view.setUint32(i + 22, 50, true);
		if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 50, true);
	}
	return bytes;
}

/** The learner passed the quizzes of the first `count` modules (all by default): later modules open. */
export async function passQuizzes(db: DB, userId: number, course: CourseInfo, count = course.modules.length) {
	for (const mod of course.modules.slice(0, count)) {
		if (!mod.quiz) continue;
		await db
			.insertInto('quiz_attempts')
			.values({
				user_id: userId,
				quiz_id: mod.quiz.id,
				quiz_version_id: mod.quiz.versionId,
				attempt_no: 1,
				submission_key: `pass-${userId}-${mod.quiz.id}`,
				locale: 'en',
				answers: '{}',
				results: '{}',
				score: 100,
				passed: 1,
				submitted_at: T0
			})
			// Passing a module twice (a test opening more modules later) keeps the first pass.
			.onConflict((oc) => oc.doNothing())
			.execute();
	}
}
