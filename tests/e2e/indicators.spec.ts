// The programme results page (issue 19), with and without JavaScript: a coordinator reads every table
// of the report with its headers, its definitions and its chart drawn on the server, filters it by a
// period and a course, gets bad filters back with what was typed and a message per field, freezes the
// figures and finds them unchanged on the frozen report's page after more data came in. Trainers and
// learners get 403, visitors are sent to sign in.
//
// The figures themselves are computed by the indicator modules (tested on their own); the live page's
// checks here are about the report's structure, so they hold whatever the figures are. A frozen report
// written straight into the database, with figures chosen here, checks how figures, "< 5", weeks and
// charts read.
import { insertAccount } from './db';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, LEARNER1, TRAINER, goto, signIn, submitSignIn } from './helpers';
import { COORDINATOR } from './cert-helpers';
import { msg } from './security-helpers';
import { freshCoordinator, seedSnapshot, writeDb } from './indicator-helpers';
import { TABLE_IDS, TABLES, type MeasureId, type TableId } from '../../src/lib/indicators/report';

const SHOTS = '/tmp/shots/ind-page';
const PAGE = '/en/coordinate/indicators';
const LIST = '/en/coordinate/indicators/snapshots';

const key = (id: string) => id.replaceAll('-', '_');
const title = (id: TableId) => msg(`ind_table_${key(id)}`);
const measure = (id: MeasureId) => msg(`ind_measure_${key(id)}`);
const definition = (id: MeasureId) => msg(`ind_def_${key(id)}`);

/** Today in Kosovo, 'YYYY-MM-DD'. */
function today(): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Belgrade' }).format(new Date());
}

/** More learning data after a report was frozen: six new people enrolled today in the course, with a lesson done. */
async function addMoreData(courseSlug: string): Promise<void> {
	await writeDb((db) =>
		db.transaction().execute(async (tx) => {
			const course = await tx
				.selectFrom('courses')
				.select('id')
				.where('slug', '=', courseSlug)
				.executeTakeFirstOrThrow();
			const lesson = await tx
				.selectFrom('lessons as l')
				.innerJoin('modules as mo', 'mo.id', 'l.module_id')
				.select(['l.id', 'l.current_version_id as version'])
				.where('mo.course_id', '=', course.id)
				.where('l.current_version_id', 'is not', null)
				.orderBy('l.id')
				.limit(1)
				.executeTakeFirst();
			const now = Date.now();
			const tag = Math.random().toString(36).slice(2, 8);
			for (let i = 0; i < 6; i++) {
				const email = `ind-more-${tag}-${i}@example.test`;
				const id = await insertAccount(tx, { email, name: `Indicators more ${tag} ${i}`, role: 'learner', now });
				await tx
					.insertInto('enrolments')
					.values({
						user_id: id,
						course_id: course.id,
						enrolled_at: now,
						last_activity_at: now,
						completed_at: null,
						has_activity: 1
					})
					.execute();
				if (lesson)
					await tx
						.insertInto('lesson_progress')
						.values({ user_id: id, lesson_id: lesson.id, lesson_version_id: lesson.version!, completed_at: now })
						.execute();
			}
		})
	);
}

/** Every table of the catalogue: its caption, its column headers, its definitions, and its chart
 * (or, while it has no rows, the line saying so). */
async function expectReportStructure(page: Page): Promise<void> {
	await expect(page.getByText(msg('ind_small_explained'))).toBeVisible();
	const scope = page.locator('.ind-scope').getByRole('term');
	await expect(scope).toHaveText([
		msg('rep_period'),
		msg('rep_filter_course'),
		msg('rep_filter_cohort'),
		msg('rep_as_of_label')
	]);
	for (const section of ['organisations', 'people', 'learning', 'volunteering']) {
		await expect(page.getByRole('heading', { level: 2, name: msg(`ind_section_${section}`) })).toBeVisible();
	}
	await expect(page.getByRole('table')).toHaveCount(TABLE_IDS.length);
	// Each measure is defined once per section, under the first of its tables that has it.
	const defined = new Map<string, Set<MeasureId>>();
	for (const id of TABLE_IDS) {
		const spec = TABLES[id];
		const seen = defined.get(spec.section) ?? new Set<MeasureId>();
		defined.set(spec.section, seen);
		const fresh = spec.measures.filter((m) => !seen.has(m));
		for (const m of spec.measures) seen.add(m);
		const table = page.getByRole('table', { name: title(id), exact: true });
		await expect(table).toHaveCount(1);
		await expect(table.getByRole('columnheader')).toHaveText(spec.measures.map(measure));
		await expect(page.locator(`#table-${id} dd`)).toHaveText(fresh.map(definition));
		await expect(page.locator(`#table-${id} dt`)).toHaveText(fresh.map(measure));
		if (spec.chart) {
			const rows = await table.locator('tbody tr').count();
			const empty = await table.getByText(msg('rep_no_rows')).count();
			const chart = page.getByRole('img', { name: msg('rep_chart_label', { title: title(id) }) });
			// A chart when the table has figures; none for an empty table.
			await expect(chart).toHaveCount(rows > 0 && empty === 0 ? 1 : 0);
		}
	}
}

