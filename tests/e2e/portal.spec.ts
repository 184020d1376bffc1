// The civil-society portal (issue 18): the public calendar (coordinators add municipal meetings
// with their official link, confirmed CSO members add their own events, anyone signed in says "I
// will attend"), its .ics files, the Atom feed, the portal home and the organisation profile with
// Open Graph tags. Each journey that changes something also runs with JavaScript off.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { EN, LEARNER1, goto, newAccount, signUp } from './helpers';
import { COORDINATOR, DEMO_YOUTH, newPage, sessionAs, t, uniqueTag } from './cert-helpers';
import { h1, msg } from './learning-helpers';

const NO_JS = { javaScriptEnabled: false } as const;
const PORT = Number(process.env.E2E_PORT ?? 4173);
const ORIGIN = `http://localhost:${PORT}`;
const DEMO_SLUG = 'demo-youth-association';
// Next year's 15 March at 18:00 in Kosovo: winter time (UTC+1), so 17:00 UTC.
const YEAR = new Date().getUTCFullYear() + 1;
const DATE = `${YEAR}-03-15`;
const UTC_START = `${YEAR}0315T170000Z`;

interface Entry {
	kind: string;
	title: string;
	url?: string;
	description?: string;
}

async function fillEntry(page: Page, entry: Entry): Promise<void> {
	await page.getByLabel(t('portal_field_kind'), { exact: true }).selectOption({ label: entry.kind });
	await page.getByLabel(t('portal_field_title'), { exact: true }).fill(entry.title);
	if (entry.description) await page.getByLabel(t('portal_field_description')).fill(entry.description);
	await page.getByLabel(t('portal_field_municipality')).selectOption({ label: t('vol_opt_muni_zvecan') });
	const start = page.getByRole('group', { name: t('portal_field_start') });
	await start.getByLabel(t('portal_field_date')).fill(DATE);
	await start.getByLabel(t('portal_field_time')).fill('18:00');
	await page.getByLabel(t('portal_field_official_url')).fill(entry.url ?? '');
}

const submit = (page: Page) => page.getByRole('button', { name: t('portal_add_entry') }).click();

/** Adds an entry through the form (the page must be signed in) and returns its id. */
async function addEntry(page: Page, entry: Entry): Promise<number> {
	await goto(page, '/en/calendar/new');
	await fillEntry(page, entry);
	await submit(page);
	await expect(page).toHaveURL(/\/en\/calendar\/\d+\?done=added$/);
	await expect(h1(page)).toHaveText(entry.title);
	return Number(/\/calendar\/(\d+)/.exec(page.url())![1]);
}

const MEETING = t('vol_opt_event_public_meeting');
const CSO_EVENT = t('vol_opt_event_cso_event');

async function coordinatorAddsMeeting(page: Page, title: string): Promise<number> {
	await goto(page, '/en/calendar/new');
	await fillEntry(page, { kind: MEETING, title, description: 'The municipality asks for opinions.' });
	await submit(page);
	// Refused without its official page, and with a javascript: link; what was typed stays.
	await expect(page.getByText(t('portal_err_url_required'))).toBeVisible();
	await expect(page.getByLabel(t('portal_field_title'), { exact: true })).toHaveValue(title);
	await expect(page.getByLabel(t('portal_field_municipality'))).toHaveValue('zvecan');
	await page.getByLabel(t('portal_field_official_url')).fill('javascript:alert(1)');
	await submit(page);
	await expect(page.getByText(t('portal_err_url_invalid'))).toBeVisible();
	await page.getByLabel(t('portal_field_official_url')).fill('https://zvecan.example.org/meetings/budget');
	await submit(page);
	await expect(page).toHaveURL(/\/en\/calendar\/\d+\?done=added$/);
	await expect(page.getByRole('status')).toHaveText(t('portal_added'));
	await expect(h1(page)).toHaveText(title);
	const official = page.getByRole('link', { name: t('portal_official_link') });
	await expect(official).toHaveAttribute('href', 'https://zvecan.example.org/meetings/budget');
	await expect(official).toHaveAttribute('rel', /noopener/);
	await expect(page.getByText(t('portal_official_note'))).toBeVisible();
	return Number(/\/calendar\/(\d+)/.exec(page.url())![1]);
}

