import { afterEach, describe, expect, it } from 'vitest';
import {
	introQuiz,
	md,
	type QuizQuestion,
	practiceQuiz,
	readDemo,
	removeFiles,
	removeTempDirs,
	writeDemo,
	writeFiles,
	yaml
} from './content-fixture';

afterEach(removeTempDirs);

/** The intro quiz with question `n` (1-based) replaced, in English only. */
function introWith(n: number, question: QuizQuestion) {
	const quiz = introQuiz('en');
	quiz.questions[n - 1] = question;
	return quiz;
}

/** Reads the demo course with the English intro quiz replaced, and its translations removed. */
function readWithEnglishQuiz(quiz: unknown) {
	const root = writeDemo({ 'demo/01-intro/quiz.yaml': yaml(quiz) });
	removeFiles(root, 'demo/01-intro/quiz.sq.yaml', 'demo/01-intro/quiz.sr-Latn.yaml');
	return readDemo(root).errors;
}

describe('readCourse on a well-formed course', () => {
	it('reports no errors and reads modules, lessons and quizzes in order', () => {
		const { course, errors } = readDemo(writeDemo());
		expect(errors).toEqual([]);
		expect(course?.slug).toBe('demo');
		expect(course?.passMark).toBe(70);
		expect(course?.texts.en?.title).toBe('Demo course');
		expect(course?.modules.map((m) => m.slug)).toEqual(['intro', 'practice']);
		expect(course?.modules[0].lessons.map((l) => [l.slug, l.position, l.minutes])).toEqual([
			['welcome', 1, 5],
			['mission', 2, 8]
		]);
		expect(course?.modules[1].lessons.map((l) => l.texts.en?.title)).toEqual(['Make a plan', 'Act on it']);
	});

	it('reads the answer key of every question type', () => {
		const quiz = readDemo(writeDemo()).course?.modules[0].quiz;
		expect(quiz?.passMark).toBe(70);
		expect(quiz?.maxAttempts).toBeNull();
		expect(quiz?.questions.map((q) => [q.id, q.type, q.correct])).toEqual([
			['mission-purpose', 'single', 2],
			['stakeholder-examples', 'multiple', [1, 3]],
			['mission-changes', 'true_false', false],
			['mapping-steps', 'ordering', null],
			['people-word', 'short_text', null],
			['certificate-word', 'short_text', null]
		]);
		expect(quiz?.questions[3].itemCount).toBe(4);
		expect(quiz?.questions[4].accepted).toEqual({
			en: ['stakeholders', 'stakeholder'],
			sq: ['palët', 'aktorët'],
			'sr-Latn': ['učesnici', 'akteri'],
			'sr-Cyrl': ['учесници', 'актери']
		});
		const practice = readDemo(writeDemo()).course?.modules[1].quiz;
		expect(practice).toMatchObject({ passMark: null, maxAttempts: 2, waitMinutes: 30 });
	});

	it('generates Serbian Cyrillic from Serbian Latin when there is no Cyrillic file', () => {
		const lesson = readDemo(writeDemo()).course?.modules[0].lessons[1];
		expect(lesson?.texts['sr-Cyrl']).toEqual({
			title: 'Зашто је мисија важна',
			body: '## Мисија у једној реченици\n\nМисија каже зашто постојите и коме служите.'
		});
	});

	it('gives the same hash for the same files, and a new one when a lesson text changes', () => {
		const a = readDemo(writeDemo()).course?.modules[0].lessons[0].hash;
		const b = readDemo(writeDemo()).course?.modules[0].lessons[0].hash;
		const changed = readDemo(
			writeDemo({
				'demo/01-intro/01-welcome.md': md({ title: 'Welcome to the course', minutes: 5 }, 'Different text.')
			})
		).course?.modules[0].lessons[0].hash;
		expect(a).toBe(b);
		expect(changed).not.toBe(a);
	});
});

