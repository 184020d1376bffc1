// Helpers for the authoring tests (authoring.spec.ts, authoring-nojs.spec.ts). The tests share one
// database with the other spec files, so they never change the courses in content/ (the learning
// and certificate tests read those files and expect the database to match them): every test makes
// its own course, either imported as a zip by the admin (when it needs a quiz, which only an import
// can create) or created by the trainer in the trainer area.
import { zipSync, strToU8 } from 'fflate';
import {
	expect,
	type Browser,
	type BrowserContext,
	type BrowserContextOptions,
	type Locator,
	type Page
} from '@playwright/test';
import { ADMIN, TRAINER, goto, openAdminUser, newAccount, signIn, signUp, type Account } from './helpers';
import { exactPath, h1, msg, msgPattern, ready, type QuizContent } from './learning-helpers';

/** An English interface text (messages/en.json) with its placeholders filled in. */
export const t = (key: string, params: Record<string, string | number> = {}) => msg('en', key, params);
export const tPattern = (key: string) => msgPattern('en', key);

/** The demo trainer's display name (src/lib/server/platform/demo.ts), as the admin's "assign" list shows it. */
export const DEMO_TRAINER_NAME = 'Teodora Trainer';

/** A tag no other test uses, for titles and slugs (lowercase letters and digits). */
export function uniqueTag(): string {
	return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** A real 1×1 PNG (RGBA), byte for byte. */
export const PNG_1X1 = Buffer.from([
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49,
	0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64, 0x60, 0xf8, 0x5f, 0x0f, 0x00, 0x02, 0x87, 0x01, 0x80, 0xeb, 0x47, 0xba,
	0x92, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82
]);

// ---------------------------------------------------------------------------------------------
// A course of our own, imported as a zip in the content/ format

export interface TestCourse {
	tag: string;
	slug: string;
	title: string;
	module: { slug: string; title: string };
	lesson: { slug: string; title: string; body: string; firstLine: string };
	quiz: QuizContent;
	/** The zip as imported. */
	zip: Buffer;
}

/** One module ("Basics") with one lesson and a two-question quiz (single choice, true/false). */
export function testCourse(tag = uniqueTag()): TestCourse {
	const slug = `authoring-${tag}`;
	const title = `Authoring test course ${tag}`;
	const module = { slug: 'basics', title: `Basics ${tag}` };
	const firstLine = `The original first sentence ${tag}.`;
	const body = `${firstLine}\n\nA second paragraph that stays the same.`;
	const lesson = { slug: 'welcome', title: `Welcome ${tag}`, body, firstLine };
	const quiz: QuizContent = {
		passMark: 70,
		questions: [
			{
				id: 'sky-colour',
				type: 'single',
				prompt: `Which colour is a clear sky (${tag})?`,
				options: ['Green', 'Blue', 'Red'],
				items: [],
				correct: 2,
				accepted: [],
				explanation: 'On a clear day the sky is blue.'
			},
			{
				id: 'water-wet',
				type: 'true_false',
				prompt: `Water makes things wet (${tag}).`,
				options: [],
				items: [],
				correct: true,
				accepted: [],
				explanation: 'Water makes what it touches wet.'
			}
		]
	};
	const files: Record<string, string> = {
		[`${slug}/course.md`]: `---\ntitle: ${title}\nsummary: A course the authoring tests made.\npass_mark: 70\n---\n\nAn introduction.\n`,
		[`${slug}/01-${module.slug}/module.md`]: `---\ntitle: ${module.title}\nsummary: The first module.\nobjectives:\n  - Know the basics\n---\n`,
		[`${slug}/01-${module.slug}/01-${lesson.slug}.md`]: `---\ntitle: ${lesson.title}\nminutes: 5\n---\n\n${body}\n`,
		[`${slug}/01-${module.slug}/quiz.yaml`]: [
			'title: Basics quiz',
			'wait_minutes: 0',
			'questions:',
			'  - id: sky-colour',
			'    type: single',
			`    prompt: "${quiz.questions[0].prompt}"`,
			'    options: [Green, Blue, Red]',
			'    correct: 2',
			`    explanation: "${quiz.questions[0].explanation}"`,
			'  - id: water-wet',
			'    type: true_false',
			`    prompt: "${quiz.questions[1].prompt}"`,
			'    correct: true',
			`    explanation: "${quiz.questions[1].explanation}"`,
			''
		].join('\n')
	};
	return { tag, slug, title, module, lesson, quiz, zip: zipFiles(files) };
}

export function zipFiles(files: Record<string, string>): Buffer {
	return Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([path, text]) => [path, strToU8(text)]))));
}

