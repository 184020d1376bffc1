// The quiz's shape in one place: question types, limits and the rules that make a quiz passable.
// The YAML import and the builder form both validate through `checkQuiz` (each maps the rules to
// its own words: file lines or message codes); answer keys and question texts read back from the
// database are parsed with `answerKeySchema` and `questionTextsSchema`.
import * as v from 'valibot';
import { QUESTION_TYPES } from './content/schema';

export const QUIZ_LIMITS = {
	questions: 40,
	/** options, ordering items, accepted answers */
	list: 20,
	/** each option, ordering item, accepted answer and feedback line */
	item: 500,
	id: 60,
	title: 200,
	prompt: 1000,
	explanation: 2000,
	passMark: [1, 100],
	maxAttempts: [1, 1000],
	waitMinutes: [0, 100_000],
	attemptsPerDay: [1, 100],
	topic: 40
} as const;

/**
 * What a new quiz gets unless its author says otherwise: a failed attempt is followed by a wait long
 * enough to go back to the lessons rather than guess again, and a learner has a handful of attempts
 * a day, enough to retry after reading, too few to try the answers out one by one.
 */
export const QUIZ_DEFAULTS = { waitMinutes: 10, attemptsPerDay: 5 } as const;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

// ——— What is stored: the answer key and the question texts of a quiz version ———

const strings = v.array(v.string());

export const questionKeySchema = v.object({
	id: v.string(),
	type: v.picklist(QUESTION_TYPES),
	/** single: 1-based option number; multiple: sorted numbers; true_false: boolean. */
	correct: v.union([v.number(), v.array(v.number()), v.boolean(), v.null()]),
	/** The pool's topic the question is drawn for (see QuizDraw); absent: no topic. */
	topic: v.optional(v.string()),
	optionCount: v.number(),
	itemCount: v.number(),
	/** short_text: accepted answers per locale. */
	accepted: v.object({
		en: v.optional(strings),
		sq: v.optional(strings),
		'sr-Latn': v.optional(strings),
		'sr-Cyrl': v.optional(strings)
	})
});
/** What grading needs: never sent to the browser before the learner submits. */
export type QuestionKey = v.InferOutput<typeof questionKeySchema>;
export const answerKeySchema = v.array(questionKeySchema);

export const questionTextSchema = v.object({
	prompt: v.string(),
	options: strings,
	/** ordering: items in the correct order. */
	items: strings,
	explanation: v.string(),
	/** single and multiple: per option (same order), why it is right or wrong; '' where there is none. */
	feedback: v.optional(strings),
	/** In a translation: the question is not translated yet, its texts are the English ones. */
	untranslated: v.optional(v.boolean())
});
export type QuestionText = v.InferOutput<typeof questionTextSchema>;
export const questionTextsSchema = v.array(questionTextSchema);

/** How many questions an attempt draws from the pool: a number in all, or a number per topic. */
export const quizDrawSchema = v.union([v.number(), v.record(v.string(), v.number())]);
export type QuizDraw = v.InferOutput<typeof quizDrawSchema>;

// ——— What is checked: a quiz as the import or the builder hands it over ———

/** The rules a quiz can break; each caller words them (see content/quiz-read.ts, validateQuiz). */
export const QUIZ_RULES = [
	'no_questions',
	'translation_structure',
	'id_invalid',
	'id_long',
	'id_duplicate',
	'type_unknown',
	'prompt_required',
	'prompt_long',
	'explanation_required',
	'explanation_long',
	'list_long',
	'item_long',
	'options_few',
	'option_empty',
	'no_correct',
	'correct_not_number',
	'correct_out_of_range',
	'single_one_correct',
	'correct_twice',
	'true_false_correct',
	'items_few',
	'item_empty',
	'accepted_empty',
	'too_many_questions',
	'title_long',
	'pass_mark',
	'max_attempts',
	'wait_minutes',
	'attempts_per_day',
	'topic_invalid',
	'feedback_count',
	'draw_invalid',
	'draw_too_many'
] as const;
export type QuizRule = (typeof QUIZ_RULES)[number];

const text = (max: number, required: QuizRule, long: QuizRule) =>
	v.pipe(v.string(), v.minLength(1, required), v.maxLength(max, long));
const list = v.pipe(
	v.array(v.pipe(v.string(), v.maxLength(QUIZ_LIMITS.item, 'item_long' satisfies QuizRule))),
	v.maxLength(QUIZ_LIMITS.list, 'list_long' satisfies QuizRule)
);
const whole = (rule: QuizRule, [min, max]: readonly [number, number]) =>
	v.pipe(v.number(rule), v.integer(rule), v.minValue(min, rule), v.maxValue(max, rule));

