// Quizzes: what the learner sees (never the answers), reading a submission strictly, and storing one
// attempt per submission. Grading itself is in grading.ts.
import { perDatabase } from '../platform/cache';
import type { DB } from '../db/client';
import type { QuestionKey, QuestionText, QuestionType } from '../catalogue/content/schema';
import { createHmac } from 'node:crypto';
import { appSecret, hmac } from '../platform/secret';
import type { Answer } from './grading';
import { textFor } from '../../i18n/script';
import { parseStoredJson } from '../db/json';
import { answerKeySchema, questionTextsSchema } from '../catalogue/quiz-schema';
import { answersSchema, resultsSchema } from './attempt-json';

export type { Answer } from './grading';

export interface PresentedQuestion {
	id: string;
	type: QuestionType;
	prompt: string;
	options: { id: string; text: string }[];
	/** ordering: items in a stable shuffled order, with opaque ids. */
	items: { id: string; text: string }[];
	/** Shown in English because this question is not translated into the learner's language yet. */
	untranslated: boolean;
}

export interface PresentedQuiz {
	versionId: number;
	title: string;
	fallback: boolean;
	questions: PresentedQuestion[];
}

export interface VersionData {
	keys: QuestionKey[];
	texts: QuestionText[];
	title: string;
	fallback: boolean;
	passMark: number;
}

/** A quiz version's answer key, and its texts in a locale (English where it has none). */
export async function loadVersion(db: DB, versionId: number, locale: string): Promise<VersionData | null> {
	const version = await versionKey(db, versionId);
	if (!version) return null;
	const texts = await db
		.selectFrom('quiz_texts')
		.select(['locale', 'title', 'questions'])
		.where('version_id', '=', versionId)
		.where('locale', 'in', [locale, 'en'])
		.execute();
	const chosen = textFor(locale, texts);
	if (!chosen) return null;
	const { text } = chosen;
	return {
		keys: version.keys,
		texts: parseStoredJson(questionTextsSchema, text.questions, 'quiz_texts.questions'),
		title: text.title,
		fallback: chosen.fallback,
		passMark: version.passMark
	};
}

/** The opaque id of an ordering item; `scope` is the quiz version (or another stable key). */
function itemId(secret: string, scope: number | string, questionId: string, index: number): string {
	return hmac(secret, `order:${scope}:${questionId}:${index}`, 10);
}

/** Questions as the learner sees them: no correct answers, ordering items in a shuffle keyed by `scope`. */
export function presentQuestions(
	keys: QuestionKey[],
	texts: QuestionText[],
	scope: number | string,
	secret: string
): PresentedQuestion[] {
	return keys.map((key, i) => {
		const text = texts[i];
		const items = text.items
			.map((t, index) => ({ id: itemId(secret, scope, key.id, index), text: t }))
			.sort((a, b) => (a.id < b.id ? -1 : 1));
		// A keyed shuffle can by chance leave the items in the right order; turn it round then.
		if (items.length > 1 && items.every((it, index) => it.id === itemId(secret, scope, key.id, index))) items.reverse();
		return {
			id: key.id,
			type: key.type,
			prompt: text.prompt,
			options: text.options.map((o, index) => ({ id: String(index + 1), text: o })),
			items,
			untranslated: Boolean(text.untranslated)
		};
	});
}

/** A quiz version as the learner sees it. */
// A published version never changes and its presentation depends on nothing else (the order of
// options is fixed by the app secret), so it is made once per version and language.
const presentations = perDatabase<string, PresentedQuiz | null>({ max: 200 });

export async function presentQuiz(db: DB, versionId: number, locale: string): Promise<PresentedQuiz | null> {
	return presentations(db).getOrLoad(`${versionId}:${locale}`, async () => {
		const data = await loadVersion(db, versionId, locale);
		if (!data) return null;
		const secret = await appSecret(db);
		return {
			versionId,
			title: data.title,
			fallback: data.fallback,
			questions: presentQuestions(data.keys, data.texts, versionId, secret)
		};
	});
}

export type ParseResult =
	| { ok: true; answers: Record<string, Answer> }
	| { ok: false; problem: 'unanswered' | 'invalid'; questionIds: string[]; raw: Record<string, string | string[]> };

const MAX_TEXT_ANSWER = 200;