test('a coordinator adds a public meeting with its official link; its .ics file downloads', async ({ browser }) => {
	const { context, page } = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password);
	const title = `Budget hearing ${uniqueTag()}`;
	const id = await coordinatorAddsMeeting(page, title);

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: t('portal_ics_link') }).click()
	]);
	expect(download.suggestedFilename()).toBe(`civicsteps-event-${id}.ics`);
	const stream = await download.createReadStream();
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(chunk as Buffer);
	const ics = Buffer.concat(chunks).toString('utf8');
	expect(ics).toContain('BEGIN:VCALENDAR');
	expect(ics).toContain(`SUMMARY:${title}`);
	expect(ics).toContain(`DTSTART:${UTC_START}`);
	expect(ics).toContain(`UID:portal-event-${id}@civicsteps`);

	const response = await page.request.get(`/en/calendar/${id}/calendar.ics`);
	expect(response.headers()['content-type']).toBe('text/calendar; charset=utf-8');
	expect(response.headers()['content-disposition']).toContain('attachment');

	// Listed in the calendar under its month, with its .ics link; the kind filter keeps it.
	await goto(page, '/en/calendar?kind=public-meeting&municipality=zvecan');
	await expect(page.getByRole('link', { name: title })).toBeVisible();
	await goto(page, '/en/calendar?kind=training');
	await expect(page.getByRole('link', { name: title })).toHaveCount(0);
	await context.close();
});

test('a CSO member adds a CSO event for the organisation and is refused the public-meeting kind', async ({
	browser
}) => {
	const { context, page } = await sessionAs(browser, LEARNER1.email, LEARNER1.password);
	const title = `Clean-up day ${uniqueTag()}`;
	await goto(page, '/en/calendar/new');
	const kind = page.getByLabel(t('portal_field_kind'), { exact: true });
	await expect(kind.getByRole('option')).toHaveText([CSO_EVENT, t('vol_opt_event_training')]);
	const id = await addEntry(page, { kind: CSO_EVENT, title });
	await expect(page.getByRole('link', { name: DEMO_YOUTH })).toHaveAttribute('href', `/en/organisations/${DEMO_SLUG}`);
	// Editing: the form comes back filled in, in Kosovo's time.
	await page.getByRole('link', { name: t('portal_edit') }).click();
	await expect(h1(page)).toHaveText(t('portal_edit_title'));
	await expect(page.getByLabel(t('portal_field_title'), { exact: true })).toHaveValue(title);
	const start = page.getByRole('group', { name: t('portal_field_start') });
	await expect(start.getByLabel(t('portal_field_date'))).toHaveValue(DATE);
	await expect(start.getByLabel(t('portal_field_time'))).toHaveValue('18:00');
	await page.getByLabel(t('portal_field_title'), { exact: true }).fill(`${title} (moved)`);
	await page.getByRole('button', { name: t('save') }).click();
	await expect(page).toHaveURL(new RegExp(`/en/calendar/${id}\\?done=saved$`));
	await expect(h1(page)).toHaveText(`${title} (moved)`);

	// A forged kind (the option added to the page) is refused by the server, with what was typed kept.
	await goto(page, '/en/calendar/new');
	await fillEntry(page, { kind: CSO_EVENT, title: `${title} forged`, url: 'https://zvecan.example.org/x' });
	await kind.evaluate((select: HTMLSelectElement) => select.add(new Option('forged', 'public-meeting')));
	await kind.selectOption('public-meeting');
	await expect(kind).toHaveValue('public-meeting');
	await submit(page);
	await expect(page.getByText(t('portal_err_kind_not_allowed'))).toBeVisible();
	await expect(page.getByLabel(t('portal_field_title'), { exact: true })).toHaveValue(`${title} forged`);

	// The organisation's profile lists the event and shows its members the calls and hours pages.
	await goto(page, `/en/organisations/${DEMO_SLUG}`);
	await expect(page.getByRole('heading', { name: t('portal_org_events') })).toBeVisible();
	await expect(page.getByRole('link', { name: `${title} (moved)` })).toHaveAttribute('href', `/en/calendar/${id}`);
	await expect(page.getByRole('link', { name: t('portal_org_manage_calls') })).toHaveAttribute(
		'href',
		`/en/organisations/${DEMO_SLUG}/calls`
	);
	await expect(page.getByRole('link', { name: t('portal_org_hours') })).toHaveAttribute(
		'href',
		`/en/organisations/${DEMO_SLUG}/hours`
	);
	await context.close();
});

