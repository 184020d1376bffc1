// A quiz.yaml as the quiz schema sees it, and the schema's findings worded for the person who wrote
// the file: `question 3: answer 5 is out of range (4 options)`.
import { QUESTION_TYPES, type QuestionKey, type QuestionType } from './schema';
import {
	QUIZ_DEFAULTS,
	QUIZ_LIMITS,
	type QuestionCandidate,
	type QuizCandidate,
	type QuizProblem,
	type QuizRule
} from '../quiz-schema';

type Data = Record<string, unknown>;

const scalar = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '');
// A missing list is an empty one; a null or nested entry counts as empty, so it is refused, not dropped.
const texts = (v: unknown) => (Array.isArray(v) ? v.map(scalar) : []);

type OptionEntry = { text?: unknown; feedback?: unknown };
const isEntry = (o: unknown): o is OptionEntry => typeof o === 'object' && o !== null && !Array.isArray(o);

/** An option is its text, or a mapping `{ text, feedback }` (why choosing it is right or wrong). */
export function optionTexts(v: unknown): string[] {
	return Array.isArray(v) ? v.map((o) => scalar(isEntry(o) ? o.text : o)) : [];
}

/** The options' feedback, '' where an option has none; undefined when no option has any. */
export function optionFeedback(v: unknown): string[] | undefined {
	if (!Array.isArray(v)) return undefined;
	const feedback = v.map((o) => (isEntry(o) ? scalar(o.feedback) : ''));
	return feedback.some(Boolean) ? feedback : undefined;
}

/** One question of a quiz file, in the shape the schema checks. */
export function questionFromYaml(q: Data): QuestionCandidate {
	const type = String(q.type ?? '') as QuestionType;
	const c = q.correct;
	return {
		id: typeof q.id === 'string' ? q.id : '',
		type,
		prompt: scalar(q.prompt),
		explanation: scalar(q.explanation),
		options: optionTexts(q.options),
		items: texts(q.items),
		...(q.topic === undefined ? {} : { topic: typeof q.topic === 'string' ? q.topic : '' }),
		...(optionFeedback(q.options) ? { feedback: optionFeedback(q.options) } : {}),
		accepted: Array.isArray(q.accepted)
			? q.accepted.filter((a) => typeof a === 'string' || typeof a === 'number').map((a) => String(a).trim())
			: [],
		correct:
			type === 'single'
				? Array.isArray(c)
					? c
					: c === undefined || c === null
						? []
						: [c]
				: type === 'multiple'
					? Array.isArray(c)
						? c
						: []
					: typeof c === 'boolean'
						? c
						: null
	};
}

/** The English quiz file as a candidate; null (and an error) when it has no questions to check. */
export function quizFromYaml(data: Data, fail: (message: string) => void): QuizCandidate | null {
	if (!Array.isArray(data.questions) || data.questions.length === 0) {
		fail('a quiz needs a list of questions');
		return null;
	}
	const questions: QuestionCandidate[] = [];
	data.questions.forEach((q: unknown, i) => {
		if (q && typeof q === 'object' && !Array.isArray(q)) questions.push(questionFromYaml(q as Data));
		else fail(`question ${i + 1}: must be a mapping`);
	});
	if (questions.length < data.questions.length) return null;
	return {
		title: scalar(data.title),
		passMark: (data.pass_mark ?? null) as number | null,
		maxAttempts: (data.max_attempts ?? null) as number | null,
		// A quiz file that says nothing gets the defaults; `attempts_per_day: null` lifts the daily limit.
		waitMinutes: (data.wait_minutes ?? QUIZ_DEFAULTS.waitMinutes) as number,
		attemptsPerDay: (data.attempts_per_day === undefined ? QUIZ_DEFAULTS.attemptsPerDay : data.attempts_per_day) as
			number | null,
		draw: data.draw ?? null,
		questions
	};
}