/**
 * Reads a quiz form strictly: every question answered, only known option and item ids, no fields
 * for other questions. Field names: `q.<id>` (choice, true/false, text), `q.<id>.<itemId>` (position
 * of an ordering item).
 */
export async function parseSubmission(db: DB, versionId: number, form: FormData): Promise<ParseResult | null> {
	const version = await versionKey(db, versionId);
	if (!version) return null;
	return readAnswers(version.keys, form, versionId, await appSecret(db));
}

/** Reads a quiz form against an answer key, as `parseSubmission` does; `scope` as in `presentQuestions`. */
export function readAnswers(keys: QuestionKey[], form: FormData, scope: number | string, secret: string): ParseResult {
	const raw: Record<string, string | string[]> = {};
	const answers: Record<string, Answer> = {};
	const unanswered: string[] = [];
	const invalid: string[] = [];
	const known = new Set<string>(['submission', 'version']);

	for (const key of keys) {
		const name = `q.${key.id}`;
		const values = form.getAll(name).map((v) => (typeof v === 'string' ? v : ''));
		if (values.length) raw[name] = values.length === 1 ? values[0] : values;
		known.add(name);
		switch (key.type) {
			case 'single': {
				if (values.length === 0 || values[0] === '') unanswered.push(key.id);
				else if (
					values.length > 1 ||
					!/^\d{1,3}$/.test(values[0]) ||
					Number(values[0]) < 1 ||
					Number(values[0]) > key.optionCount
				)
					invalid.push(key.id);
				else answers[key.id] = Number(values[0]);
				break;
			}
			case 'multiple': {
				if (values.length === 0) unanswered.push(key.id);
				else {
					const nums = values.map(Number);
					if (
						values.some((v) => !/^\d{1,3}$/.test(v)) ||
						nums.some((n) => n < 1 || n > key.optionCount) ||
						new Set(nums).size !== nums.length
					)
						invalid.push(key.id);
					else answers[key.id] = nums.sort((a, b) => a - b);
				}
				break;
			}
			case 'true_false': {
				if (values.length === 0 || values[0] === '') unanswered.push(key.id);
				else if (values.length > 1 || (values[0] !== 'true' && values[0] !== 'false')) invalid.push(key.id);
				else answers[key.id] = values[0] === 'true';
				break;
			}
			case 'short_text': {
				const value = (values[0] ?? '').trim();
				if (values.length > 1) invalid.push(key.id);
				else if (!value) unanswered.push(key.id);
				else if (value.length > MAX_TEXT_ANSWER) invalid.push(key.id);
				else answers[key.id] = value;
				break;
			}
			case 'ordering': {
				const order: number[] = new Array(key.itemCount);
				let missing = false;
				let bad = false;
				for (let index = 0; index < key.itemCount; index++) {
					const field = `${name}.${itemId(secret, scope, key.id, index)}`;
					known.add(field);
					const v = form.getAll(field);
					if (v.length) raw[field] = v.map(String).length === 1 ? String(v[0]) : v.map(String);
					if (v.length === 0 || v[0] === '') missing = true;
					else if (v.length > 1 || typeof v[0] !== 'string' || !/^\d{1,2}$/.test(v[0])) bad = true;
					else {
						const position = Number(v[0]);
						if (position < 1 || position > key.itemCount || order[position - 1] !== undefined) bad = true;
						else order[position - 1] = index;
					}
				}
				if (bad) invalid.push(key.id);
				else if (missing) unanswered.push(key.id);
				else answers[key.id] = order;
				break;
			}
		}
	}
	for (const field of form.keys()) {
		if (!known.has(field)) return { ok: false, problem: 'invalid', questionIds: [], raw };
	}
	if (invalid.length) return { ok: false, problem: 'invalid', questionIds: invalid, raw };
	if (unanswered.length) return { ok: false, problem: 'unanswered', questionIds: unanswered, raw };
	return { ok: true, answers };
}

// A quiz version never changes once published (an edit is a new version), so its answer key and
// limits are kept in memory, per database handle (tests open many).
const versionKeys = perDatabase<number, VersionKey | null>({ max: 200 });

export interface VersionKey {
	keys: QuestionKey[];
	passMark: number;
	maxAttempts: number | null;
	waitMinutes: number;
}

