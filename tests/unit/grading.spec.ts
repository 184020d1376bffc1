import { afterEach, describe, expect, it } from 'vitest';
import type { QuestionKey } from '$lib/server/catalogue/content/schema';
import { foldAnswer, grade, gradeAnswer } from '$lib/server/learning/grading';
import { readDemo, removeTempDirs, writeDemo } from './content-fixture';

afterEach(removeTempDirs);

function key(k: Partial<QuestionKey> & Pick<QuestionKey, 'id' | 'type'>): QuestionKey {
	return { correct: null, optionCount: 0, itemCount: 0, accepted: {}, ...k };
}

const single = key({ id: 'purpose', type: 'single', correct: 2, optionCount: 3 });
const multiple = key({ id: 'stakeholders', type: 'multiple', correct: [1, 3], optionCount: 4 });
const trueFalse = key({ id: 'changes', type: 'true_false', correct: false });
const ordering = key({ id: 'steps', type: 'ordering', itemCount: 4 });
const stakeholders = key({
	id: 'word',
	type: 'short_text',
	accepted: {
		en: ['stakeholders', 'stakeholder'],
		sq: ['palët e interesit'],
		'sr-Latn': ['učesnici'],
		'sr-Cyrl': ['учесници']
	}
});
const certificate = key({
	id: 'certificate',
	type: 'short_text',
	// As readCourse makes it: the sr-Cyrl list is transliterated from sr-Latn.
	accepted: {
		en: ['certificate'],
		sq: ['certifikatë'],
		'sr-Latn': ['sertifikat', 'potvrda'],
		'sr-Cyrl': ['сертификат', 'потврда']
	}
});

describe('gradeAnswer', () => {
	it('single choice: 1 for the correct option, 0 otherwise', () => {
		expect(gradeAnswer(single, 2, 'en')).toBe(1);
		expect(gradeAnswer(single, 1, 'en')).toBe(0);
		expect(gradeAnswer(single, 3, 'en')).toBe(0);
	});

	it('true/false: 1 for the right value, 0 otherwise', () => {
		expect(gradeAnswer(trueFalse, false, 'en')).toBe(1);
		expect(gradeAnswer(trueFalse, true, 'en')).toBe(0);
	});

	it('multiple choice: (right chosen - wrong chosen) / correct options, never below 0', () => {
		expect(gradeAnswer(multiple, [1, 3], 'en')).toBe(1);
		expect(gradeAnswer(multiple, [1], 'en')).toBe(0.5);
		expect(gradeAnswer(multiple, [3], 'en')).toBe(0.5);
		expect(gradeAnswer(multiple, [1, 2], 'en')).toBe(0);
		expect(gradeAnswer(multiple, [1, 2, 3], 'en')).toBe(0.5);
		expect(gradeAnswer(multiple, [2, 4], 'en')).toBe(0);
		expect(gradeAnswer(multiple, [1, 2, 3, 4], 'en')).toBe(0);
		expect(gradeAnswer(multiple, [2], 'en')).toBe(0);
	});

	it('multiple choice with three correct options gives thirds', () => {
		const three = key({ id: 'three', type: 'multiple', correct: [1, 2, 4], optionCount: 5 });
		expect(gradeAnswer(three, [1, 2], 'en')).toBeCloseTo(2 / 3);
		expect(gradeAnswer(three, [1, 2, 3], 'en')).toBeCloseTo(1 / 3);
		expect(gradeAnswer(three, [1, 2, 4], 'en')).toBe(1);
	});

	it('ordering: all or nothing', () => {
		expect(gradeAnswer(ordering, [0, 1, 2, 3], 'en')).toBe(1);
		expect(gradeAnswer(ordering, [0, 1, 3, 2], 'en')).toBe(0);
		expect(gradeAnswer(ordering, [1, 0, 2, 3], 'en')).toBe(0);
		expect(gradeAnswer(ordering, [3, 2, 1, 0], 'en')).toBe(0);
		expect(gradeAnswer(ordering, [0, 1, 2], 'en')).toBe(0);
	});

	it('short text ignores case and surrounding spaces', () => {
		expect(gradeAnswer(stakeholders, '  STAKEHOLDERS ', 'en')).toBe(1);
		expect(gradeAnswer(stakeholders, 'Stakeholder.', 'en')).toBe(1);
		expect(gradeAnswer(stakeholders, 'shareholders', 'en')).toBe(0);
	});

	it('short text accepts an Albanian answer typed without diacritics', () => {
		expect(gradeAnswer(certificate, 'certifikate', 'sq')).toBe(1);
		expect(gradeAnswer(certificate, 'Certifikatë', 'sq')).toBe(1);
		expect(gradeAnswer(stakeholders, 'palet e  interesit', 'sq')).toBe(1);
	});

	it('short text accepts a Cyrillic answer for a Serbian Latin accepted answer', () => {
		expect(gradeAnswer(certificate, 'сертификат', 'sr-Cyrl')).toBe(1);
		expect(gradeAnswer(certificate, 'Потврда', 'sr-Cyrl')).toBe(1);
		expect(gradeAnswer(certificate, 'sertifikat', 'sr-Cyrl')).toBe(1);
		expect(gradeAnswer(certificate, 'сертификат', 'sr-Latn')).toBe(1);
		expect(gradeAnswer(stakeholders, 'UČESNICI', 'sr-Latn')).toBe(1);
		expect(gradeAnswer(stakeholders, 'ucesnici', 'sr-Cyrl')).toBe(1);
	});

	it('short text accepts the English answer in any locale, but not another language’s', () => {
		expect(gradeAnswer(certificate, 'certificate', 'sq')).toBe(1);
		expect(gradeAnswer(certificate, 'sertifikat', 'sq')).toBe(0);
		expect(gradeAnswer(certificate, 'certifikatë', 'en')).toBe(0);
	});

	it('an unanswered question earns nothing', () => {
		for (const k of [single, multiple, trueFalse, ordering, stakeholders])
			expect(gradeAnswer(k, undefined, 'en')).toBe(0);
	});

	it('grades the Cyrillic answer against a key made by readCourse from the Serbian Latin quiz', () => {
		const quiz = readDemo(writeDemo()).course?.modules[0].quiz;
		const word = quiz!.questions.find((q) => q.id === 'people-word')!;
		const cert = quiz!.questions.find((q) => q.id === 'certificate-word')!;
		expect(gradeAnswer(word, 'Учесници', 'sr-Cyrl')).toBe(1);
		expect(gradeAnswer(cert, ' СЕРТИФИКАТ ', 'sr-Cyrl')).toBe(1);
		expect(gradeAnswer(cert, 'certifikate', 'sq')).toBe(1);
		expect(gradeAnswer(word, '  STAKEHOLDERS ', 'en')).toBe(1);
	});
});

