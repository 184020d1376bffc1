// The quiz builder's form as the quiz schema sees it, and the schema's findings as the form's
// message codes, one per field (`q-2`, `pass_mark` …), the most telling first.
import * as v from 'valibot';
import { QUESTION_TYPES } from './content/schema';
import { checkQuiz, type QuestionCandidate, type QuizCandidate, type QuizDraw, type QuizRule } from './quiz-schema';

/** A question as the builder form holds it: `correct` is typed text ("2", "1, 3", "true"). */
const formQuestionSchema = v.object({
	id: v.string(),
	type: v.picklist(QUESTION_TYPES),
	prompt: v.string(),
	options: v.array(v.string()),
	correct: v.string(),
	items: v.array(v.string()),
	accepted: v.array(v.string()),
	explanation: v.string(),
	topic: v.optional(v.string()),
	feedback: v.optional(v.array(v.string())),
	/** In a translation: not translated yet, the texts are the English ones. */
	untranslated: v.optional(v.boolean())
});
export type FormQuestion = v.InferOutput<typeof formQuestionSchema>;

/** The builder's quiz, as the form holds it and as quiz_drafts.data stores it (read it back with this). */
export const quizDraftSchema = v.object({
	title: v.string(),
	passMark: v.number(),
	maxAttempts: v.nullable(v.number()),
	waitMinutes: v.number(),
	// Drafts saved before these settings existed read as they were: no daily limit, every question.
	attemptsPerDay: v.optional(v.nullable(v.number()), null),
	draw: v.optional(v.string(), ''),
	questions: v.array(formQuestionSchema)
});
export type FormQuiz = v.InferOutput<typeof quizDraftSchema>;

const codes: Record<QuizRule, string> = {
	no_questions: 'quiz_no_questions',
	translation_structure: 'quiz_translation_structure',
	id_invalid: 'quiz_id_invalid',
	id_long: 'fixf_id_long',
	id_duplicate: 'quiz_id_duplicate',
	// The form reads an unknown type as single choice; a stored draft could still hold one.
	type_unknown: 'quiz_translation_structure',
	prompt_required: 'quiz_prompt_required',
	prompt_long: 'fixf_prompt_long',
	explanation_required: 'quiz_explanation_required',
	explanation_long: 'fixf_explanation_long',
	list_long: 'fixf_list_long',
	item_long: 'fixf_item_long',
	options_few: 'quiz_options_few',
	option_empty: 'quiz_options_few',
	no_correct: 'quiz_no_correct',
	correct_not_number: 'quiz_correct_out_of_range',
	correct_out_of_range: 'quiz_correct_out_of_range',
	single_one_correct: 'quiz_single_one_correct',
	correct_twice: 'quiz_correct_out_of_range',
	true_false_correct: 'quiz_no_correct',
	items_few: 'quiz_ordering_few',
	item_empty: 'quiz_ordering_few',
	accepted_empty: 'quiz_accepted_empty',
	too_many_questions: 'list_too_long',
	title_long: 'fixf_title_long',
	pass_mark: 'quiz_pass_mark_invalid',
	max_attempts: 'quiz_attempts_invalid',
	wait_minutes: 'quiz_wait_invalid',
	attempts_per_day: 'quiz_per_day_invalid',
	topic_invalid: 'quiz_topic_invalid',
	feedback_count: 'quiz_feedback_count',
	draw_invalid: 'quiz_draw_invalid',
	draw_too_many: 'quiz_draw_too_many'
};

const fieldNames: Record<string, string> = {
	passMark: 'pass_mark',
	maxAttempts: 'max_attempts',
	waitMinutes: 'wait_minutes',
	attemptsPerDay: 'attempts_per_day'
};

function correctOf(q: FormQuestion): QuestionCandidate['correct'] {
	if (q.type === 'single' || q.type === 'multiple')
		return q.correct
			.split(/[\s,;]+/)
			.filter(Boolean)
			.map((n) => (/^\d+$/.test(n) ? Number(n) : n));
	if (q.type === 'true_false') return q.correct === 'true' ? true : q.correct === 'false' ? false : null;
	return null;
}

