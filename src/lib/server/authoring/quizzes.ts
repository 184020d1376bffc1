// The quiz builder: trainers edit a module's quiz as a form (every question type), saved as a draft
// and published as a new quiz version. A quiz that cannot be passed is refused: a choice question
// without a right option, an ordering of one item, a short answer with nothing accepted.
// Translations edit only the texts; ids, types, options and answers follow the English quiz.
import type { DB } from '../db/client';
import { bumpContentGeneration } from '../catalogue/content/generation';
import * as script from '../../i18n/script';
import {
	CONTENT_LOCALES,
	QUESTION_TYPES,
	type ContentLocale,
	type QuestionKey,
	type QuestionText,
	type QuestionType
} from '../catalogue/content/schema';
import { cleanText } from '../platform/form-text';
import { quizFormErrors } from '../catalogue/quiz-form';
import { claimRevision, lineDiff } from './versioning';
import * as translations from './translation-status';

export interface EditableQuestion {
	id: string;
	type: QuestionType;
	prompt: string;
	options: string[];
	/** single: "2"; multiple: "1, 3"; true_false: "true" | "false"; others unused. */
	correct: string;
	/** ordering: in the right order. */
	items: string[];
	accepted: string[];
	explanation: string;
	/** In a translation: not translated yet, the texts are the English ones. */
	untranslated?: boolean;
}

export interface EditableQuiz {
	title: string;
	passMark: number;
	maxAttempts: number | null;
	waitMinutes: number;
	questions: EditableQuestion[];
}

export const MAX_QUESTIONS = 40;
const lines = (v: unknown) =>
	cleanText(v)
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean)
		.slice(0, 20);

export function blankQuestion(n: number): EditableQuestion {
	return {
		id: `question-${n}`,
		type: 'single',
		prompt: '',
		options: [],
		correct: '',
		items: [],
		accepted: [],
		explanation: ''
	};
}

function fromVersion(
	keys: QuestionKey[],
	texts: QuestionText[],
	locale: ContentLocale,
	v: { title: string; pass_mark: number; max_attempts: number | null; wait_minutes: number }
): EditableQuiz {
	return {
		title: v.title,
		passMark: v.pass_mark,
		maxAttempts: v.max_attempts,
		waitMinutes: v.wait_minutes,
		questions: keys.map((k, i) => ({
			id: k.id,
			type: k.type,
			prompt: texts[i]?.prompt ?? '',
			options: texts[i]?.options ?? [],
			correct: Array.isArray(k.correct) ? k.correct.join(', ') : k.correct === null ? '' : String(k.correct),
			items: texts[i]?.items ?? [],
			accepted: k.accepted[locale] ?? (texts[i]?.untranslated ? (k.accepted.en ?? []) : []),
			explanation: texts[i]?.explanation ?? '',
			...(locale !== 'en' && texts[i]?.untranslated ? { untranslated: true } : {})
		}))
	};
}

export async function quizContext(db: DB, quizId: number) {
	return db
		.selectFrom('quizzes')
		.innerJoin('modules', 'modules.id', 'quizzes.module_id')
		.select([
			'quizzes.id',
			'quizzes.current_version_id',
			'quizzes.edit_revision',
			'modules.course_id as courseId',
			'modules.id as moduleId',
			'modules.slug as moduleSlug'
		])
		.where('quizzes.id', '=', quizId)
		.where('quizzes.archived', '=', 0)
		.executeTakeFirst();
}

/** The published quiz in a locale (English texts where a translation is missing). */
export async function publishedQuiz(
	db: DB,
	versionId: number | null,
	locale: ContentLocale,
	fallback = true
): Promise<EditableQuiz | null> {
	if (versionId === null) return null;
	const v = await db.selectFrom('quiz_versions').selectAll().where('id', '=', versionId).executeTakeFirst();
	if (!v) return null;
	const texts = await db
		.selectFrom('quiz_texts')
		.selectAll()
		.where('version_id', '=', versionId)
		.where('locale', 'in', [locale, 'en'])
		.execute();
	const t = texts.find((x) => x.locale === locale) ?? (fallback ? texts.find((x) => x.locale === 'en') : undefined);
	if (!t && !fallback) return null;
	// A language without its own text shows the English one, every question marked not yet translated.
	const questions = (t ? JSON.parse(t.questions) : []) as QuestionText[];
	const marked = t && t.locale !== locale ? questions.map((q) => ({ ...q, untranslated: true })) : questions;
	return fromVersion(JSON.parse(v.answer_key), marked, locale, { ...v, title: t?.title ?? '' });
}