describe('readCourse on broken files', () => {
	it('reports invalid front-matter YAML with the file and its line in that file', () => {
		const root = writeDemo({
			'demo/01-intro/01-welcome.md': '---\nminutes: 5\ntitle: Welcome: the course\n---\nBody.\n'
		});
		const { errors } = readDemo(root);
		expect(errors).toHaveLength(1);
		expect(errors[0]).toMatch(/^demo\/01-intro\/01-welcome\.md: invalid YAML at line 3: /);
	});

	it('reports invalid quiz YAML with the file and line', () => {
		const text = yaml(introQuiz('en')).replace(
			'prompt: What is a mission statement for?',
			'prompt: Mission: what is it for?'
		);
		const line = text.split('\n').findIndex((l) => l.includes('Mission: what is it for?')) + 1;
		const { errors } = readDemo(writeDemo({ 'demo/01-intro/quiz.yaml': text }));
		expect(errors).toHaveLength(1);
		expect(errors[0]).toMatch(new RegExp(`^demo/01-intro/quiz\\.yaml: invalid YAML at line ${line}: `));
	});

	it('refuses a file without front matter', () => {
		const { errors } = readDemo(writeDemo({ 'demo/02-practice/01-plan.md': '# Make a plan\n\nNo front matter.\n' }));
		expect(errors).toEqual([
			'demo/02-practice/01-plan.md: missing front matter (the file must start with --- and a YAML block)'
		]);
	});

	it('refuses an unknown question type, naming the question', () => {
		const errors = readWithEnglishQuiz(
			introWith(2, { id: 'essay-question', type: 'essay', prompt: 'Write an essay.', explanation: 'Any.' })
		);
		expect(errors).toEqual([
			'demo/01-intro/quiz.yaml: question 2: unknown question type "essay" (use single, multiple, true_false, ordering, short_text)'
		]);
	});

	it('refuses two modules with the same slug', () => {
		const root = writeDemo({
			'demo/03-intro/module.md': md({ title: 'Again' }),
			'demo/03-intro/01-more.md': md({ title: 'More', minutes: 3 }, 'Text.')
		});
		expect(readDemo(root).errors).toEqual(['demo/03-intro: duplicate module slug "intro" (also 01-intro)']);
	});

	it('refuses two lessons with the same slug in one module', () => {
		const root = writeDemo({ 'demo/02-practice/03-plan.md': md({ title: 'Plan again', minutes: 3 }, 'Text.') });
		expect(readDemo(root).errors).toEqual([
			'demo/02-practice/03-plan.md: duplicate lesson slug "plan" (also 01-plan.md)'
		]);
	});

	it('refuses a lesson, module or course without a title, naming the file', () => {
		const root = writeDemo({
			'demo/course.md': md({ summary: 'A short course.' }),
			'demo/01-intro/module.sq.md': md({ summary: 'Pa titull' }),
			'demo/02-practice/02-act.md': md({ minutes: 7 }, 'Text.')
		});
		expect(readDemo(root).errors.sort()).toEqual(
			[
				'demo/course.md: missing title',
				'demo/01-intro/module.sq.md: missing title',
				'demo/02-practice/02-act.md: missing title'
			].sort()
		);
	});

	it('refuses a lesson without minutes or without text', () => {
		const root = writeDemo({
			'demo/02-practice/01-plan.md': md({ title: 'Make a plan' }, 'Text.'),
			'demo/02-practice/02-act.md': md({ title: 'Act on it', minutes: 7 }, '')
		});
		expect(readDemo(root).errors.sort()).toEqual(
			['demo/02-practice/01-plan.md: missing minutes', 'demo/02-practice/02-act.md: the lesson has no text'].sort()
		);
	});

	it('refuses an answer number out of range, saying how many options there are', () => {
		const errors = readWithEnglishQuiz(
			introWith(3, {
				id: 'best-channel',
				type: 'single',
				prompt: 'Which channel?',
				options: ['Radio', 'Posters', 'Facebook', 'Door to door'],
				correct: 5,
				explanation: 'It depends.'
			})
		);
		expect(errors).toEqual(['demo/01-intro/quiz.yaml: question 3: answer 5 is out of range (4 options)']);
	});

	it('refuses a multiple-choice question with no correct option', () => {
		const q = { ...introQuiz('en').questions[1], correct: [] };
		expect(readWithEnglishQuiz(introWith(2, q))).toEqual(['demo/01-intro/quiz.yaml: question 2: no correct option']);
	});

	it('refuses a multiple-choice answer listed twice or out of range', () => {
		expect(readWithEnglishQuiz(introWith(2, { ...introQuiz('en').questions[1], correct: [1, 1] }))).toEqual([
			'demo/01-intro/quiz.yaml: question 2: an answer is listed twice'
		]);
		expect(readWithEnglishQuiz(introWith(2, { ...introQuiz('en').questions[1], correct: [1, 0] }))).toEqual([
			'demo/01-intro/quiz.yaml: question 2: answer 0 is out of range (4 options)'
		]);
	});

	it('refuses a choice question without options or with an empty option', () => {
		const none = readWithEnglishQuiz(introWith(1, { ...introQuiz('en').questions[0], options: [], correct: 1 }));
		expect(none).toContain('demo/01-intro/quiz.yaml: question 1: needs at least 2 options');
		const blank = readWithEnglishQuiz(
			introWith(1, { ...introQuiz('en').questions[0], options: ['Yes', '', 'No'], correct: 1 })
		);
		expect(blank).toEqual(['demo/01-intro/quiz.yaml: question 1: an option is empty']);
	});

	it('refuses an ordering of one item', () => {
		const q = { ...introQuiz('en').questions[3], items: ['Only step'] };
		expect(readWithEnglishQuiz(introWith(4, q))).toEqual([
			'demo/01-intro/quiz.yaml: question 4: an ordering needs at least 2 items'
		]);
	});

	it('refuses a short-text question with no accepted answers or an empty one', () => {
		expect(readWithEnglishQuiz(introWith(5, { ...introQuiz('en').questions[4], accepted: [] }))).toEqual([
			'demo/01-intro/quiz.yaml: question 5: accepted answers are missing or empty'
		]);
		expect(
			readWithEnglishQuiz(introWith(5, { ...introQuiz('en').questions[4], accepted: ['stakeholders', '  '] }))
		).toEqual(['demo/01-intro/quiz.yaml: question 5: accepted answers are missing or empty']);
	});

	it('refuses what the quiz builder could not hold: a prompt over 1000 characters, more than 40 questions', () => {
		expect(readWithEnglishQuiz(introWith(1, { ...introQuiz('en').questions[0], prompt: 'x'.repeat(1001) }))).toEqual([
			'demo/01-intro/quiz.yaml: question 1: the prompt is longer than 1000 characters'
		]);
		const many = introQuiz('en');
		many.questions = Array.from({ length: 41 }, (_, i) => ({ ...many.questions[0], id: `question-${i}` }));
		expect(readWithEnglishQuiz(many)).toEqual(['demo/01-intro/quiz.yaml: a quiz has at most 40 questions']);
	});

	it('refuses a true/false question whose answer is not true or false', () => {
		const q = { ...introQuiz('en').questions[2], correct: 'no' };
		expect(readWithEnglishQuiz(introWith(3, q))).toEqual([
			'demo/01-intro/quiz.yaml: question 3: correct must be true or false'
		]);
	});

	it('refuses duplicate question ids and bad ids', () => {
		const quiz = introQuiz('en');
		quiz.questions[1] = { ...quiz.questions[1], id: 'mission-purpose' };
		expect(readWithEnglishQuiz(quiz)).toEqual(['demo/01-intro/quiz.yaml: duplicate question id "mission-purpose"']);
		expect(readWithEnglishQuiz(introWith(1, { ...introQuiz('en').questions[0], id: 'Mission Purpose' }))).toEqual([
			'demo/01-intro/quiz.yaml: question 1: id must be lowercase letters, digits and hyphens'
		]);
	});

	it('refuses a translated quiz whose correct answer differs from English', () => {
		const sq = introQuiz('sq');
		sq.questions[0] = { ...sq.questions[0], correct: 3 };
		const { errors } = readDemo(writeDemo({ 'demo/01-intro/quiz.sq.yaml': yaml(sq) }));
		expect(errors).toEqual([
			'demo/01-intro/quiz.sq.yaml: question 1: differs from the English quiz (id, type, number of options or items, or correct answer)'
		]);
	});

	it('refuses a translated quiz with a different number of options, items, type or id', () => {
		const sr = introQuiz('sr-Latn');
		sr.questions[1] = { ...sr.questions[1], options: ['Mladi', 'Roditelji', 'Turista'] };
		sr.questions[3] = { ...sr.questions[3], items: ['Prvo', 'Drugo', 'Treće'] };
		const sq = introQuiz('sq');
		sq.questions[2] = { ...sq.questions[2], type: 'single' };
		sq.questions[5] = { ...sq.questions[5], id: 'certifikata' };
		const { errors } = readDemo(
			writeDemo({ 'demo/01-intro/quiz.sr-Latn.yaml': yaml(sr), 'demo/01-intro/quiz.sq.yaml': yaml(sq) })
		);
		const differs = '(id, type, number of options or items, or correct answer)';
		expect(errors.sort()).toEqual(
			[
				`demo/01-intro/quiz.sr-Latn.yaml: question 2: differs from the English quiz ${differs}`,
				`demo/01-intro/quiz.sr-Latn.yaml: question 4: differs from the English quiz ${differs}`,
				`demo/01-intro/quiz.sq.yaml: question 3: differs from the English quiz ${differs}`,
				`demo/01-intro/quiz.sq.yaml: question 6: differs from the English quiz ${differs}`
			].sort()
		);
	});

	it('reads a translated quiz with fewer questions: the missing one is shown in English, marked not translated', () => {
		const sq = practiceQuiz('sq');
		sq.questions.shift();
		const { course, errors } = readDemo(writeDemo({ 'demo/02-practice/quiz.sq.yaml': yaml(sq) }));
		expect(errors).toEqual([]);
		const texts = course!.modules[1].quiz!.texts.sq!.questions;
		expect(texts.map((q) => [q.prompt, Boolean(q.untranslated)])).toEqual([
			['What comes first?', true],
			['Duhet të planifikoni vetëm.', false]
		]);
	});

	it('refuses a translated short-text question without accepted answers', () => {
		const sq = introQuiz('sq');
		sq.questions[4] = { ...sq.questions[4], accepted: [] };
		const { errors } = readDemo(writeDemo({ 'demo/01-intro/quiz.sq.yaml': yaml(sq) }));
		expect(errors).toEqual(['demo/01-intro/quiz.sq.yaml: question 5: accepted answers are missing or empty']);
	});

	it('collects every problem of a course instead of stopping at the first', () => {
		const root = writeDemo({
			'demo/02-practice/02-act.md': md({ minutes: 7 }, 'Text.'),
			'demo/02-practice/quiz.yaml': yaml({
				...practiceQuiz('en'),
				questions: [{ ...practiceQuiz('en').questions[0], correct: 9 }]
			})
		});
		removeFiles(root, 'demo/02-practice/quiz.sq.yaml', 'demo/02-practice/quiz.sr-Latn.yaml');
		expect(readDemo(root).errors.sort()).toEqual(
			[
				'demo/02-practice/02-act.md: missing title',
				'demo/02-practice/quiz.yaml: question 1: answer 9 is out of range (2 options)'
			].sort()
		);
	});

	it('refuses badly named module folders and lesson files', () => {
		const root = writeDemo({});
		writeFiles(root, {
			'demo/3-extra/module.md': md({ title: 'Extra' }),
			'demo/02-practice/Lesson Three.md': md({ title: 'Three', minutes: 2 }, 'Text.')
		});
		expect(readDemo(root).errors.sort()).toEqual(
			[
				'demo/3-extra: a module folder is named NN-slug (two digits, a hyphen, lowercase slug)',
				'demo/02-practice/Lesson Three.md: a lesson file is named NN-slug.md (two digits, a hyphen, lowercase slug)'
			].sort()
		);
	});
});