test('the feed is well-formed Atom and shows a hostile title as text', async ({ browser }) => {
	const { context, page } = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password);
	// Markup is refused by the form (tests/unit/plain-text.spec.ts); what is left to escape: < and &.
	const hostile = `Co & <3, 3 < 5 ${uniqueTag()}`;
	const id = await addEntry(page, { kind: CSO_EVENT, title: hostile });
	expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

	const response = await page.request.get('/en/feed.xml');
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
	const xml = await response.text();
	expect(xml).not.toContain('<script>');
	expect(xml).toContain('Co &amp; &lt;3, 3 &lt; 5');
	// The browser's own XML parser reads it back.
	const parsed = await page.evaluate((text) => {
		const doc = new DOMParser().parseFromString(text, 'application/xml');
		const entries = [...doc.getElementsByTagName('entry')];
		return {
			errors: doc.getElementsByTagName('parsererror').length,
			root: doc.documentElement.namespaceURI,
			titles: entries.map((e) => e.getElementsByTagName('title')[0]?.textContent),
			links: entries.map((e) => e.getElementsByTagName('link')[0]?.getAttribute('href'))
		};
	}, xml);
	expect(parsed.errors).toBe(0);
	expect(parsed.root).toBe('http://www.w3.org/2005/Atom');
	expect(parsed.titles).toContain(hostile);
	expect(parsed.links).toContain(`${ORIGIN}/en/calendar/${id}`);
	expect(parsed.links.every((l) => l?.startsWith(`${ORIGIN}/en/`))).toBe(true);

	// Linked from the home page's and the calendar's head.
	for (const path of ['/en', '/en/calendar']) {
		await goto(page, path);
		await expect(page.locator('link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute(
			'href',
			'/en/feed.xml'
		);
	}
	await context.close();
});

test('an organisation profile carries Open Graph and Twitter card tags', async ({ page }) => {
	await goto(page, `/en/organisations/${DEMO_SLUG}`);
	const meta = (attr: string, name: string) => page.locator(`meta[${attr}="${name}"]`);
	await expect(meta('property', 'og:title')).toHaveAttribute('content', DEMO_YOUTH);
	await expect(meta('property', 'og:url')).toHaveAttribute('content', `${ORIGIN}/en/organisations/${DEMO_SLUG}`);
	await expect(meta('property', 'og:type')).toHaveAttribute('content', 'profile');
	await expect(meta('property', 'og:site_name')).toHaveAttribute('content', 'CivicSteps');
	await expect(meta('property', 'og:locale')).toHaveAttribute('content', 'en_GB');
	await expect(meta('property', 'og:description')).toHaveAttribute('content', /.+/);
	await expect(meta('property', 'og:image')).toHaveAttribute('content', `${ORIGIN}/og-card.png`);
	await expect(meta('name', 'twitter:card')).toHaveAttribute('content', 'summary_large_image');
	const image = await page.request.get('/og-card.png');
	expect(image.status()).toBe(200);
	expect(image.headers()['content-type']).toBe('image/png');
	// Visitors see no member links.
	await expect(page.getByRole('link', { name: t('portal_org_manage_calls') })).toHaveCount(0);

	await goto(page, `/sq/organisations/${DEMO_SLUG}`);
	await expect(meta('property', 'og:locale')).toHaveAttribute('content', 'sq_AL');
});

test('the home page shows the portal: calls, calendar, how to join, and stays small', async ({ page }) => {
	const response = await goto(page, '/en');
	await expect(h1(page)).toHaveText(EN.homeTitle);
	await expect(page.getByRole('heading', { name: t('portal_home_calls') })).toBeVisible();
	await expect(page.getByRole('link', { name: `${t('portal_all_calls')} →` })).toHaveAttribute('href', '/en/calls');
	await expect(page.getByRole('heading', { name: t('portal_home_events') })).toBeVisible();
	await expect(page.getByRole('link', { name: `${t('portal_all_events')} →` })).toHaveAttribute('href', '/en/calendar');
	await expect(page.getByRole('link', { name: t('portal_join_volunteer') })).toHaveAttribute(
		'href',
		'/en/volunteer/profile'
	);
	const nav = page.getByRole('navigation', { name: t('nav_main') });
	await expect(nav.getByRole('link', { name: t('portal_nav_calls') })).toHaveAttribute('href', '/en/calls');
	await expect(nav.getByRole('link', { name: t('portal_nav_calendar') })).toHaveAttribute('href', '/en/calendar');
	await expect(nav.getByRole('link', { name: t('portal_nav_volunteering') })).toHaveCount(0);
	// Light for old phones: the whole HTML, uncompressed, under 40 KB.
	expect((await response!.body()).length).toBeLessThan(40_000);
});

