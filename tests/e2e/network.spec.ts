// The coordinators' volunteer network view (/coordinate/network) and its CSV export, with and
// without JavaScript: the figures, the chart drawn on the server with its table, the download (UTF-8
// with a byte-order mark), the filters, and who may see it (coordinators and admins; learners and
// trainers get 403; visitors are sent to sign in). A few volunteers and hours are written straight
// into this port's e2e database first, so that the figures are not all zero; the expected figures
// are read back from the same database, so other volunteer data (demo data, other suites) does not
// break the test.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { ADMIN, LEARNER1, TRAINER, goto, signIn, submitSignIn } from './helpers';
import { COORDINATOR, downloadFrom } from './cert-helpers';
import type { HoursStatus } from '../../db/schema-volunteering';
import { insertAccount, withDb } from './db';
import { msg } from './security-helpers';

const SHOTS = '/tmp/shots/network';
const PAGE = '/en/coordinate/network';
const CSV = '/en/coordinate/network/export.csv';

/** The current month in Kosovo, 'YYYY-MM', and the one before. */
function months(): { now: string; before: string } {
	const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Belgrade', year: 'numeric', month: '2-digit' })
		.formatToParts(new Date())
		.reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
	const y = Number(parts.year);
	const mo = Number(parts.month);
	const before = new Date(Date.UTC(y, mo - 2, 1));
	return {
		now: `${parts.year}-${parts.month}`,
		before: `${before.getUTCFullYear()}-${String(before.getUTCMonth() + 1).padStart(2, '0')}`
	};
}

const longMonth = (month: string) =>
	new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
		new Date(`${month}-01T00:00:00Z`)
	);

const hoursText = (minutes: number) =>
	new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }).format(Math.round((minutes / 60) * 10) / 10);

/** Three volunteers in Leposavić (one under 18, one paused) and hours this month and last (one
 * logged entry that must not count), written once per database. */
