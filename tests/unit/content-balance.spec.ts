// The shipped quizzes must not be passable without reading them: the keys of content/ are spread
// over positions and over true and false, are not given away by their length, and a learner who
// answers by rule (always option 2, always "false", all but the last…) fails every module's quiz.
// Read with the importer's own reader and graded with the app's own grading.
//
// Pools: the key counts run over every question of a pool, since every one can be drawn. A blind
// rule must fail every paper a pooled quiz can draw, not just the whole pool: it is played on the
// draw that suits it best (per topic, the questions it scores most on), which no real draw beats.
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ContentErrors, listCourseDirs, readCourse } from '$lib/server/catalogue/content/read';
import type { CourseSource, QuestionKey, QuestionText, QuizSource } from '$lib/server/catalogue/content/schema';
import { grade, gradeAnswer, type Answer } from '$lib/server/learning/grading';
import type { QuizDraw } from '$lib/server/catalogue/quiz-schema';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const contentRoot = join(repo, 'content');
const LOCALES = ['en', 'sq', 'sr-Latn'] as const;
type Locale = (typeof LOCALES)[number];

const courses: CourseSource[] = listCourseDirs(contentRoot).map((dir) => {
	const course = readCourse(dir, new ContentErrors(repo));
	if (!course) throw new Error(`cannot read ${relative(repo, dir)}`);
	return course;
});
const quizzes = courses.flatMap((course) =>
	course.modules.flatMap((mod) => (mod.quiz ? [{ course, name: `${course.slug}/${mod.slug}`, quiz: mod.quiz }] : []))
);

const length = (text: string) => [...text].length;

/** The option (from 1) strictly longer (or shorter) than every other, or null when two share the top. */
function strictly(extreme: 'longest' | 'shortest', options: string[]): number | null {
	const lengths = options.map(length);
	const top = (extreme === 'longest' ? Math.max : Math.min)(...lengths);
	return lengths.filter((l) => l === top).length === 1 ? lengths.indexOf(top) + 1 : null;
}

function textsOf(quiz: QuizSource, locale: Locale): QuestionText[] {
	const texts = quiz.texts[locale]?.questions;
	if (!texts) throw new Error(`${quiz.file} has no ${locale} texts`);
	return texts;
}

/** Largest share of `values` taken by one value. */
function topShare(values: unknown[]): number {
	const counts = new Map<string, number>();
	for (const v of values) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
	return values.length === 0 ? 0 : Math.max(...counts.values()) / values.length;
}

describe('the answer keys of every course in content/', () => {
	it.each(courses.map((c) => [c.slug, c] as const))(
		'%s: no option position holds over 40 % of single-choice keys',
		(_, course) => {
			const keys = course.modules.flatMap((m) => m.quiz?.questions ?? []).filter((q) => q.type === 'single');
			const positions = keys.map((q) => q.correct);
			expect(positions.length).toBeGreaterThan(0);
			expect(topShare(positions), `single-choice keys by position: ${positions.join(' ')}`).toBeLessThanOrEqual(0.4);
		}
	);

	it.each(courses.map((c) => [c.slug, c] as const))('%s: true/false keys are at most 65 % one way', (_, course) => {
		const keys = course.modules.flatMap((m) => m.quiz?.questions ?? []).filter((q) => q.type === 'true_false');
		const values = keys.map((q) => q.correct);
		expect(values.length).toBeGreaterThan(0);
		expect(topShare(values), `true/false keys: ${values.join(' ')}`).toBeLessThanOrEqual(0.65);
	});

	it.each(
		courses.flatMap((c) =>
			LOCALES.flatMap((l) => (['longest', 'shortest'] as const).map((e) => [c.slug, l, e, c] as const))
		)
	)(
		'%s (%s): the key is the strictly %s option in at most half of the single-choice questions',
		(_, locale, extreme, course) => {
			const found: string[] = [];
			let singles = 0;
			for (const mod of course.modules) {
				if (!mod.quiz) continue;
				const texts = textsOf(mod.quiz, locale);
				mod.quiz.questions.forEach((key, i) => {
					if (key.type !== 'single') return;
					singles++;
					if (strictly(extreme, texts[i].options) === key.correct) found.push(`${mod.slug}/${key.id}`);
				});
			}
			expect(found.length / singles, `the key is the ${extreme} option in: ${found.join(', ')}`).toBeLessThanOrEqual(
				0.5
			);
		}
	);
});

