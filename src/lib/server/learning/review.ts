// An attempt after submitting: each question as the learner saw it (the paper stored with the
// attempt: questions drawn, options in the order shown), their answer, the credit it earned, the
// explanation and, next to each option they chose, why it is right or wrong when the author said.
import type { DB } from '../db/client';
import type { QuestionKey, QuestionText, QuestionType } from '../catalogue/content/schema';
import type { Answer } from './grading';
import { parseStoredJson } from '../db/json';
import { answersSchema, resultsSchema } from './attempt-json';
import { identityPresentation, presentationSchema, type Presentation } from './presentation';
import { loadVersion } from './quizzes';

export interface ReviewedOption {
	/** 1-based number in the quiz's own order (what an answer holds). */
	number: number;
	text: string;
	chosen: boolean;
	/** Why this option is right or wrong, shown when the learner chose it ('' when none). */
	feedback: string;
}

export interface ReviewedQuestion {
	id: string;
	type: QuestionType;
	prompt: string;
	/** single and multiple: every option, in the order the learner was shown them. */
	options: ReviewedOption[];
	/** ordering: items in the order the learner put them. */
	items: string[];
	answer: Answer | null;
	credit: number;
	right: boolean;
	explanation: string;
}

/**
 * Each question of the paper with the learner's answer and the credit it earned, for review after
 * submitting. Without a paper (an attempt stored before papers were): every question in order.
 */
export function reviewQuestions(
	keys: QuestionKey[],
	texts: QuestionText[],
	answers: Record<string, Answer>,
	results: Record<string, number>,
	paper: Presentation | null = null
): ReviewedQuestion[] {
	const index = new Map(keys.map((key, i) => [key.id, i]));
	return (paper ?? identityPresentation(keys)).flatMap((p) => {
		const i = index.get(p.id);
		if (i === undefined) return [];
		const key = keys[i];
		const text = texts[i];
		const answer = answers[key.id] ?? null;
		const credit = results[key.id] ?? 0;
		const chosen = new Set(typeof answer === 'number' ? [answer] : Array.isArray(answer) ? answer : []);
		const choice = key.type === 'single' || key.type === 'multiple';
		const order = choice && p.order.length === text.options.length ? p.order : text.options.map((_, n) => n);
		return [
			{
				id: key.id,
				type: key.type,
				prompt: text.prompt,
				options: choice
					? order.map((n) => ({
							number: n + 1,
							text: text.options[n],
							chosen: chosen.has(n + 1),
							// Only the chosen option's: another option's would tell a retake which one is right.
							feedback: chosen.has(n + 1) ? (text.feedback?.[n] ?? '') : ''
						}))
					: [],
				items: key.type === 'ordering' && Array.isArray(answer) ? answer.map((idx) => text.items[idx]) : [],
				answer,
				credit,
				right: credit === 1,
				explanation: text.explanation
			}
		];
	});
}

/** An attempt with the questions exactly as they were in the version the learner answered. */
export async function reviewAttempt(db: DB, attemptId: number, userId: number, locale: string) {
	const attempt = await db
		.selectFrom('quiz_attempts')
		.selectAll()
		.where('id', '=', attemptId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	if (!attempt) return null;
	const data = await loadVersion(db, attempt.quiz_version_id, locale);
	if (!data) return null;
	const questions = reviewQuestions(
		data.keys,
		data.texts,
		parseStoredJson(answersSchema, attempt.answers, 'quiz_attempts.answers'),
		parseStoredJson(resultsSchema, attempt.results, 'quiz_attempts.results'),
		attempt.presentation === null
			? null
			: parseStoredJson(presentationSchema, attempt.presentation, 'quiz_attempts.presentation')
	);
	return {
		id: attempt.id,
		quizId: attempt.quiz_id,
		attemptNo: attempt.attempt_no,
		score: attempt.score,
		passed: Boolean(attempt.passed),
		passMark: data.passMark,
		submittedAt: attempt.submitted_at,
		answeredOffline: attempt.answered_offline === 1,
		title: data.title,
		questions
	};
}