/** The answer key of a checked question. */
export function keyOf(q: QuestionCandidate): QuestionKey {
	const answers = Array.isArray(q.correct) ? (q.correct as number[]) : [];
	return {
		id: q.id,
		type: q.type,
		correct:
			q.type === 'single'
				? (answers[0] ?? null)
				: q.type === 'multiple'
					? [...answers].sort((a, b) => a - b)
					: q.type === 'true_false'
						? q.correct === true
						: null,
		...(q.topic ? { topic: q.topic } : {}),
		optionCount: q.options.length,
		itemCount: q.items.length,
		accepted: {}
	};
}

const range = (field: string, [min, max]: readonly [number, number]) =>
	`${field} must be a whole number from ${min} to ${max}`;

const wording: Record<QuizRule, (p: QuizProblem, q: QuestionCandidate | undefined) => string> = {
	translation_structure: () =>
		'differs from the English quiz (id, type, number of options or items, or correct answer)',
	id_invalid: () => 'id must be lowercase letters, digits and hyphens',
	id_long: () => `id is longer than ${QUIZ_LIMITS.id} characters`,
	id_duplicate: (p) => `duplicate question id "${String(p.input)}"`,
	type_unknown: (p) => `unknown question type "${String(p.input)}" (use ${QUESTION_TYPES.join(', ')})`,
	prompt_required: () => 'missing prompt',
	prompt_long: () => `the prompt is longer than ${QUIZ_LIMITS.prompt} characters`,
	explanation_required: () => 'missing explanation',
	explanation_long: () => `the explanation is longer than ${QUIZ_LIMITS.explanation} characters`,
	list_long: (p) => `${p.field} has more than ${QUIZ_LIMITS.list} entries`,
	item_long: (p) => `an entry of ${p.field} is longer than ${QUIZ_LIMITS.item} characters`,
	options_few: () => 'needs at least 2 options',
	option_empty: () => 'an option is empty',
	no_correct: (_p, q) => (q?.type === 'single' ? 'correct must be one option number' : 'no correct option'),
	correct_not_number: (p) => `answer "${String(p.input)}" is not an option number`,
	correct_out_of_range: (p, q) => `answer ${String(p.input)} is out of range (${q?.options.length ?? 0} options)`,
	single_one_correct: () => 'correct must be one option number',
	correct_twice: () => 'an answer is listed twice',
	true_false_correct: () => 'correct must be true or false',
	items_few: () => 'an ordering needs at least 2 items',
	item_empty: () => 'an item is empty',
	accepted_empty: () => 'accepted answers are missing or empty',
	no_questions: () => 'a quiz needs a list of questions',
	too_many_questions: () => `a quiz has at most ${QUIZ_LIMITS.questions} questions`,
	title_long: () => `the title is longer than ${QUIZ_LIMITS.title} characters`,
	pass_mark: () => range('pass_mark', QUIZ_LIMITS.passMark),
	max_attempts: () => range('max_attempts', QUIZ_LIMITS.maxAttempts),
	wait_minutes: () => range('wait_minutes', QUIZ_LIMITS.waitMinutes),
	attempts_per_day: () => range('attempts_per_day', QUIZ_LIMITS.attemptsPerDay),
	topic_invalid: () => `topic must be lowercase letters, digits and hyphens (at most ${QUIZ_LIMITS.topic})`,
	feedback_count: () => 'an option has feedback but the question has fewer options',
	draw_invalid: () =>
		'draw must be a whole number from 1, or topics that questions have, each with a whole number from 1',
	draw_too_many: () => 'draw asks for more questions than the quiz (or the topic) has'
};

/** The schema's findings as lines of the file's error list (a duplicate id is named once). */
export function quizProblemLines(problems: QuizProblem[], quiz: QuizCandidate): string[] {
	const lines = problems.map((p) => {
		const q = p.question === null ? undefined : quiz.questions[p.question];
		const where = p.question === null || p.rule === 'id_duplicate' ? '' : `question ${p.question + 1}: `;
		return where + wording[p.rule](p, q);
	});
	return [...new Set(lines)];
}