/**
 * What the builder shows: the draft of that locale if any, else the published quiz; a translation is
 * laid over the English quiz the builder would save against (questions matched by id).
 */
export async function editableQuiz(
	db: DB,
	quizId: number,
	versionId: number | null,
	locale: ContentLocale
): Promise<{ quiz: EditableQuiz; draft: boolean }> {
	const draft = await db
		.selectFrom('quiz_drafts')
		.select('data')
		.where('quiz_id', '=', quizId)
		.where('locale', '=', locale)
		.executeTakeFirst();
	const quiz = draft
		? (JSON.parse(draft.data) as EditableQuiz)
		: ((await publishedQuiz(db, versionId, locale)) ?? {
				title: '',
				passMark: 70,
				maxAttempts: null,
				waitMinutes: 0,
				questions: []
			});
	if (locale === 'en') return { quiz, draft: Boolean(draft) };
	const english = (await editableQuiz(db, quizId, versionId, 'en')).quiz;
	return { quiz: mergeTranslation(quiz, english), draft: Boolean(draft) };
}

/** Reads the builder form (`q-<n>-<field>`). */
export function parseQuizForm(form: FormData): EditableQuiz {
	const count = Math.min(MAX_QUESTIONS, Math.max(0, Number(form.get('count')) || 0));
	const questions: EditableQuestion[] = [];
	for (let i = 0; i < count; i++) {
		const f = (name: string) => form.get(`q-${i}-${name}`);
		if (f('delete') === 'on') continue;
		const type = cleanText(f('type')) as QuestionType;
		questions.push({
			id: cleanText(f('id')).toLowerCase().slice(0, 60),
			type: QUESTION_TYPES.includes(type) ? type : 'single',
			prompt: cleanText(f('prompt')).slice(0, 1000),
			options: lines(f('options')),
			correct: cleanText(f('correct')).slice(0, 60),
			items: lines(f('items')),
			accepted: lines(f('accepted')),
			explanation: cleanText(f('explanation')).slice(0, 2000),
			...(f('untranslated') === '1' ? { untranslated: true } : {})
		});
	}
	const num = (name: string, fallback: number) => {
		const v = cleanText(form.get(name));
		return /^\d{1,5}$/.test(v) ? Number(v) : v === '' ? fallback : NaN;
	};
	const attempts = cleanText(form.get('max_attempts'));
	return {
		title: cleanText(form.get('title')).slice(0, 200),
		passMark: num('pass_mark', 70),
		maxAttempts: attempts === '' ? null : /^\d{1,4}$/.test(attempts) ? Number(attempts) : NaN,
		waitMinutes: num('wait_minutes', 0),
		questions
	};
}

export type QuizErrors = Record<string, string>;

/** Checks a quiz; for a translation, `english` fixes the structure. Error values are message codes. */
export function validateQuiz(quiz: EditableQuiz, english: EditableQuiz | null): QuizErrors {
	return quizFormErrors(quiz, english);
}

const sameText = (a: EditableQuestion, b: EditableQuestion) =>
	a.prompt === b.prompt &&
	a.explanation === b.explanation &&
	a.options.join('\n') === b.options.join('\n') &&
	a.items.join('\n') === b.items.join('\n');

/**
 * A translation's questions keep their "not yet translated" mark only while the translator left them
 * as the English text they were shown; a changed text counts as translated.
 */
function markTranslated(quiz: EditableQuiz, english: EditableQuiz): EditableQuiz {
	return {
		...quiz,
		questions: quiz.questions.map((q) => {
			const { untranslated, ...rest } = q;
			const e = english.questions.find((x) => x.id === q.id);
			return untranslated && e && sameText(q, e) ? { ...rest, untranslated: true } : rest;
		})
	};
}

