// The quiz builder: reading the form, refusing quizzes nobody could pass, translations that must keep
// the English structure, drafts with the optimistic revision check, and publishing a new quiz version
// while old attempts keep reviewing with the questions they were answered against.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import {
	blankQuestion,
	parseQuizForm,
	validateQuiz,
	type EditableQuestion,
	type EditableQuiz
} from '$lib/server/authoring/quizzes';
import {
	diffQuizVersions,
	editableQuiz,
	publishQuiz,
	publishedQuiz,
	quizContext,
	quizHistory,
	quizTranslationStatus,
	restoreQuiz,
	saveQuizDraft
} from '$lib/server/authoring/quiz-versions';
import { getCourseBySlug } from '$lib/server/catalogue/courses';
import { presentQuiz } from '$lib/server/learning/quizzes';
import { reviewAttempt } from '$lib/server/learning/review';
import { submitAttempt } from '$lib/server/learning/submit';
import { gradeAnswer } from '$lib/server/learning/grading';
import { toCyrillic } from '$lib/i18n/script';
import type { ContentLocale, QuestionKey } from '$lib/server/catalogue/content/schema';
import { T0, insertUser } from './helpers';
import { freshContentDb, importOk, removeTempDirs, writeDemo } from './content-fixture';

let db: DB;
let trainer: number;
let admin: number;
let learner: number;
let introId: number;
let practiceId: number;

beforeEach(async () => {
	db = await freshContentDb();
	await importOk(db, writeDemo());
	const course = await getCourseBySlug(db, 'demo', 'en');
	introId = course!.modules[0].quiz!.id;
	practiceId = course!.modules[1].quiz!.id;
	trainer = await insertUser(db, { name: 'Tina Trainer', email: 'tina@example.org', role: 'trainer' });
	admin = await insertUser(db, { name: 'Ada Admin', email: 'ada@example.org', role: 'admin' });
	learner = await insertUser(db, { name: 'Lea Learner', email: 'lea@example.org' });
});
afterEach(removeTempDirs);

async function ctx(quizId = introId) {
	const c = await quizContext(db, quizId);
	if (!c) throw new Error('quiz not found');
	return c;
}

async function published(locale: ContentLocale, quizId = introId): Promise<EditableQuiz> {
	const q = await publishedQuiz(db, (await ctx(quizId)).current_version_id, locale);
	if (!q) throw new Error('no published quiz');
	return q;
}

