// Helpers for the learning-path tests (learning.spec.ts, learning-nojs.spec.ts, curriculum.spec.ts).
// Texts come from messages/<locale>.json and from content/, never hard-coded, so the tests keep
// working while translations and lessons are edited. Every test signs up its own learner, since the
// tests share one database and run in two workers.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { expect, type Page, type APIResponse } from '@playwright/test';
import { ready } from './helpers';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONTENT = join(ROOT, 'content');
const MESSAGES = join(ROOT, 'messages');

export type Locale = 'en' | 'sq' | 'sr-Latn' | 'sr-Cyrl';

// ---------------------------------------------------------------------------------------------
// Interface texts

const messageCache = new Map<string, Record<string, unknown>>();

function messages(locale: Locale): Record<string, unknown> {
	let data = messageCache.get(locale);
	if (!data) {
		data = JSON.parse(readFileSync(join(MESSAGES, `${locale}.json`), 'utf8')) as Record<string, unknown>;
		messageCache.set(locale, data);
	}
	return data;
}

/** A message of messages/<locale>.json with its {placeholders} filled in. */
export function msg(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
	const value = messages(locale)[key] ?? messages('en')[key];
	if (typeof value !== 'string') throw new Error(`message ${key} (${locale}) is not a plain string`);
	return value.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A message as a whole-text regular expression, with each {placeholder} matching anything. */
export function msgPattern(locale: Locale, key: string): RegExp {
	const escaped = msg(locale, key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`^${escaped.replace(/\\\{\w+\\\}/g, '.+')}$`);
}

// ---------------------------------------------------------------------------------------------
// Content

type Data = Record<string, unknown>;

function localeFile(file: string, locale: Locale): string {
	return locale === 'en' ? file : file.replace(/\.(md|yaml)$/, `.${locale}.$1`);
}

/** The front matter of a Markdown file, in a locale (falling back to English when there is no file). */
export function frontMatter(file: string, locale: Locale = 'en'): Data {
	const path = existsSync(localeFile(file, locale)) ? localeFile(file, locale) : file;
	const source = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
	const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(source);
	if (!match) throw new Error(`no front matter in ${path}`);
	return parseYaml(match[1]) as Data;
}

export interface LessonContent {
	slug: string;
	file: string;
	minutes: number;
	title: (locale?: Locale) => string;
}

export interface ModuleContent {
	slug: string;
	dir: string;
	title: (locale?: Locale) => string;
	lessons: LessonContent[];
	quizFile: string | null;
	/** `exercise_minutes` of module.md: the exercises and assignment, apart from reading. */
	exerciseMinutes: number;
}

export interface CourseContent {
	slug: string;
	passMark: number;
	title: (locale?: Locale) => string;
	modules: ModuleContent[];
	/** Lessons plus quizzes: the units the progress percentage counts. */
	units: number;
	lessonCount: number;
	/** The lessons' minutes (reading) and the modules' exercise minutes. */
	readingMinutes: number;
	exerciseMinutes: number;
}

const NUMBERED = /^(\d\d)-([a-z0-9-]+)$/;

/** A course as content/<course>/ describes it: modules and lessons in order, with their URL slugs. */
export function readCourse(courseSlug: string): CourseContent {
	const dir = join(CONTENT, courseSlug);
	const courseFile = join(dir, 'course.md');
	const passMark = Number(frontMatter(courseFile).pass_mark ?? 70);
	const modules: ModuleContent[] = readdirSync(dir, { withFileTypes: true })
		.filter((e) => e.isDirectory() && NUMBERED.test(e.name))
		.map((e) => e.name)
		.sort()
		.map((name) => {
			const moduleDir = join(dir, name);
			const lessons = readdirSync(moduleDir)
				.filter((f) => /^\d\d-[a-z0-9-]+\.md$/.test(f))
				.sort()
				.map((f) => {
					const file = join(moduleDir, f);
					return {
						slug: f.replace(/^\d\d-/, '').replace(/\.md$/, ''),
						file,
						minutes: Number(frontMatter(file).minutes ?? 0),
						title: (locale: Locale = 'en') => String(frontMatter(file, locale).title).trim()
					};
				});
			const moduleFile = join(moduleDir, 'module.md');
			const quizFile = join(moduleDir, 'quiz.yaml');
			return {
				slug: NUMBERED.exec(name)![2],
				dir: moduleDir,
				title: (locale: Locale = 'en') => String(frontMatter(moduleFile, locale).title).trim(),
				lessons,
				quizFile: existsSync(quizFile) ? quizFile : null,
				exerciseMinutes: Number(frontMatter(moduleFile).exercise_minutes ?? 0)
			};
		});
	const units = modules.reduce((n, m) => n + m.lessons.length + (m.quizFile ? 1 : 0), 0);
	const lessonCount = modules.reduce((n, m) => n + m.lessons.length, 0);
	const minutes = modules.reduce((n, m) => n + m.lessons.reduce((k, l) => k + l.minutes, 0), 0);
	return {
		slug: courseSlug,
		passMark,
		title: (locale: Locale = 'en') => String(frontMatter(courseFile, locale).title).trim(),
		modules,
		units,
		lessonCount,
		readingMinutes: minutes,
		exerciseMinutes: modules.reduce((n, m) => n + m.exerciseMinutes, 0)
	};
}

const INTL: Record<Locale, string> = { en: 'en-GB', sq: 'sq', 'sr-Latn': 'sr-Latn', 'sr-Cyrl': 'sr-Cyrl' };

/** A time as the course pages write it: exact ("4 h 50 min") or an estimate ("about 35.5 h"). */
export function timeText(locale: Locale, minutes: number, estimate = false): string {
	const number = (n: number) => new Intl.NumberFormat(INTL[locale], { maximumFractionDigits: 1 }).format(n);
	if (estimate) {
		const time =
			minutes < 60
				? msg(locale, 'minutes', { minutes: Math.max(5, Math.round(minutes / 5) * 5) })
				: msg(locale, 'work_hours', { hours: number(Math.round(minutes / 30) / 2) });
		return msg(locale, 'work_about', { time });
	}
	const [h, m] = [Math.floor(minutes / 60), minutes % 60];
	if (h === 0) return msg(locale, 'minutes', { minutes: m });
	return m === 0
		? msg(locale, 'work_hours', { hours: h })
		: msg(locale, 'work_hours_minutes', { hours: h, minutes: m });
}

export const coursePath = (locale: Locale, course: string) => `/${locale}/courses/${course}`;
export const lessonPath = (locale: Locale, course: string, module: string, lesson: string) =>
	`/${locale}/courses/${course}/${module}/${lesson}`;
export const quizPath = (locale: Locale, course: string, module: string) =>
	`/${locale}/courses/${course}/${module}/quiz`;

/** The whole path of a URL as a regular expression (optionally with any query string). */
export function exactPath(path: string, query = false): RegExp {
	const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`^https?://[^/]+${escaped}${query ? '(\\?.*)?' : ''}$`);
}

