// Trainers' daily tools (#20): reordering modules and lessons by buttons or by dragging, with an
// undo of the last move; the course settings page; and the version history showing only what
// changed, with a little context. The core of each also without JavaScript; axe at 360 and 1280 px.
import { axeAtWidths } from './axe-helpers';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { ADMIN, goto, ready } from './helpers';
import { h1 } from './learning-helpers';
import {
	addLesson,
	courseSection,
	createTrainerCourse,
	editor,
	moduleBlock,
	openEditor,
	openTeach,
	publishDrafts,
	saveDraft,
	signedInContext,
	t,
	trainerSession
} from './authoring-helpers';

const SHOTS = '/tmp/shots';
mkdirSync(SHOTS, { recursive: true });

const checkPage = (page: Page, name: string) => axeAtWidths(page, name, { shots: 'author' });

/** The lesson titles of a module on /teach, in their order. */
const lessonOrder = (block: Locator) => block.locator('ol > li > a').allTextContents();

/** A course with one module of three lessons, made by the demo trainer; ends on /teach. */
async function threeLessons(page: Page) {
	const made = await createTrainerCourse(page);
	const second = `Second ${made.tag}`;
	const third = `Third ${made.tag}`;
	await openTeach(page);
	await addLesson(page, made.courseTitle, made.moduleTitle, second);
	await openTeach(page);
	await addLesson(page, made.courseTitle, made.moduleTitle, third);
	await openTeach(page);
	return { ...made, titles: [made.lessonTitle, second, third] };
}

const undoButton = (page: Page) => page.getByRole('button', { name: t('ed_undo_move') });
const movedStatus = (page: Page) => page.getByRole('status').filter({ hasText: t('structure_moved') });

/** Moves a lesson one place with its labelled button and waits for the page after the move. */
async function moveByButton(page: Page, block: Locator, title: string, direction: 'up' | 'down') {
	await ready(page);
	const key = direction === 'up' ? 'structure_move_up' : 'structure_move_down';
	await block.getByRole('button', { name: t(key, { title }) }).click();
	await expect(page).toHaveURL(/done=moved&moved=lesson%3A\d+%3A(up|down)%3A\d+%3A[0-9a-f]{12}$/);
	await expect(movedStatus(page)).toBeVisible();
}

