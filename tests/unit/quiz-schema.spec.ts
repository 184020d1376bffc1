// One quiz schema for the YAML import and the builder form: both refuse the same quizzes (each in
// its own words: a line naming the question for the file, a message code per field for the form),
// and the stored answer key and question texts are read back through it.
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { checkQuiz, answerKeySchema, questionTextsSchema } from '$lib/server/catalogue/quiz-schema';
import { questionFromYaml, quizFromYaml, quizProblemLines } from '$lib/server/catalogue/content/quiz-yaml';
import { quizDraftSchema } from '$lib/server/catalogue/quiz-form';
import { validateQuiz, type EditableQuestion, type EditableQuiz } from '$lib/server/authoring/quizzes';

type Yaml = Record<string, unknown>;

const single: Yaml = {
	id: 'which-one',
	type: 'single',
	prompt: 'Which one?',
	options: ['A', 'B', 'C'],
	correct: 2,
	explanation: 'Because B.'
};

/** What the import says about a quiz file holding these questions (and settings). */
function importSays(questions: Yaml[], settings: Yaml = {}): string[] {
	const candidate = quizFromYaml({ title: 'Quiz', ...settings, questions }, () => {});
	return candidate ? quizProblemLines(checkQuiz(candidate), candidate) : ['no quiz'];
}

/** The same questions typed into the builder form. */
function formQuestion(q: Yaml): EditableQuestion {
	const c = q.correct;
	return {
		id: String(q.id ?? ''),
		type: q.type as EditableQuestion['type'],
		prompt: String(q.prompt ?? ''),
		options: (q.options as string[]) ?? [],
		correct: Array.isArray(c) ? c.join(', ') : c === undefined ? '' : String(c),
		items: (q.items as string[]) ?? [],
		accepted: (q.accepted as string[]) ?? [],
		explanation: String(q.explanation ?? '')
	};
}

function formSays(questions: Yaml[], settings: Partial<EditableQuiz> = {}) {
	return validateQuiz(
		{
			title: 'Quiz',
			passMark: 70,
			maxAttempts: null,
			waitMinutes: 0,
			attemptsPerDay: null,
			draw: '',
			questions: questions.map(formQuestion),
			...settings
		},
		null
	);
}

