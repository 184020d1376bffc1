// Quiz answers for the synthetic data and for the load test: right or wrong per question, graded
// with the app's own grading so that stored scores are what the app would have stored.
import type { QuestionKey } from '../../src/lib/server/catalogue/content/schema';
import type { PresentedQuiz } from '../../src/lib/server/learning/quizzes';
import { answerText, grade, type Answer } from '../../src/lib/server/learning/grading';
import { pick, type Random } from './random';

const WRONG_TEXTS = ['not sure', 'donors', 'a survey', 'the mayor'];

function rightAnswer(key: QuestionKey): Answer {
	switch (key.type) {
		case 'single':
			return key.correct as number;
		case 'multiple':
			return [...(key.correct as number[])].sort((a, b) => a - b);
		case 'true_false':
			return key.correct as boolean;
		case 'ordering':
			return Array.from({ length: key.itemCount }, (_, i) => i);
		case 'short_text':
			return key.accepted.en?.[0] ?? Object.values(key.accepted).flat()[0] ?? '';
	}
}

function wrongAnswer(key: QuestionKey, random: Random): Answer {
	switch (key.type) {
		case 'single': {
			const others = Array.from({ length: key.optionCount }, (_, i) => i + 1).filter((o) => o !== key.correct);
			return others.length ? pick(random, others) : (key.correct as number);
		}
		case 'multiple': {
			const correct = key.correct as number[];
			const wrong = Array.from({ length: key.optionCount }, (_, i) => i + 1).filter((o) => !correct.includes(o));
			// A wrong option, sometimes with one right one (partial credit); all options right: just one.
			if (wrong.length === 0) return [correct[0]];
			return random() < 0.5 ? [pick(random, wrong)] : [correct[0], pick(random, wrong)].sort((a, b) => a - b);
		}
		case 'true_false':
			return !(key.correct as boolean);
		case 'ordering': {
			const order = Array.from({ length: key.itemCount }, (_, i) => i);
			return order.length > 1 ? order.reverse() : order;
		}
		case 'short_text':
			return pick(random, WRONG_TEXTS);
	}
}

export interface GradedAttempt {
	answersJson: string;
	resultsJson: string;
	score: number;
	passed: boolean;
	/** Per question, in key order: the comparable answer text and the credit (quiz_answers rows). */
	rows: { questionId: string; answer: string; credit: number }[];
}

/** A graded attempt that passes or fails as asked (each question right with a fitting probability). */
export function makeAttempt(keys: QuestionKey[], passMark: number, pass: boolean, random: Random): GradedAttempt {
	const chance = pass ? 0.92 : 0.35;
	for (let tries = 0; ; tries++) {
		const answers: Record<string, Answer> = {};
		for (const key of keys) {
			const right = tries >= 20 ? pass : random() < chance;
			answers[key.id] = right ? rightAnswer(key) : wrongAnswer(key, random);
		}
		const graded = grade(keys, answers, 'en', passMark);
		if (graded.passed !== pass && tries < 20) continue;
		return {
			answersJson: JSON.stringify(answers),
			resultsJson: JSON.stringify(graded.results),
			score: graded.score,
			passed: graded.passed,
			rows: keys.map((key) => ({ questionId: key.id, answer: answerText(key, answers[key.id]), credit: graded.results[key.id] ?? 0 }))
		};
	}
}

/**
 * The fields of a quiz form answered wrongly (without the submission key), as a browser would send
 * them: ordering items keep the shuffled order in which the page shows them, which is never the
 * right one. Throws if these answers would pass, because then the quiz would close after one attempt.
 */
export function wrongFormFields(keys: QuestionKey[], presented: PresentedQuiz, passMark: number, random: Random): string {
	const params = new URLSearchParams();
	params.set('version', String(presented.versionId));
	const answers: Record<string, Answer> = {};
	for (const key of keys) {
		const question = presented.questions.find((q) => q.id === key.id);
		if (!question) throw new Error(`quiz question ${key.id} is not presented`);
		const name = `q.${key.id}`;
		if (key.type === 'ordering') {
			question.items.forEach((item, position) => params.append(`${name}.${item.id}`, String(position + 1)));
			answers[key.id] = wrongAnswer(key, random);
			continue;
		}
		const answer = wrongAnswer(key, random);
		answers[key.id] = answer;
		// Options are posted by their opaque id (the quiz shown without a paper lists them in the file's order).
		const value = (a: Answer) => (typeof a === 'number' ? question.options[a - 1].id : String(a));
		if (Array.isArray(answer)) for (const a of answer) params.append(name, value(a));
		else params.append(name, value(answer));
	}
	if (grade(keys, answers, 'en', passMark).passed) throw new Error('the wrong answers for the load test would pass the quiz');
	return params.toString();
}
