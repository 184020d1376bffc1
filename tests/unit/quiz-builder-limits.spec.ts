// The quiz builder refuses text over the limits instead of cutting it: the full values are read
// (up to a safety bound far above the limits), the check says what is too long or too many, and the
// form is re-shown with everything typed. Each option, item, accepted answer and feedback line has
// its own length limit.
import { describe, expect, it } from 'vitest';
import { parseQuizForm, validateQuiz } from '$lib/server/authoring/quizzes';
import { quizErrorFields } from '$lib/server/catalogue/quiz-form';
import { QUIZ_LIMITS, checkQuiz } from '$lib/server/catalogue/quiz-schema';

/** A builder form with one question; `fields` overrides or adds `q-0-<name>` values. */
function form(fields: Record<string, string | string[]>, type = 'single'): FormData {
	const f = new FormData();
	f.set('count', '1');
	f.set('title', 'Quiz');
	f.set('q-0-type', type);
	f.set('q-0-marks', '1');
	f.set('q-0-id', 'q-one');
	f.set('q-0-prompt', 'What is right?');
	f.set('q-0-explanation', 'Because.');
	f.set('q-0-option-0', 'A');
	f.set('q-0-option-1', 'B');
	f.set('q-0-right', '0');
	for (const [k, v] of Object.entries(fields)) {
		f.delete(`q-0-${k}`);
		for (const x of Array.isArray(v) ? v : [v]) f.append(`q-0-${k}`, x);
	}
	return f;
}

const problems = (f: FormData) => {
	const quiz = parseQuizForm(f);
	return { quiz, errors: validateQuiz(quiz, null), fields: quizErrorFields(quiz, null) };
};

describe('quiz builder: over-long and too many values are refused, not cut', () => {
	it('keeps a 1,500-character prompt whole and refuses it beside the prompt', () => {
		const { quiz, errors, fields } = problems(form({ prompt: 'p'.repeat(1500) }));
		expect(quiz.questions[0].prompt).toHaveLength(1500);
		expect(errors['q-0']).toBe('fixf_prompt_long');
		expect(fields['q-0']).toBe('prompt');
	});

	it('keeps a 2,500-character explanation and a 70-character id whole and refuses them', () => {
		const long = problems(form({ explanation: 'e'.repeat(2500) }));
		expect(long.quiz.questions[0].explanation).toHaveLength(2500);
		expect(long.errors['q-0']).toBe('fixf_explanation_long');
		expect(long.fields['q-0']).toBe('explanation');
		const id = problems(form({ id: 'a'.repeat(70) }));
		expect(id.quiz.questions[0].id).toHaveLength(70);
		expect(id.errors['q-0']).toBe('fixf_id_long');
		expect(id.fields['q-0']).toBe('id');
	});

	it('keeps 30 ordering items, 30 accepted answers and 30 feedback lines and refuses them', () => {
		const many = Array.from({ length: 30 }, (_, k) => `line ${k + 1}`).join('\n');
		const items = problems(form({ items: many }, 'ordering'));
		expect(items.quiz.questions[0].items).toHaveLength(30);
		expect(items.errors['q-0']).toBe('fixf_list_long');
		expect(items.fields['q-0']).toBe('items');
		const accepted = problems(form({ accepted: many }, 'short_text'));
		expect(accepted.quiz.questions[0].accepted).toHaveLength(30);
		expect(accepted.fields['q-0']).toBe('accepted');
		const feedback = problems(form({ feedback: many }));
		expect(feedback.quiz.questions[0].feedback).toHaveLength(30);
		expect(feedback.errors['q-0']).toBeDefined();
	});

	it('reads the old-style options box and option rows past 20 with their right-answer marks', () => {
		const box = new FormData();
		box.set('count', '1');
		box.set('q-0-type', 'single');
		box.set('q-0-id', 'q-one');
		box.set('q-0-prompt', 'P');
		box.set('q-0-explanation', 'E');
		box.set('q-0-options', Array.from({ length: 25 }, (_, k) => `o${k}`).join('\n'));
		box.set('q-0-correct', '1');
		const old = problems(box);
		expect(old.quiz.questions[0].options).toHaveLength(25);
		expect(old.fields['q-0']).toBe('options');

		const rows: Record<string, string | string[]> = { right: '24' };
		for (let k = 0; k < 25; k++) rows[`option-${k}`] = `option ${k + 1}`;
		const { quiz, errors, fields } = problems(form(rows));
		expect(quiz.questions[0].options).toHaveLength(25);
		expect(quiz.questions[0].correct).toBe('25');
		expect(errors['q-0']).toBe('fixf_list_long');
		expect(fields['q-0']).toBe('options');
	});

	it('still bounds what it reads far above the limits (memory), and refuses it', () => {
		const { quiz, errors } = problems(form({ prompt: 'p'.repeat(2_000_000) }));
		expect(quiz.questions[0].prompt.length).toBeGreaterThan(QUIZ_LIMITS.prompt);
		expect(quiz.questions[0].prompt.length).toBeLessThanOrEqual(QUIZ_LIMITS.prompt * 10);
		expect(errors['q-0']).toBe('fixf_prompt_long');
	});
});

describe('quiz schema: each option, item, accepted answer and feedback line has a length limit', () => {
	it('refuses a 1.9 MB option beside the options, and a long item, answer or feedback line', () => {
		const huge = problems(form({ 'option-1': 'x'.repeat(1_900_000) }));
		expect(huge.errors['q-0']).toBe('fixf_item_long');
		expect(huge.fields['q-0']).toBe('options');
		const item = problems(form({ items: `first\n${'i'.repeat(QUIZ_LIMITS.item + 1)}` }, 'ordering'));
		expect(item.errors['q-0']).toBe('fixf_item_long');
		expect(item.fields['q-0']).toBe('items');
		const answer = problems(form({ accepted: 'a'.repeat(QUIZ_LIMITS.item + 1) }, 'short_text'));
		expect(answer.fields['q-0']).toBe('accepted');
		const feedback = problems(form({ feedback: 'f'.repeat(QUIZ_LIMITS.item + 1) }));
		expect(feedback.errors['q-0']).toBe('fixf_item_long');
		expect(feedback.fields['q-0']).toBe('feedback');
		const ok = problems(form({ 'option-1': 'x'.repeat(QUIZ_LIMITS.item) }));
		expect(ok.errors).toEqual({});
	});

	it('names the rule for the import too', () => {
		const [p] = checkQuiz({
			title: 'T',
			passMark: 70,
			maxAttempts: null,
			waitMinutes: 0,
			questions: [
				{
					id: 'q',
					type: 'ordering',
					prompt: 'P',
					explanation: 'E',
					options: [],
					items: ['a', 'b'.repeat(QUIZ_LIMITS.item + 1)],
					accepted: [],
					correct: null
				}
			]
		});
		expect(p).toMatchObject({ rule: 'item_long', question: 0, field: 'items' });
	});
});