async function seed(): Promise<void> {
	await withDb(async (db) => {
		const seeded = await db
			.selectFrom('users')
			.select('id')
			.where('email', '=', 'net-seed-1@example.test')
			.executeTakeFirst();
		if (seeded) return;
		const org = await db.selectFrom('organisations').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow();
		const now = Date.now();
		const { now: thisMonth, before } = months();
		await db.transaction().execute(async (tx) => {
			const people: number[] = [];
			for (const [i, p] of [
				{ languages: ['sr', 'sq'], age: '18-24', hidden: 0 },
				{ languages: ['sr'], age: 'under-18', hidden: 0 },
				{ languages: ['en'], age: '25-34', hidden: 1 }
			].entries()) {
				const email = `net-seed-${i + 1}@example.test`;
				const id = await insertAccount(tx, {
					email,
					name: `Net Seed ${i + 1}`,
					search_text: email,
					role: 'learner',
					now
				});
				await tx
					.insertInto('volunteer_profiles')
					.values({
						user_id: id,
						municipality: 'leposavic',
						languages: JSON.stringify(p.languages),
						age_band: p.age,
						hidden: p.hidden,
						contact_consent_at: now,
						created_at: now,
						updated_at: now
					})
					.execute();
				people.push(id);
			}
			const hours = (userId: number, workedOn: string, minutes: number, status: HoursStatus) =>
				tx
					.insertInto('volunteer_hours')
					.values({ user_id: userId, organisation_id: org.id, worked_on: workedOn, minutes, status, created_at: now })
					.execute();
			await hours(people[0], `${thisMonth}-01`, 150, 'confirmed');
			await hours(people[1], `${before}-15`, 60, 'confirmed');
			await hours(people[1], `${thisMonth}-01`, 600, 'logged');
			// An open call in Leposavić with a shift next week: 2 places, 1 accepted, so still looking.
			const call = await tx
				.insertInto('volunteer_calls')
				.values({
					organisation_id: org.id,
					locale: 'en',
					title: 'Net seed call',
					description: 'Help',
					municipality: 'leposavic',
					status: 'open',
					created_at: now,
					updated_at: now
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			const shift = await tx
				.insertInto('volunteer_shifts')
				.values({
					call_id: call.id,
					starts_at: now + 7 * 86_400_000,
					ends_at: now + 7 * 86_400_000 + 3_600_000,
					places: 2
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await tx
				.insertInto('volunteer_applications')
				.values({ shift_id: shift.id, user_id: people[0], status: 'accepted', created_at: now, updated_at: now })
				.execute();
		});
	});
}

/** What the page should show, read from the database the server uses. */
function expected(municipality: string | null = null) {
	return withDb(async (db) => {
		const volunteers = await db
			.selectFrom('volunteer_profiles as p')
			.innerJoin('users as u', 'u.id', 'p.user_id')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('u.active', '=', 1)
			.where('p.hidden', '=', 0)
			.$if(municipality !== null, (q) => q.where('p.municipality', '=', municipality!))
			.executeTakeFirstOrThrow();
		const minutes = async (month: string) =>
			(
				await db
					.selectFrom('volunteer_hours as h')
					.select(sql<number>`coalesce(sum(h.minutes), 0)`.as('n'))
					.where('h.status', '=', 'confirmed')
					.where('h.worked_on', 'like', `${month}-%`)
					.$if(municipality !== null, (q) =>
						q.where('h.user_id', 'in', (sub) =>
							sub.selectFrom('volunteer_profiles').select('user_id').where('municipality', '=', municipality!)
						)
					)
					.executeTakeFirstOrThrow()
			).n;
		// Open calls with a shift to come that has fewer accepted volunteers than places.
		const unfilled = await db
			.selectFrom('volunteer_calls as c')
			.innerJoin('volunteer_shifts as s', 's.call_id', 'c.id')
			.select((eb) => eb.fn.count<number>('c.id').distinct().as('n'))
			.where('c.status', '=', 'open')
			.where('s.starts_at', '>', Date.now())
			.$if(municipality !== null, (q) => q.where('c.municipality', '=', municipality!))
			.where((eb) =>
				eb(
					's.places',
					'>',
					eb
						.selectFrom('volunteer_applications as a')
						.select((e) => e.fn.countAll<number>().as('k'))
						.whereRef('a.shift_id', '=', 's.id')
						.where('a.status', '=', 'accepted')
				)
			)
			.executeTakeFirstOrThrow();
		const { now, before } = months();
		return {
			volunteers: Number(volunteers.n),
			thisMonth: Number(await minutes(now)),
			lastMonth: Number(await minutes(before)),
			unfilled: Number(unfilled.n)
		};
	});
}

async function expectNetworkPage(page: Page, municipality: string | null = null) {
	const want = await expected(municipality);
	const { now, before } = months();
	await expect(page.getByRole('heading', { level: 1, name: msg('net_title') })).toBeVisible();
	// The chart: an SVG image with a title, the figures also in its description.
	const chart = page.getByRole('img', { name: new RegExp(`^${msg('net_chart_title')}`) });
	await expect(chart).toBeVisible();
	await expect(chart.locator('title')).toHaveText(msg('net_chart_title'));
	await expect(chart.locator('desc')).toContainText(`${longMonth(now)}: ${hoursText(want.thisMonth)}`);
	// The same figures in a table.
	const table = page.getByRole('table', { name: msg('net_chart_title') });
	await expect(
		table.getByRole('row', { name: `${longMonth(now)} ${hoursText(want.thisMonth)}`, exact: true })
	).toBeVisible();
	await expect(
		table.getByRole('row', { name: `${longMonth(before)} ${hoursText(want.lastMonth)}`, exact: true })
	).toBeVisible();
	const byMunicipality = page.getByRole('table', { name: msg('net_by_municipality') });
	await expect(byMunicipality.getByRole('row', { name: msg('vol_opt_muni_leposavic') })).toContainText(
		String((await expected('leposavic')).volunteers)
	);
	await expect(page.getByRole('table', { name: msg('net_by_language') })).toBeVisible();
	await expect(page.getByRole('table', { name: msg('net_by_age') })).toBeVisible();
	const unfilled = page.getByRole('term').filter({ hasText: msg('net_calls_unfilled') });
	await expect(unfilled.locator('xpath=following-sibling::dd')).toHaveText(String(want.unfilled));
	expect(want.unfilled).toBeGreaterThanOrEqual(1);
	// No names on the page.
	await expect(page.getByText('Net Seed 1')).toHaveCount(0);
	return want;
}

async function checkCsv(page: Page, testInfo: TestInfo) {
	const { now } = months();
	const want = await expected();
	const file = await downloadFrom(page, page.getByRole('link', { name: msg('net_download_csv') }), testInfo);
	expect(file.suggested).toMatch(/^volunteer-network-all-12m\.csv$/);
	const bytes = readFileSync(file.path);
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const lines = bytes.subarray(3).toString('utf8').split('\r\n');
	expect(lines[0]).toBe('section,key,label,value');
	expect(lines).toContain('month,confirmed_hours');
	expect(lines).toContain(`${now},${Math.round((want.thisMonth / 60) * 10) / 10}`);
	expect(lines).toContain(`volunteers,total,${msg('net_vol_total')},${want.volunteers}`);
	expect(lines.join('\n')).not.toContain('net-seed-1@example.test');
}

test.beforeAll(async () => {
	await seed();
});

test.describe('the network view with JavaScript', () => {
	test('a coordinator opens it from the dashboard, sees the figures and chart, and downloads the CSV', async ({
		page
	}, testInfo) => {
		await signIn(page, COORDINATOR.email, COORDINATOR.password);
		await goto(page, '/en/coordinate');
		await page.getByRole('link', { name: msg('net_dashboard_link') }).click();
		await expect(page).toHaveURL(/\/en\/coordinate\/network$/);
		const want = await expectNetworkPage(page);
		expect(want.thisMonth).toBeGreaterThanOrEqual(150);
		await checkCsv(page, testInfo);

		mkdirSync(SHOTS, { recursive: true });
		for (const width of [360, 1280]) {
			await page.setViewportSize({ width, height: 800 });
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, `network view at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
			await page.screenshot({ path: join(SHOTS, `network-${width}.png`), fullPage: true });
			await page
				.getByRole('img', { name: new RegExp(`^${msg('net_chart_title')}`) })
				.screenshot({ path: join(SHOTS, `network-chart-${width}.png`) });
		}
	});

	test('an admin may see it too', async ({ page }) => {
		await signIn(page, ADMIN.email, ADMIN.password);
		await goto(page, PAGE);
		await expectNetworkPage(page);
	});
});

test.describe('the network view without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a coordinator reads the figures, filters them and downloads the CSV', async ({ page }, testInfo) => {
		await signIn(page, COORDINATOR.email, COORDINATOR.password);
		await page.goto(PAGE);
		await expectNetworkPage(page);
		await checkCsv(page, testInfo);

		await page.getByLabel(msg('net_filter_municipality')).selectOption({ label: msg('vol_opt_muni_leposavic') });
		await page.getByLabel(msg('net_filter_period')).selectOption({ label: msg('net_period_3') });
		await page.getByRole('button', { name: msg('net_filter_apply') }).click();
		await expect(page).toHaveURL(/[?&]municipality=leposavic&months=3$/);
		await expect(page.getByLabel(msg('net_filter_municipality'))).toHaveValue('leposavic');
		const want = await expectNetworkPage(page, 'leposavic');
		// Three months, three rows under the header.
		await expect(page.getByRole('table', { name: msg('net_chart_title') }).locator('tbody tr')).toHaveCount(3);
		const byMunicipality = page.getByRole('table', { name: msg('net_by_municipality') });
		await expect(byMunicipality.locator('tbody tr')).toHaveCount(1);
		await expect(page.getByRole('term').filter({ hasText: msg('net_vol_total') })).toBeVisible();
		expect(want.volunteers).toBeGreaterThanOrEqual(2);
		await expect(page.getByRole('link', { name: msg('net_download_csv') })).toHaveAttribute(
			'href',
			'/en/coordinate/network/export.csv?municipality=leposavic&months=3'
		);

		mkdirSync(SHOTS, { recursive: true });
		await page.setViewportSize({ width: 360, height: 800 });
		await page.screenshot({ path: join(SHOTS, 'network-nojs-filtered-360.png'), fullPage: true });
	});

	test('unknown filter values fall back to the whole network, never an error', async ({ page }) => {
		await signIn(page, COORDINATOR.email, COORDINATOR.password);
		const response = await page.goto(`${PAGE}?municipality=%3Dcmd&months=999`);
		expect(response?.status()).toBe(200);
		await expect(page.getByLabel(msg('net_filter_municipality'))).toHaveValue('');
		await expect(page.getByLabel(msg('net_filter_period'))).toHaveValue('12');
	});
});

test.describe('who may see the network view', () => {
	for (const [role, account] of [
		['learner', LEARNER1],
		['trainer', TRAINER]
	] as const) {
		test(`a ${role} gets 403 on the page and the CSV`, async ({ page }) => {
			await signIn(page, account.email, account.password);
			for (const path of [PAGE, CSV]) {
				const response = await page.request.get(path, { maxRedirects: 0 });
				expect(response.status(), path).toBe(403);
			}
			await page.goto(PAGE);
			await expect(page.getByRole('heading', { level: 1, name: msg('net_title') })).toHaveCount(0);
		});
	}

	test('a visitor is sent to sign in, and comes back after signing in', async ({ page }) => {
		for (const path of [PAGE, CSV]) {
			const response = await page.request.get(path, { maxRedirects: 0 });
			expect(response.status(), path).toBe(303);
			expect(response.headers()['location']).toBe(`/en/signin?next=${encodeURIComponent(path.replace(/^\/en/, ''))}`);
		}
		await page.goto(PAGE);
		await expect(page).toHaveURL(/\/en\/signin\?next=/);
		await submitSignIn(page, COORDINATOR.email, COORDINATOR.password);
		await expect(page).toHaveURL(/\/en\/coordinate\/network$/);
		await expect(page.getByRole('heading', { level: 1, name: msg('net_title') })).toBeVisible();
	});
});
