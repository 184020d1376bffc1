// Moving a database (npm run db:copy): a populated SQLite database copied into a fresh target (a
// PostgreSQL database under TEST_DATABASE_URL, else SQLite in memory) holds the same rows, keeps
// counting ids after them, and a target that already holds rows is refused.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { createMemoryDatabase, type DB } from '$lib/server/db/client';
import { getCourseBySlug, type CourseInfo } from '$lib/server/catalogue/courses';
import { enrol, getCourseState } from '$lib/server/learning/progress';
import { submitAttempt } from '$lib/server/learning/submit';
import * as certificates from '$lib/server/learning/certificates/issue';
import { CopyRefused, copyDatabase, formatCounts, tablesInForeignKeyOrder } from '$lib/server/platform/db-copy';
import { DAY, MINUTE, T0, freshDb, insertOrganisation, insertUser } from './helpers';
import { importOk, removeTempDirs, writeDemo, RIGHT_ANSWERS } from './content-fixture';
import { engine } from './engine';

let dir: string;
let source: DB;
let target: DB;
let generation = 7_000_000;
let submission = 0;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'civicsteps-db-copy-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
	removeTempDirs();
	await source.destroy();
});

async function takeQuiz(db: DB, userId: number, c: CourseInfo, moduleSlug: string, right: boolean) {
	const quiz = c.modules.find((m) => m.slug === moduleSlug)!.quiz!;
	await submitAttempt(
		db,
		{
			userId,
			quizId: quiz.id,
			versionId: quiz.versionId,
			locale: 'en',
			submissionKey: `copy-${++submission}`,
			answers: (right ? RIGHT_ANSWERS[moduleSlug] : {}) as never
		},
		T0 + submission * 60 * MINUTE
	);
}

/** A programme in small: the demo course imported, an organisation, a learner who earned her
 * certificate, and one who failed a quiz once. */
async function populate(db: DB): Promise<void> {
	// The course-structure cache is per process and keyed by the content generation.
	generation += 1_000_000;
	await db
		.insertInto('meta')
		.values({ key: 'content_generation', value: String(generation) })
		.execute();
	await importOk(db, writeDemo());
	const c = (await getCourseBySlug(db, 'demo', 'en'))!;
	const organisationId = await insertOrganisation(db, 'Hope Mitrovica', 'hope');
	const ana = {
		id: await insertUser(db, { name: 'Ana Đurić', email: 'ana@example.org', organisationId }),
		name: 'Ana Đurić',
		email: 'ana@example.org'
	};
	const bo = await insertUser(db, { name: 'Bojan Ëllëz', email: 'bo@example.org' });
	await enrol(db, ana.id, c.id, T0);
	await enrol(db, bo, c.id, T0);
	const lessons = c.modules.flatMap((m) => m.lessons);
	await db
		.insertInto('lesson_progress')
		.values(
			lessons.map((l) => ({ user_id: ana.id, lesson_id: l.id, lesson_version_id: l.versionId, completed_at: T0 }))
		)
		.execute();
	for (const m of c.modules) await takeQuiz(db, ana.id, c, m.slug, true);
	await takeQuiz(db, bo, c, 'intro', false);
	const state = await getCourseState(db, ana.id, c, T0 + DAY);
	const ctx = { keyPath: join(dir, 'key.json'), origin: 'https://civicsteps.example', now: T0 + DAY };
	expect(await certificates.issueIfEligible(db, ana, c, state, 'en', ctx)).not.toBeNull();
}