/** The trainer area's card of a course. */
export function courseSection(page: Page, title: string): Locator {
	return page
		.locator('section.card')
		.filter({ has: page.getByRole('heading', { level: 2, name: title, exact: true }) });
}

/** A module's block inside a course card of the trainer area. */
export function moduleBlock(page: Page, courseTitle: string, moduleTitle: string): Locator {
	return courseSection(page, courseTitle)
		.locator('div.module')
		.filter({ has: page.getByRole('heading', { level: 3, name: new RegExp(`: ${escapeRegExp(moduleTitle)}$`) }) });
}

export function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** "Check and import" with a zip on /en/teach (the page must be open). */
export async function submitImport(page: Page, name: string, zip: Buffer): Promise<void> {
	await ready(page);
	await page.getByLabel(t('import_file')).setInputFiles({ name, mimeType: 'application/zip', buffer: zip });
	await page.getByRole('button', { name: t('import_submit') }).click();
}

/** The admin imports a new course of our own and lets the demo trainer edit it. */
export async function importTestCourse(browser: Browser, course: TestCourse = testCourse()): Promise<TestCourse> {
	const admin = await signedInContext(browser, ADMIN);
	try {
		const page = admin.page;
		await goto(page, '/en/teach');
		await submitImport(page, `${course.slug}.zip`, course.zip);
		await expect(page.getByRole('status').filter({ hasText: t('import_done', { slug: course.slug }) })).toBeVisible();
		const section = courseSection(page, course.title);
		await expect(section).toBeVisible();
		await ready(page);
		await section.getByLabel(t('teach_assign')).selectOption({ label: DEMO_TRAINER_NAME });
		await section.getByRole('button', { name: t('teach_assign') }).click();
		await expect(page.getByRole('status').filter({ hasText: t('saved') })).toBeVisible();
		await expect(courseSection(page, course.title).getByText(`${t('teach_authors')}: `)).toContainText(
			DEMO_TRAINER_NAME
		);
	} finally {
		await admin.context.close();
	}
	return course;
}

// ---------------------------------------------------------------------------------------------
// Sessions

export async function signedInContext(
	browser: Browser,
	who: { email: string; password: string },
	options: BrowserContextOptions = {}
): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext(options);
	const page = await context.newPage();
	await signIn(page, who.email, who.password);
	return { context, page };
}

export const trainerSession = (browser: Browser, options: BrowserContextOptions = {}) =>
	signedInContext(browser, TRAINER, options);

/** Signs up a new account in `page` and has the admin make it a trainer (assigned to no course). */
export async function newTrainer(browser: Browser, page: Page): Promise<Account> {
	const account = newAccount('author');
	await signUp(page, account);
	const admin = await signedInContext(browser, ADMIN);
	try {
		await openAdminUser(admin.page, account);
		await admin.page.getByLabel('Role').selectOption({ label: 'Trainer' });
		await admin.page.getByRole('button', { name: 'Change role' }).click();
		await expect(admin.page.getByRole('status').filter({ hasText: t('saved') })).toBeVisible();
	} finally {
		await admin.context.close();
	}
	return account;
}

// ---------------------------------------------------------------------------------------------
// The trainer area

export async function openTeach(page: Page): Promise<void> {
	await goto(page, '/en/teach');
	await expect(h1(page)).toHaveText(t('teach_title'));
}

/** Adds a module at the end of a course (on /en/teach). */
export async function addModule(page: Page, courseTitle: string, moduleTitle: string): Promise<void> {
	const section = courseSection(page, courseTitle);
	await section.getByLabel(t('structure_new_module')).fill(moduleTitle);
	await section.getByRole('button', { name: t('structure_add_module') }).click();
	await expect(page.getByRole('status').filter({ hasText: t('structure_created') })).toBeVisible();
	await expect(moduleBlock(page, courseTitle, moduleTitle)).toBeVisible();
	await ready(page);
}

/** Adds a lesson at the end of a module (on /en/teach); the app opens its editor. Returns the lesson id. */
export async function addLesson(
	page: Page,
	courseTitle: string,
	moduleTitle: string,
	lessonTitle: string
): Promise<number> {
	const block = moduleBlock(page, courseTitle, moduleTitle);
	await block.getByLabel(t('structure_new_lesson')).fill(lessonTitle);
	await block.getByRole('button', { name: t('structure_add_lesson') }).click();
	await expect(page).toHaveURL(/\/en\/teach\/lessons\/\d+$/);
	await expect(h1(page)).toHaveText(`${t('editor_title')}: ${lessonTitle}`);
	await ready(page);
	return lessonIdOf(page.url());
}

