// Calls for volunteers (issue 18): a confirmed member of an organisation posts a call with shifts,
// with and without JavaScript; it waits for a coordinator until the organisation's first call is
// approved, then appears on /calls and its own page with an Apply link per shift. A bad form comes
// back with the values kept; people outside the organisation are refused; HTML stays text.
//
// Each journey uses an organisation of its own (made by the admin, with a member a coordinator
// confirms): the review rule depends on the organisation's history, and the demo organisation may
// already have an approved call (the demo data adds one).
import { expect, test, type Browser, type Page } from '@playwright/test';
import { ADMIN, LEARNER1, newAccount, signUp } from './helpers';
import { h1, open } from './learning-helpers';
import {
	COORDINATOR,
	LEARNER2,
	createOrganisation,
	newPage,
	sessionAs,
	signUpMember,
	t,
	uniqueTag
} from './cert-helpers';
import { BASE, FORM_HEADERS, formBody } from './security-helpers';

const NO_JS = { javaScriptEnabled: false } as const;
const SHOTS = '/tmp/shots/calls';

async function newOrganisation(browser: Browser, label: string) {
	const name = `${label} ${uniqueTag()}`;
	const admin = await sessionAs(browser, ADMIN.email, ADMIN.password);
	await createOrganisation(admin.page, { name, municipality: 'Zvečan', description: 'Made for a calls test.' });
	await admin.context.close();
	return { name, slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-') };
}

/** An organisation of its own with a confirmed member signed in on `page` (a context with `options`). */
async function memberOfNewOrganisation(browser: Browser, label: string, options = {}) {
	const org = await newOrganisation(browser, label);
	const { context, page } = await newPage(browser, options);
	await signUpMember(page, org.name, 'caller');
	return { org, context, page };
}

/** A date `days` from today, as a date input takes it. */
function dayAhead(days: number): string {
	return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

interface CallValues {
	title: string;
	description?: string;
	municipality?: string;
	place?: string;
	shifts?: { date: string; start: string; end: string; places: string }[];
}

async function fillCall(page: Page, values: CallValues) {
	const main = page.getByRole('main');
	// The browser stops typing at 120 characters; the server's own check is what this test is about.
	await main.getByLabel(t('vcall_field_title'), { exact: true }).evaluate((el) => el.removeAttribute('maxlength'));
	await main.getByLabel(t('vcall_field_title'), { exact: true }).fill(values.title);
	await main
		.getByLabel(t('vcall_field_description'), { exact: true })
		.fill(values.description ?? 'Help us.\nBring gloves.');
	await main
		.getByLabel(t('vcall_field_municipality'), { exact: true })
		.selectOption({ label: values.municipality ?? 'Zvečan' });
	await main.getByLabel(t('vcall_field_place'), { exact: true }).fill(values.place ?? 'Main bridge');
	await main.getByRole('checkbox', { name: t('vol_opt_skill_environment') }).check();
	await main.getByRole('checkbox', { name: t('vol_opt_lang_sr') }).check();
	for (const [i, s] of (values.shifts ?? []).entries()) {
		const row = main.getByRole('group', { name: t('vcall_shift_row', { n: i + 1 }), exact: true });
		await row.getByLabel(t('vcall_shift_date'), { exact: true }).fill(s.date);
		await row.getByLabel(t('vcall_shift_start'), { exact: true }).fill(s.start);
		await row.getByLabel(t('vcall_shift_end'), { exact: true }).fill(s.end);
		await row.getByLabel(t('vcall_shift_places'), { exact: true }).fill(s.places);
	}
}

const goodShifts = () => [
	{ date: dayAhead(10), start: '10:00', end: '13:00', places: '4' },
	{ date: dayAhead(11), start: '09:30', end: '12:00', places: '2' }
];

/** Posts a call from the organisation's calls page; returns its id (from the link on the list). */
async function postCall(page: Page, slug: string, values: CallValues, expected: 'pending' | 'open') {
	await open(page, `/en/organisations/${slug}/calls`);
	const newCall = page.getByRole('link', { name: t('vcall_org_new'), exact: true });
	await expect(newCall).toHaveAttribute('href', `/en/organisations/${slug}/calls/new`);
	// Opened with goto, which waits for the load event: typing before the form hydrates would be lost.
	await open(page, `/en/organisations/${slug}/calls/new`);
	await expect(h1(page)).toHaveText(t('vcall_new_title'));
	await fillCall(page, { shifts: goodShifts(), ...values });
	await page.getByRole('button', { name: t('vcall_submit_new'), exact: true }).click();
	await expect(page).toHaveURL(new RegExp(`/en/organisations/${slug}/calls\\?done=${expected}$`));
	await expect(page.getByRole('status').filter({ hasText: t(`vcall_done_${expected}`) })).toBeVisible();
	const link = page.getByRole('main').getByRole('link', { name: values.title, exact: true });
	const href = await link.getAttribute('href');
	return Number(/\/calls\/(\d+)$/.exec(href ?? '')![1]);
}

async function approveAsCoordinator(browser: Browser, title: string, options = {}) {
	const { context, page } = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password, options);
	await open(page, '/en/coordinate');
	await page.getByRole('link', { name: t('vcall_review_title'), exact: true }).click();
	await expect(h1(page)).toHaveText(t('vcall_review_title'));
	await page.getByRole('button', { name: `${t('vcall_approve')}: ${title}`, exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: t('vcall_review_approved') })).toBeVisible();
	await context.close();
}

