// Grading a quiz attempt: pure functions, no database.
//
// Every question is worth 1 point. Single choice, true/false, ordering and short text earn 1 or 0
// (ordering only when the whole order is right). Multiple choice earns partial credit: (correct
// options chosen − wrong options chosen) ÷ correct options, never below 0; it counts as answered
// right only when the chosen set is exactly the correct set. The score is the percentage of points,
// rounded; the quiz is passed when the score reaches the pass mark.
import type { ContentLocale, QuestionKey } from '../catalogue/content/schema';

export type Answer = number | number[] | boolean | string;

const cyrillicToLatin: Record<string, string> = {
	а: 'a',
	б: 'b',
	в: 'v',
	г: 'g',
	д: 'd',
	ђ: 'đ',
	е: 'e',
	ж: 'ž',
	з: 'z',
	и: 'i',
	ј: 'j',
	к: 'k',
	л: 'l',
	љ: 'lj',
	м: 'm',
	н: 'n',
	њ: 'nj',
	о: 'o',
	п: 'p',
	р: 'r',
	с: 's',
	т: 't',
	ћ: 'ć',
	у: 'u',
	ф: 'f',
	х: 'h',
	ц: 'c',
	ч: 'č',
	џ: 'dž',
	ш: 'š'
};

/** Folds a typed answer for comparison: Cyrillic to Latin, no diacritics, case or extra spaces. */
export function foldAnswer(value: string): string {
	return value
		.toLowerCase()
		.replace(/[а-шђјљњћџ]/g, (c) => cyrillicToLatin[c] ?? c)
		.replace(/đ/g, 'd')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[\s\u00a0]+/g, ' ')
		.replace(/^[\s.,;:!?"'„“”«»()-]+|[\s.,;:!?"'„“”«»()-]+$/g, '');
}

/** Credit (0..1) for one answer. */
export function gradeAnswer(key: QuestionKey, answer: Answer | undefined, locale: string): number {
	if (answer === undefined) return 0;
	switch (key.type) {
		case 'single':
			return answer === key.correct ? 1 : 0;
		case 'true_false':
			return answer === key.correct ? 1 : 0;
		case 'multiple': {
			const correct = new Set(key.correct as number[]);
			const chosen = answer as number[];
			const right = chosen.filter((c) => correct.has(c)).length;
			const wrong = chosen.length - right;
			return Math.max(0, (right - wrong) / correct.size);
		}
		case 'ordering': {
			const order = answer as number[];
			return order.length === key.itemCount && order.every((item, position) => item === position) ? 1 : 0;
		}
		case 'short_text': {
			const given = foldAnswer(answer as string);
			const accepted = [...(key.accepted[locale as ContentLocale] ?? []), ...(key.accepted.en ?? [])];
			return accepted.some((a) => foldAnswer(a) === given) ? 1 : 0;
		}
	}
}

/** An answer as comparable text: option numbers, an order of item indexes, or folded typed text. */
export function answerText(key: QuestionKey, answer: Answer | undefined): string {
	if (answer === undefined) return '';
	if (Array.isArray(answer)) return answer.join(',');
	if (key.type === 'short_text') return foldAnswer(String(answer)).slice(0, 200);
	return String(answer);
}

export function grade(keys: QuestionKey[], answers: Record<string, Answer>, locale: string, passMark: number) {
	const results: Record<string, number> = {};
	let points = 0;
	for (const key of keys) {
		const credit = gradeAnswer(key, answers[key.id], locale);
		results[key.id] = Math.round(credit * 1000) / 1000;
		points += credit;
	}
	const score = keys.length === 0 ? 0 : Math.round((100 * points) / keys.length);
	return { results, score, passed: score >= passMark };
}