export function lessonIdOf(url: string): number {
	const match = /\/teach\/lessons\/(\d+)/.exec(url);
	if (!match) throw new Error(`not a lesson editor URL: ${url}`);
	return Number(match[1]);
}

/** The id in a trainer-area link (…/lessons/12, …/quizzes/3, …/texts/course/4). */
export async function idInHref(link: Locator): Promise<number> {
	const href = (await link.getAttribute('href')) ?? '';
	const match = /\/(\d+)(?:\/[a-z]+)?$/.exec(href);
	if (!match) throw new Error(`no id in ${href}`);
	return Number(match[1]);
}

/** Opens a lesson's editor (English). */
export async function openEditor(page: Page, lessonId: number, locale = 'en'): Promise<void> {
	await goto(page, `/en/teach/lessons/${lessonId}?locale=${locale}`);
	await expect(h1(page)).toHaveText(new RegExp(`^${escapeRegExp(t('editor_title'))}: `));
}

/** The lesson editor's fields and buttons. */
export function editor(page: Page) {
	return {
		title: page.getByLabel(t('editor_field_title'), { exact: true }),
		body: page.getByLabel(t('editor_field_body'), { exact: true }),
		save: page.getByRole('button', { name: t('editor_save'), exact: true }),
		preview: page.getByRole('button', { name: t('editor_preview'), exact: true }),
		image: page.getByLabel(t('editor_image_file'), { exact: true }),
		alt: page.getByLabel(t('editor_image_alt'), { exact: true }),
		upload: page.getByRole('button', { name: t('editor_image_upload'), exact: true }),
		note: page.getByLabel(t('editor_note'), { exact: true }),
		publish: page.getByRole('button', { name: t('editor_publish'), exact: true }),
		previewSection: page.getByRole('region', { name: t('editor_preview_heading') })
	};
}

/** Saves the editor's draft and waits for the confirmation. */
export async function saveDraft(page: Page): Promise<void> {
	await editor(page).save.click();
	await expect(page).toHaveURL(/\/en\/teach\/lessons\/\d+\?locale=[a-zA-Z-]+&saved=1$/);
	await expect(page.getByRole('status').filter({ hasText: t('editor_saved') })).toBeVisible();
	await expect(page.getByText(t('editor_draft_notice'))).toBeVisible();
	await ready(page);
}

/** Publishes the drafts and waits for "Published as version N". */
export async function publishDrafts(page: Page, version: number, note = ''): Promise<void> {
	const e = editor(page);
	if (note) await e.note.fill(note);
	await e.publish.click();
	await expect(page).toHaveURL(new RegExp(`/en/teach/lessons/\\d+\\?locale=[a-zA-Z-]+&published=${version}$`));
	await expect(page.getByRole('status').filter({ hasText: t('editor_published', { number: version }) })).toBeVisible();
	await expect(page.getByText(t('editor_draft_notice'))).toHaveCount(0);
	await ready(page);
}

// ---------------------------------------------------------------------------------------------
// The quiz builder

/** Opens the quiz builder of a module from /en/teach; returns the quiz id. */
export async function openQuizBuilder(page: Page, courseTitle: string, moduleTitle: string): Promise<number> {
	await openTeach(page);
	const link = moduleBlock(page, courseTitle, moduleTitle).getByRole('link', { name: t('teach_quiz'), exact: true });
	const id = await idInHref(link);
	await link.click();
	await expect(page).toHaveURL(exactPath(`/en/teach/quizzes/${id}`));
	await expect(h1(page)).toHaveText(t('builder_title'));
	await ready(page);
	return id;
}

/**
 * A question in the builder: collapsed to a summary line (`open()` opens it), its fields in a group
 * named "Question 2."; options one per row, the right ones chosen beside them.
 */