describe('the import and the builder refuse the same questions', () => {
	it.each([
		['no right option', { ...single, correct: undefined }, 'correct must be one option number', 'quiz_no_correct'],
		[
			'an answer beyond the options',
			{ ...single, correct: 4 },
			'answer 4 is out of range (3 options)',
			'quiz_correct_out_of_range'
		],
		[
			'two answers to a single choice',
			{ ...single, correct: [1, 2] },
			'correct must be one option number',
			'quiz_single_one_correct'
		],
		[
			'an answer twice',
			{ ...single, type: 'multiple', correct: [1, 1] },
			'an answer is listed twice',
			'quiz_correct_out_of_range'
		],
		['one option', { ...single, options: ['A'], correct: 1 }, 'needs at least 2 options', 'quiz_options_few'],
		['no prompt', { ...single, prompt: '' }, 'missing prompt', 'quiz_prompt_required'],
		['no explanation', { ...single, explanation: '' }, 'missing explanation', 'quiz_explanation_required'],
		[
			'an id that is not a slug',
			{ ...single, id: 'Bad id!' },
			'id must be lowercase letters, digits and hyphens',
			'quiz_id_invalid'
		],
		[
			'true/false without an answer',
			{ ...single, type: 'true_false', options: [], correct: undefined },
			'correct must be true or false',
			'quiz_no_correct'
		],
		[
			'an ordering of one item',
			{ ...single, type: 'ordering', options: [], correct: undefined, items: ['Only'] },
			'an ordering needs at least 2 items',
			'quiz_ordering_few'
		],
		[
			'a short answer with nothing accepted',
			{ ...single, type: 'short_text', options: [], correct: undefined, accepted: [] },
			'accepted answers are missing or empty',
			'quiz_accepted_empty'
		],
		[
			'a prompt over 1000 characters',
			{ ...single, prompt: 'x'.repeat(1001) },
			'the prompt is longer than 1000 characters',
			'fixf_prompt_long'
		],
		[
			'more than 20 options',
			{ ...single, options: Array.from({ length: 21 }, (_, i) => `O${i}`) },
			'options has more than 20 entries',
			'fixf_list_long'
		]
	])('%s', (_name, q, line, code) => {
		expect(importSays([q])).toEqual([`question 1: ${line}`]);
		expect(formSays([q])).toEqual({ 'q-0': code });
	});

	it('accepts every question type when it can be passed, on both paths', () => {
		const questions = [
			single,
			{ ...single, id: 'b', type: 'multiple', correct: [3, 1] },
			{ ...single, id: 'c', type: 'true_false', options: [], correct: true },
			{ ...single, id: 'd', type: 'ordering', options: [], correct: undefined, items: ['x', 'y'] },
			{ ...single, id: 'e', type: 'short_text', options: [], correct: undefined, accepted: ['yes'] }
		];
		expect(importSays(questions)).toEqual([]);
		expect(formSays(questions)).toEqual({});
	});

	it('refuses the same settings: attempts beyond 1000, a pass mark beyond 100, more than 40 questions', () => {
		expect(importSays([single], { max_attempts: 5000, pass_mark: 101 })).toEqual([
			'pass_mark must be a whole number from 1 to 100',
			'max_attempts must be a whole number from 1 to 1000'
		]);
		expect(formSays([single], { maxAttempts: 5000, passMark: 101 })).toEqual({
			pass_mark: 'quiz_pass_mark_invalid',
			max_attempts: 'quiz_attempts_invalid'
		});
		const many = Array.from({ length: 41 }, (_, i) => ({ ...single, id: `q${i}` }));
		expect(importSays(many)).toEqual(['a quiz has at most 40 questions']);
		expect(formSays(many)).toEqual({ questions: 'list_too_long' });
	});

	it('names a duplicate id once in the file, and on the second question in the form', () => {
		expect(importSays([single, single])).toEqual(['duplicate question id "which-one"']);
		expect(formSays([single, single])).toEqual({ 'q-1': 'quiz_id_duplicate' });
	});

	it('reads a YAML question leniently but refuses what it cannot use', () => {
		expect(questionFromYaml({ ...single, options: [1, null, 'C'] }).options).toEqual(['1', '', 'C']);
		expect(importSays([{ ...single, options: ['A', null, 'C'] }])).toEqual(['question 1: an option is empty']);
		expect(importSays([{ ...single, correct: 'B' }])).toEqual(['question 1: answer "B" is not an option number']);
	});
});

describe('the stored shapes', () => {
	it('parses an answer key and question texts as they are stored, and refuses a wrong type', () => {
		const key = [{ id: 'a', type: 'multiple', correct: [1, 3], optionCount: 3, itemCount: 0, accepted: {} }];
		expect(v.parse(answerKeySchema, key)).toEqual(key);
		expect(v.safeParse(answerKeySchema, [{ ...key[0], type: 'essay' }]).success).toBe(false);
		const texts = [{ prompt: 'P', options: ['A'], items: [], explanation: 'E', untranslated: true }];
		expect(v.parse(questionTextsSchema, texts)).toEqual(texts);
		expect(v.safeParse(questionTextsSchema, [{ prompt: 'P' }]).success).toBe(false);
	});

	it('reads a builder draft back as saved, and refuses one whose question has an unknown type', () => {
		const draft = {
			title: 'Quiz',
			passMark: 70,
			maxAttempts: null,
			waitMinutes: 0,
			attemptsPerDay: 5,
			draw: '',
			questions: [{ ...formQuestion(single), untranslated: true }]
		};
		expect(v.parse(quizDraftSchema, JSON.parse(JSON.stringify(draft)))).toEqual(draft);
		// A draft saved before the daily limit and the draw existed reads as it was: neither.
		const { attemptsPerDay: _a, draw: _d, ...older } = draft;
		expect(v.parse(quizDraftSchema, older)).toMatchObject({ attemptsPerDay: null, draw: '' });
		const essay = { ...draft, questions: [{ ...draft.questions[0], type: 'essay' }] };
		expect(v.safeParse(quizDraftSchema, essay).success).toBe(false);
	});
});
