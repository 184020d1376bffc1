// The one versioned-text engine under lessons, quizzes and course and module texts: version numbers
// (also when two trainers publish at once), restore, refusals that change nothing, and translation
// status, the same for every kind.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import * as engine from '$lib/server/authoring/engine';
import * as history from '$lib/server/authoring/history';
import * as lessons from '$lib/server/authoring/lessons';
import * as quizVersions from '$lib/server/authoring/quiz-versions';
import * as structureTexts from '$lib/server/authoring/structure-texts';
import { insertUser } from './helpers';
import { freshContentDb, importOk, removeTempDirs, writeDemo } from './content-fixture';

const KINDS = ['lesson', 'quiz', 'course', 'module'] as const;
type Kind = (typeof KINDS)[number];

let db: DB;
let trainer: number;
const ids = {} as Record<Kind, number>;

beforeEach(async () => {
	db = await freshContentDb();
	await importOk(db, writeDemo());
	const id = (table: 'courses' | 'modules' | 'lessons', slug: string) =>
		db
			.selectFrom(table)
			.select('id')
			.where('slug', '=', slug)
			.executeTakeFirstOrThrow()
			.then((r) => r.id);
	ids.lesson = await id('lessons', 'plan');
	ids.course = await id('courses', 'demo');
	ids.module = await id('modules', 'practice');
	ids.quiz = (
		await db.selectFrom('quizzes').select('id').where('module_id', '=', ids.module).executeTakeFirstOrThrow()
	).id;
	trainer = await insertUser(db, { name: 'Tina Trainer', email: 'tina@example.org', role: 'trainer' });
});
afterEach(removeTempDirs);

async function revisionOf(kind: Kind): Promise<number> {
	return engine.currentRevision(db, kind, ids[kind]);
}

/** Saves an English draft with a new title, as a trainer in the browser would. */
async function draftEnglish(kind: Kind, title: string): Promise<void> {
	const expectedRevision = await revisionOf(kind);
	if (kind === 'lesson') {
		const result = await lessons.saveDraft(db, {
			lessonId: ids.lesson,
			locale: 'en',
			title,
			body: 'Write down two goals.',
			expectedRevision,
			userId: trainer
		});
		expect(result.ok).toBe(true);
	} else if (kind === 'quiz') {
		const ctx = (await quizVersions.quizContext(db, ids.quiz))!;
		const quiz = (await quizVersions.editableQuiz(db, ids.quiz, ctx.current_version_id, 'en')).quiz;
		const result = await quizVersions.saveQuizDraft(db, {
			quizId: ids.quiz,
			locale: 'en',
			quiz: { ...quiz, title },
			english: null,
			expectedRevision,
			userId: trainer
		});
		expect(result).toEqual({ ok: true });
	} else {
		const text = structureTexts.readText({ title, summary: 'Changed.', objectives: 'One', body: '' }, kind);
		const result = await structureTexts.saveDraft(db, {
			kind,
			id: ids[kind],
			locale: 'en',
			text,
			expectedRevision,
			userId: trainer
		});
		expect(result.ok).toBe(true);
	}
}

/** Publishes the drafts, answered as the engine answers every kind. */
async function publish(kind: Kind, expectedRevision: number): Promise<{ ok: boolean; reason?: string }> {
	if (kind === 'lesson') return lessons.publish(db, { lessonId: ids.lesson, expectedRevision, userId: trainer });
	if (kind === 'quiz') return quizVersions.publishQuiz(db, { quizId: ids.quiz, expectedRevision, userId: trainer });
	return structureTexts.publish(db, { kind, id: ids[kind], expectedRevision, userId: trainer });
}

const numbers = async (kind: Kind) => (await history.versions(db, kind, ids[kind])).map((v) => v.number);

const statusOf = async (kind: Kind) => {
	const rows =
		kind === 'lesson'
			? await lessons.translationStatus(db, ids.lesson)
			: kind === 'quiz'
				? await quizVersions.quizTranslationStatus(db, ids.quiz)
				: (await structureTexts.translationStatus(db, kind, ids[kind])).status;
	return Object.fromEntries(rows.map((r) => [r.locale, r.status]));
};