// Scenarios set in the region, in every language, make a third of each course's questions.
const PLACES: Record<Locale, RegExp> = {
	en: /North Mitrovica|Zvečan|Zubin Potok|Leposavić/,
	sq: /Mitrovic\S* (?:e|të) Veriut|Zveçan|Zubin Potok|Leposaviq/,
	'sr-Latn': /Severn\S* Mitrovic|Zvečan|Zubin\S* Potok|Leposavić/
};

describe('the quizzes of every course in content/', () => {
	it.each(courses.map((c) => [c.slug, c] as const))(
		'%s: a third of the questions are set in Northern Kosovo',
		(_, course) => {
			let questions = 0;
			const set: string[] = [];
			const untranslated: string[] = [];
			for (const mod of course.modules) {
				if (!mod.quiz) continue;
				const quiz = mod.quiz;
				questions += quiz.questions.length;
				quiz.questions.forEach((key, i) => {
					if (!PLACES.en.test(textsOf(quiz, 'en')[i].prompt)) return;
					set.push(key.id);
					for (const l of ['sq', 'sr-Latn'] as const)
						if (!PLACES[l].test(textsOf(quiz, l)[i].prompt)) untranslated.push(`${mod.slug}/${key.id} ${l}`);
				});
			}
			expect(set.length / questions, `set in the region: ${set.join(', ')}`).toBeGreaterThanOrEqual(1 / 3);
			expect(untranslated, 'the place named in English is named in the translation').toEqual([]);
		}
	);
});

// A blind learner answers each question type by a fixed rule. Typed answers are left empty, and an
// ordering is sent as shown, which the quiz page never shows in the right order (here: reversed).
const SINGLE = ['option 1', 'option 2', 'option 3', 'option 4', 'longest', 'shortest'] as const;
const TRUE_FALSE = [true, false] as const;
const MULTIPLE = ['all but the last', 'all but the first', 'all options', 'only the first'] as const;

interface Strategy {
	single: (typeof SINGLE)[number];
	trueFalse: boolean;
	multiple: (typeof MULTIPLE)[number];
}
const STRATEGIES: Strategy[] = SINGLE.flatMap((single) =>
	TRUE_FALSE.flatMap((trueFalse) => MULTIPLE.map((multiple) => ({ single, trueFalse, multiple })))
);

function blindAnswer(key: QuestionKey, text: QuestionText, strategy: Strategy): Answer | undefined {
	const options = Array.from({ length: key.optionCount }, (_, i) => i + 1);
	switch (key.type) {
		case 'single':
			if (strategy.single === 'longest' || strategy.single === 'shortest') {
				const lengths = text.options.map(length);
				return lengths.indexOf((strategy.single === 'longest' ? Math.max : Math.min)(...lengths)) + 1;
			}
			return Math.min(Number(strategy.single.slice(-1)), key.optionCount);
		case 'true_false':
			return strategy.trueFalse;
		case 'multiple':
			if (strategy.multiple === 'all options') return options;
			if (strategy.multiple === 'only the first') return [1];
			if (strategy.multiple === 'all but the first') return options.slice(1);
			return options.slice(0, -1);
		case 'ordering':
			return Array.from({ length: key.itemCount }, (_, i) => key.itemCount - 1 - i);
		case 'short_text':
			return undefined;
	}
}

const describeStrategy = (s: Strategy) => `${s.single}, ${s.trueFalse}, ${s.multiple}`;

/**
 * The paper of a quiz's pool that scores best with these answers: the questions a draw always asks,
 * and of each topic drawn (or of the whole pool, for `draw: n`) the ones with the most credit. The
 * score counts only the questions asked, so no draw scores more than this one.
 */
function bestDraw(keys: QuestionKey[], draw: QuizDraw | null, answers: Record<string, Answer>, locale: string) {
	if (draw === null) return keys;
	const credit = (k: QuestionKey) => gradeAnswer(k, answers[k.id], locale);
	const best = (pool: QuestionKey[], n: number) => [...pool].sort((a, b) => credit(b) - credit(a)).slice(0, n);
	if (typeof draw === 'number') return best(keys, draw);
	const drawn = (k: QuestionKey) => k.topic !== undefined && draw[k.topic] !== undefined;
	return [
		...keys.filter((k) => !drawn(k)),
		...Object.entries(draw).flatMap(([topic, n]) =>
			best(
				keys.filter((k) => drawn(k) && k.topic === topic),
				n
			)
		)
	];
}