async function rows(db: DB, table: 'users' | 'certificates' | 'quiz_attempts' | 'enrolments' | 'lesson_progress') {
	const all = await (db as unknown as Kysely<any>).selectFrom(table).selectAll().execute();
	const key = (r: Record<string, unknown>) => `${r.id ?? ''}/${r.user_id ?? ''}/${r.course_id ?? r.lesson_id ?? ''}`;
	return all.sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

beforeEach(async () => {
	source = await createMemoryDatabase();
	await populate(source);
	target = await freshDb();
});

describe('npm run db:copy', () => {
	it('copies every table in foreign-key order, in small chunks, with equal counts and equal rows', async () => {
		const order = await tablesInForeignKeyOrder(source);
		expect(order.indexOf('users')).toBeLessThan(order.indexOf('certificates'));
		expect(order.indexOf('courses')).toBeLessThan(order.indexOf('lessons'));
		expect(order).not.toContain('kysely_migration');

		const report = await copyDatabase(source, target, { chunkRows: 3 });
		expect(report.tables.map((t) => t.table).sort()).toEqual([...order].sort());
		for (const t of report.tables) expect(t.target, t.table).toBe(t.source);
		const count = (name: string) => report.tables.find((t) => t.table === name)!.target;
		expect(count('users')).toBe(2);
		expect(count('certificates')).toBe(1);
		expect(count('quiz_attempts')).toBe(3);
		expect(count('lessons')).toBeGreaterThan(3);
		expect(formatCounts(report)).toMatch(/certificates\s+1\s+1/);
		for (const table of ['users', 'certificates', 'quiz_attempts', 'enrolments', 'lesson_progress'] as const) {
			expect(await rows(target, table), table).toEqual(await rows(source, table));
		}
	});

	it('gives a row inserted after the copy a new id, past every copied one', async () => {
		await copyDatabase(source, target);
		const highest = Math.max(...(await rows(source, 'users')).map((u) => u.id as number));
		const id = await insertUser(target, { name: 'New Person', email: 'new@example.org' });
		expect(id).toBeGreaterThan(highest);
	});

	it('refuses a target that already holds rows, unless forced', async () => {
		await copyDatabase(source, target);
		await insertUser(target, { name: 'Written after', email: 'after@example.org' });
		await expect(copyDatabase(source, target)).rejects.toThrow(/already holds rows \(in .*users/);
		expect((await rows(target, 'users')).length).toBe(3);
		const report = await copyDatabase(source, target, { force: true });
		expect(report.tables.find((t) => t.table === 'users')?.target).toBe(2);
	});

	it('refuses a source whose migrations are behind or ahead of this code, and writes nothing', async () => {
		const migrations = (source as unknown as Kysely<any>).withoutPlugins();
		const last = await migrations
			.selectFrom('kysely_migration')
			.select('name')
			.orderBy('name', 'desc')
			.executeTakeFirstOrThrow();
		await migrations.deleteFrom('kysely_migration').where('name', '=', last.name).execute();
		await expect(copyDatabase(source, target)).rejects.toThrow(new RegExp(`lacks migrations ${last.name}`));
		await migrations
			.insertInto('kysely_migration')
			.values({ name: last.name, timestamp: new Date(T0).toISOString() })
			.execute();
		await migrations
			.insertInto('kysely_migration')
			.values({ name: '9999_future', timestamp: new Date(T0).toISOString() })
			.execute();
		await expect(copyDatabase(source, target)).rejects.toBeInstanceOf(CopyRefused);
		await expect(copyDatabase(source, target)).rejects.toThrow(/newer CivicSteps \(migrations 9999_future\)/);
		expect(await rows(target, 'users')).toEqual([]);
	});

	// Files go into stored_files on PostgreSQL only: on SQLite the app keeps them in the folders.
	it.skipIf(engine !== 'postgres')(
		'puts the upload folders’ files into stored_files, and refuses one over the limit',
		async () => {
			const uploads = join(dir, 'uploads');
			const submissions = join(dir, 'submissions');
			mkdirSync(join(uploads, 'courses', 'demo'), { recursive: true });
			mkdirSync(join(submissions, '7'), { recursive: true });
			writeFileSync(join(uploads, 'courses', 'demo', 'map.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
			writeFileSync(join(submissions, '7', 'plan.pdf'), '%PDF-1.4 a plan');
			await expect(
				copyDatabase(source, target, { uploadsDir: uploads, submissionsDir: submissions, maxFileBytes: 10 })
			).rejects.toThrow(/plan\.pdf is 15 bytes, over the limit/);
			expect(await rows(target, 'users')).toEqual([]);

			const report = await copyDatabase(source, target, { uploadsDir: uploads, submissionsDir: submissions });
			expect(report.files.map((f) => [f.area, f.count])).toEqual([
				['uploads', 1],
				['submissions', 1]
			]);
			const stored = await target
				.selectFrom('stored_files')
				.select(['area', 'key', 'bytes', 'size'])
				.orderBy('area')
				.execute();
			expect(stored.map((f) => [f.area, f.key, f.size])).toEqual([
				['submissions', '7/plan.pdf', 15],
				['uploads', 'courses/demo/map.png', 7]
			]);
			expect(Buffer.from(stored[0].bytes).toString()).toBe('%PDF-1.4 a plan');
			expect(report.tables.find((t) => t.table === 'stored_files')?.target).toBe(2);
		}
	);
});