export function builderQuestion(page: Page, number: number) {
	const group = page.getByRole('group', { name: t('question_number', { number }), exact: true });
	const details = page.locator(`details[data-question="${number}"]`);
	const option = (n: number) => group.getByLabel(t('qb_option', { number: n }), { exact: true });
	return {
		group,
		details,
		summary: details.locator('summary'),
		/** Opens the question unless it is open already. */
		open: async () => {
			if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
			await expect(group).toBeVisible();
		},
		id: group.getByLabel(t('builder_id'), { exact: true }),
		type: group.getByLabel(t('builder_type'), { exact: true }),
		prompt: group.getByLabel(t('builder_prompt'), { exact: true }),
		option,
		/** Fills the first option rows with these texts, in order. */
		fillOptions: async (texts: string[]) => {
			for (const [k, text] of texts.entries()) await option(k + 1).fill(text);
		},
		/** Single choice: the radio that makes option n the right answer. */
		rightOne: (n: number) => group.getByRole('radio', { name: t('qb_right_single', { number: n }), exact: true }),
		/** Multiple choice: the checkbox that marks option n right. */
		rightMany: (n: number) => group.getByRole('checkbox', { name: t('qb_right_multiple', { number: n }), exact: true }),
		items: group.getByLabel(t('builder_items'), { exact: true }),
		accepted: group.getByLabel(t('builder_accepted'), { exact: true }),
		explanation: group.getByLabel(t('builder_explanation'), { exact: true }),
		remove: group.getByLabel(t('builder_delete'), { exact: true })
	};
}

export function builderButtons(page: Page) {
	return {
		save: page.getByRole('button', { name: t('editor_save'), exact: true }),
		add: page.getByRole('button', { name: t('builder_add'), exact: true }),
		publish: page.getByRole('button', { name: t('editor_publish'), exact: true })
	};
}

export async function saveQuizDraft(page: Page): Promise<void> {
	await builderButtons(page).save.click();
	await expect(page).toHaveURL(/\/en\/teach\/quizzes\/\d+\?locale=en&saved=1$/);
	await expect(page.getByRole('status').filter({ hasText: t('editor_saved') })).toBeVisible();
	await expect(page.getByText(t('editor_draft_notice'))).toBeVisible();
	await ready(page);
}

export async function publishQuiz(page: Page): Promise<void> {
	await builderButtons(page).publish.click();
	await expect(page).toHaveURL(/\/en\/teach\/quizzes\/\d+\?locale=en&published=1$/);
	await expect(page.getByRole('status').filter({ hasText: t('builder_published') })).toBeVisible();
	await expect(page.getByText(t('editor_draft_notice'))).toHaveCount(0);
	await ready(page);
}

// ---------------------------------------------------------------------------------------------
// A course the trainer makes in the browser (no quiz: only an import makes quizzes)

export interface TrainerCourse {
	tag: string;
	courseTitle: string;
	moduleTitle: string;
	lessonTitle: string;
	lessonId: number;
}

/** On /en/teach: "Create course", then "Add module", then "Add lesson"; ends in the new lesson's editor. */
export async function createTrainerCourse(page: Page, tag = uniqueTag()): Promise<TrainerCourse> {
	const courseTitle = `Trainer course ${tag}`;
	const moduleTitle = `First steps ${tag}`;
	const lessonTitle = `Hello ${tag}`;
	await openTeach(page);
	const form = page
		.locator('section.card')
		.filter({ has: page.getByRole('heading', { level: 2, name: t('structure_new_course'), exact: true }) });
	await form.getByLabel(t('editor_field_title'), { exact: true }).fill(courseTitle);
	await form.getByLabel(t('org_description'), { exact: true }).fill('Made by the authoring tests.');
	await form.getByRole('button', { name: t('structure_create_course') }).click();
	await expect(page.getByRole('status').filter({ hasText: t('structure_created') })).toBeVisible();
	await expect(courseSection(page, courseTitle)).toBeVisible();
	await ready(page);
	await addModule(page, courseTitle, moduleTitle);
	const lessonId = await addLesson(page, courseTitle, moduleTitle, lessonTitle);
	return { tag, courseTitle, moduleTitle, lessonTitle, lessonId };
}

/** The id of a lesson listed in the trainer area (/en/teach must be open). */
export async function lessonIdOnTeach(page: Page, courseTitle: string, lessonTitle: string): Promise<number> {
	return idInHref(courseSection(page, courseTitle).getByRole('link', { name: lessonTitle, exact: true }));
}

/** The learner's path of the lesson, from the editor's "Open the published lesson" link. */
export async function publishedLessonPath(page: Page): Promise<string> {
	const href = await page.getByRole('link', { name: t('editor_view_published'), exact: true }).getAttribute('href');
	if (!href || !/^\/en\/courses\/[a-z0-9-]+\/[a-z0-9-]+\/[a-z0-9-]+$/.test(href))
		throw new Error(`unexpected lesson link ${href}`);
	return href;
}