/** The rules (and their best scores) that reach a quiz's pass mark on some paper it can draw. */
function passingRules(keys: QuestionKey[], texts: QuestionText[], draw: QuizDraw | null, locale: string, mark: number) {
	const passing: string[] = [];
	for (const strategy of STRATEGIES) {
		const answers: Record<string, Answer> = {};
		keys.forEach((key, i) => {
			const answer = blindAnswer(key, texts[i], strategy);
			if (answer !== undefined) answers[key.id] = answer;
		});
		const { score, passed } = grade(bestDraw(keys, draw, answers, locale), answers, locale, mark);
		if (passed) passing.push(`${describeStrategy(strategy)}: ${score} %`);
	}
	return passing;
}

describe('answering blind', () => {
	it('plays every rule on every module quiz of content/', () => {
		expect(quizzes.length).toBeGreaterThanOrEqual(9);
		expect(STRATEGIES).toHaveLength(48);
		expect(STRATEGIES).toContainEqual({ single: 'option 2', trueFalse: false, multiple: 'all but the last' });
	});

	it.each(quizzes.flatMap((q) => LOCALES.map((locale) => [q.name, locale, q] as const)))(
		'fails %s (%s) with every rule, on every paper it can draw',
		(_, locale, { course, quiz }) => {
			const passMark = quiz.passMark ?? course.passMark;
			const passing = passingRules(quiz.questions, textsOf(quiz, locale), quiz.draw, locale, passMark);
			expect(passing, `rules that reach the pass mark of ${passMark} % on some paper`).toEqual([]);
		}
	);

	it('the shipped outreach course draws some of its quizzes from pools', () => {
		const pooled = quizzes.filter((q) => q.course.slug === 'outreach' && q.quiz.draw !== null);
		expect(pooled.length).toBeGreaterThanOrEqual(2);
	});

	it('catches a rule that fails the whole pool but passes the draw that suits it', () => {
		const single = (id: string, correct: number, topic: string): QuestionKey => ({
			id,
			type: 'single',
			correct,
			optionCount: 3,
			itemCount: 0,
			accepted: {},
			topic
		});
		// "Option 2" scores 2 of 6 (33 %) on the whole pool, but 2 of 2 when a draw of 1 per topic
		// happens to ask the two questions keyed 2.
		const keys = [single('a', 2, 'x'), single('b', 1, 'x'), single('c', 3, 'x'), single('d', 2, 'y')];
		keys.push(single('e', 1, 'y'), single('f', 3, 'y'));
		const text: QuestionText = { prompt: '', options: ['a', 'bb', 'ccc'], items: [], explanation: '' };
		const texts = keys.map(() => text);
		expect(passingRules(keys, texts, null, 'en', 70).some((r) => r.startsWith('option 2,'))).toBe(false);
		expect(passingRules(keys, texts, { x: 1, y: 1 }, 'en', 70)).toContain('option 2, true, all options: 100 %');
	});

	it('passes a quiz keyed the old way with "option 2, false, all but the last", so the check can fail', () => {
		const keys: QuestionKey[] = [
			{ id: 'a', type: 'single', correct: 2, optionCount: 3, itemCount: 0, accepted: {} },
			{ id: 'b', type: 'multiple', correct: [1, 2, 3], optionCount: 4, itemCount: 0, accepted: {} },
			{ id: 'c', type: 'true_false', correct: false, optionCount: 0, itemCount: 0, accepted: {} },
			{ id: 'd', type: 'single', correct: 2, optionCount: 3, itemCount: 0, accepted: {} }
		];
		const text: QuestionText = { prompt: '', options: ['a', 'b', 'c', 'd'], items: [], explanation: '' };
		const strategy = STRATEGIES.find((s) => describeStrategy(s) === 'option 2, false, all but the last')!;
		const answers = Object.fromEntries(keys.map((k) => [k.id, blindAnswer(k, text, strategy)!]));
		expect(grade(keys, answers, 'en', 70)).toMatchObject({ score: 100, passed: true });
	});
});