async function expectPublicCall(browser: Browser, id: number, title: string, orgName: string) {
	const { context, page } = await newPage(browser);
	await open(page, '/en/calls');
	await expect(page.getByRole('link', { name: title, exact: true })).toHaveAttribute('href', `/en/calls/${id}`);
	const response = await open(page, `/en/calls/${id}`);
	expect(response?.status()).toBe(200);
	await expect(h1(page)).toHaveText(title);
	await expect(page.getByRole('main').getByRole('link', { name: orgName, exact: true })).toBeVisible();
	const apply = page.getByRole('link', { name: new RegExp(`^${t('vcall_apply')}`) });
	await expect(apply).toHaveCount(2);
	await expect(apply.first()).toHaveAttribute('href', new RegExp(`^/en/calls/${id}/apply\\?shift=\\d+$`));
	await expect(page.getByText(t('vcall_places_left', { left: 4, places: 4 }))).toBeVisible();
	await context.close();
}

test('a member posts a call with JavaScript; a coordinator approves it; later calls open at once', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const { org, page, context } = await memberOfNewOrganisation(browser, 'Calls js');
	const title = `River clean-up ${uniqueTag()}`;

	// "Add a shift row" shows one more row and keeps what was typed.
	await open(page, `/en/organisations/${org.slug}/calls/new`);
	await fillCall(page, { title, shifts: goodShifts().slice(0, 1) });
	await page.getByRole('button', { name: t('vcall_add_row'), exact: true }).click();
	await expect(page.getByRole('group', { name: t('vcall_shift_row', { n: 4 }), exact: true })).toBeVisible();
	await expect(page.getByLabel(t('vcall_field_title'), { exact: true })).toHaveValue(title);

	const id = await postCall(page, org.slug, { title }, 'pending');
	await expect(page.getByText(t('vcall_badge_pending'), { exact: true })).toBeVisible();

	// Pending: the public does not see it; the member sees it with a banner.
	const anonymous = await newPage(browser);
	expect((await anonymous.page.goto(`/en/calls/${id}`))?.status()).toBe(404);
	await open(anonymous.page, '/en/calls');
	await expect(anonymous.page.getByRole('link', { name: title })).toHaveCount(0);
	await open(page, `/en/calls/${id}`);
	await expect(page.getByText(t('vcall_status_pending'))).toBeVisible();

	await approveAsCoordinator(browser, title);
	await expectPublicCall(browser, id, title, org.name);

	// The organisation now has an approved call: the next one opens at once. A lone < and & stay text
	// (markup itself is refused by the form: tests/unit/plain-text.spec.ts).
	const html = `Bold & <3, 3 < 5 ${uniqueTag()}`;
	const second = await postCall(page, org.slug, { title: html }, 'open');
	await open(anonymous.page, `/en/calls/${second}`);
	await expect(h1(anonymous.page)).toHaveText(html);
	await expect(h1(anonymous.page).locator('b')).toHaveCount(0);
	expect(await anonymous.page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
	await open(anonymous.page, '/en/calls');
	await expect(anonymous.page.getByRole('link', { name: html, exact: true })).toBeVisible();
	await anonymous.context.close();
	await context.close();
});