/** A draw as the builder shows it: '' (every question), "5", or "budget: 2, ethics: 1". */
export function drawText(draw: QuizDraw | null): string {
	if (draw === null) return '';
	if (typeof draw === 'number') return String(draw);
	return Object.entries(draw)
		.map(([topic, n]) => `${topic}: ${n}`)
		.join(', ');
}

/** The draw typed in the builder; text that is neither form is handed on as is, for the check to refuse. */
export function drawFromText(text: string): unknown {
	const t = text.trim();
	if (t === '') return null;
	if (/^\d+$/.test(t)) return Number(t);
	const draw: Record<string, number> = {};
	for (const part of t.split(/[,\n;]+/).filter((p) => p.trim())) {
		const m = /^\s*([^:]+?)\s*:\s*(\d+)\s*$/.exec(part);
		if (!m) return t;
		draw[m[1].toLowerCase()] = Number(m[2]);
	}
	return draw;
}

export function candidateOfForm(quiz: FormQuiz): QuizCandidate {
	return {
		...quiz,
		draw: drawFromText(quiz.draw),
		questions: quiz.questions.map((q) => ({
			id: q.id,
			type: q.type,
			prompt: q.prompt,
			explanation: q.explanation,
			options: q.options,
			items: q.items,
			accepted: q.accepted,
			...(q.topic ? { topic: q.topic } : {}),
			...(q.feedback ? { feedback: q.feedback } : {}),
			correct: correctOf(q)
		}))
	};
}

/** The form's errors (field → message code); empty when the quiz can be saved. */
export function quizFormErrors(quiz: FormQuiz, english: FormQuiz | null): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const p of checkQuiz(candidateOfForm(quiz), english?.questions ?? null)) {
		const key = p.question !== null ? `q-${p.question}` : (fieldNames[p.field ?? ''] ?? p.field ?? 'questions');
		errors[key] ??= codes[p.rule];
	}
	return errors;
}

/** The builder field beside which a question's message stands; a rule not listed: the whole question. */
const ruleFields: Partial<Record<QuizRule, string>> = {
	id_invalid: 'id',
	id_long: 'id',
	id_duplicate: 'id',
	type_unknown: 'type',
	prompt_required: 'prompt',
	prompt_long: 'prompt',
	explanation_required: 'explanation',
	explanation_long: 'explanation',
	options_few: 'options',
	option_empty: 'options',
	no_correct: 'correct',
	correct_not_number: 'correct',
	correct_out_of_range: 'correct',
	single_one_correct: 'correct',
	correct_twice: 'correct',
	true_false_correct: 'correct',
	items_few: 'items',
	item_empty: 'items',
	accepted_empty: 'accepted',
	topic_invalid: 'topic',
	feedback_count: 'feedback'
};
const QUESTION_FIELDS = ['options', 'items', 'accepted', 'feedback'];

/**
 * For each question with an error (`q-2`), the field its message belongs next to (`options`,
 * `correct` …), for the same problem `quizFormErrors` reports; absent when it concerns the whole question.
 */
export function quizErrorFields(quiz: FormQuiz, english: FormQuiz | null): Record<string, string> {
	const fields: Record<string, string> = {};
	const seen = new Set<string>();
	for (const p of checkQuiz(candidateOfForm(quiz), english?.questions ?? null)) {
		if (p.question === null) continue;
		const key = `q-${p.question}`;
		if (seen.has(key)) continue;
		seen.add(key);
		// A list too long (or one of its entries) names its list; other rules name their field by themselves.
		const byList = p.rule === 'list_long' || p.rule === 'item_long';
		const field = byList ? p.field : ruleFields[p.rule];
		if (field && (!byList || QUESTION_FIELDS.includes(field))) fields[key] = field;
	}
	return fields;
}