describe.each(KINDS)('the %s engine', (kind) => {
	it('numbers the next version after the last one, and publishes it under that number', async () => {
		const before = await numbers(kind);
		expect(await engine.nextVersionNumber(db, kind, ids[kind])).toBe(Math.max(0, ...before) + 1);
		await draftEnglish(kind, 'A new title');
		expect(await engine.hasDrafts(db, kind, ids[kind])).toBe(true);
		expect((await publish(kind, await revisionOf(kind))).ok).toBe(true);
		expect((await numbers(kind))[0]).toBe(Math.max(0, ...before) + 1);
		expect(await engine.hasDrafts(db, kind, ids[kind])).toBe(false);
	});

	it('gives one of two publications at once a version; the other finds its drafts already published', async () => {
		await draftEnglish(kind, 'Published twice at once');
		const before = await numbers(kind);
		const revision = await revisionOf(kind);
		const results = await Promise.all([publish(kind, revision), publish(kind, revision)]);
		expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
		expect(results.find((r) => !r.ok)?.reason).toBe('nothing');
		const after = await numbers(kind);
		expect(after).toEqual([Math.max(...before) + 1, ...before]);
	});

	it('lets only one of a publication and a restore from the same page through', async () => {
		const first = (await history.versions(db, kind, ids[kind])).at(-1)!;
		await draftEnglish(kind, 'Published while another restores');
		const before = await numbers(kind);
		const revision = await revisionOf(kind);
		const results = await Promise.all([
			publish(kind, revision),
			history.restore(db, kind, ids[kind], {
				versionId: first.id,
				expectedRevision: revision,
				userId: trainer,
				note: () => ''
			})
		]);
		expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
		// Whichever comes second is refused: changed meanwhile, or its drafts dropped by the restore.
		expect(['conflict', 'nothing']).toContain((results.find((r) => !r.ok) as { reason: string }).reason);
		expect(await numbers(kind)).toEqual([Math.max(...before) + 1, ...before]);
	});

	it('refuses to publish without drafts, and changes nothing (the revision stays)', async () => {
		const revision = await revisionOf(kind);
		const before = await numbers(kind);
		expect(await publish(kind, revision)).toMatchObject({ ok: false, reason: 'nothing' });
		expect(await revisionOf(kind)).toBe(revision);
		expect(await numbers(kind)).toEqual(before);
	});

	it('restores an old version as a new one; its translations are current again', async () => {
		const first = (await history.versions(db, kind, ids[kind]))[0];
		expect((await statusOf(kind)).sq).toBe('current');
		await draftEnglish(kind, 'The English changed');
		expect((await publish(kind, await revisionOf(kind))).ok).toBe(true);
		expect((await statusOf(kind)).sq).toBe('outdated');
		await draftEnglish(kind, 'A draft the restore drops');
		const restored = await history.restore(db, kind, ids[kind], {
			versionId: first.id,
			expectedRevision: await revisionOf(kind),
			userId: trainer,
			note: (n) => `Restored ${n}`
		});
		expect(restored).toMatchObject({ ok: true, number: first.number + 2 });
		expect((await statusOf(kind)).sq).toBe('current');
		expect(await engine.hasDrafts(db, kind, ids[kind])).toBe(false);
		const diff = await history.diff(db, kind, ids[kind], first.id, restored.ok ? restored.versionId : 0, 'en');
		expect(diff.every((p) => !p.added && !p.removed)).toBe(true);
	});

	it('does not restore a version of another text, nor against an old revision', async () => {
		const other = await db
			.selectFrom(kind === 'lesson' ? 'lesson_versions' : kind === 'quiz' ? 'quiz_versions' : 'structure_versions')
			.select('id')
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		const own = (await history.versions(db, kind, ids[kind])).map((v) => v.id);
		const revision = await revisionOf(kind);
		const restore = (versionId: number, expectedRevision: number) =>
			history.restore(db, kind, ids[kind], { versionId, expectedRevision, userId: trainer, note: () => '' });
		const foreign = own.includes(other.id) ? 999_999 : other.id;
		expect(await restore(foreign, revision)).toEqual({ ok: false, reason: 'not_found' });
		expect(await restore(own[0], revision - 1)).toEqual({ ok: false, reason: 'conflict' });
		expect(await revisionOf(kind)).toBe(revision);
	});
});