test.describe('without JavaScript', () => {
	test.use(NO_JS);

	test('a bad form comes back with its values; a declined call is edited and approved', async ({ browser }) => {
		test.setTimeout(120_000);
		const { org, page, context } = await memberOfNewOrganisation(browser, 'Calls nojs', NO_JS);
		await open(page, `/en/organisations/${org.slug}/calls/new`);
		await expect(page.locator('#svelte-announcer')).toHaveCount(0);

		// No shifts and a title too long.
		const long = 'T'.repeat(121);
		await fillCall(page, { title: long, place: 'Kept place' });
		await page.getByRole('button', { name: t('vcall_submit_new'), exact: true }).click();
		await expect(page.getByRole('alert').filter({ hasText: t('form_has_errors') })).toBeVisible();
		await expect(page.getByText(t('vcall_err_title_long'))).toBeVisible();
		await expect(page.getByText(t('vcall_err_no_shifts'))).toBeVisible();
		await expect(page.getByLabel(t('vcall_field_title'), { exact: true })).toHaveValue(long);
		await expect(page.getByLabel(t('vcall_field_place'), { exact: true })).toHaveValue('Kept place');
		await expect(page.getByRole('checkbox', { name: t('vol_opt_skill_environment') })).toBeChecked();

		// An end before the start.
		const title = `Library day ${uniqueTag()}`;
		await fillCall(page, { title, shifts: [{ date: dayAhead(10), start: '14:00', end: '12:00', places: '3' }] });
		await page.getByRole('button', { name: t('vcall_submit_new'), exact: true }).click();
		await expect(page.getByText(t('vcall_err_shift_end_before_start'))).toBeVisible();
		const row = page.getByRole('group', { name: t('vcall_shift_row', { n: 1 }), exact: true });
		await expect(row.getByLabel(t('vcall_shift_start'), { exact: true })).toHaveValue('14:00');

		// "Add a shift row" works as a plain post.
		await page.getByRole('button', { name: t('vcall_add_row'), exact: true }).click();
		await expect(page.getByRole('group', { name: t('vcall_shift_row', { n: 4 }), exact: true })).toBeVisible();
		await expect(page.getByLabel(t('vcall_field_title'), { exact: true })).toHaveValue(title);

		const id = await postCall(page, org.slug, { title }, 'pending');

		// The coordinator declines: a note is needed.
		const coordinator = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password, NO_JS);
		await open(coordinator.page, '/en/coordinate/calls');
		await coordinator.page.getByRole('button', { name: `${t('vcall_decline')}: ${title}`, exact: true }).click();
		await expect(coordinator.page.getByRole('alert').filter({ hasText: t('vcall_err_note_required') })).toBeVisible();
		// A note over the limit is told apart from a missing one.
		const tooLong = await coordinator.page.request.post('/en/coordinate/calls?/decline', {
			headers: FORM_HEADERS,
			data: formBody([
				['call', String(id)],
				['note', 'n'.repeat(1001)]
			]),
			maxRedirects: 0
		});
		expect(tooLong.status()).toBe(400);
		expect(await tooLong.text()).toContain(t('vcall_err_note_too_long'));
		const card = coordinator.page.getByRole('article').filter({ hasText: title });
		await card.getByRole('textbox', { name: t('vcall_decline_note') }).fill('Please say what to bring.');
		await coordinator.page.getByRole('button', { name: `${t('vcall_decline')}: ${title}`, exact: true }).click();
		await expect(coordinator.page.getByRole('status').filter({ hasText: t('vcall_review_declined') })).toBeVisible();

		// The member sees why, edits the call, and it goes back to review.
		await open(page, `/en/calls/${id}`);
		await expect(page.getByText(t('vcall_status_declined', { note: 'Please say what to bring.' }))).toBeVisible();
		await page.getByRole('link', { name: t('vcall_edit'), exact: true }).click();
		await expect(h1(page)).toHaveText(t('vcall_edit_title', { title }));
		await page.getByLabel(t('vcall_field_description'), { exact: true }).fill('Bring a pen.');
		await page.getByRole('button', { name: t('save'), exact: true }).click();
		await expect(page).toHaveURL(new RegExp(`/en/organisations/${org.slug}/calls\\?done=saved$`));
		await expect(page.getByText(t('vcall_badge_pending'), { exact: true })).toBeVisible();

		await coordinator.context.close();
		await approveAsCoordinator(browser, title, NO_JS);
		await expectPublicCall(browser, id, title, org.name);
		await context.close();
	});
});

