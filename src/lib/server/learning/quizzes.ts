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
import { answerKeySchema, questionTextsSchema, quizDrawSchema, type QuizDraw } from '../catalogue/quiz-schema';
import { drawPresentation, keysOnPaper, type Presentation } from './presentation';

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

/**
 * The opaque id of an option: answers are posted by it, so the form tells neither the position shown
 * nor the position in the quiz file (where the keys may favour one position).
 */
function optionId(secret: string, scope: number | string, questionId: string, index: number): string {
	return hmac(secret, `option:${scope}:${questionId}:${index}`, 10);
}

/**
 * Questions as the learner sees them: no correct answers. With a paper (see presentation.ts), the
 * questions drawn and their options and items in the paper's order; without, every question with
 * its options in the file's order and ordering items in a shuffle keyed by `scope` (the preview).
 */
export function presentQuestions(
	keys: QuestionKey[],
	texts: QuestionText[],
	scope: number | string,
	secret: string,
	paper: Presentation | null = null
): PresentedQuestion[] {
	const all = keys.map((key, i) => {
		const text = texts[i];
		const items = text.items.map((t, index) => ({ id: itemId(secret, scope, key.id, index), text: t }));
		const options = text.options.map((o, index) => ({ id: optionId(secret, scope, key.id, index), text: o }));
		return { key, text, items, options };
	});
	const byId = new Map(all.map((q) => [q.key.id, q]));
	const shown = paper
		? paper.flatMap((p) => {
				const q = byId.get(p.id);
				if (!q) return [];
				const pick = <T>(list: T[]) => (p.order.length === list.length ? p.order.map((index) => list[index]) : list);
				return [{ ...q, options: pick(q.options), items: pick(q.items) }];
			})
		: all.map((q) => {
				const sorted = [...q.items].sort((a, b) => (a.id < b.id ? -1 : 1));
				// A keyed shuffle can by chance leave the items in the right order; turn it round then.
				if (sorted.length > 1 && sorted.every((it, index) => it === q.items[index])) sorted.reverse();
				return { ...q, items: sorted };
			});
	return shown.map(({ key, text, options, items }) => ({
		id: key.id,
		type: key.type,
		prompt: text.prompt,
		options,
		items,
		untranslated: Boolean(text.untranslated)
	}));
}

// A published version never changes, so its texts are read once per version and language; the
// paper of each attempt is drawn from them per request (cheap: a few numbers per question).
const versions = perDatabase<string, (VersionData & { secret: string; draw: QuizDraw | null }) | null>({ max: 200 });

/**
 * A quiz version as the learner sees it. `seed` names the attempt (its submission key): the
 * questions drawn and the order of options and items are that attempt's paper. Without a seed:
 * every question in the version's order (as in a preview).
 */
export async function presentQuiz(
	db: DB,
	versionId: number,
	locale: string,
	seed: string | null = null
): Promise<PresentedQuiz | null> {
	const data = await versions(db).getOrLoad(`${versionId}:${locale}`, async () => {
		const loaded = await loadVersion(db, versionId, locale);
		const key = await versionKey(db, versionId);
		return loaded && key ? { ...loaded, secret: await appSecret(db), draw: key.draw } : null;
	});
	if (!data) return null;
	const paper = seed === null ? null : drawPresentation(data.keys, data.draw, seed, data.secret);
	return {
		versionId,
		title: data.title,
		fallback: data.fallback,
		questions: presentQuestions(data.keys, data.texts, versionId, data.secret, paper)
	};
}

/** The paper of the attempt named by `seed` at a quiz version (null: no such version). */
export async function paperFor(db: DB, versionId: number, seed: string): Promise<Presentation | null> {
	const version = await versionKey(db, versionId);
	return version && drawPresentation(version.keys, version.draw, seed, await appSecret(db));
}

export type ParseResult =
	| { ok: true; answers: Record<string, Answer> }
	| { ok: false; problem: 'unanswered' | 'invalid'; questionIds: string[]; raw: Record<string, string | string[]> };

