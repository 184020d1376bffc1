// Quizzes as versioned texts (see engine/): drafts per locale, published as a new quiz version with
// its answer key; old attempts keep pointing at their version. What the builder's form holds and
// what makes a quiz valid: quizzes.ts.
import type { DB } from '../db/client';
import * as script from '../../i18n/script';
import { CONTENT_LOCALES, type ContentLocale, type QuestionKey, type QuestionText } from '../catalogue/content/schema';
import * as engine from './engine';
import {
	fromVersion,
	markTranslated,
	mergeTranslation,
	NEW_QUIZ_SETTINGS,
	textsOf,
	toKeys,
	validateQuiz,
	type BuilderResult,
	type EditableQuiz
} from './quizzes';
import { parseStoredJson } from '../db/json';
import { answerKeySchema, questionTextsSchema, quizDrawSchema } from '../catalogue/quiz-schema';
import { drawFromText, quizDraftSchema } from '../catalogue/quiz-form';

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
	const questions = t ? parseStoredJson(questionTextsSchema, t.questions, 'quiz_texts.questions') : [];
	const marked = t && t.locale !== locale ? questions.map((q) => ({ ...q, untranslated: true })) : questions;
	return fromVersion(parseStoredJson(answerKeySchema, v.answer_key, 'quiz_versions.answer_key'), marked, locale, {
		...v,
		draw: v.draw === null ? null : parseStoredJson(quizDrawSchema, v.draw, 'quiz_versions.draw'),
		title: t?.title ?? ''
	});
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
		? parseStoredJson(quizDraftSchema, draft.data, 'quiz_drafts.data')
		: ((await publishedQuiz(db, versionId, locale)) ?? { title: '', ...NEW_QUIZ_SETTINGS, questions: [] });
	if (locale === 'en') return { quiz, draft: Boolean(draft) };
	const english = (await editableQuiz(db, quizId, versionId, 'en')).quiz;
	return { quiz: mergeTranslation(quiz, english), draft: Boolean(draft) };
}

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
	const saved = await engine.saveDraft(db, 'quiz', input.quizId, input.expectedRevision, async (tx) => {
		const values = { data: JSON.stringify(quiz), updated_by: input.userId, updated_at: now };
		await tx
			.insertInto('quiz_drafts')
			.values({ quiz_id: input.quizId, locale: input.locale, ...values })
			.onConflict((oc) => oc.columns(['quiz_id', 'locale']).doUpdateSet(values))
			.execute();
	});
	return saved.ok ? { ok: true } : { ok: false, reason: 'conflict' };
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
	const draftOf = new Map(drafts.map((d) => [d.locale, parseStoredJson(quizDraftSchema, d.data, 'quiz_drafts.data')]));
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
		texts.set('sr-Cyrl', script.deriveCyrillic(latin));
		keys.forEach((k) => {
			if (k.type === 'short_text' && k.accepted['sr-Latn'])
				k.accepted['sr-Cyrl'] = script.deriveCyrillic(k.accepted['sr-Latn']);
		});
	}
	return { english, keys, texts, drafted: drafts.length > 0 };
}

/** The builder's answer to a publication: the engine's refusals, as the builder names them. */
const asBuilderResult = (r: engine.PublishResult): BuilderResult =>
	r.ok ? { ok: true } : r.reason === 'conflict' ? { ok: false, reason: 'conflict' } : { ok: false, reason: 'nothing' };

interface QuizVersionValues {
	hash: string;
	pass_mark: number;
	max_attempts: number | null;
	wait_minutes: number;
	attempts_per_day: number | null;
	draw: string | null;
	answer_key: string;
	texts: { locale: string; title: string; questions: string }[];
}

/** Writes a quiz version with its texts; its id. */
async function insertVersion(
	tx: DB,
	quizId: number,
	v: QuizVersionValues,
	number: number,
	userId: number,
	now: number
) {
	const { texts, ...values } = v;
	const version = await tx
		.insertInto('quiz_versions')
		.values({ quiz_id: quizId, number, ...values, created_at: now, created_by: userId })
		.returning('id')
		.executeTakeFirstOrThrow();
	for (const t of texts)
		await tx
			.insertInto('quiz_texts')
			.values({ version_id: version.id, locale: t.locale, title: t.title, questions: t.questions })
			.execute();
	return version.id;
}