async function versionCount(quizId = introId) {
	const r = await db
		.selectFrom('quiz_versions')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('quiz_id', '=', quizId)
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

async function draftRows(quizId = introId) {
	return db
		.selectFrom('quiz_drafts')
		.select(['locale', 'data'])
		.where('quiz_id', '=', quizId)
		.orderBy('locale')
		.execute();
}

async function keysOf(versionId: number): Promise<QuestionKey[]> {
	const v = await db
		.selectFrom('quiz_versions')
		.select('answer_key')
		.where('id', '=', versionId)
		.executeTakeFirstOrThrow();
	return JSON.parse(v.answer_key);
}

async function localesOf(versionId: number) {
	return (await db.selectFrom('quiz_texts').select('locale').where('version_id', '=', versionId).execute())
		.map((r) => r.locale)
		.sort();
}

const question = (over: Partial<EditableQuestion> = {}): EditableQuestion => ({
	...blankQuestion(1),
	id: 'q-one',
	type: 'single',
	prompt: 'Which one?',
	options: ['A', 'B', 'C'],
	correct: '2',
	explanation: 'Because B.',
	...over
});

const quiz = (questions: EditableQuestion[], over: Partial<EditableQuiz> = {}): EditableQuiz => ({
	title: 'A quiz',
	passMark: 70,
	maxAttempts: null,
	waitMinutes: 0,
	attemptsPerDay: null,
	draw: '',
	questions,
	...over
});

/** Saves drafts for the given locales in order, then publishes; returns the new current version. */
async function saveAndPublish(quizId: number, entries: [ContentLocale, EditableQuiz][], userId = trainer) {
	let revision = (await ctx(quizId)).edit_revision;
	const english = entries.find(([l]) => l === 'en')?.[1] ?? (await published('en', quizId));
	for (const [locale, q] of entries) {
		const r = await saveQuizDraft(
			db,
			{ quizId, locale, quiz: q, english: locale === 'en' ? null : english, expectedRevision: revision, userId },
			T0
		);
		if (!r.ok) throw new Error(`draft refused: ${JSON.stringify(r)}`);
		revision++;
	}
	const result = await publishQuiz(db, { quizId, expectedRevision: revision, userId }, T0);
	if (!result.ok) throw new Error(`publish refused: ${JSON.stringify(result)}`);
	return (await ctx(quizId)).current_version_id!;
}

describe('parseQuizForm', () => {
	function form(fields: Record<string, string>): FormData {
		const f = new FormData();
		for (const [k, v] of Object.entries(fields)) f.append(k, v);
		return f;
	}

	it('reads every question field, trims lines and skips deleted questions', () => {
		const parsed = parseQuizForm(
			form({
				title: '  My quiz ',
				pass_mark: '80',
				max_attempts: '3',
				wait_minutes: '15',
				attempts_per_day: '4',
				draw: 'colours: 1',
				count: '3',
				'q-0-id': 'First-Question',
				'q-0-topic': 'Colours',
				'q-0-feedback': 'Red is one.\n\n  Blue is the other. \n\n',
				'q-0-type': 'multiple',
				'q-0-prompt': 'Pick two',
				'q-0-options': 'Red\n\n  Green  \r\nBlue\n',
				'q-0-correct': '1, 3',
				'q-0-explanation': 'Red and blue.',
				'q-1-id': 'gone',
				'q-1-delete': 'on',
				'q-2-id': 'order',
				'q-2-type': 'ordering',
				'q-2-prompt': 'Order them',
				'q-2-items': 'One\nTwo\nThree',
				'q-2-accepted': 'ignored',
				'q-2-explanation': 'Count.'
			})
		);
		expect(parsed).toEqual({
			title: 'My quiz',
			passMark: 80,
			maxAttempts: 3,
			waitMinutes: 15,
			attemptsPerDay: 4,
			draw: 'colours: 1',
			questions: [
				{
					id: 'first-question',
					type: 'multiple',
					prompt: 'Pick two',
					options: ['Red', 'Green', 'Blue'],
					topic: 'colours',
					feedback: ['Red is one.', '', 'Blue is the other.'],
					correct: '1, 3',
					items: [],
					accepted: [],
					explanation: 'Red and blue.'
				},
				{
					id: 'order',
					type: 'ordering',
					prompt: 'Order them',
					options: [],
					correct: '',
					items: ['One', 'Two', 'Three'],
					accepted: ['ignored'],
					explanation: 'Count.'
				}
			]
		});
	});

	it('uses defaults for empty numbers, refuses nonsense ones, and falls back to single choice for an unknown type', () => {
		const parsed = parseQuizForm(
			form({ title: 'T', pass_mark: '', max_attempts: '', wait_minutes: '', count: '1', 'q-0-type': 'essay' })
		);
		expect(parsed).toMatchObject({ passMark: 70, maxAttempts: null, waitMinutes: 0 });
		expect(parsed.questions[0].type).toBe('single');
		const bad = parseQuizForm(form({ pass_mark: 'lots', max_attempts: '-1', wait_minutes: '1.5', count: '0' }));
		expect(bad.passMark).toBeNaN();
		expect(bad.maxAttempts).toBeNaN();
		expect(bad.waitMinutes).toBeNaN();
		expect(validateQuiz(bad, null)).toMatchObject({
			pass_mark: 'quiz_pass_mark_invalid',
			max_attempts: 'quiz_attempts_invalid',
			wait_minutes: 'quiz_wait_invalid',
			questions: 'quiz_no_questions'
		});
	});

	it('reads no more than 40 questions', () => {
		const fields: Record<string, string> = { count: '500' };
		for (let i = 0; i < 60; i++) fields[`q-${i}-id`] = `q${i}`;
		expect(parseQuizForm(form(fields)).questions).toHaveLength(40);
	});
});

describe('validateQuiz', () => {
	it('accepts the published intro quiz, which uses every question type', async () => {
		const en = await published('en');
		expect(en.questions.map((q) => [q.type, q.correct])).toEqual([
			['single', '2'],
			['multiple', '1, 3'],
			['true_false', 'false'],
			['ordering', ''],
			['short_text', ''],
			['short_text', '']
		]);
		expect(validateQuiz(en, null)).toEqual({});
		expect(validateQuiz(await published('sq'), en)).toEqual({});
	});

	it.each([
		['a choice question without a right option', question({ correct: '' }), 'quiz_no_correct'],
		['a multiple choice without a right option', question({ type: 'multiple', correct: ' , ' }), 'quiz_no_correct'],
		[
			'a true/false question without an answer',
			question({ type: 'true_false', options: [], correct: '' }),
			'quiz_no_correct'
		],
		[
			'an ordering of one item',
			question({ type: 'ordering', options: [], correct: '', items: ['Only'] }),
			'quiz_ordering_few'
		],
		[
			'a short answer with nothing accepted',
			question({ type: 'short_text', options: [], correct: '', accepted: [] }),
			'quiz_accepted_empty'
		],
		['an answer beyond the options', question({ correct: '4' }), 'quiz_correct_out_of_range'],
		['an answer of zero', question({ type: 'multiple', correct: '0, 1' }), 'quiz_correct_out_of_range'],
		['an answer that is not a number', question({ correct: 'B' }), 'quiz_correct_out_of_range'],
		['the same option twice', question({ type: 'multiple', correct: '1, 1' }), 'quiz_correct_out_of_range'],
		['single choice with two answers', question({ correct: '1, 2' }), 'quiz_single_one_correct'],
		['a choice question with one option', question({ options: ['A'], correct: '1' }), 'quiz_options_few'],
		['no prompt', question({ prompt: '' }), 'quiz_prompt_required'],
		['no explanation', question({ explanation: '' }), 'quiz_explanation_required'],
		['an id that is not a slug', question({ id: 'Bad id!' }), 'quiz_id_invalid']
	])('refuses %s', (_name, q, code) => {
		expect(validateQuiz(quiz([q]), null)).toEqual({ 'q-0': code });
	});

	it('accepts each type when it can be passed', () => {
		const ok = quiz([
			question({ id: 'a', correct: '3' }),
			question({ id: 'b', type: 'multiple', correct: '3;1' }),
			question({ id: 'c', type: 'true_false', options: [], correct: 'true' }),
			question({ id: 'd', type: 'ordering', options: [], correct: '', items: ['x', 'y'] }),
			question({ id: 'e', type: 'short_text', options: [], correct: '', accepted: ['yes'] })
		]);
		expect(validateQuiz(ok, null)).toEqual({});
	});

	it('refuses more attempts than a quiz file may allow (1000)', () => {
		expect(validateQuiz(quiz([question()], { maxAttempts: 5000 }), null)).toEqual({
			max_attempts: 'quiz_attempts_invalid'
		});
		expect(validateQuiz(quiz([question()], { maxAttempts: 1000 }), null)).toEqual({});
	});

	it('refuses a duplicate question id and an empty quiz', () => {
		expect(validateQuiz(quiz([question({ id: 'same' }), question({ id: 'same' })]), null)).toEqual({
			'q-1': 'quiz_id_duplicate'
		});
		expect(validateQuiz(quiz([]), null)).toEqual({ questions: 'quiz_no_questions' });
	});

	it('requires a translation to keep the English ids, types, options and items', async () => {
		const en = await published('en');
		const sq = await published('sq');
		const cases: [string, (q: EditableQuiz) => void][] = [
			['changed id', (q) => (q.questions[0].id = 'other-id')],
			['changed type', (q) => (q.questions[2].type = 'single')],
			['an extra option', (q) => q.questions[0].options.push('Një tjetër')],
			['a missing ordering item', (q) => q.questions[3].items.pop()],
			['an extra question', (q) => q.questions.push({ ...q.questions[0], id: 'extra' })]
		];
		for (const [, change] of cases) {
			const t = structuredClone(sq);
			change(t);
			const errors = validateQuiz(t, en);
			expect(Object.values(errors)).toContain('quiz_translation_structure');
		}
		// Changing only texts is fine.
		const texts = structuredClone(sq);
		texts.questions[0].prompt = 'Një pyetje tjetër?';
		texts.questions[0].options[0] = 'Diçka tjetër';
		expect(validateQuiz(texts, en)).toEqual({});
	});
});

describe('saveQuizDraft', () => {
	it('keeps the draft for the builder and out of learners’ sight', async () => {
		const c = await ctx();
		const en = await published('en');
		const changed = structuredClone(en);
		changed.questions[0].prompt = 'What is a mission for, really?';
		expect(
			await saveQuizDraft(
				db,
				{
					quizId: introId,
					locale: 'en',
					quiz: changed,
					english: null,
					expectedRevision: c.edit_revision,
					userId: trainer
				},
				T0
			)
		).toEqual({ ok: true });
		expect(await editableQuiz(db, introId, c.current_version_id, 'en')).toEqual({ quiz: changed, draft: true });
		expect((await editableQuiz(db, introId, c.current_version_id, 'sq')).draft).toBe(false);
		const shown = await presentQuiz(db, c.current_version_id!, 'en');
		expect(shown?.questions[0].prompt).toBe('What is a mission statement for?');
		expect((await ctx()).current_version_id).toBe(c.current_version_id);
	});

	it('refuses a quiz nobody could pass and saves nothing', async () => {
		const c = await ctx();
		const en = await published('en');
		const unpassable = structuredClone(en);
		unpassable.questions[0].correct = '';
		const result = await saveQuizDraft(
			db,
			{
				quizId: introId,
				locale: 'en',
				quiz: unpassable,
				english: null,
				expectedRevision: c.edit_revision,
				userId: trainer
			},
			T0
		);
		expect(result).toEqual({ ok: false, reason: 'invalid', errors: { 'q-0': 'quiz_no_correct' } });
		expect(await draftRows()).toEqual([]);
		expect((await ctx()).edit_revision).toBe(c.edit_revision);
	});

	it('refuses a translation that changes the English structure', async () => {
		const c = await ctx();
		const sq = await published('sq');
		sq.questions[0].options.push('Një opsion i ri');
		const result = await saveQuizDraft(
			db,
			{
				quizId: introId,
				locale: 'sq',
				quiz: sq,
				english: await published('en'),
				expectedRevision: c.edit_revision,
				userId: trainer
			},
			T0
		);
		expect(result).toMatchObject({ ok: false, reason: 'invalid', errors: { 'q-0': 'quiz_translation_structure' } });
		expect(await draftRows()).toEqual([]);
	});

	it('refuses a save against an older revision and overwrites nothing', async () => {
		const { edit_revision: r } = await ctx();
		const en = await published('en');
		const first = structuredClone(en);
		first.title = 'First editor';
		const second = structuredClone(en);
		second.title = 'Second editor';
		expect(
			await saveQuizDraft(
				db,
				{ quizId: introId, locale: 'en', quiz: first, english: null, expectedRevision: r, userId: trainer },
				T0
			)
		).toEqual({ ok: true });
		expect(
			await saveQuizDraft(
				db,
				{ quizId: introId, locale: 'en', quiz: second, english: null, expectedRevision: r, userId: admin },
				T0
			)
		).toEqual({ ok: false, reason: 'conflict' });
		const rows = await draftRows();
		expect(rows).toHaveLength(1);
		expect(JSON.parse(rows[0].data).title).toBe('First editor');
		expect((await ctx()).edit_revision).toBe(r + 1);
	});
});

describe('publishQuiz', () => {
	it('makes a new quiz version that learners then get', async () => {
		const before = await ctx();
		const en = await published('en');
		en.questions[0].prompt = 'Why write a mission statement?';
		en.passMark = 80;
		const versionId = await saveAndPublish(introId, [['en', en]]);
		expect(versionId).not.toBe(before.current_version_id);
		expect(await versionCount()).toBe(2);
		expect(await draftRows()).toEqual([]);
		const course = await getCourseBySlug(db, 'demo', 'en');
		expect(course!.modules[0].quiz).toMatchObject({ versionId, passMark: 80, questionCount: 6 });
		expect((await presentQuiz(db, versionId, 'en'))?.questions[0].prompt).toBe('Why write a mission statement?');
		const v = await db
			.selectFrom('quiz_versions')
			.select(['number', 'created_by'])
			.where('id', '=', versionId)
			.executeTakeFirstOrThrow();
		expect(v).toEqual({ number: 2, created_by: trainer });
	});

	it('leaves an attempt made before a republish reviewing with the old questions', async () => {
		const before = await ctx();
		const attempt = await submitAttempt(
			db,
			{
				userId: learner,
				quizId: introId,
				versionId: before.current_version_id!,
				submissionKey: 'k1',
				locale: 'en',
				answers: { 'mission-purpose': 2 }
			},
			T0
		);

		const en = await published('en');
		en.questions[0].prompt = 'A different first question?';
		en.questions[0].options = ['Yes', 'No'];
		en.questions[0].correct = '1';
		en.questions = en.questions.slice(0, 3);
		const versionId = await saveAndPublish(introId, [['en', en]]);

		const row = await db
			.selectFrom('quiz_attempts')
			.select('quiz_version_id')
			.where('id', '=', attempt.attemptId)
			.executeTakeFirstOrThrow();
		expect(row.quiz_version_id).toBe(before.current_version_id);
		const review = await reviewAttempt(db, attempt.attemptId, learner, 'en');
		expect(review?.questions).toHaveLength(6);
		expect(review?.questions[0]).toMatchObject({
			id: 'mission-purpose',
			prompt: 'What is a mission statement for?',
			options: [
				{ text: 'Listing every project', chosen: false },
				{ text: 'Saying why you exist and whom you serve', chosen: true },
				{ text: "Filling in a donor's form", chosen: false }
			],
			answer: 2,
			right: true
		});
		expect(review?.title).toBe('Check your understanding');
		// New learners get the new version.
		const now = await presentQuiz(db, versionId, 'en');
		expect(now?.questions.map((q) => q.prompt)).toEqual([
			'A different first question?',
			en.questions[1].prompt,
			en.questions[2].prompt
		]);
	});

	it('keeps translations whose structure still matches and regenerates the Cyrillic', async () => {
		const en = await published('en');
		en.questions[0].prompt = 'Only the English wording changed?';
		const versionId = await saveAndPublish(introId, [['en', en]]);
		expect(await localesOf(versionId)).toEqual(['en', 'sq', 'sr-Cyrl', 'sr-Latn']);
		const sq = await presentQuiz(db, versionId, 'sq');
		expect(sq).toMatchObject({ fallback: false, title: 'Kontrolloni njohuritë' });
		// Accepted answers of each language stay with the new version.
		const keys = await keysOf(versionId);
		expect(keys[4].accepted).toMatchObject({
			en: ['stakeholders', 'stakeholder'],
			sq: ['palët', 'aktorët'],
			'sr-Latn': ['učesnici', 'akteri']
		});
		expect(keys[4].accepted['sr-Cyrl']).toEqual(['учесници', 'актери']);
		expect(gradeAnswer(keys[4], 'учесници', 'sr-Cyrl')).toBe(1);
	});

	it('keeps translations when the English structure changes; only the changed question is shown in English', async () => {
		const en = await published('en');
		en.questions[0].options.push('Writing a budget');
		const versionId = await saveAndPublish(introId, [['en', en]]);
		expect(await localesOf(versionId)).toEqual(['en', 'sq', 'sr-Cyrl', 'sr-Latn']);
		const shown = await presentQuiz(db, versionId, 'sq');
		expect(shown).toMatchObject({ fallback: false });
		expect(shown?.questions[0].options.map((o) => o.text)).toContain('Writing a budget');
		expect(shown?.questions.map((q) => q.untranslated)).toEqual(shown?.questions.map((_, i) => i === 0));
		expect(shown?.questions[1].prompt).toBe((await published('sq')).questions[1].prompt);
	});

	it('publishes a translated draft with the English structure, and the Cyrillic follows the Latin', async () => {
		const sr = await published('sr-Latn');
		sr.title = 'Nova provera';
		sr.questions[0].prompt = 'Čemu zaista služi misija?';
		sr.questions[4].accepted = ['učesnici', 'zainteresovane strane'];
		const versionId = await saveAndPublish(introId, [['sr-Latn', sr]]);
		const cyr = await presentQuiz(db, versionId, 'sr-Cyrl');
		expect(cyr?.title).toBe(toCyrillic('Nova provera'));
		expect(cyr?.title).toBe('Нова провера');
		expect(cyr?.questions[0].prompt).toBe(toCyrillic('Čemu zaista služi misija?'));
		const keys = await keysOf(versionId);
		expect(keys[4].accepted['sr-Latn']).toEqual(['učesnici', 'zainteresovane strane']);
		expect(keys[4].accepted['sr-Cyrl']).toEqual(['учесници', 'заинтересоване стране']);
		// English and Albanian are unchanged.
		expect((await presentQuiz(db, versionId, 'en'))?.questions[0].prompt).toBe('What is a mission statement for?');
		expect((await presentQuiz(db, versionId, 'sq'))?.fallback).toBe(false);
	});

	it('keeps a Cyrillic quiz drafted by hand', async () => {
		const cyr = await published('sr-Cyrl');
		cyr.title = 'Ручно писан наслов';
		const versionId = await saveAndPublish(introId, [['sr-Cyrl', cyr]]);
		expect((await presentQuiz(db, versionId, 'sr-Cyrl'))?.title).toBe('Ручно писан наслов');
	});

	it('refuses to publish against an older revision: no new version, drafts kept', async () => {
		const { edit_revision: r, current_version_id } = await ctx();
		const en = await published('en');
		en.title = 'First editor';
		expect(
			await saveQuizDraft(
				db,
				{ quizId: introId, locale: 'en', quiz: en, english: null, expectedRevision: r, userId: trainer },
				T0
			)
		).toEqual({ ok: true });
		expect(await publishQuiz(db, { quizId: introId, expectedRevision: r, userId: admin }, T0)).toEqual({
			ok: false,
			reason: 'conflict'
		});
		expect(await versionCount()).toBe(1);
		expect((await ctx()).current_version_id).toBe(current_version_id);
		expect(await draftRows()).toHaveLength(1);
		expect(await publishQuiz(db, { quizId: introId, expectedRevision: r + 1, userId: trainer }, T0)).toEqual({
			ok: true
		});
		expect(await versionCount()).toBe(2);
	});

	it('has nothing to publish without drafts', async () => {
		const { edit_revision: r } = await ctx(practiceId);
		expect(await publishQuiz(db, { quizId: practiceId, expectedRevision: r, userId: trainer }, T0)).toEqual({
			ok: false,
			reason: 'nothing'
		});
		expect(await versionCount(practiceId)).toBe(1);
		expect(await publishQuiz(db, { quizId: 99_999, expectedRevision: 0, userId: trainer }, T0)).toEqual({
			ok: false,
			reason: 'nothing'
		});
	});

	it('round-trips the published quiz through the builder unchanged for learners', async () => {
		const before = await ctx();
		const oldKeys = await keysOf(before.current_version_id!);
		const en = await published('en');
		const versionId = await saveAndPublish(introId, [['en', en]]);
		expect(await keysOf(versionId)).toEqual(oldKeys);
		for (const locale of ['en', 'sq', 'sr-Latn', 'sr-Cyrl'] as const) {
			const a = await db
				.selectFrom('quiz_texts')
				.select(['title', 'questions'])
				.where('version_id', '=', before.current_version_id!)
				.where('locale', '=', locale)
				.executeTakeFirstOrThrow();
			const b = await db
				.selectFrom('quiz_texts')
				.select(['title', 'questions'])
				.where('version_id', '=', versionId)
				.where('locale', '=', locale)
				.executeTakeFirstOrThrow();
			expect(b).toEqual(a);
		}
	});
});

describe('quiz history, restore and translation status', () => {
	it('restores an old version as a new one, with a readable diff between versions', async () => {
		const en = await published('en');
		const changed = {
			...en,
			questions: en.questions.map((q, i) => (i === 0 ? { ...q, prompt: 'A reworded first question?' } : q))
		};
		expect(
			(
				await saveQuizDraft(db, {
					quizId: introId,
					locale: 'en',
					quiz: changed,
					english: null,
					expectedRevision: (await ctx()).edit_revision,
					userId: trainer
				})
			).ok
		).toBe(true);
		expect(
			(await publishQuiz(db, { quizId: introId, expectedRevision: (await ctx()).edit_revision, userId: trainer })).ok
		).toBe(true);
		const [v2, v1] = await quizHistory(db, introId);
		expect([v2.number, v1.number]).toEqual([2, 1]);
		expect(v2.author).toBe('Tina Trainer');
		const diff = await diffQuizVersions(db, v1.id, v2.id, 'en');
		expect(
			diff
				.filter((p) => p.added)
				.map((p) => p.text)
				.join('')
		).toContain('A reworded first question?');
		expect(
			diff
				.filter((p) => p.removed)
				.map((p) => p.text)
				.join('')
		).toContain(en.questions[0].prompt);
		// A stale revision is refused; the right one publishes version 1's questions as version 3.
		expect(await restoreQuiz(db, { quizId: introId, versionId: v1.id, expectedRevision: -1, userId: trainer })).toEqual(
			{ ok: false, reason: 'conflict' }
		);
		expect(
			(
				await restoreQuiz(db, {
					quizId: introId,
					versionId: v1.id,
					expectedRevision: (await ctx()).edit_revision,
					userId: trainer
				})
			).ok
		).toBe(true);
		expect((await quizHistory(db, introId))[0].number).toBe(3);
		expect((await published('en')).questions[0].prompt).toBe(en.questions[0].prompt);
	});

	it('marks a translation outdated when the English changed after it, and partial when a question was added', async () => {
		const before = await quizTranslationStatus(db, introId);
		expect(before.find((s) => s.locale === 'sq')?.status).toBe('current');
		const en = await published('en');
		const reworded = { ...en, title: 'A new title' };
		await saveQuizDraft(db, {
			quizId: introId,
			locale: 'en',
			quiz: reworded,
			english: null,
			expectedRevision: (await ctx()).edit_revision,
			userId: trainer
		});
		await publishQuiz(db, { quizId: introId, expectedRevision: (await ctx()).edit_revision, userId: trainer });
		expect((await quizTranslationStatus(db, introId)).find((s) => s.locale === 'sq')?.status).toBe('outdated');
		const grown = {
			...reworded,
			questions: [
				...reworded.questions,
				{
					...blankQuestion(99),
					id: 'added',
					prompt: 'New?',
					type: 'true_false' as const,
					correct: 'true',
					explanation: 'Yes.'
				}
			]
		};
		await saveQuizDraft(db, {
			quizId: introId,
			locale: 'en',
			quiz: grown,
			english: null,
			expectedRevision: (await ctx()).edit_revision,
			userId: trainer
		});
		await publishQuiz(db, { quizId: introId, expectedRevision: (await ctx()).edit_revision, userId: trainer });
		expect((await quizTranslationStatus(db, introId)).find((s) => s.locale === 'sq')?.status).toBe('partial');
	});
});