export type QuestionType = 'single' | 'multiple' | 'true_false' | 'ordering' | 'short_text';

export interface QuizQuestion {
	id: string;
	type: QuestionType;
	prompt: string;
	options: string[];
	/** ordering: in the correct order. */
	items: string[];
	/** single: 1-based option; multiple: 1-based options; true_false: boolean. */
	correct: number | number[] | boolean | null;
	accepted: string[];
	explanation: string;
}

export interface QuizContent {
	passMark: number;
	/** Every question of the quiz: its pool when an attempt draws from one. */
	questions: QuizQuestion[];
	/** How many questions an attempt asks when the quiz has a `draw` (else every question). */
	asked?: number;
}

function readYaml(file: string): Data {
	return parseYaml(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as Data;
}

/** A module's quiz: the answer key from quiz.yaml, the texts from quiz.<locale>.yaml. */
export function readQuiz(course: CourseContent, moduleSlug: string, locale: Locale = 'en'): QuizContent {
	const mod = course.modules.find((m) => m.slug === moduleSlug);
	if (!mod?.quizFile) throw new Error(`no quiz for ${course.slug}/${moduleSlug}`);
	const en = readYaml(mod.quizFile);
	const localised = locale === 'en' ? en : readYaml(localeFile(mod.quizFile, locale));
	const keys = en.questions as Data[];
	const texts = localised.questions as Data[];
	const draw = en.draw as number | Record<string, number> | undefined;
	const drawnTopics = typeof draw === 'object' ? draw : {};
	const asked =
		draw === undefined
			? keys.length
			: typeof draw === 'number'
				? draw
				: keys.filter((k) => !(String(k.topic) in drawnTopics)).length +
					Object.values(drawnTopics).reduce((a, b) => a + b, 0);
	return {
		passMark: Number(en.pass_mark ?? course.passMark),
		asked,
		questions: keys.map((key, i) => {
			const text = texts[i];
			const list = (v: unknown) => (Array.isArray(v) ? v.map((x) => String(x).trim()) : []);
			const accepted = [...list(text.accepted), ...list(key.accepted)];
			return {
				id: String(key.id),
				type: key.type as QuestionType,
				prompt: String(text.prompt).trim(),
				options: list(text.options),
				items: list(text.items),
				correct: (key.correct ?? null) as QuizQuestion['correct'],
				accepted,
				explanation: String(text.explanation).trim()
			};
		})
	};
}

// ---------------------------------------------------------------------------------------------
// Pages

/** Waits until the page has hydrated (helpers.ts). */
export { ready };

export async function open(page: Page, url: string) {
	const response = await page.goto(url);
	await ready(page);
	return response;
}

export function h1(page: Page) {
	return page.getByRole('heading', { level: 1 });
}

export interface Learner {
	name: string;
	email: string;
	password: string;
}

export function newLearner(prefix = 'learner'): Learner {
	const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
	return {
		name: `Test ${prefix} ${tag.slice(-6)}`,
		email: `${prefix}-${tag}@example.test`,
		password: `Quiet harbour ${Math.random().toString(36).slice(2, 8)} lantern`
	};
}

/** Creates a new learner through /<locale>/signup (name, e-mail, password, organisation) and stays signed in. */
export async function signUpLearner(page: Page, locale: Locale = 'en', prefix = 'learner'): Promise<Learner> {
	const learner = newLearner(prefix);
	await open(page, `/${locale}/signup`);
	await expect(h1(page)).toHaveText(msg(locale, 'signup_title'));
	await page.getByLabel(msg(locale, 'field_name'), { exact: true }).fill(learner.name);
	await page.getByLabel(msg(locale, 'field_email'), { exact: true }).fill(learner.email);
	await page.getByLabel(msg(locale, 'field_password'), { exact: true }).fill(learner.password);
	await page
		.getByLabel(msg(locale, 'field_organisation'), { exact: true })
		.selectOption({ label: msg(locale, 'organisation_independent') });
	await page.getByRole('button', { name: msg(locale, 'signup_submit') }).click();
	await expect(page).toHaveURL(exactPath(`/${locale}/account?welcome=1`));
	await expect(page.getByRole('button', { name: msg(locale, 'nav_sign_out') })).toBeVisible();
	return learner;
}

/** Signs in from /<locale>/signin. */
export async function signInAs(page: Page, email: string, password: string, locale: Locale = 'en'): Promise<void> {
	await open(page, `/${locale}/signin`);
	await page.getByLabel(msg(locale, 'field_email'), { exact: true }).fill(email);
	await page.getByLabel(msg(locale, 'field_password'), { exact: true }).fill(password);
	await page
		.getByRole('main')
		.getByRole('button', { name: msg(locale, 'signin_submit') })
		.click();
	await expect(page).toHaveURL((url) => !url.pathname.endsWith('/signin'));
	await expect(page.getByRole('button', { name: msg(locale, 'nav_sign_out') })).toBeVisible();
}

/** The card of a course on /<locale>/courses. */
export function courseCard(page: Page, title: string) {
	return page.getByRole('article').filter({ has: page.getByRole('heading', { level: 2, name: title, exact: true }) });
}

/** Enrols from the course list; the app then opens the first lesson. */
export async function enrolFromList(page: Page, course: CourseContent, locale: Locale = 'en'): Promise<void> {
	await open(page, `/${locale}/courses`);
	await expect(h1(page)).toHaveText(msg(locale, 'courses_title'));
	const card = courseCard(page, course.title(locale));
	await expect(card).toBeVisible();
	await card.getByRole('button', { name: msg(locale, 'course_enrol'), exact: true }).click();
	const first = course.modules[0];
	await expect(page).toHaveURL(exactPath(lessonPath(locale, course.slug, first.slug, first.lessons[0].slug)));
	await expect(h1(page)).toHaveText(first.lessons[0].title(locale));
}

/**
 * From the first lesson of a module (already open in the page), completes each lesson in order with
 * "Mark complete and continue" and ends on the module's quiz.
 */
export async function completeModuleLessons(
	page: Page,
	course: CourseContent,
	moduleIndex: number,
	locale: Locale = 'en'
): Promise<void> {
	const mod = course.modules[moduleIndex];
	for (const [i, lesson] of mod.lessons.entries()) {
		await expect(page).toHaveURL(exactPath(lessonPath(locale, course.slug, mod.slug, lesson.slug)));
		await expect(h1(page)).toHaveText(lesson.title(locale));
		await expect(page.getByText(msg(locale, 'lesson_of', { number: i + 1, count: mod.lessons.length }))).toBeVisible();
		await ready(page);
		await page.getByRole('button', { name: msg(locale, 'lesson_complete_continue') }).click();
	}
	await expect(page).toHaveURL(exactPath(quizPath(locale, course.slug, mod.slug)));
	await expect(h1(page)).toHaveText(msg(locale, 'quiz_heading', { module: mod.title(locale) }));
}

export type Mode = 'right' | 'wrong';

function wrongOptions(q: QuizQuestion): number[] {
	const correct = new Set(q.correct as number[]);
	const wrong = q.options.map((_, i) => i + 1).filter((n) => !correct.has(n));
	return wrong.length > 0 ? wrong : [1];
}

/** The score (percent) the server gives for answering a quiz all right or all wrong, as in quizzes.ts. */
export function expectedScore(quiz: QuizContent, mode: Mode): number {
	if (mode === 'right') return 100;
	let points = 0;
	for (const q of quiz.questions) {
		if (q.type === 'multiple') {
			const correct = new Set(q.correct as number[]);
			const chosen = wrongOptions(q);
			const right = chosen.filter((c) => correct.has(c)).length;
			points += Math.max(0, (right - (chosen.length - right)) / correct.size);
		} else if (q.type === 'ordering' && q.items.length < 2) points += 1;
	}
	return Math.round((100 * points) / quiz.questions.length);
}

/**
 * Answers every question of the quiz on the page through the form, all right or all wrong. A quiz
 * that draws from a pool shows some of its questions: returns the quiz as this paper asks it (the
 * questions shown), for `expectResult` and `expectedScore`.
 */
export async function answerQuiz(
	page: Page,
	quiz: QuizContent,
	mode: Mode,
	locale: Locale = 'en'
): Promise<QuizContent> {
	await ready(page);
	await expect(submitButton(page, locale)).toBeVisible();
	const shown: QuizQuestion[] = [];
	for (const q of quiz.questions) if ((await page.getByRole('group', { name: q.prompt }).count()) > 0) shown.push(q);
	expect(
		shown.map((q) => q.id),
		'the questions of this paper'
	).toHaveLength(quiz.asked ?? quiz.questions.length);
	for (const q of shown) {
		const group = page.getByRole('group', { name: q.prompt });
		await expect(group).toBeVisible();
		switch (q.type) {
			case 'single': {
				const correct = q.correct as number;
				const choice = mode === 'right' ? correct : correct === 1 ? 2 : 1;
				await group.getByRole('radio', { name: q.options[choice - 1], exact: true }).check();
				break;
			}
			case 'multiple': {
				const chosen = mode === 'right' ? (q.correct as number[]) : wrongOptions(q);
				for (const n of chosen) await group.getByRole('checkbox', { name: q.options[n - 1], exact: true }).check();
				break;
			}
			case 'true_false': {
				const value = mode === 'right' ? (q.correct as boolean) : !(q.correct as boolean);
				await group.getByRole('radio', { name: msg(locale, value ? 'quiz_true' : 'quiz_false'), exact: true }).check();
				break;
			}
			case 'ordering': {
				const n = q.items.length;
				for (const [i, item] of q.items.entries()) {
					const position = mode === 'right' ? i + 1 : n - i;
					await group
						.getByRole('combobox', { name: msg(locale, 'quiz_position_of', { item }), exact: true })
						.selectOption(String(position));
				}
				break;
			}
			case 'short_text': {
				await group.getByRole('textbox').fill(mode === 'right' ? q.accepted[0] : 'definitely not the answer');
				break;
			}
		}
	}
	return { ...quiz, questions: shown };
}

export function submitButton(page: Page, locale: Locale = 'en') {
	return page.getByRole('button', { name: msg(locale, 'quiz_submit'), exact: true });
}

/** The links to past attempts in the quiz page's "Your attempts" list. */
export function attemptLinks(page: Page, locale: Locale = 'en') {
	return page.getByRole('main').getByRole('link', { name: msgPattern(locale, 'quiz_attempt_n') });
}

export const ATTEMPT_URL = /\/quiz\/attempts\/\d+$/;

/** The result page after a submission: heading, verdict with the score, and every explanation. */
export async function expectResult(
	page: Page,
	quiz: QuizContent,
	mode: Mode,
	moduleTitle: string,
	locale: Locale = 'en'
): Promise<void> {
	await expect(page).toHaveURL(ATTEMPT_URL);
	await expect(h1(page)).toHaveText(`${msg(locale, 'quiz_result_title')}: ${moduleTitle}`);
	const score = expectedScore(quiz, mode);
	const verdict =
		mode === 'right'
			? msg(locale, 'quiz_result_passed', { score })
			: msg(locale, 'quiz_result_failed', { score, mark: quiz.passMark });
	await expect(page.getByRole('status')).toContainText(verdict);
	for (const q of quiz.questions) await expect(page.getByText(q.explanation, { exact: false })).toBeVisible();
}

// ---------------------------------------------------------------------------------------------
// Raw requests

/**
 * Posts a form as the signed-in page would (same cookies, same Origin, no redirects followed), for
 * tests of tampered or repeated submissions.
 */
export async function postForm(page: Page, url: string, fields: [string, string][]): Promise<APIResponse> {
	const origin = new URL(page.url()).origin;
	const body = new URLSearchParams(fields).toString();
	return page.request.post(new URL(url, origin).href, {
		// A browser's form post asks for HTML; with Accept: */* SvelteKit would answer an action with JSON.
		headers: {
			Origin: origin,
			Accept: 'text/html,application/xhtml+xml',
			'Content-Type': 'application/x-www-form-urlencoded'
		},
		data: body,
		maxRedirects: 0
	});
}

/** The fields the quiz form on the page would send now (after answering it). */
export async function quizFormFields(page: Page): Promise<[string, string][]> {
	return page
		.locator('form.quiz')
		.evaluate((form) =>
			[...new FormData(form as HTMLFormElement).entries()].map(([k, v]) => [k, String(v)] as [string, string])
		);
}

/** The facts line of a course's card in the catalogue: modules, lessons and the whole time. */
export function cardFacts(course: CourseContent, locale: Locale = 'en'): string {
	return msg(locale, 'work_card_facts', {
		modules: course.modules.length,
		lessons: course.lessonCount,
		total: timeText(locale, course.readingMinutes + course.exerciseMinutes, true)
	});
}
