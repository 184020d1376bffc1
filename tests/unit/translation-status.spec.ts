// Translation status compares content: a translation is up to date while the English text it was made
// from is the English text now (so restoring that English makes it current again), or when a trainer
// checked it against the current English and marked it current (audit-logged).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import * as authoring from '$lib/server/authoring/lessons';
import * as builder from '$lib/server/authoring/quiz-versions';
import * as structureTexts from '$lib/server/authoring/structure-texts';
import { translations } from '$lib/server/authoring/engine';
import { getCourseBySlug } from '$lib/server/catalogue/courses';
import { T0, insertUser } from './helpers';
import { freshContentDb, importOk, removeTempDirs, writeDemo } from './content-fixture';

let db: DB;
let trainer: number;

beforeEach(async () => {
	db = await freshContentDb();
	await importOk(db, writeDemo());
	trainer = await insertUser(db, { name: 'Tina Trainer', email: 'tina@example.org', role: 'trainer' });
});
afterEach(removeTempDirs);

const asObject = (rows: { locale: string; status: string }[]) =>
	Object.fromEntries(rows.map((r) => [r.locale, r.status]));

async function lesson(slug: string) {
	const row = await db
		.selectFrom('lessons')
		.select(['id', 'edit_revision', 'current_version_id'])
		.where('slug', '=', slug)
		.executeTakeFirstOrThrow();
	return { id: row.id, revision: row.edit_revision, versionId: row.current_version_id! };
}

async function publishLessonBody(slug: string, body: string) {
	const l = await lesson(slug);
	const title = (await authoring.editorText(db, l.id, l.versionId, 'en')).title;
	const saved = await authoring.saveDraft(
		db,
		{ lessonId: l.id, locale: 'en', title, body, expectedRevision: l.revision, userId: trainer },
		T0
	);
	if (!saved.ok) throw new Error('save failed');
	const done = await authoring.publish(db, { lessonId: l.id, expectedRevision: saved.revision, userId: trainer }, T0);
	if (!done.ok) throw new Error('publish failed');
}

describe('lesson translations', () => {
	it('are current again once the English they were made from is back', async () => {
		const plan = await lesson('plan');
		const original = (await authoring.editorText(db, plan.id, plan.versionId, 'en')).body;
		await publishLessonBody('plan', 'Something else entirely.');
		expect(asObject(await authoring.translationStatus(db, plan.id))).toEqual({
			sq: 'outdated',
			'sr-Latn': 'outdated',
			'sr-Cyrl': 'outdated'
		});
		await publishLessonBody('plan', original);
		expect(asObject(await authoring.translationStatus(db, plan.id))).toEqual({
			sq: 'current',
			'sr-Latn': 'current',
			'sr-Cyrl': 'current'
		});
	});

	it('can be marked current by a trainer after checking, until the English changes again; the mark is audit-logged', async () => {
		const plan = await lesson('plan');
		await publishLessonBody('plan', 'A small wording change.');
		expect(
			await translations.markCurrent(db, { kind: 'lesson', id: plan.id, locale: 'sq', userId: trainer }, T0)
		).toEqual({ ok: true });
		expect(asObject(await authoring.translationStatus(db, plan.id))).toEqual({
			sq: 'current',
			'sr-Latn': 'outdated',
			'sr-Cyrl': 'outdated'
		});
		const audit = await db.selectFrom('audit_log').select(['actor_id', 'action', 'subject']).execute();
		expect(audit).toEqual([
			{ actor_id: trainer, action: 'translation_marked_current', subject: `lesson ${plan.id} sq` }
		]);
		await publishLessonBody('plan', 'Another change.');
		expect(asObject(await authoring.translationStatus(db, plan.id)).sq).toBe('outdated');
	});

	it('cannot mark a missing translation current', async () => {
		const plan = await lesson('plan');
		const made = await authoring.createLesson(
			db,
			(await db.selectFrom('modules').select('id').where('slug', '=', 'intro').executeTakeFirstOrThrow()).id,
			'New lesson',
			trainer,
			T0
		);
		if (!made.ok) throw new Error('not created');
		void plan;
		expect(
			await translations.markCurrent(db, { kind: 'lesson', id: made.id, locale: 'sq', userId: trainer }, T0)
		).toEqual({ ok: false, reason: 'missing' });
	});
});

describe('quiz and module translations', () => {
	it('a restored English quiz makes its translations current again', async () => {
		const course = await getCourseBySlug(db, 'demo', 'en');
		const quizId = course!.modules[1].quiz!.id;
		const ctx = (await builder.quizContext(db, quizId))!;
		const first = ctx.current_version_id!;
		const en = (await builder.editableQuiz(db, quizId, first, 'en')).quiz;
		en.title = 'A new title';
		await builder.saveQuizDraft(db, {
			quizId,
			locale: 'en',
			quiz: en,
			english: null,
			expectedRevision: ctx.edit_revision,
			userId: trainer
		});
		await builder.publishQuiz(db, { quizId, expectedRevision: ctx.edit_revision + 1, userId: trainer });
		expect(asObject(await builder.quizTranslationStatus(db, quizId)).sq).toBe('outdated');
		await builder.restoreQuiz(db, {
			quizId,
			versionId: first,
			expectedRevision: ctx.edit_revision + 2,
			userId: trainer
		});
		expect(asObject(await builder.quizTranslationStatus(db, quizId))).toEqual({
			sq: 'current',
			'sr-Latn': 'current',
			'sr-Cyrl': 'current'
		});
	});

	it('a module text restored to the English its translations were made from is current again', async () => {
		const moduleId = (
			await db.selectFrom('modules').select('id').where('slug', '=', 'practice').executeTakeFirstOrThrow()
		).id;
		const rev = async () => (await structureTexts.structureContext(db, 'module', moduleId))!.revision;
		const original = (await structureTexts.editorText(db, 'module', moduleId, 'en')).text;
		const later = Date.now() + 60_000;
		await structureTexts.saveDraft(
			db,
			{
				kind: 'module',
				id: moduleId,
				locale: 'en',
				text: { ...original, title: 'Changed' },
				expectedRevision: await rev(),
				userId: trainer
			},
			later
		);
		await structureTexts.publish(
			db,
			{ kind: 'module', id: moduleId, expectedRevision: await rev(), userId: trainer },
			later
		);
		expect(asObject((await structureTexts.translationStatus(db, 'module', moduleId)).status).sq).toBe('outdated');
		await structureTexts.saveDraft(
			db,
			{ kind: 'module', id: moduleId, locale: 'en', text: original, expectedRevision: await rev(), userId: trainer },
			later + 1
		);
		await structureTexts.publish(
			db,
			{ kind: 'module', id: moduleId, expectedRevision: await rev(), userId: trainer },
			later + 1
		);
		expect(asObject((await structureTexts.translationStatus(db, 'module', moduleId)).status)).toEqual({
			sq: 'current',
			'sr-Latn': 'current',
			'sr-Cyrl': 'current'
		});
	});
});