/** Publishes the drafts as a new quiz version. Old attempts keep pointing at their version. */
export async function publishQuiz(
	db: DB,
	input: { quizId: number; expectedRevision: number; userId: number },
	now = Date.now()
): Promise<BuilderResult> {
	const result = await engine.publishVersion(db, 'quiz', input.quizId, input.expectedRevision, {
		async gather(tx) {
			const ctx = await quizContext(tx, input.quizId);
			const pending = ctx && (await pendingQuiz(tx, input.quizId, ctx.current_version_id));
			if (!pending || !pending.drafted) return engine.refuse('nothing');
			const { english, keys, texts } = pending;
			return {
				hash: `editor:${now}`,
				pass_mark: english.passMark,
				max_attempts: english.maxAttempts,
				wait_minutes: english.waitMinutes,
				attempts_per_day: english.attemptsPerDay,
				draw: english.draw.trim() === '' ? null : JSON.stringify(drawFromText(english.draw)),
				answer_key: JSON.stringify(keys),
				texts: [...texts].map(([locale, t]) => ({ locale, title: t.title, questions: JSON.stringify(t.questions) }))
			};
		},
		write: (tx, values, number) => insertVersion(tx, input.quizId, values, number, input.userId, now)
	});
	return asBuilderResult(result);
}

/** Publishes an old version again, as a new version (nothing is rewritten in place). */
export async function restoreQuiz(
	db: DB,
	input: { quizId: number; versionId: number; expectedRevision: number; userId: number },
	now = Date.now()
): Promise<BuilderResult> {
	return asBuilderResult(await restoreVersion(db, input, now));
}

/** restoreQuiz, answered as the engine answers every kind (with the new version's number). */
export function restoreVersion(
	db: DB,
	input: { quizId: number; versionId: number; expectedRevision: number; userId: number },
	now = Date.now()
): Promise<engine.PublishResult> {
	return engine.publishVersion(db, 'quiz', input.quizId, input.expectedRevision, {
		async gather(tx) {
			const old = await tx
				.selectFrom('quiz_versions')
				.selectAll()
				.where('id', '=', input.versionId)
				.where('quiz_id', '=', input.quizId)
				.executeTakeFirst();
			if (!old) return engine.refuse('not_found');
			const texts = await tx
				.selectFrom('quiz_texts')
				.select(['locale', 'title', 'questions'])
				.where('version_id', '=', old.id)
				.execute();
			return {
				hash: `restore:${old.id}:${now}`,
				pass_mark: old.pass_mark,
				max_attempts: old.max_attempts,
				wait_minutes: old.wait_minutes,
				attempts_per_day: old.attempts_per_day,
				draw: old.draw,
				answer_key: old.answer_key,
				texts
			};
		},
		write: (tx, values, number) => insertVersion(tx, input.quizId, values, number, input.userId, now)
	});
}

/** The quiz's versions, newest first, with who published them (null: the content import). */
export function quizHistory(db: DB, quizId: number) {
	return engine.history(db, 'quiz', quizId);
}

/** A version written out as plain text, one line per fact, so that two versions can be compared. */
async function quizText(db: DB, versionId: number, locale: ContentLocale): Promise<string> {
	const quiz = await publishedQuiz(db, versionId, locale);
	if (!quiz) return '';
	const lines = [
		`# ${quiz.title}`,
		`pass mark ${quiz.passMark}% · attempts ${quiz.maxAttempts ?? '∞'} · wait ${quiz.waitMinutes} min` +
			(quiz.attemptsPerDay === null ? '' : ` · ${quiz.attemptsPerDay} a day`) +
			(quiz.draw ? ` · draw ${quiz.draw}` : ''),
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
	return engine.paragraphDiff(await quizText(db, fromId, locale), await quizText(db, toId, locale));
}

/**
 * Per locale: missing, partly translated (some questions still in English), outdated or current,
 * comparing content (see engine/translations.ts).
 */
export async function quizTranslationStatus(db: DB, quizId: number) {
	const [statuses, latest] = await Promise.all([
		engine.translations.statusOf(db, 'quiz', quizId),
		db
			.selectFrom('quizzes')
			.innerJoin('quiz_texts', 'quiz_texts.version_id', 'quizzes.current_version_id')
			.select(['quiz_texts.locale', 'quiz_texts.questions'])
			.where('quizzes.id', '=', quizId)
			.execute()
	]);
	const partial = new Set(
		latest
			.filter((r) =>
				parseStoredJson(questionTextsSchema, r.questions, 'quiz_texts.questions').some((q) => q.untranslated)
			)
			.map((r) => r.locale)
	);
	return statuses.map(({ locale, status }) => ({
		locale,
		status: status !== 'missing' && partial.has(locale) ? ('partial' as const) : status
	}));
}
