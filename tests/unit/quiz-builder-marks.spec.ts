// The quiz builder's form as #20 shapes it: one input per option with the right ones chosen beside
// them (radio or checkboxes, by row), true/false chosen as such, and each error placed beside its field.
import { describe, expect, it } from 'vitest';
import { parseQuizForm, validateQuiz } from '$lib/server/authoring/quizzes';
import { quizErrorFields } from '$lib/server/catalogue/quiz-form';

function form(fields: [string, string][]): FormData {
	const f = new FormData();
	for (const [k, v] of fields) f.append(k, v);
	return f;
}

const base: [string, string][] = [
	['title', 'Quiz'],
	['pass_mark', '70'],
	['max_attempts', ''],
	['wait_minutes', '0'],
	['count', '1'],
	['q-0-marks', '1'],
	['q-0-id', 'first'],
	['q-0-prompt', 'Pick'],
	['q-0-explanation', 'Because.']
];

describe('parseQuizForm with option rows and marks', () => {
	it('reads a single choice marked by its row, counting only rows with text, each option on one line', () => {
		const quiz = parseQuizForm(
			form([
				...base,
				['q-0-type', 'single'],
				['q-0-option-0', 'Red'],
				['q-0-option-1', '  '],
				['q-0-option-2', 'Blue\r\n  and green'],
				['q-0-option-3', ''],
				['q-0-right', '2']
			])
		);
		// An option is one line: a line break typed into its row becomes a space.
		expect(quiz.questions[0]).toMatchObject({ options: ['Red', 'Blue and green'], correct: '2' });
		expect(validateQuiz(quiz, null)).toEqual({});
	});

	it('reads every ticked row of a multiple choice, in order, and keeps one answer for a single choice', () => {
		const rows: [string, string][] = [
			['q-0-option-0', 'A'],
			['q-0-option-1', 'B'],
			['q-0-option-2', 'C'],
			['q-0-right', '2'],
			['q-0-right', '0']
		];
		expect(parseQuizForm(form([...base, ['q-0-type', 'multiple'], ...rows])).questions[0].correct).toBe('1, 3');
		expect(parseQuizForm(form([...base, ['q-0-type', 'single'], ...rows])).questions[0].correct).toBe('1');
	});

	it('reads true/false from its own choice and ignores marks on empty or unknown rows', () => {
		expect(parseQuizForm(form([...base, ['q-0-type', 'true_false'], ['q-0-tf', 'false']])).questions[0].correct).toBe(
			'false'
		);
		expect(parseQuizForm(form([...base, ['q-0-type', 'true_false'], ['q-0-tf', 'maybe']])).questions[0].correct).toBe(
			''
		);
		const quiz = parseQuizForm(
			form([
				...base,
				['q-0-type', 'single'],
				['q-0-option-0', 'A'],
				['q-0-option-1', ''],
				['q-0-option-2', 'C'],
				['q-0-right', '1'],
				['q-0-right', '99'],
				['q-0-right', 'x']
			])
		);
		expect(quiz.questions[0]).toMatchObject({ options: ['A', 'C'], correct: '' });
		expect(validateQuiz(quiz, null)).toEqual({ 'q-0': 'quiz_no_correct' });
	});

	it('reads a translation’s option rows with the right answer carried as it is (translators cannot change it)', () => {
		const quiz = parseQuizForm(
			form([
				['count', '1'],
				['q-0-type', 'multiple'],
				['q-0-option-0', 'E kuqe'],
				['q-0-option-1', 'E kaltër'],
				['q-0-right', '0'],
				['q-0-correct', '1, 2']
			])
		);
		expect(quiz.questions[0]).toMatchObject({ options: ['E kuqe', 'E kaltër'], correct: '1, 2' });
	});

	it('still reads the older form: options as lines and the right answer typed', () => {
		const quiz = parseQuizForm(
			form([
				['count', '1'],
				['q-0-type', 'single'],
				['q-0-options', 'A\nB'],
				['q-0-correct', '2']
			])
		);
		expect(quiz.questions[0]).toMatchObject({ options: ['A', 'B'], correct: '2' });
	});
});

describe('quizErrorFields', () => {
	it('names the field beside which each question’s first message belongs', () => {
		const quiz = parseQuizForm(
			form([
				...base.map(([k, v]): [string, string] => [k, k === 'count' ? '3' : v]),
				['q-0-type', 'single'],
				['q-0-option-0', 'A'],
				['q-0-option-1', 'B'],
				['q-1-marks', '1'],
				['q-1-id', 'second'],
				['q-1-type', 'ordering'],
				['q-1-prompt', 'Order'],
				['q-1-items', 'Only one'],
				['q-1-explanation', 'E'],
				['q-2-marks', '1'],
				['q-2-id', 'third'],
				['q-2-type', 'short_text'],
				['q-2-prompt', ''],
				['q-2-accepted', 'yes'],
				['q-2-explanation', 'E']
			])
		);
		expect(validateQuiz(quiz, null)).toMatchObject({
			'q-0': 'quiz_no_correct',
			'q-1': 'quiz_ordering_few',
			'q-2': 'quiz_prompt_required'
		});
		expect(quizErrorFields(quiz, null)).toEqual({ 'q-0': 'correct', 'q-1': 'items', 'q-2': 'prompt' });
	});
});
