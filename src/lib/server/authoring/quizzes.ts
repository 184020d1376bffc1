// The quiz builder's form: trainers edit a module's quiz as a form (every question type). A quiz that
// cannot be passed is refused: a choice question without a right option, an ordering of one item, a
// short answer with nothing accepted. Translations edit only the texts; ids, types, options and
// answers follow the English quiz. Drafts, versions and history: quiz-versions.ts.
import {
	QUESTION_TYPES,
	type ContentLocale,
	type QuestionKey,
	type QuestionText,
	type QuestionType
} from '../catalogue/content/schema';
import { cleanText } from '../platform/form-text';
import { drawText, quizFormErrors } from '../catalogue/quiz-form';
import { QUIZ_DEFAULTS, QUIZ_LIMITS, type QuizDraw } from '../catalogue/quiz-schema';

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
	/** The pool's topic (for a draw per topic); '' for none. */
	topic?: string;
	/** single and multiple: per option (same order), why choosing it is right or wrong; '' for none. */
	feedback?: string[];
	/** In a translation: not translated yet, the texts are the English ones. */
	untranslated?: boolean;
}

export interface EditableQuiz {
	title: string;
	passMark: number;
	maxAttempts: number | null;
	waitMinutes: number;
	/** Attempts in any 24 hours; null: no daily limit. */
	attemptsPerDay: number | null;
	/** As typed: '' (every question), "5", or "topic: n" per topic, separated by commas. */
	draw: string;
	questions: EditableQuestion[];
}

/** A new quiz's settings: the course's usual pass mark and the quiz defaults (see QUIZ_DEFAULTS). */
export const NEW_QUIZ_SETTINGS = {
	passMark: 70,
	maxAttempts: null,
	waitMinutes: QUIZ_DEFAULTS.waitMinutes,
	attemptsPerDay: QUIZ_DEFAULTS.attemptsPerDay,
	draw: ''
} as const;

export const MAX_QUESTIONS = 40;

/**
 * How much of a value the form reads at most: ten times its limit, only to protect memory. Values are
 * never cut to their limits here; the check refuses what is too long or too many, with the text kept.
 */
const BOUND = 10;
const upTo = (v: unknown, limit: number) => cleanText(v).slice(0, limit * BOUND);
const LINES_TEXT = QUIZ_LIMITS.list * (QUIZ_LIMITS.item + 1);
const LINES = QUIZ_LIMITS.list * BOUND;

/** One line per option, in order; an empty line is an option without feedback (trailing ones dropped). */
function feedbackLines(v: unknown): string[] {
	const all = upTo(v, LINES_TEXT)
		.split('\n')
		.map((l) => l.trim())
		.slice(0, LINES);
	while (all.length && all[all.length - 1] === '') all.pop();
	return all;
}

const lines = (v: unknown) =>
	upTo(v, LINES_TEXT)
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean)
		.slice(0, LINES);

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

export function fromVersion(
	keys: QuestionKey[],
	texts: QuestionText[],
	locale: ContentLocale,
	v: {
		title: string;
		pass_mark: number;
		max_attempts: number | null;
		wait_minutes: number;
		attempts_per_day: number | null;
		draw: QuizDraw | null;
	}
): EditableQuiz {
	return {
		title: v.title,
		passMark: v.pass_mark,
		maxAttempts: v.max_attempts,
		waitMinutes: v.wait_minutes,
		attemptsPerDay: v.attempts_per_day,
		draw: drawText(v.draw),
		questions: keys.map((k, i) => ({
			id: k.id,
			type: k.type,
			prompt: texts[i]?.prompt ?? '',
			options: texts[i]?.options ?? [],
			correct: Array.isArray(k.correct) ? k.correct.join(', ') : k.correct === null ? '' : String(k.correct),
			items: texts[i]?.items ?? [],
			accepted: k.accepted[locale] ?? (texts[i]?.untranslated ? (k.accepted.en ?? []) : []),
			explanation: texts[i]?.explanation ?? '',
			...(k.topic ? { topic: k.topic } : {}),
			...(texts[i]?.feedback ? { feedback: texts[i].feedback } : {}),
			...(locale !== 'en' && texts[i]?.untranslated ? { untranslated: true } : {})
		}))
	};
}

/** Option rows the builder shows for a choice question at most (the schema's list limit). */
export const MAX_OPTIONS = QUIZ_LIMITS.list;
/** Option rows the form reads at most: more than the limit, so that too many are refused, not dropped. */
const OPTION_ROWS = MAX_OPTIONS * BOUND;

/**
 * A choice question's options and right answers as the builder shows them: one input per option
 * (`q-<n>-option-<k>`, empty rows dropped) with the right ones chosen beside them (`q-<n>-right`,
 * the row numbers); true/false as `q-<n>-tf`. Forms without the marks (`q-<n>-marks`) send the
 * options as lines and the right answer as typed text, as the builder did before, and still work.
 */