export function toKeys(quiz: EditableQuiz, locale: ContentLocale): QuestionKey[] {
	return quiz.questions.map((q) => ({
		id: q.id,
		type: q.type,
		correct:
			q.type === 'single'
				? Number(q.correct)
				: q.type === 'multiple'
					? q.correct
							.split(/[\s,;]+/)
							.filter(Boolean)
							.map(Number)
							.sort((a, b) => a - b)
					: q.type === 'true_false'
						? q.correct === 'true'
						: null,
		optionCount: q.type === 'single' || q.type === 'multiple' ? q.options.length : 0,
		itemCount: q.type === 'ordering' ? q.items.length : 0,
		accepted: q.type === 'short_text' ? { [locale]: q.accepted } : {}
	}));
}

const textsOf = (quiz: EditableQuiz): QuestionText[] =>
	quiz.questions.map((q) => ({
		prompt: q.prompt,
		options: q.type === 'single' || q.type === 'multiple' ? q.options : [],
		items: q.type === 'ordering' ? q.items : [],
		explanation: q.explanation,
		...(q.untranslated ? { untranslated: true } : {})
	}));

/**
 * A translation laid over the English quiz, question by question, matched by id: a question the
 * translation has with the English structure keeps its translated texts; a new or changed one (or
 * one still marked) carries the English texts and the "not yet translated" mark.
 */
function mergeTranslation(candidate: EditableQuiz, english: EditableQuiz): EditableQuiz {
	return {
		...candidate,
		passMark: english.passMark,
		maxAttempts: english.maxAttempts,
		waitMinutes: english.waitMinutes,
		questions: english.questions.map((e) => {
			const t = candidate.questions.find((q) => q.id === e.id);
			const fits =
				t &&
				!t.untranslated &&
				t.type === e.type &&
				t.options.length === e.options.length &&
				t.items.length === e.items.length &&
				(e.type !== 'short_text' || t.accepted.length > 0);
			return fits
				? {
						...e,
						prompt: t.prompt,
						options: t.options,
						items: t.items,
						accepted: t.accepted,
						explanation: t.explanation
					}
				: { ...e, untranslated: true };
		})
	};
}

export type BuilderResult =
	| { ok: true }
	| { ok: false; reason: 'conflict' }
	| { ok: false; reason: 'invalid'; errors: QuizErrors }
	| { ok: false; reason: 'nothing' };

export async function saveQuizDraft(
	db: DB,
	input: {
		quizId: number;
		locale: ContentLocale;
		quiz: EditableQuiz;
		english: EditableQuiz | null;
		expectedRevision: number;
		userId: number;
	},
	now = Date.now()
): Promise<BuilderResult> {
	const errors = validateQuiz(input.quiz, input.english);
	if (Object.keys(errors).length > 0) return { ok: false, reason: 'invalid', errors };
	const quiz = input.english ? markTranslated(input.quiz, input.english) : input.quiz;
	return db.transaction().execute(async (tx) => {
		if (!(await claimRevision(tx, 'quizzes', input.quizId, input.expectedRevision)))
			return { ok: false as const, reason: 'conflict' as const };
		const data = JSON.stringify(quiz);
		await tx
			.insertInto('quiz_drafts')
			.values({ quiz_id: input.quizId, locale: input.locale, data, updated_by: input.userId, updated_at: now })
			.onConflict((oc) =>
				oc.columns(['quiz_id', 'locale']).doUpdateSet({ data, updated_by: input.userId, updated_at: now })
			)
			.execute();
		return { ok: true as const };
	});
}

export interface PendingQuiz {
	/** The English quiz: its settings and questions make the answer key. */
	english: EditableQuiz;
	keys: QuestionKey[];
	texts: Map<ContentLocale, { title: string; questions: QuestionText[] }>;
	/** Whether any locale has a draft. */
	drafted: boolean;
}

/**
 * The quiz as publishing its drafts now would make it: the English draft (or the published English)
 * fixes the questions and answers; each translation is its draft or its published text, kept only
 * while its structure matches the English quiz; Cyrillic follows Latin unless drafted by hand.
 */