type Issue = (info: { message: QuizRule; input?: unknown; path?: [v.IssuePathItem, ...v.IssuePathItem[]] }) => void;

/** The rules that depend on the question type: a question nobody can answer right is refused. */
function typeRules(q: QuestionCandidate, issue: Issue) {
	if (q.type === 'single' || q.type === 'multiple') {
		if (q.options.length < 2) issue({ message: 'options_few' });
		if (q.options.some((o) => o === '')) issue({ message: 'option_empty' });
		const answers = Array.isArray(q.correct) ? q.correct : [];
		if (answers.length === 0) return issue({ message: 'no_correct' });
		for (const c of answers) {
			if (typeof c !== 'number' || !Number.isInteger(c)) issue({ message: 'correct_not_number', input: c });
			else if (c < 1 || c > q.options.length) issue({ message: 'correct_out_of_range', input: c });
		}
		if (q.type === 'single' && answers.length !== 1) issue({ message: 'single_one_correct' });
		if (new Set(answers).size !== answers.length) issue({ message: 'correct_twice' });
		if (q.feedback && q.feedback.length > q.options.length) issue({ message: 'feedback_count' });
	} else if (q.type === 'true_false') {
		if (typeof q.correct !== 'boolean') issue({ message: 'true_false_correct' });
	} else if (q.type === 'ordering') {
		if (q.items.length < 2) issue({ message: 'items_few' });
		if (q.items.some((i) => i === '')) issue({ message: 'item_empty' });
	} else if (q.type === 'short_text') {
		if (q.accepted.length === 0 || q.accepted.some((a) => a.trim() === '')) issue({ message: 'accepted_empty' });
	}
}

const questionCandidateSchema = v.pipe(
	v.object({
		id: v.pipe(v.string(), v.regex(SLUG, 'id_invalid' satisfies QuizRule), v.maxLength(QUIZ_LIMITS.id, 'id_long')),
		type: v.picklist(QUESTION_TYPES, 'type_unknown' satisfies QuizRule),
		prompt: text(QUIZ_LIMITS.prompt, 'prompt_required', 'prompt_long'),
		explanation: text(QUIZ_LIMITS.explanation, 'explanation_required', 'explanation_long'),
		options: list,
		items: list,
		accepted: list,
		topic: v.optional(
			v.pipe(
				v.string(),
				v.regex(SLUG, 'topic_invalid' satisfies QuizRule),
				v.maxLength(QUIZ_LIMITS.topic, 'topic_invalid')
			)
		),
		/** single and multiple: per option, why it is right or wrong ('' for none). */
		feedback: v.optional(list),
		/** single and multiple: option numbers (anything else is refused, not dropped); true_false: a boolean. */
		correct: v.union([v.array(v.unknown()), v.boolean(), v.null()])
	}),
	v.rawCheck(({ dataset, addIssue }) => {
		if (dataset.typed) typeRules(dataset.value, addIssue as Issue);
	})
);
export type QuestionCandidate = v.InferOutput<typeof questionCandidateSchema>;

/** What fixes a translation's structure: the English quiz's questions, in order. */
export type StructureOf = { id: string; type: string; options: unknown[]; items: unknown[] }[];

/** The same question in another language: id, type and the number of options and items. */
export const sameStructure = (a: StructureOf[number], b: StructureOf[number]) =>
	a.id === b.id && a.type === b.type && a.options.length === b.options.length && a.items.length === b.items.length;