// ---------------------------------------------------------------------------------------------
// Course and module texts (drafts, publication, history) and the preview as learner

/** The course or module texts editor's fields and buttons. */
export function textsEditor(page: Page) {
	return {
		title: page.getByLabel(t('editor_field_title'), { exact: true }),
		summary: page.getByLabel(t('structure_summary'), { exact: true }),
		objectives: page.getByLabel(t('structure_objectives'), { exact: true }),
		intro: page.getByLabel(t('structure_intro'), { exact: true }),
		save: page.getByRole('button', { name: t('editor_save'), exact: true }),
		note: page.getByLabel(t('editor_note'), { exact: true }),
		publish: page.getByRole('button', { name: t('editor_publish'), exact: true })
	};
}

/** Opens a module's texts from /en/teach; returns the module id. */
export async function openModuleTexts(page: Page, courseTitle: string, moduleTitle: string): Promise<number> {
	await openTeach(page);
	const link = moduleBlock(page, courseTitle, moduleTitle).getByRole('link', {
		name: t('structure_edit_texts'),
		exact: true
	});
	const id = await idInHref(link);
	await link.click();
	await expect(page).toHaveURL(exactPath(`/en/teach/texts/module/${id}`));
	await expect(h1(page)).toHaveText(`${t('structure_module_texts')}: ${moduleTitle}`);
	await ready(page);
	return id;
}

/** The id of a course's texts page, from its card on /en/teach (the page must be open). */
export async function courseTextsId(page: Page, courseTitle: string): Promise<number> {
	// The course's own link comes first; its modules' follow.
	return idInHref(
		courseSection(page, courseTitle)
			.getByRole('link', { name: t('structure_edit_texts'), exact: true })
			.first()
	);
}

export async function saveTextsDraft(page: Page): Promise<void> {
	await textsEditor(page).save.click();
	await expect(page).toHaveURL(/\/en\/teach\/texts\/(course|module)\/\d+\?locale=[a-zA-Z-]+&saved=1$/);
	await expect(page.getByRole('status').filter({ hasText: t('editor_saved') })).toBeVisible();
	await expect(page.getByText(t('editor_draft_notice'))).toBeVisible();
	await ready(page);
}

export async function publishTexts(page: Page, version: number, note = ''): Promise<void> {
	const e = textsEditor(page);
	if (note) await e.note.fill(note);
	await e.publish.click();
	await expect(page).toHaveURL(
		new RegExp(`/en/teach/texts/(course|module)/\\d+\\?locale=[a-zA-Z-]+&published=${version}$`)
	);
	await expect(page.getByRole('status').filter({ hasText: t('editor_published', { number: version }) })).toBeVisible();
	await expect(page.getByText(t('editor_draft_notice'))).toHaveCount(0);
	await ready(page);
}

/** The banner every preview page carries. */
export function previewBanner(page: Page): Locator {
	return page.getByRole('complementary', { name: t('preview_banner') });
}

/** Opens the preview of a course from its card on /en/teach; returns the course id. */
export async function openPreview(page: Page, courseTitle: string): Promise<number> {
	await openTeach(page);
	const link = courseSection(page, courseTitle).getByRole('link', { name: t('preview_course_link'), exact: true });
	const href = (await link.getAttribute('href')) ?? '';
	const id = Number(/\/teach\/courses\/(\d+)\/preview$/.exec(href)?.[1]);
	await link.click();
	await expect(page).toHaveURL(exactPath(`/en/teach/courses/${id}/preview`));
	await expect(previewBanner(page)).toContainText(t('preview_banner_text'));
	await expect(h1(page)).toHaveText(courseTitle);
	await ready(page);
	return id;
}

/** Switches the preview between the published course and the drafts. */
export async function previewView(page: Page, view: 'published' | 'drafts'): Promise<void> {
	const link = previewBanner(page).getByRole('link', {
		name: t(view === 'drafts' ? 'preview_view_drafts' : 'preview_view_published'),
		exact: true
	});
	await link.click();
	await expect(page).toHaveURL(view === 'drafts' ? /\?view=drafts$/ : /\/preview(\/[^?]*)?$/);
	await expect(
		previewBanner(page).getByRole('link', {
			name: t(view === 'drafts' ? 'preview_view_drafts' : 'preview_view_published'),
			exact: true
		})
	).toHaveAttribute('aria-current', 'page');
	await ready(page);
}