async function shots(page: Page, name: string): Promise<void> {
	mkdirSync(SHOTS, { recursive: true });
	for (const width of [360, 1280]) {
		await page.setViewportSize({ width, height: 900 });
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow, `${name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
		await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
	}
}

/** The first course of the filter's list: [slug, title]. */
async function firstCourse(page: Page): Promise<[string, string]> {
	const option = page.getByLabel(msg('rep_filter_course'), { exact: true }).locator('option:not([value=""])').first();
	return [(await option.getAttribute('value'))!, (await option.textContent())!.trim()];
}

/** Filters by this year up to today and the first course, with the form. */
async function filterByPeriodAndCourse(page: Page): Promise<{ slug: string; course: string; query: string }> {
	const [slug, course] = await firstCourse(page);
	const from = `${today().slice(0, 4)}-01-01`;
	await page.getByLabel(msg('rep_filter_from'), { exact: true }).fill(from);
	await page.getByLabel(msg('rep_filter_to'), { exact: true }).fill(today());
	await page.getByLabel(msg('rep_filter_course'), { exact: true }).selectOption(slug);
	await page.getByRole('button', { name: msg('rep_filter_apply') }).click();
	const query = `from=${from}&to=${today()}&course=${slug}`;
	await expect(page).toHaveURL(new RegExp(`\\?${query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}&cohort=$`));
	await expect(page.getByLabel(msg('rep_filter_from'), { exact: true })).toHaveValue(from);
	await expect(page.getByLabel(msg('rep_filter_to'), { exact: true })).toHaveValue(today());
	await expect(page.getByLabel(msg('rep_filter_course'), { exact: true })).toHaveValue(slug);
	const scope = page.locator('.ind-scope');
	await expect(scope.getByRole('definition').nth(1)).toHaveText(course);
	await expect(scope.getByRole('definition').nth(0)).toContainText(today().slice(0, 4));
	await expect(page.getByRole('link', { name: msg('rep_download_csv') })).toHaveAttribute(
		'href',
		`/en/coordinate/indicators/report.csv?${query}`
	);
	await expect(page.getByRole('link', { name: msg('rep_download_pdf') })).toHaveAttribute(
		'href',
		`/en/coordinate/indicators/report.pdf?${query}`
	);
	return { slug, course, query };
}

async function expectBadDatesRefused(page: Page): Promise<void> {
	await page.getByLabel(msg('rep_filter_from'), { exact: true }).fill('2026-03-31');
	await page.getByLabel(msg('rep_filter_to'), { exact: true }).fill('2026-01-01');
	await page.getByRole('button', { name: msg('rep_filter_apply') }).click();
	await expect(page.getByRole('alert')).toHaveText(msg('rep_err_summary'));
	await expect(page.getByText(msg('rep_err_order'))).toBeVisible();
	await expect(page.getByLabel(msg('rep_filter_from'), { exact: true })).toHaveValue('2026-03-31');
	await expect(page.getByLabel(msg('rep_filter_to'), { exact: true })).toHaveValue('2026-01-01');
	await expect(page.getByLabel(msg('rep_filter_to'), { exact: true })).toHaveAttribute('aria-invalid', 'true');
	// No report for filters that cannot be used, and nothing to freeze.
	await expect(page.getByRole('table')).toHaveCount(0);
	await expect(page.getByRole('button', { name: msg('rep_freeze_button') })).toHaveCount(0);

	// Typed into the address: a day out of range, an unknown course and a cohort that is no number.
	const response = await page.goto(`${PAGE}?from=1999-01-01&course=no-such-course&cohort=abc`);
	expect(response?.status()).toBe(200);
	await expect(page.getByText(msg('rep_err_date', { value: '1999-01-01' }))).toBeVisible();
	await expect(page.getByText(msg('rep_err_cohort'))).toBeVisible();
	await expect(page.getByLabel(msg('rep_filter_from'), { exact: true })).toHaveValue('1999-01-01');
	const unknownCourse = await page.goto(`${PAGE}?course=no-such-course`);
	expect(unknownCourse?.status()).toBe(200);
	await expect(page.getByText(msg('rep_err_course'))).toBeVisible();
	await expect(page.getByRole('table')).toHaveCount(0);
}

/** Freezes the page's figures; returns the frozen report's address. */
async function freeze(page: Page, titleText: string): Promise<string> {
	await page.getByLabel(msg('rep_freeze_field'), { exact: true }).fill(titleText);
	await page.getByRole('button', { name: msg('rep_freeze_button') }).click();
	await expect(page).toHaveURL(/\/en\/coordinate\/indicators\/snapshots\/\d+\?done=frozen$/);
	await expect(page.getByRole('status')).toHaveText(msg('rep_freeze_done'));
	await expect(page.getByRole('heading', { level: 1, name: titleText })).toBeVisible();
	return new URL(page.url()).pathname;
}

async function reportText(page: Page): Promise<string> {
	// The title, who froze it and when, what it covers, and every section with its tables and charts.
	return (await page.locator('main h1, main .frozen, main .ind-scope, main section').allInnerTexts()).join('\n');
}

/** Freezes a report as a coordinator of the test's own (see freshCoordinator), so that running the
 * suites again and again never meets the demo coordinator's daily limit. */
async function freezeJourney(page: Page, tagText: string): Promise<void> {
	const coordinator = await freshCoordinator(tagText);
	// Whoever was signed in before, the report is frozen by this coordinator.
	await page.context().clearCookies();
	await signIn(page, coordinator.email, COORDINATOR.password);
	await goto(page, PAGE);
	const { slug, course } = await filterByPeriodAndCourse(page);
	// A title of only spaces passes the browser's check, not the server's: the form comes back as typed,
	// with the filters.
	await page.getByLabel(msg('rep_freeze_field'), { exact: true }).fill('   ');
	await page.getByRole('button', { name: msg('rep_freeze_button') }).click();
	await expect(page.getByRole('alert')).toHaveText(msg('rep_freeze_title_missing'));
	await expect(page.getByLabel(msg('rep_freeze_field'), { exact: true })).toHaveValue('   ');
	await expect(page.getByLabel(msg('rep_filter_course'), { exact: true })).toHaveValue(slug);

	const name = `Report to the funder ${tagText}`;
	const path = await freeze(page, name);
	await expect(page.getByText(new RegExp(`^\\s*Frozen on .+ by ${coordinator.name}\\s*$`))).toBeVisible();
	const id = path.split('/').pop();
	await expect(page.getByRole('link', { name: msg('rep_download_csv') })).toHaveAttribute(
		'href',
		`/en/coordinate/indicators/snapshots/${id}/report.csv`
	);
	await expect(page.getByRole('link', { name: msg('rep_download_pdf') })).toHaveAttribute(
		'href',
		`/en/coordinate/indicators/snapshots/${id}/report.pdf`
	);
	await expectReportStructure(page);
	await expect(page.locator('.ind-scope').getByRole('definition').nth(1)).toHaveText(course);
	const before = await reportText(page);

	await addMoreData(slug);
	await goto(page, path);
	expect(await reportText(page)).toBe(before);

	// In the list of frozen reports, with its date, who froze it and its filters.
	await goto(page, LIST);
	const row = page.getByRole('row').filter({ has: page.getByRole('link', { name }) });
	await expect(row).toContainText(coordinator.name);
	await expect(row).toContainText(course);
	await expect(row).toContainText(`1 January ${today().slice(0, 4)}`);
	await row.getByRole('link', { name }).click();
	await expect(page).toHaveURL(new RegExp(`${path}$`));
}

let seeded: number;
test.beforeAll(async () => {
	seeded = await seedSnapshot(`Seeded report ${Date.now()}`);
});

test.describe('programme results with JavaScript', () => {
	test('a coordinator opens the page, reads every table with its definitions, and filters it', async ({ page }) => {
		await signIn(page, COORDINATOR.email, COORDINATOR.password);
		await goto(page, '/en/coordinate');
		await page.getByRole('link', { name: msg('rep_home_link') }).click();
		await expect(page).toHaveURL(/\/en\/coordinate\/indicators$/);
		await expect(page.getByRole('heading', { level: 1, name: msg('rep_title') })).toBeVisible();
		await expect(
			page.getByRole('navigation', { name: msg('nav_coordinate') }).getByRole('link', { name: msg('rep_title') })
		).toHaveAttribute('aria-current', 'page');
		await expect(page.locator('.ind-scope').getByRole('definition').nth(0)).toHaveText(msg('rep_period_all'));
		await expectReportStructure(page);
		await expect(page.getByRole('link', { name: msg('rep_download_csv') })).toHaveAttribute(
			'href',
			'/en/coordinate/indicators/report.csv'
		);
		await shots(page, 'indicators');
		await page.setViewportSize({ width: 1280, height: 900 });
		await filterByPeriodAndCourse(page);
		await expectReportStructure(page);
		await expectBadDatesRefused(page);
	});

	test('a coordinator freezes a report and finds it unchanged later', async ({ page }) => {
		await freezeJourney(page, 'js');
	});

	test('a frozen report reads its figures, "< 5", weeks and charts as stored', async ({ page }) => {
		await signIn(page, ADMIN.email, ADMIN.password);
		await goto(page, `${LIST.replace(/\/snapshots$/, '')}/snapshots/${seeded}`);
		const gender = page.getByRole('table', { name: title('people-by-gender'), exact: true });
		await expect(gender.getByRole('row', { name: /^Woman/ })).toHaveText(/Woman\s*1,234\s*900\s*700\s*600\s*56\.7/);
		await expect(gender.getByRole('row', { name: /^Man/ })).toHaveText(/Man\s*40\s*30\s*< 5\s*< 5\s*–/);
		await expect(gender.locator('tfoot')).toHaveText(/All\s*1,284\s*938\s*711\s*606\s*55\.4/);
		const chart = page.getByRole('img', { name: msg('rep_chart_label', { title: title('people-by-gender') }) });
		await expect(chart).toBeVisible();
		// Two measures with a legend, values at the bar ends, "< 5" where a value is hidden (and no bar).
		await expect(chart.locator('text')).toContainText([
			measure('enrolled'),
			measure('completed'),
			'Woman',
			'1,234',
			'700',
			'Man',
			'40',
			'< 5'
		]);
		await expect(chart.locator('rect')).toHaveCount(2 + 2 + 1 + 1);
		const quiz = page.getByRole('img', { name: msg('rep_chart_label', { title: title('quiz-first-attempt') }) });
		await expect(quiz.locator('text')).toContainText([measure('first-pass-rate'), 'Module one: planning', '75.0']);
		const weeks = page.getByRole('table', { name: title('lessons-per-week'), exact: true });
		await expect(weeks.getByRole('rowheader')).toHaveText([
			'Week of 2 March 2026',
			'Week of 9 March 2026',
			'Week of 16 March 2026',
			msg('ind_label_all')
		]);
		const weekChart = page.getByRole('img', { name: msg('rep_chart_label', { title: title('lessons-per-week') }) });
		await expect(weekChart.locator('text')).toContainText(['42', '0', '2 Mar']);
		// Tables the stored report has no rows for say so, and draw no chart.
		await expect(page.getByRole('table', { name: title('orgs-by-municipality'), exact: true })).toContainText(
			msg('rep_no_rows')
		);
		await expect(
			page.getByRole('img', { name: msg('rep_chart_label', { title: title('orgs-by-municipality') }) })
		).toHaveCount(0);
		await expect(page.locator('.ind-scope').getByRole('definition').nth(0)).toHaveText(
			'1 January 2026 – 31 March 2026'
		);
		// The gender table was counted over its own period: said under its title.
		await expect(page.locator('#table-people-by-gender')).toContainText(
			msg('rep_table_period', { from: '1 January 2026', to: '31 March 2026' })
		);
		await expect(page.locator('#table-people-by-age')).not.toContainText(/Counted from/);
		// Read in the language it was frozen in, the page does not mention the language.
		await expect(page.getByText(/^Frozen in /)).toHaveCount(0);
		// Read in Albanian, it says that it was frozen in English (the names in it are English ones).
		await goto(page, `/sq/coordinate/indicators/snapshots/${seeded}`);
		await expect(page.locator('main .frozen-in')).toHaveText(/^Ngrirë në gjuhën English: /);
		await goto(page, `${LIST}/${seeded}`);
		await expectReportStructure(page);
		for (const img of await page.getByRole('img', { name: /^Chart: / }).all()) {
			const size = await img.evaluate((el) => el.outerHTML.length);
			expect(size, 'a chart stays light').toBeLessThan(2500);
		}
		await shots(page, 'indicators-snapshot');
		await page.setViewportSize({ width: 360, height: 900 });
		await chart.screenshot({ path: join(SHOTS, 'chart-bars-360.png') });
		await weekChart.screenshot({ path: join(SHOTS, 'chart-weeks-360.png') });
	});
});

test.describe('programme results without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a coordinator reads, filters, is refused bad dates, and freezes', async ({ page }) => {
		await signIn(page, COORDINATOR.email, COORDINATOR.password);
		await page.goto(PAGE);
		await expectReportStructure(page);
		await filterByPeriodAndCourse(page);
		await expectReportStructure(page);
		await expectBadDatesRefused(page);
		await freezeJourney(page, 'nojs');
		await goto(page, LIST);
		await shots(page, 'indicators-snapshots-list');
	});

	test('the daily limit on freezing is said plainly', async ({ page }) => {
		// A coordinator of their own (the demo coordinator's password), who froze 20 reports today.
		const { id, email } = await freshCoordinator('limit');
		await writeDb(async (db) => {
			const now = Date.now();
			const copied = await db
				.selectFrom('indicator_snapshots')
				.select(['title', 'filters', 'report', 'locale'])
				.where('id', '=', seeded)
				.executeTakeFirstOrThrow();
			for (let i = 0; i < 20; i++)
				await db
					.insertInto('indicator_snapshots')
					.values({ ...copied, created_by: id, created_at: now - i * 60_000 })
					.execute();
		});
		await signIn(page, email, COORDINATOR.password);
		await page.goto(`${PAGE}?from=2026-01-01`);
		await page.getByLabel(msg('rep_freeze_field'), { exact: true }).fill('One too many');
		await page.getByRole('button', { name: msg('rep_freeze_button') }).click();
		await expect(page.getByRole('alert')).toHaveText(msg('rep_freeze_too_many'));
		await expect(page.getByLabel(msg('rep_freeze_field'), { exact: true })).toHaveValue('One too many');
		// The filters stay as they were.
		await expect(page.getByLabel(msg('rep_filter_from'), { exact: true })).toHaveValue('2026-01-01');
	});
});

test('the pages pass axe at 1280 and 360 px', async ({ page }) => {
	await signIn(page, COORDINATOR.email, COORDINATOR.password);
	const problems: string[] = [];
	for (const width of [1280, 360]) {
		await page.setViewportSize({ width, height: 900 });
		for (const url of [PAGE, `${PAGE}?from=2026-03-31&to=2026-01-01`, LIST, `${LIST}/${seeded}`]) {
			await goto(page, url);
			const result = await new AxeBuilder({ page }).analyze();
			for (const v of result.violations)
				problems.push(`${width}px ${url}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5)}`);
		}
	}
	expect(problems).toEqual([]);
});

test.describe('who may see programme results', () => {
	const paths = () => [PAGE, LIST, `${LIST}/${seeded}`];

	for (const [role, account] of [
		['learner', LEARNER1],
		['trainer', TRAINER]
	] as const) {
		test(`a ${role} gets 403`, async ({ page }) => {
			await signIn(page, account.email, account.password);
			for (const path of paths()) {
				const response = await page.request.get(path, { maxRedirects: 0 });
				expect(response.status(), path).toBe(403);
			}
			const post = await page.request.post(`${PAGE}?/freeze`, {
				form: { title: 'Not mine' },
				headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
				maxRedirects: 0
			});
			expect(post.status()).toBe(403);
		});
	}

	test('a visitor is sent to sign in and comes back; unknown frozen reports are 404', async ({ page }) => {
		for (const path of paths()) {
			const response = await page.request.get(path, { maxRedirects: 0 });
			expect(response.status(), path).toBe(303);
			expect(response.headers()['location']).toBe(`/en/signin?next=${encodeURIComponent(path.replace(/^\/en/, ''))}`);
		}
		await page.goto(PAGE);
		await submitSignIn(page, COORDINATOR.email, COORDINATOR.password);
		await expect(page).toHaveURL(/\/en\/coordinate\/indicators$/);
		for (const bad of ['999999999', 'abc', '1e3', '-1']) {
			const response = await page.request.get(`${LIST}/${bad}`, { maxRedirects: 0 });
			expect(response.status(), bad).toBe(404);
		}
	});
});