test.describe('without JavaScript', () => {
	test.use(NO_JS);

	test('a coordinator adds a public meeting, cancels it, and nobody can attend it any more', async ({ browser }) => {
		const { context, page } = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password, NO_JS);
		const title = `Consultation evening ${uniqueTag()}`;
		const id = await coordinatorAddsMeeting(page, title);
		await page.getByRole('button', { name: t('portal_cancel_entry') }).click();
		await expect(page).toHaveURL(new RegExp(`/en/calendar/${id}\\?done=cancelled$`));
		await expect(page.getByText(t('portal_cancelled'), { exact: true })).toBeVisible();
		await expect(page.getByRole('button', { name: t('portal_attend') })).toHaveCount(0);
		await expect(page.getByText(t('portal_attend_cancelled'))).toBeVisible();
		// A forged attend post is refused too, with a message, not an error page.
		const refused = await page.request.post(`/en/calendar/${id}?/attend`, {
			headers: { origin: ORIGIN, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			data: 'going=yes',
			maxRedirects: 0
		});
		expect(refused.status()).toBe(409);
		expect(await refused.text()).toContain(t('portal_attend_cancelled'));
		await context.close();
	});

	test('someone signed in says "I will attend" and takes it back', async ({ browser }) => {
		const staff = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password, NO_JS);
		const title = `Youth forum ${uniqueTag()}`;
		const id = await addEntry(staff.page, { kind: t('vol_opt_event_training'), title });
		await staff.context.close();

		const { context, page } = await newPage(browser, NO_JS);
		await signUp(page, newAccount('attendee'));
		await goto(page, `/en/calendar/${id}`);
		await expect(page.getByText(t('portal_attendees', { count: 0 }))).toBeVisible();
		await page.getByRole('button', { name: t('portal_attend'), exact: true }).click();
		await expect(page).toHaveURL(new RegExp(`/en/calendar/${id}\\?done=attending$`));
		await expect(page.getByRole('status')).toHaveText(t('portal_attending_done'));
		await expect(page.getByText(t('portal_attendees', { count: 1 }))).toBeVisible();
		await expect(page.getByText(t('portal_reminder_note'))).toBeVisible();
		// A second "I will attend" from a stale tab keeps the person attending instead of undoing it.
		const post = (data: string) =>
			page.request.post(`/en/calendar/${id}?/attend`, {
				headers: { origin: ORIGIN, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
				data,
				maxRedirects: 0
			});
		expect((await post('going=yes')).status()).toBe(303);
		const unclear = await post('going=maybe');
		expect(unclear.status()).toBe(400);
		expect(await unclear.text()).toContain(t('portal_attend_invalid'));
		await goto(page, `/en/calendar/${id}`);
		await expect(page.getByText(t('portal_attendees', { count: 1 }))).toBeVisible();
		await page.getByRole('button', { name: t('portal_attend_undo') }).click();
		await expect(page.getByRole('status')).toHaveText(t('portal_not_attending_done'));
		await expect(page.getByText(t('portal_attendees', { count: 0 }))).toBeVisible();
		// Signed in, the navigation offers volunteering.
		await expect(page.getByRole('link', { name: t('portal_nav_volunteering') })).toHaveAttribute(
			'href',
			'/en/volunteer'
		);
		await context.close();
	});

	test('anonymous visitors read the calendar in Albanian and Serbian Cyrillic', async ({ browser }) => {
		const staff = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password, NO_JS);
		const title = `Javna rasprava ${uniqueTag()}`;
		const id = await addEntry(staff.page, { kind: t('vol_opt_event_training'), title });
		await staff.context.close();

		const { context, page } = await newPage(browser, NO_JS);
		await goto(page, '/sq/calendar');
		await expect(h1(page)).toHaveText(msg('sq', 'portal_calendar_title'));
		await expect(page.getByRole('link', { name: title })).toHaveAttribute('href', `/sq/calendar/${id}`);
		await expect(page.getByRole('link', { name: msg('sq', 'portal_add_entry') })).toHaveCount(0);
		// The filter is a plain GET form.
		await page.getByLabel(msg('sq', 'portal_field_kind')).selectOption({ label: msg('sq', 'vol_opt_event_training') });
		await page.getByRole('button', { name: msg('sq', 'portal_filter_submit') }).click();
		await expect(page).toHaveURL(/\/sq\/calendar\?kind=training&municipality=$/);
		await expect(page.getByRole('link', { name: title })).toBeVisible();

		await goto(page, `/sr-Cyrl/calendar/${id}`);
		await expect(h1(page)).toHaveText(title);
		await expect(page.getByText(msg('sr-Cyrl', 'portal_when'), { exact: true })).toBeVisible();
		await expect(page.getByText(msg('sr-Cyrl', 'vol_opt_muni_zvecan'))).toBeVisible();
		await expect(page.getByRole('link', { name: msg('sr-Cyrl', 'portal_attend_signin') })).toBeVisible();
		await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', title);
		await expect(page.locator('meta[property="og:url"]')).toHaveAttribute(
			'content',
			`${ORIGIN}/sr-Cyrl/calendar/${id}`
		);
		await context.close();
	});

	test('access: visitors sign in to add an entry; a learner without an organisation is refused', async ({
		browser
	}) => {
		const { context, page } = await newPage(browser, NO_JS);
		await page.goto('/en/calendar/new');
		await expect(page).toHaveURL(/\/en\/signin\?next=%2Fcalendar%2Fnew$/);
		await signUp(page, newAccount('loner'));
		const refused = await page.goto('/en/calendar/new');
		expect(refused?.status()).toBe(403);
		await expect(h1(page)).toHaveText(EN.forbiddenTitle);
		await goto(page, '/en/calendar');
		await expect(page.getByRole('link', { name: t('portal_add_entry') })).toHaveCount(0);
		await context.close();
	});
});

