// Grading a quiz attempt: pure functions, no database.
//
// Every question is worth 1 point. Single choice, true/false, ordering and short text earn 1 or 0
// (ordering only when the whole order is right). Multiple choice earns partial credit: (correct
// options chosen − wrong options chosen) ÷ correct options, never below 0; it counts as answered
// right only when the chosen set is exactly the correct set. The score is the percentage of points,
// rounded; the quiz is passed when the score reaches the pass mark.
import { fold } from '../../i18n/script';
import type { ContentLocale, QuestionKey } from '../catalogue/content/schema';

export type Answer = number | number[] | boolean | string;

/**
 * Folds a typed answer for comparison: as `fold` does (case, script, diacritics, đ as dj, spaces),
 * then dj as d, since learners without a Serbian keyboard type đ either way (Đurđevdan, Djurdjevdan,
 * Durdevdan), without hyphens (e-mail and email; Facebook-u, and Facebook-у as the Cyrillic writes a
 * brand's ending) and without the punctuation around it.
 */
export function foldAnswer(value: string): string {
	return fold(value)
		.replace(/dj/g, 'd')
		.replace(/(\p{L})[-‐‑](?=\p{L})/gu, '$1')
		.replace(/^[\s.,;:!?"'„“”«»()-]+|[\s.,;:!?"'„“”«»()-]+$/g, '');
}

/** An English answer without its article: "the permission" is "permission". */
const withoutArticle = (folded: string) => folded.replace(/^(?:the|an?) (?=\S)/, '');

/** The answers a locale accepts: its own, the other Serbian script's (the two are one language, and a
 * hand-written Cyrillic quiz may list fewer), and the English ones everywhere. */
function acceptedFor(key: QuestionKey, locale: string): { own: string[]; english: string[] } {
	const serbian: ContentLocale[] = ['sr-Latn', 'sr-Cyrl'];
	const own = serbian.includes(locale as ContentLocale)
		? serbian.flatMap((l) => key.accepted[l] ?? [])
		: (key.accepted[locale as ContentLocale] ?? []);
	return { own, english: key.accepted.en ?? [] };
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
			const { own, english } = acceptedFor(key, locale);
			if (own.some((a) => foldAnswer(a) === given)) return 1;
			return english.some((a) => withoutArticle(foldAnswer(a)) === withoutArticle(given)) ? 1 : 0;
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