export async function pendingQuiz(db: DB, quizId: number, versionId: number | null): Promise<PendingQuiz | null> {
	const drafts = await db.selectFrom('quiz_drafts').select(['locale', 'data']).where('quiz_id', '=', quizId).execute();
	const draftOf = new Map(drafts.map((d) => [d.locale, JSON.parse(d.data) as EditableQuiz]));
	const english = draftOf.get('en') ?? (await publishedQuiz(db, versionId, 'en'));
	if (!english) return null;
	const keys = toKeys(english, 'en');
	const texts = new Map<ContentLocale, { title: string; questions: QuestionText[] }>([
		['en', { title: english.title, questions: textsOf(english) }]
	]);
	for (const locale of CONTENT_LOCALES) {
		if (locale === 'en') continue;
		// A translation keeps every question it has translated, matched by id, when the English quiz
		// changes; a language without its own text is left out (learners then see English, with a notice).
		const found = draftOf.get(locale) ?? (await publishedQuiz(db, versionId, locale, false));
		if (!found) continue;
		const candidate = mergeTranslation(found, english);
		texts.set(locale, { title: candidate.title, questions: textsOf(candidate) });
		keys.forEach((k, i) => {
			const q = candidate.questions[i];
			if (k.type === 'short_text' && !q.untranslated) k.accepted[locale] = q.accepted;
		});
	}
	const latin = texts.get('sr-Latn');
	if (latin && !draftOf.has('sr-Cyrl')) {
		texts.set('sr-Cyrl', {
			title: script.toCyrillic(latin.title),
			questions: latin.questions.map((q) =>
				q.untranslated
					? q
					: {
							prompt: script.toCyrillic(q.prompt),
							options: q.options.map(script.toCyrillic),
							items: q.items.map(script.toCyrillic),
							explanation: script.toCyrillic(q.explanation)
						}
			)
		});
		keys.forEach((k) => {
			if (k.type === 'short_text' && k.accepted['sr-Latn'])
				k.accepted['sr-Cyrl'] = script.deriveCyrillic(k.accepted['sr-Latn']);
		});
	}
	return { english, keys, texts, drafted: drafts.length > 0 };
}