const MAX_TEXT_ANSWER = 200;

/**
 * Reads a quiz form strictly: every question of the paper answered (every question of the version
 * without one), only known option and item ids, no fields for other questions. Field names:
 * `q.<id>` (choice, true/false, text), `q.<id>.<itemId>` (position of an ordering item).
 */
export async function parseSubmission(
	db: DB,
	versionId: number,
	form: FormData,
	paper: Presentation | null = null
): Promise<ParseResult | null> {
	const version = await versionKey(db, versionId);
	if (!version) return null;
	const keys = paper ? keysOnPaper(version.keys, paper) : version.keys;
	return readAnswers(keys, form, versionId, await appSecret(db));
}

/** Reads a quiz form against an answer key, as `parseSubmission` does; `scope` as in `presentQuestions`. */
export function readAnswers(keys: QuestionKey[], form: FormData, scope: number | string, secret: string): ParseResult {
	const raw: Record<string, string | string[]> = {};
	const answers: Record<string, Answer> = {};
	const unanswered: string[] = [];
	const invalid: string[] = [];
	const known = new Set<string>(['submission', 'version', 'op']);

	for (const key of keys) {
		const name = `q.${key.id}`;
		const values = form.getAll(name).map((v) => (typeof v === 'string' ? v : ''));
		if (values.length) raw[name] = values.length === 1 ? values[0] : values;
		known.add(name);
		// An option's number (1-based, in the file's order) by its opaque id; 0 for an unknown id.
		const ids =
			key.type === 'single' || key.type === 'multiple'
				? Array.from({ length: key.optionCount }, (_, index) => optionId(secret, scope, key.id, index))
				: [];
		const optionNumber = (id: string) => ids.indexOf(id) + 1;
		switch (key.type) {
			case 'single': {
				if (values.length === 0 || values[0] === '') unanswered.push(key.id);
				else if (values.length > 1 || optionNumber(values[0]) === 0) invalid.push(key.id);
				else answers[key.id] = optionNumber(values[0]);
				break;
			}
			case 'multiple': {
				if (values.length === 0) unanswered.push(key.id);
				else {
					const nums = values.map(optionNumber);
					if (nums.some((n) => n === 0) || new Set(nums).size !== nums.length) invalid.push(key.id);
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
	attemptsPerDay: number | null;
	/** How many questions an attempt draws (null: every question). */
	draw: QuizDraw | null;
}

/** The answer key, pass mark and attempt limits of a quiz version, or null when there is no such version. */
export async function versionKey(db: DB, versionId: number): Promise<VersionKey | null> {
	return versionKeys(db).getOrLoad(versionId, async () => {
		const row = await db
			.selectFrom('quiz_versions')
			.select(['answer_key', 'pass_mark', 'max_attempts', 'wait_minutes', 'attempts_per_day', 'draw'])
			.where('id', '=', versionId)
			.executeTakeFirst();
		if (!row) return null;
		return {
			keys: parseStoredJson(answerKeySchema, row.answer_key, 'quiz_versions.answer_key'),
			passMark: row.pass_mark,
			maxAttempts: row.max_attempts,
			waitMinutes: row.wait_minutes,
			attemptsPerDay: row.attempts_per_day,
			draw: row.draw === null ? null : parseStoredJson(quizDrawSchema, row.draw, 'quiz_versions.draw')
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

/**
 * A learner's attempts at a quiz, newest first. Ordered by the attempt's number (it counts up per
 * learner and quiz): ordered by time, SQLite would rather walk the quiz's index on (quiz, time), every
 * learner's attempts, than sort the learner's few.
 */
export function attemptsQuery(db: DB, userId: number, quizId: number) {
	return db
		.selectFrom('quiz_attempts')
		.select(['id', 'attempt_no', 'score', 'passed', 'submitted_at', 'answered_offline'])
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