test.describe('trainer tools with JavaScript', () => {
	// Each test is a whole journey (a new course, several saves, axe at two widths) on a shared machine.
	test.slow();
	test('a trainer reorders lessons by button and by dragging, undoes a move, and a stale undo is refused', async ({
		browser
	}) => {
		const trainer = await trainerSession(browser);
		try {
			const page = trainer.page;
			const made = await threeLessons(page);
			const [first, second, third] = made.titles;
			const block = moduleBlock(page, made.courseTitle, made.moduleTitle);
			expect(await lessonOrder(block)).toEqual([first, second, third]);
			// Modules have labelled buttons too.
			await expect(
				block.getByRole('button', { name: t('structure_move_up', { title: made.moduleTitle }) })
			).toBeDisabled();

			// Up with the button, then undo it.
			await moveByButton(page, block, third, 'up');
			expect(await lessonOrder(block)).toEqual([first, third, second]);
			await ready(page);
			await undoButton(page).click();
			await expect(page.getByRole('status').filter({ hasText: t('ed_undone') })).toBeVisible();
			expect(await lessonOrder(block)).toEqual([first, second, third]);
			await expect(undoButton(page)).toHaveCount(0);

			// Drag the third lesson onto the first: it takes the first place, and the undo puts it back.
			await ready(page);
			await expect(page.getByText(t('ed_drag_hint'))).toBeVisible();
			const item = (title: string) => block.locator('ol > li').filter({ has: page.getByRole('link', { name: title }) });
			await item(third).dragTo(item(first));
			await expect(page).toHaveURL(/moved=lesson%3A\d+%3Aup%3A2%3A/);
			expect(await lessonOrder(block)).toEqual([third, first, second]);
			await checkPage(page, 'teach-moved');
			await page.setViewportSize({ width: 360, height: 900 });
			await block.screenshot({ path: `${SHOTS}/author-teach-module-360.png` });
			await ready(page);
			await undoButton(page).click();
			await expect(page.getByRole('status').filter({ hasText: t('ed_undone') })).toBeVisible();
			expect(await lessonOrder(block)).toEqual([first, second, third]);

			// A move, then someone else changes the order in another tab: the undo is refused.
			await moveByButton(page, block, first, 'down');
			const other = await trainer.context.newPage();
			await openTeach(other);
			await moveByButton(other, moduleBlock(other, made.courseTitle, made.moduleTitle), third, 'up');
			await ready(page);
			await undoButton(page).click();
			await expect(page.getByRole('alert').filter({ hasText: t('ed_undo_refused') })).toBeVisible();
			expect(await lessonOrder(moduleBlock(page, made.courseTitle, made.moduleTitle))).toEqual([second, third, first]);
		} finally {
			await trainer.context.close();
		}
	});

	test('a trainer changes the course settings, is told what is wrong, and the admin sees it in the audit log', async ({
		browser
	}) => {
		const trainer = await trainerSession(browser);
		const admin = await signedInContext(browser, ADMIN);
		try {
			const page = trainer.page;
			const made = await createTrainerCourse(page);
			await openTeach(page);
			await courseSection(page, made.courseTitle)
				.getByRole('link', { name: t('ed_settings_link') })
				.click();
			await expect(h1(page)).toHaveText(`${t('ed_settings_title')}: ${made.courseTitle}`);
			await ready(page);
			const passMark = page.getByLabel(t('ed_settings_pass_mark'));
			await expect(passMark).toHaveValue('70');
			await checkPage(page, 'settings');

			// Out of range, and "some modules" with none ticked: both named, the values kept.
			await passMark.fill('150');
			await page.getByLabel(t('ed_settings_modules_some')).check();
			await page.getByRole('button', { name: t('ed_settings_save') }).click();
			await expect(page.getByRole('alert').filter({ hasText: t('ed_settings_fix') })).toBeVisible();
			await expect(page.getByText(t('ed_settings_number_error', { min: 1, max: 100 }))).toBeVisible();
			await expect(page.getByText(t('ed_settings_modules_error'))).toBeVisible();
			await expect(passMark).toHaveValue('150');
			await expect(passMark).toHaveAttribute('aria-invalid', 'true');
			await expect(page.getByLabel(t('ed_settings_modules_some'))).toBeChecked();

			await passMark.fill('85');
			await page.getByLabel(`Module 1: ${made.moduleTitle}`).check();
			await page.getByLabel(t('ed_settings_requires_assignments')).check();
			await page.getByRole('button', { name: t('ed_settings_save') }).click();
			await expect(page.getByRole('status').filter({ hasText: t('saved') })).toBeVisible();
			await goto(page, page.url());
			await expect(page.getByLabel(t('ed_settings_pass_mark'))).toHaveValue('85');
			await expect(page.getByLabel(t('ed_settings_modules_some'))).toBeChecked();
			await expect(page.getByLabel(`Module 1: ${made.moduleTitle}`)).toBeChecked();
			await expect(page.getByLabel(t('ed_settings_requires_assignments'))).toBeChecked();

			await goto(admin.page, '/en/admin/audit');
			await expect(
				admin.page
					.getByRole('row')
					.filter({ hasText: t('ed_audit_course_settings') })
					.filter({ hasText: 'passMark: 70 → 85' })
					.first()
			).toBeVisible();
		} finally {
			await trainer.context.close();
			await admin.context.close();
		}
	});

	test('the history shows only the changed paragraph, one unchanged on each side, and counts the rest', async ({
		browser
	}) => {
		const trainer = await trainerSession(browser);
		try {
			const page = trainer.page;
			const made = await createTrainerCourse(page);
			const paragraphs = Array.from({ length: 8 }, (_, i) => `Paragraph ${i + 1} of ${made.tag}.`);
			await openEditor(page, made.lessonId);
			await editor(page).body.fill(paragraphs.join('\n\n'));
			await saveDraft(page);
			await publishDrafts(page, 1);
			const changed = `Paragraph 5, rewritten ${made.tag}.`;
			await editor(page).body.fill(paragraphs.map((p, i) => (i === 4 ? changed : p)).join('\n\n'));
			await saveDraft(page);
			await publishDrafts(page, 2);

			await goto(page, `/en/teach/lessons/${made.lessonId}/history`);
			await ready(page);
			await page
				.locator('tbody tr')
				.nth(0)
				.getByRole('link', { name: t('history_changes') })
				.click();
			await expect(page).toHaveURL(/\/history\?from=\d+&to=\d+&locale=en$/);
			const diff = page.locator('pre.diff');
			await expect(diff.locator('del')).toHaveText(`${t('ed_diff_removed')}: − ${paragraphs[4]}`);
			await expect(diff.locator('ins')).toHaveText(`${t('ed_diff_added')}: + ${changed}`);
			await expect(diff).toContainText(paragraphs[3]);
			await expect(diff).toContainText(paragraphs[5]);
			// The title and paragraphs 1 to 3 before, 7 and 8 after: counted, not shown.
			await expect(diff).not.toContainText(paragraphs[0]);
			await expect(diff).not.toContainText(paragraphs[7]);
			await expect(diff.getByText(t('ed_diff_skipped', { count: 4 }))).toBeVisible();
			await expect(diff.getByText(t('ed_diff_skipped', { count: 2 }))).toBeVisible();
			await checkPage(page, 'history');

			// Albanian did not change between the two.
			await page
				.getByRole('navigation', { name: t('editor_languages') })
				.getByRole('link', { name: 'Shqip' })
				.click();
			await expect(page.getByText(t('ed_diff_none'))).toBeVisible();
		} finally {
			await trainer.context.close();
		}
	});
});