describe('gradeAnswer with đ (ђ)', () => {
	// Organisation names and searches fold đ to dj (Đorđe = Djordje, the usual way to type it without
	// a Serbian keyboard); a free-text answer must fold the same way.
	const feast = key({
		id: 'feast',
		type: 'short_text',
		accepted: { en: ['Saint George'], 'sr-Latn': ['Đurđevdan'], 'sr-Cyrl': ['Ђурђевдан'] }
	});

	it('accepts đ typed as dj, in either script', () => {
		expect(gradeAnswer(feast, 'Djurdjevdan', 'sr-Latn')).toBe(1);
		expect(gradeAnswer(feast, 'djurdjevdan', 'sr-Cyrl')).toBe(1);
		expect(gradeAnswer(feast, 'ЂУРЂЕВДАН', 'sr-Latn')).toBe(1);
	});

	it('still accepts đ typed as d, and refuses a different word', () => {
		expect(gradeAnswer(feast, 'Durdevdan', 'sr-Latn')).toBe(1);
		expect(gradeAnswer(feast, 'Đurđa', 'sr-Latn')).toBe(0);
	});
});

describe('gradeAnswer: accepted answers written another way (issue 17)', () => {
	// A hand-written Cyrillic quiz may list fewer answers than its Latin twin; both are Serbian.
	const consent = key({
		id: 'consent',
		type: 'short_text',
		accepted: {
			en: ['consent', 'permission', 'e-mail'],
			sq: ['pëlqim', 'leje'],
			'sr-Latn': ['saglasnost', 'pismena saglasnost', 'dozvola', 'na Facebooku'],
			'sr-Cyrl': ['сагласност']
		}
	});

	it('accepts every Serbian answer in either script, whichever Serbian the learner reads', () => {
		expect(gradeAnswer(consent, 'pismena saglasnost', 'sr-Cyrl')).toBe(1);
		expect(gradeAnswer(consent, 'Дозвола', 'sr-Cyrl')).toBe(1);
		expect(gradeAnswer(consent, 'сагласност', 'sr-Latn')).toBe(1);
		expect(gradeAnswer(consent, 'leje', 'sr-Cyrl')).toBe(0);
	});

	it('takes a hyphen or none alike (e-mail, email; Facebook-u, Facebooku, Facebook-у)', () => {
		expect(gradeAnswer(consent, 'email', 'en')).toBe(1);
		expect(gradeAnswer(consent, 'E-Mail', 'sq')).toBe(1);
		expect(gradeAnswer(consent, 'na Facebook-u', 'sr-Latn')).toBe(1);
		expect(gradeAnswer(consent, 'на Facebook-у', 'sr-Cyrl')).toBe(1);
	});

	it('takes an English answer with an article (the permission, a consent)', () => {
		expect(gradeAnswer(consent, 'the permission', 'en')).toBe(1);
		expect(gradeAnswer(consent, 'A consent.', 'sq')).toBe(1);
		expect(gradeAnswer(consent, 'the', 'en')).toBe(0);
	});
});

