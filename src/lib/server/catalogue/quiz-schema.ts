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
	id: 60,
	title: 200,
	prompt: 1000,
	explanation: 2000,
	passMark: [1, 100],
	maxAttempts: [1, 1000],
	waitMinutes: [0, 100_000]
} as const;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

// ——— What is stored: the answer key and the question texts of a quiz version ———

const strings = v.array(v.string());

export const questionKeySchema = v.object({
	id: v.string(),
	type: v.picklist(QUESTION_TYPES),
	/** single: 1-based option number; multiple: sorted numbers; true_false: boolean. */
	correct: v.union([v.number(), v.array(v.number()), v.boolean(), v.null()]),
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
	/** In a translation: the question is not translated yet, its texts are the English ones. */
	untranslated: v.optional(v.boolean())
});
export type QuestionText = v.InferOutput<typeof questionTextSchema>;
export const questionTextsSchema = v.array(questionTextSchema);

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
	'wait_minutes'
] as const;
export type QuizRule = (typeof QUIZ_RULES)[number];

const text = (max: number, required: QuizRule, long: QuizRule) =>
	v.pipe(v.string(), v.minLength(1, required), v.maxLength(max, long));
const list = v.pipe(strings, v.maxLength(QUIZ_LIMITS.list, 'list_long' satisfies QuizRule));
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
			if (english && questions.length !== english.length)
				(addIssue as Issue)({
					message: 'translation_structure',
					path: [{ type: 'object', origin: 'value', input: quiz, key: 'questions', value: questions }]
				});
		})
	);
}
const plainQuizSchema = quizCandidateSchema(null);

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