test.describe('trainer tools without JavaScript', () => {
	test.use({ javaScriptEnabled: false });
	test.slow();

	test('a trainer moves a lesson by button and undoes it, and saves the course settings', async ({ browser }) => {
		const trainer = await trainerSession(browser, { javaScriptEnabled: false });
		try {
			const page = trainer.page;
			const made = await threeLessons(page);
			const [first, second, third] = made.titles;
			const block = moduleBlock(page, made.courseTitle, made.moduleTitle);
			// Nothing is draggable without scripts, and the hint is not shown.
			await expect(block.locator('[draggable="true"]')).toHaveCount(0);
			await expect(page.getByText(t('ed_drag_hint'))).toHaveCount(0);

			await moveByButton(page, block, first, 'down');
			expect(await lessonOrder(block)).toEqual([second, first, third]);
			await undoButton(page).click();
			await expect(page.getByRole('status').filter({ hasText: t('ed_undone') })).toBeVisible();
			expect(await lessonOrder(block)).toEqual([first, second, third]);

			await goto(page, page.url().replace(/\/en\/teach.*$/, '/en/teach'));
			await courseSection(page, made.courseTitle)
				.getByRole('link', { name: t('ed_settings_link') })
				.click();
			await expect(h1(page)).toHaveText(`${t('ed_settings_title')}: ${made.courseTitle}`);
			await page.getByLabel(t('ed_settings_org_min')).fill('0');
			await page.getByRole('button', { name: t('ed_settings_save') }).click();
			await expect(page.getByText(t('ed_settings_number_error', { min: 1, max: 500 }))).toBeVisible();
			await expect(page.getByLabel(t('ed_settings_org_min'))).toHaveValue('0');
			await page.getByLabel(t('ed_settings_org_min')).fill('4');
			await page.getByLabel(t('ed_settings_issues_certificate')).uncheck();
			await page.getByRole('button', { name: t('ed_settings_save') }).click();
			await expect(page).toHaveURL(/\/settings\?done=saved$/);
			await expect(page.getByRole('status').filter({ hasText: t('saved') })).toBeVisible();
			await expect(page.getByLabel(t('ed_settings_org_min'))).toHaveValue('4');
			await expect(page.getByLabel(t('ed_settings_issues_certificate'))).not.toBeChecked();
		} finally {
			await trainer.context.close();
		}
	});
});