/** The answer key, pass mark and attempt limits of a quiz version, or null when there is no such version. */
export async function versionKey(db: DB, versionId: number): Promise<VersionKey | null> {
	return versionKeys(db).getOrLoad(versionId, async () => {
		const row = await db
			.selectFrom('quiz_versions')
			.select(['answer_key', 'pass_mark', 'max_attempts', 'wait_minutes'])
			.where('id', '=', versionId)
			.executeTakeFirst();
		if (!row) return null;
		return {
			keys: parseStoredJson(answerKeySchema, row.answer_key, 'quiz_versions.answer_key'),
			passMark: row.pass_mark,
			maxAttempts: row.max_attempts,
			waitMinutes: row.wait_minutes
		};
	});
}

/**
 * The submission key of a quiz page: it names the attempt the page was shown for (the learner's
 * attempt number `attemptNo` at this quiz), so every view of the quiz between two attempts (a
 * reload, a second tab, back and resubmit) carries the same key, and the unique (user, key) stores
 * one attempt for all of them. Keyed with the app's secret; 32 hex digits.
 */
export async function submissionKey(db: DB, userId: number, quizId: number, attemptNo: number): Promise<string> {
	return createHmac('sha256', await appSecret(db))
		.update(`submission:${userId}:${quizId}:${attemptNo}`)
		.digest('hex')
		.slice(0, 32);
}

export interface ReviewedQuestion {
	id: string;
	type: QuestionType;
	prompt: string;
	options: string[];
	/** ordering: items in the order the learner put them. */
	items: string[];
	answer: Answer | null;
	credit: number;
	right: boolean;
	explanation: string;
}

/** Each question with the learner's answer and the credit it earned, for review after submitting. */
export function reviewQuestions(
	keys: QuestionKey[],
	texts: QuestionText[],
	answers: Record<string, Answer>,
	results: Record<string, number>
): ReviewedQuestion[] {
	return keys.map((key, i) => {
		const text = texts[i];
		const answer = answers[key.id] ?? null;
		const credit = results[key.id] ?? 0;
		return {
			id: key.id,
			type: key.type,
			prompt: text.prompt,
			options: text.options,
			items: key.type === 'ordering' && Array.isArray(answer) ? (answer as number[]).map((idx) => text.items[idx]) : [],
			answer,
			credit,
			right: credit === 1,
			explanation: text.explanation
		};
	});
}

/** An attempt with the questions exactly as they were in the version the learner answered. */
export async function reviewAttempt(db: DB, attemptId: number, userId: number, locale: string) {
	const attempt = await db
		.selectFrom('quiz_attempts')
		.selectAll()
		.where('id', '=', attemptId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	if (!attempt) return null;
	const data = await loadVersion(db, attempt.quiz_version_id, locale);
	if (!data) return null;
	const questions = reviewQuestions(
		data.keys,
		data.texts,
		parseStoredJson(answersSchema, attempt.answers, 'quiz_attempts.answers'),
		parseStoredJson(resultsSchema, attempt.results, 'quiz_attempts.results')
	);
	return {
		id: attempt.id,
		quizId: attempt.quiz_id,
		attemptNo: attempt.attempt_no,
		score: attempt.score,
		passed: Boolean(attempt.passed),
		passMark: data.passMark,
		submittedAt: attempt.submitted_at,
		title: data.title,
		questions
	};
}

/**
 * A learner's attempts at a quiz, newest first. Ordered by the attempt's number (it counts up per
 * learner and quiz): ordered by time, SQLite would rather walk the quiz's index on (quiz, time), every
 * learner's attempts, than sort the learner's few.
 */
export function attemptsQuery(db: DB, userId: number, quizId: number) {
	return db
		.selectFrom('quiz_attempts')
		.select(['id', 'attempt_no', 'score', 'passed', 'submitted_at'])
		.where('user_id', '=', userId)
		.where('quiz_id', '=', quizId)
		.orderBy('attempt_no', 'desc');
}

export function listAttempts(db: DB, userId: number, quizId: number) {
	return attemptsQuery(db, userId, quizId).execute();
}

/** The attempt stored for a submission key, if any. */
export async function findAttemptBySubmission(db: DB, userId: number, submissionKey: string): Promise<number | null> {
	const row = await db
		.selectFrom('quiz_attempts')
		.select('id')
		.where('user_id', '=', userId)
		.where('submission_key', '=', submissionKey)
		.executeTakeFirst();
	return row?.id ?? null;
}