function quizCandidateSchema(english: StructureOf | null) {
	return v.pipe(
		v.object({
			title: v.pipe(v.string(), v.maxLength(QUIZ_LIMITS.title, 'title_long' satisfies QuizRule)),
			/** null: the course's pass mark (the import allows it). */
			passMark: v.nullable(whole('pass_mark', QUIZ_LIMITS.passMark)),
			maxAttempts: v.nullable(whole('max_attempts', QUIZ_LIMITS.maxAttempts)),
			waitMinutes: whole('wait_minutes', QUIZ_LIMITS.waitMinutes),
			attemptsPerDay: v.optional(v.nullable(whole('attempts_per_day', QUIZ_LIMITS.attemptsPerDay))),
			draw: v.optional(v.nullable(v.unknown())),
			questions: v.pipe(
				v.array(questionCandidateSchema, 'no_questions' satisfies QuizRule),
				v.minLength(1, 'no_questions' satisfies QuizRule),
				v.maxLength(QUIZ_LIMITS.questions, 'too_many_questions' satisfies QuizRule)
			)
		}),
		// Runs on the object even when a question broke a rule, so every problem is found at once.
		v.rawCheck(({ dataset, addIssue }) => {
			const quiz = dataset.value as Record<string, unknown>;
			const questions = (Array.isArray(quiz.questions) ? quiz.questions : []) as StructureOf;
			const issue = (message: QuizRule, i: number) =>
				(addIssue as Issue)({
					message,
					input: questions[i].id,
					path: [
						{ type: 'object', origin: 'value', input: quiz, key: 'questions', value: questions },
						{ type: 'array', origin: 'value', input: questions, key: i, value: questions[i] }
					]
				});
			const seen = new Set<string>();
			questions.forEach((q, i) => {
				if (seen.has(q.id)) issue('id_duplicate', i);
				seen.add(q.id);
				if (english && (!english[i] || !sameStructure(english[i], q))) issue('translation_structure', i);
			});
			const drawRule = drawProblem(quiz.draw, questions as { topic?: string }[]);
			if (drawRule)
				(addIssue as Issue)({
					message: drawRule,
					input: quiz.draw,
					path: [{ type: 'object', origin: 'value', input: quiz, key: 'draw', value: quiz.draw }]
				});
			if (english && questions.length !== english.length)
				(addIssue as Issue)({
					message: 'translation_structure',
					path: [{ type: 'object', origin: 'value', input: quiz, key: 'questions', value: questions }]
				});
		})
	);
}
const plainQuizSchema = quizCandidateSchema(null);

/** Why a draw does not fit the pool: not whole numbers of at least 1, a topic no question has, or more than there are. */
function drawProblem(draw: unknown, questions: { topic?: string }[]): QuizRule | null {
	if (draw === null || draw === undefined) return null;
	const wholeCount = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1;
	if (typeof draw === 'number') {
		if (!wholeCount(draw)) return 'draw_invalid';
		return draw > questions.length ? 'draw_too_many' : null;
	}
	if (typeof draw !== 'object' || Array.isArray(draw)) return 'draw_invalid';
	const entries = Object.entries(draw as Record<string, unknown>);
	if (entries.length === 0 || entries.some(([, n]) => !wholeCount(n))) return 'draw_invalid';
	for (const [topic, n] of entries) {
		const pool = questions.filter((q) => q.topic === topic).length;
		if (pool === 0) return 'draw_invalid';
		if ((n as number) > pool) return 'draw_too_many';
	}
	return null;
}

/** How many questions an attempt asks: the draw's total, with per-topic draws also the questions of other topics. */
export function askedCount(keys: { topic?: string }[], draw: QuizDraw | null): number {
	if (draw === null) return keys.length;
	if (typeof draw === 'number') return Math.min(draw, keys.length);
	const others = keys.filter((k) => k.topic === undefined || draw[k.topic] === undefined).length;
	return others + Object.values(draw).reduce((sum, n) => sum + n, 0);
}

/** The draw of a checked quiz as stored (null: every question). */
export function drawOf(draw: unknown): QuizDraw | null {
	const parsed = v.safeParse(quizDrawSchema, draw);
	return parsed.success ? parsed.output : null;
}

export type QuizCandidate = v.InferInput<typeof plainQuizSchema>;

export interface QuizProblem {
	rule: QuizRule;
	/** The 0-based question it concerns, if any. */
	question: number | null;
	/** The question's field (`options`, `correct` …) or the quiz's, when the rule names one. */
	field: string | null;
	/** The offending value (an answer number, a question id, a type). */
	input: unknown;
}

/**
 * Every rule the quiz breaks, most telling first within a question (structure, id, texts, then
 * the type's own rules). For a translation, `english` fixes ids, types and the number of options.
 */
export function checkQuiz(quiz: QuizCandidate, english: StructureOf | null = null): QuizProblem[] {
	const result = v.safeParse(english ? quizCandidateSchema(english) : plainQuizSchema, quiz);
	if (result.success) return [];
	const problems = result.issues.map((issue): QuizProblem => {
		const keys = (issue.path ?? []).map((p) => p.key);
		const inQuestion = keys[0] === 'questions' && typeof keys[1] === 'number';
		return {
			rule: (QUIZ_RULES as readonly string[]).includes(issue.message) ? (issue.message as QuizRule) : 'no_questions',
			question: inQuestion ? (keys[1] as number) : null,
			field: String((inQuestion ? keys[2] : keys[0]) ?? '') || null,
			input: issue.input
		};
	});
	const rank = (p: QuizProblem) => QUIZ_RULES.indexOf(p.rule);
	return problems.sort((a, b) => (a.question ?? -1) - (b.question ?? -1) || rank(a) - rank(b));
}