function choicesOf(form: FormData, i: number, type: QuestionType): { options: string[]; correct: string } {
	const f = (name: string) => form.get(`q-${i}-${name}`);
	let last = -1;
	for (let k = 0; k < OPTION_ROWS; k++) if (form.has(`q-${i}-option-${k}`)) last = k;
	const rows =
		last >= 0
			? Array.from({ length: last + 1 }, (_, k) =>
					upTo(f(`option-${k}`), QUIZ_LIMITS.item)
						.replace(/\s*\n\s*/g, ' ')
						.trim()
				)
			: null;
	const options = rows ? rows.filter(Boolean) : lines(f('options'));
	if (f('marks') !== '1') return { options, correct: upTo(f('correct'), 60) };
	if (type === 'true_false') {
		const tf = cleanText(f('tf'));
		return { options, correct: tf === 'true' || tf === 'false' ? tf : '' };
	}
	// A chosen row counts by its place among the rows that have text; a mark on an empty row is no answer.
	const places = new Set<number>();
	for (const mark of form.getAll(`q-${i}-right`).slice(0, OPTION_ROWS)) {
		const row = /^\d{1,3}$/.test(cleanText(mark)) ? Number(mark) : -1;
		if (rows) {
			if (row >= 0 && row < rows.length && rows[row]) places.add(rows.slice(0, row).filter(Boolean).length + 1);
		} else if (row >= 0 && row < options.length) places.add(row + 1);
	}
	const right = [...places].sort((a, b) => a - b);
	return { options, correct: (type === 'single' ? right.slice(0, 1) : right).join(', ') };
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
			id: upTo(f('id'), QUIZ_LIMITS.id).toLowerCase(),
			type: QUESTION_TYPES.includes(type) ? type : 'single',
			prompt: upTo(f('prompt'), QUIZ_LIMITS.prompt),
			...choicesOf(form, i, QUESTION_TYPES.includes(type) ? type : 'single'),
			items: lines(f('items')),
			accepted: lines(f('accepted')),
			explanation: upTo(f('explanation'), QUIZ_LIMITS.explanation),
			...(cleanText(f('topic')) ? { topic: upTo(f('topic'), QUIZ_LIMITS.topic).toLowerCase() } : {}),
			...(feedbackLines(f('feedback')).length ? { feedback: feedbackLines(f('feedback')) } : {}),
			...(f('untranslated') === '1' ? { untranslated: true } : {})
		});
	}
	const num = (name: string, fallback: number) => {
		const v = cleanText(form.get(name));
		return /^\d{1,5}$/.test(v) ? Number(v) : v === '' ? fallback : NaN;
	};
	// Empty: no limit (attempts at all, attempts a day).
	const limit = (name: string) => {
		const v = cleanText(form.get(name));
		return v === '' ? null : /^\d{1,4}$/.test(v) ? Number(v) : NaN;
	};
	return {
		title: upTo(form.get('title'), QUIZ_LIMITS.title),
		passMark: num('pass_mark', 70),
		maxAttempts: limit('max_attempts'),
		waitMinutes: num('wait_minutes', 0),
		attemptsPerDay: limit('attempts_per_day'),
		draw: upTo(form.get('draw'), 400),
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
	a.items.join('\n') === b.items.join('\n') &&
	(a.feedback ?? []).join('\n') === (b.feedback ?? []).join('\n');

/**
 * A translation's questions keep their "not yet translated" mark only while the translator left them
 * as the English text they were shown; a changed text counts as translated.
 */
export function markTranslated(quiz: EditableQuiz, english: EditableQuiz): EditableQuiz {
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
		accepted: q.type === 'short_text' ? { [locale]: q.accepted } : {},
		...(q.topic ? { topic: q.topic } : {})
	}));
}

export const textsOf = (quiz: EditableQuiz): QuestionText[] =>
	quiz.questions.map((q) => ({
		prompt: q.prompt,
		options: q.type === 'single' || q.type === 'multiple' ? q.options : [],
		items: q.type === 'ordering' ? q.items : [],
		explanation: q.explanation,
		...((q.type === 'single' || q.type === 'multiple') && q.feedback?.some(Boolean) ? { feedback: q.feedback } : {}),
		...(q.untranslated ? { untranslated: true } : {})
	}));

/**
 * A translation laid over the English quiz, question by question, matched by id: a question the
 * translation has with the English structure keeps its translated texts; a new or changed one (or
 * one still marked) carries the English texts and the "not yet translated" mark.
 */
export function mergeTranslation(candidate: EditableQuiz, english: EditableQuiz): EditableQuiz {
	return {
		...candidate,
		passMark: english.passMark,
		maxAttempts: english.maxAttempts,
		waitMinutes: english.waitMinutes,
		attemptsPerDay: english.attemptsPerDay,
		draw: english.draw,
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
						explanation: t.explanation,
						feedback: t.feedback
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