test('people outside the organisation are refused on its call pages', async ({ browser }) => {
	test.setTimeout(120_000);
	const { org, page, context } = await memberOfNewOrganisation(browser, 'Calls access');
	const id = await postCall(page, org.slug, { title: `Guarded ${uniqueTag()}` }, 'pending');
	const elsewhere = await newOrganisation(browser, 'Calls other');
	const paths = [`/en/organisations/${org.slug}/calls`, `/en/organisations/${org.slug}/calls/new`];
	const editPath = `/en/organisations/${org.slug}/calls/${id}/edit`;

	// Anonymous: sent to sign in; the pending call does not exist.
	const anonymous = await newPage(browser);
	for (const path of [...paths, editPath]) {
		await anonymous.page.goto(path);
		await expect(anonymous.page).toHaveURL(/\/en\/signin\?next=/);
	}
	expect((await anonymous.page.goto(`/en/calls/${id}`))?.status()).toBe(404);
	await anonymous.context.close();

	// A member of another organisation (the demo learner), a learner without one, a mere requester.
	const other = await sessionAs(browser, LEARNER1.email, LEARNER1.password);
	const loner = await newPage(browser);
	await signUp(loner.page, newAccount('calls-loner'));
	const requester = await newPage(browser);
	await signUp(requester.page, newAccount('calls-requester'), org.name);
	for (const who of [other, loner, requester]) {
		for (const path of [...paths, editPath]) expect((await who.page.goto(path))?.status(), path).toBe(403);
		expect((await who.page.goto(`/en/calls/${id}`))?.status()).toBe(404);
		// Posting by hand is refused too, and nothing is made.
		const post = await who.page.request.post(`${BASE}/en/organisations/${org.slug}/calls/new`, {
			headers: FORM_HEADERS,
			data: formBody([
				['title', 'Sneaky'],
				['description', 'x'],
				['municipality', 'zvecan'],
				['shift_id', ''],
				['shift_date', dayAhead(5)],
				['shift_start', '10:00'],
				['shift_end', '11:00'],
				['shift_places', '1']
			]),
			maxRedirects: 0
		});
		expect(post.status()).toBe(403);
	}
	// The call's id under another organisation's address: not found, even for a coordinator.
	const coordinator = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password);
	expect((await coordinator.page.goto(`/en/organisations/${elsewhere.slug}/calls/${id}/edit`))?.status()).toBe(404);
	expect((await coordinator.page.goto(editPath))?.status()).toBe(200);
	expect((await coordinator.page.goto('/en/organisations/no-such-organisation/calls'))?.status()).toBe(404);
	// Learners and trainers do not review calls.
	expect((await other.page.goto('/en/coordinate/calls'))?.status()).toBe(403);
	const learner2 = await sessionAs(browser, LEARNER2.email, LEARNER2.password);
	const approve = await learner2.page.request.post(`${BASE}/en/coordinate/calls?/approve`, {
		headers: FORM_HEADERS,
		data: formBody([['call', String(id)]]),
		maxRedirects: 0
	});
	expect(approve.status()).toBe(403);
	for (const s of [other, loner, requester, coordinator, learner2]) await s.context.close();
	await context.close();
});

test('screenshots of the calls pages at 360 and 1280 px', async ({ browser }) => {
	test.setTimeout(120_000);
	const { org, page, context } = await memberOfNewOrganisation(browser, 'Calls shots');
	const title = `Youth council open day ${uniqueTag()}`;
	const id = await postCall(page, org.slug, { title, description: 'Welcome visitors.\nShow them around.' }, 'pending');
	const coordinator = await sessionAs(browser, COORDINATOR.email, COORDINATOR.password);
	await open(coordinator.page, '/en/coordinate/calls');
	await shoot(coordinator.page, 'coordinate-calls');
	await coordinator.context.close();
	await approveAsCoordinator(browser, title);
	await open(page, `/en/organisations/${org.slug}/calls/new`);
	await shoot(page, 'new-call');
	await open(page, `/en/organisations/${org.slug}/calls`);
	await shoot(page, 'organisation-calls');
	await open(page, '/en/calls');
	await shoot(page, 'calls');
	await open(page, `/en/calls/${id}`);
	await shoot(page, 'call');
	await context.close();
});

async function shoot(page: Page, name: string) {
	await expect(h1(page)).toBeVisible();
	for (const width of [360, 1280]) {
		await page.setViewportSize({ width, height: 800 });
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow, `${name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
		await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
	}
}