/** Publishes the drafts as a new quiz version. Old attempts keep pointing at their version. */
export async function publishQuiz(
	db: DB,
	input: { quizId: number; expectedRevision: number; userId: number },
	now = Date.now()
): Promise<BuilderResult> {
	const ctx = await quizContext(db, input.quizId);
	if (!ctx) return { ok: false, reason: 'nothing' };
	const pending = await pendingQuiz(db, input.quizId, ctx.current_version_id);
	if (!pending || !pending.drafted) return { ok: false, reason: 'nothing' };
	const { english, keys, texts } = pending;
	return db.transaction().execute(async (tx) => {
		if (!(await claimRevision(tx, 'quizzes', input.quizId, input.expectedRevision)))
			return { ok: false as const, reason: 'conflict' as const };
		const last = await tx
			.selectFrom('quiz_versions')
			.select((eb) => eb.fn.max('number').as('n'))
			.where('quiz_id', '=', input.quizId)
			.executeTakeFirst();
		const version = await tx
			.insertInto('quiz_versions')
			.values({
				quiz_id: input.quizId,
				number: Number(last?.n ?? 0) + 1,
				hash: `editor:${now}`,
				pass_mark: english.passMark,
				max_attempts: english.maxAttempts,
				wait_minutes: english.waitMinutes,
				answer_key: JSON.stringify(keys),
				created_at: now,
				created_by: input.userId
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		for (const [locale, t] of texts) {
			await tx
				.insertInto('quiz_texts')
				.values({ version_id: version.id, locale, title: t.title, questions: JSON.stringify(t.questions) })
				.execute();
		}
		await tx.updateTable('quizzes').set({ current_version_id: version.id }).where('id', '=', input.quizId).execute();
		await tx.deleteFrom('quiz_drafts').where('quiz_id', '=', input.quizId).execute();
		await bumpContentGeneration(tx);
		return { ok: true as const };
	});
}

// ——— Quiz versions: history, a readable diff, restore, and the status of translations ———

/** The quiz's versions, newest first, with who published them (null: the content import). */
export function quizHistory(db: DB, quizId: number) {
	return db
		.selectFrom('quiz_versions')
		.leftJoin('users', 'users.id', 'quiz_versions.created_by')
		.select(['quiz_versions.id', 'quiz_versions.number', 'quiz_versions.created_at', 'users.name as author'])
		.where('quiz_versions.quiz_id', '=', quizId)
		.orderBy('quiz_versions.number', 'desc')
		.execute();
}

/** A version written out as plain text, one line per fact, so that two versions can be compared. */
async function quizText(db: DB, versionId: number, locale: ContentLocale): Promise<string> {
	const quiz = await publishedQuiz(db, versionId, locale);
	if (!quiz) return '';
	const lines = [
		`# ${quiz.title}`,
		`pass mark ${quiz.passMark}% · attempts ${quiz.maxAttempts ?? '∞'} · wait ${quiz.waitMinutes} min`,
		''
	];
	quiz.questions.forEach((q, i) => {
		lines.push(`${i + 1}. [${q.type}] ${q.prompt}`);
		q.options.forEach((o, j) => lines.push(`   ${j + 1}) ${o}`));
		q.items.forEach((it, j) => lines.push(`   ${j + 1}. ${it}`));
		if (q.correct) lines.push(`   = ${q.correct}`);
		if (q.accepted.length) lines.push(`   = ${q.accepted.join(' | ')}`);
		lines.push(`   ${q.explanation}`, '');
	});
	return lines.join('\n');
}

export async function diffQuizVersions(db: DB, fromId: number, toId: number, locale: ContentLocale) {
	return lineDiff(await quizText(db, fromId, locale), await quizText(db, toId, locale));
}

/** Publishes an old version again, as a new version (nothing is rewritten in place). */
export async function restoreQuiz(
	db: DB,
	input: { quizId: number; versionId: number; expectedRevision: number; userId: number },
	now = Date.now()
): Promise<BuilderResult> {
	return db.transaction().execute(async (tx) => {
		const old = await tx
			.selectFrom('quiz_versions')
			.selectAll()
			.where('id', '=', input.versionId)
			.where('quiz_id', '=', input.quizId)
			.executeTakeFirst();
		if (!old) return { ok: false as const, reason: 'nothing' as const };
		if (!(await claimRevision(tx, 'quizzes', input.quizId, input.expectedRevision)))
			return { ok: false as const, reason: 'conflict' as const };
		const last = await tx
			.selectFrom('quiz_versions')
			.select((eb) => eb.fn.max('number').as('n'))
			.where('quiz_id', '=', input.quizId)
			.executeTakeFirst();
		const version = await tx
			.insertInto('quiz_versions')
			.values({
				quiz_id: input.quizId,
				number: Number(last?.n ?? 0) + 1,
				hash: `restore:${old.id}:${now}`,
				pass_mark: old.pass_mark,
				max_attempts: old.max_attempts,
				wait_minutes: old.wait_minutes,
				answer_key: old.answer_key,
				created_at: now,
				created_by: input.userId
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const texts = await tx
			.selectFrom('quiz_texts')
			.select(['locale', 'title', 'questions'])
			.where('version_id', '=', old.id)
			.execute();
		for (const t of texts)
			await tx
				.insertInto('quiz_texts')
				.values({ version_id: version.id, locale: t.locale, title: t.title, questions: t.questions })
				.execute();
		await tx.updateTable('quizzes').set({ current_version_id: version.id }).where('id', '=', input.quizId).execute();
		await tx.deleteFrom('quiz_drafts').where('quiz_id', '=', input.quizId).execute();
		await bumpContentGeneration(tx);
		return { ok: true as const };
	});
}

/**
 * Per locale: missing, partly translated (some questions still in English), outdated or current,
 * comparing content (see translation-status.ts).
 */
export async function quizTranslationStatus(db: DB, quizId: number) {
	const [statuses, latest] = await Promise.all([
		translations.statusOf(db, 'quiz', quizId),
		db
			.selectFrom('quizzes')
			.innerJoin('quiz_texts', 'quiz_texts.version_id', 'quizzes.current_version_id')
			.select(['quiz_texts.locale', 'quiz_texts.questions'])
			.where('quizzes.id', '=', quizId)
			.execute()
	]);
	const partial = new Set(
		latest.filter((r) => (JSON.parse(r.questions) as QuestionText[]).some((q) => q.untranslated)).map((r) => r.locale)
	);
	return statuses.map(({ locale, status }) => ({
		locale,
		status: status !== 'missing' && partial.has(locale) ? ('partial' as const) : status
	}));
}
