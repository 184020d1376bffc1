// The authoring tests' course with its quiz's settings changed, and a learner who reached its quiz
// (the quiz races and the shuffled quiz without JavaScript).
import { strFromU8, unzipSync } from 'fflate';
import { expect, type Page } from '@playwright/test';
import { testCourse, zipFiles, type TestCourse } from './authoring-helpers';
import { courseCard, h1, msg, open, quizPath, ready, signUpLearner } from './learning-helpers';

/** The authoring tests' course (one lesson, a two-question quiz), with the quiz's settings changed. */
export function courseWith(settings: string, edit: (quizYaml: string) => string = (y) => y): TestCourse {
	const course = testCourse();
	const files = Object.fromEntries(
		Object.entries(unzipSync(new Uint8Array(course.zip))).map(([path, bytes]) => [path, strFromU8(bytes)])
	);
	const quizFile = Object.keys(files).find((path) => path.endsWith('/quiz.yaml'))!;
	files[quizFile] = edit(files[quizFile].replace('wait_minutes: 0\n', `${settings}\n`));
	return { ...course, zip: zipFiles(files) };
}

/** Signs a new learner up, enrols in the course and completes its lesson: the quiz is open. */
export async function learnerAtQuiz(page: Page, course: TestCourse): Promise<string> {
	await signUpLearner(page, 'en', 'race');
	await open(page, '/en/courses');
	await courseCard(page, course.title)
		.getByRole('button', { name: msg('en', 'course_enrol'), exact: true })
		.click();
	await expect(h1(page)).toHaveText(course.lesson.title);
	await ready(page);
	await page.getByRole('button', { name: msg('en', 'lesson_complete_continue') }).click();
	const quiz = quizPath('en', course.slug, course.module.slug);
	await expect(page).toHaveURL(new RegExp(`${quiz}$`));
	return quiz;
}