describe('foldAnswer', () => {
	it('folds case, diacritics, Cyrillic and extra spaces', () => {
		expect(foldAnswer('  Palët  e Interesit ')).toBe('palet e interesit');
		expect(foldAnswer('Ђурђевдан')).toBe('durdevdan');
		expect(foldAnswer('Đurđevdan')).toBe('durdevdan');
		expect(foldAnswer('Љубљана')).toBe('ljubljana');
		expect(foldAnswer('ČĆŠŽ')).toBe('ccsz');
		expect(foldAnswer('«stakeholders»!')).toBe('stakeholders');
	});
});

describe('grade', () => {
	const keys = [single, multiple, trueFalse, ordering, stakeholders];
	const allRight = { purpose: 2, stakeholders: [1, 3], changes: false, steps: [0, 1, 2, 3], word: 'stakeholders' };

	it('gives 100 and a pass when every answer is right', () => {
		expect(grade(keys, allRight, 'en', 70)).toEqual({
			results: { purpose: 1, stakeholders: 1, changes: 1, steps: 1, word: 1 },
			score: 100,
			passed: true
		});
	});

	it('counts partial credit and passes at exactly the pass mark', () => {
		// 3 right + half of the multiple choice + a wrong ordering = 3.5 of 5 = 70 %.
		const answers = { ...allRight, stakeholders: [1], steps: [1, 0, 2, 3] };
		const result = grade(keys, answers, 'en', 70);
		expect(result.results).toEqual({ purpose: 1, stakeholders: 0.5, changes: 1, steps: 0, word: 1 });
		expect(result.score).toBe(70);
		expect(result.passed).toBe(true);
		expect(grade(keys, answers, 'en', 71).passed).toBe(false);
	});

	it('rounds the score to a whole percentage', () => {
		const three = [single, trueFalse, stakeholders];
		const twoOfThree = grade(three, { purpose: 2, changes: false, word: 'wrong' }, 'en', 67);
		expect(twoOfThree.score).toBe(67);
		expect(twoOfThree.passed).toBe(true);
		expect(grade(three, { purpose: 2, changes: false, word: 'wrong' }, 'en', 68).passed).toBe(false);
		expect(grade(three, { purpose: 2, changes: true, word: 'wrong' }, 'en', 30).score).toBe(33);
		// 2.5 of 4 = 62.5 % rounds to 63.
		expect(
			grade([single, multiple, trueFalse, ordering], { purpose: 2, stakeholders: [3], changes: false }, 'en', 70).score
		).toBe(63);
	});

	it('stores per-question credit rounded to three decimals', () => {
		const three = key({ id: 'three', type: 'multiple', correct: [1, 2, 4], optionCount: 5 });
		expect(grade([three], { three: [1] }, 'en', 50)).toEqual({ results: { three: 0.333 }, score: 33, passed: false });
	});

	it('gives 0 and a fail when nothing is answered', () => {
		expect(grade(keys, {}, 'en', 70)).toEqual({
			results: { purpose: 0, stakeholders: 0, changes: 0, steps: 0, word: 0 },
			score: 0,
			passed: false
		});
	});
});