/** axe-core's findings on the current page, as "rule: elements" lines. */
async function axeProblems(page: Page): Promise<string[]> {
	const result = await new AxeBuilder({ page }).analyze();
	return result.violations.map((v) => `${page.url()}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('portal pages fit a 360 px phone and a 1280 px screen, and pass axe', async ({ browser }) => {
	test.setTimeout(90_000);
	const staff = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password);
	const id = await addEntry(staff.page, {
		kind: MEETING,
		title: `Sastanak mesne zajednice o javnom osvetljenju ${uniqueTag()}`,
		description: 'Opština Zvečan poziva građane na javnu raspravu.\nDnevni red: osvetljenje, putevi.',
		url: 'https://zvecan.example.org/rasprava-o-osvetljenju-i-putevima-2027'
	});
	// The busiest header (a coordinator's) on a phone.
	await staff.page.setViewportSize({ width: 360, height: 800 });
	await goto(staff.page, '/en/calendar');
	await staff.page.screenshot({ path: '/tmp/shots/portal/calendar-coordinator-360.png' });
	expect(await staff.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(
		0
	);
	const problems = await axeProblems(staff.page);
	await goto(staff.page, '/en/calendar/new');
	await staff.page.getByRole('button', { name: t('portal_add_entry') }).click();
	await expect(staff.page.getByText(t('portal_err_title_required'))).toBeVisible();
	await staff.page.screenshot({ path: '/tmp/shots/portal/new-errors-360.png', fullPage: true });
	problems.push(...(await axeProblems(staff.page)));
	await staff.context.close();
	for (const width of [360, 1280]) {
		const { context, page } = await newPage(browser, { viewport: { width, height: 800 } });
		for (const [name, path] of [
			['home', '/en'],
			['calendar', '/en/calendar'],
			['event', `/en/calendar/${id}`],
			['organisation', `/en/organisations/${DEMO_SLUG}`]
		]) {
			await goto(page, path);
			await page.screenshot({ path: `/tmp/shots/portal/${name}-${width}.png`, fullPage: true });
			const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
			expect(overflow, `${path} at ${width} px`).toBeLessThanOrEqual(0);
			problems.push(...(await axeProblems(page)));
		}
		await context.close();
	}
	expect(problems).toEqual([]);
});
