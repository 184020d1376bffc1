// The volunteer's journeys (issue 18): a profile (with and without JavaScript), the consent a minor
// needs, hiding the profile, the calls that fit, applying to a shift and withdrawing, and who may
// open these pages.
import { expect, test, type Page } from '@playwright/test';
import { goto, newAccount, signUp } from './helpers';
import { dbGet } from './security-helpers';
import { withDb } from './db';
import { addNotice, callTitle, createCall, createProfile, fillProfile } from './volunteer-helpers';

const ADULT = {
	municipality: 'Zvečan',
	languages: ['Serbian', 'English'],
	skills: ['Organising events'],
	// Free at any time: the test calls' shifts fall on whatever day the suite runs.
	availability: ['Weekdays', 'Evenings', 'Weekends'],
	age: '25–34'
};

async function newVolunteer(page: Page, prefix: string) {
	const account = newAccount(prefix);
	await signUp(page, account);
	return account;
}

async function applyAndWithdraw(page: Page) {
	const title = callTitle('Ibar clean-up');
	const call = await createCall({ title, shifts: [{ inDays: 3, places: 2 }] });
	await goto(page, '/en/volunteer');
	await expect(page.getByText(/Calls that fit you are open calls in your municipality/)).toBeVisible();
	const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });
	await expect(card).toBeVisible();
	await expect(card.getByText('Demo Youth Association')).toBeVisible();
	await card.getByRole('link', { name: `Apply: ${title}` }).click();

	await expect(page).toHaveURL(new RegExp(`/en/calls/${call.id}/apply\\?shift=${call.shiftIds[0]}$`));
	await expect(page.getByRole('heading', { level: 1, name: `Apply: ${title}` })).toBeVisible();
	await expect(page.getByRole('radio')).toBeChecked();
	await expect(page.getByText('2 of 2 places left')).toBeVisible();
	// Markup is refused with a clear message, and the message typed is kept.
	await page.getByLabel('Message to the organisation (optional)').fill('I have gloves <b>and</b> a rake.');
	await page.getByRole('button', { name: 'Send my application' }).click();
	await expect(page.getByRole('alert')).toHaveText('Please write plain text, without < > tags.');
	await expect(page.getByLabel('Message to the organisation (optional)')).toHaveValue(
		'I have gloves <b>and</b> a rake.'
	);
	await page.getByRole('radio').check();
	await page.getByLabel('Message to the organisation (optional)').fill('I have gloves and a rake, I <3 the river.');
	await page.getByRole('button', { name: 'Send my application' }).click();

	await expect(page).toHaveURL(/\/en\/volunteer\?done=applied$/);
	await expect(page.getByText('Your application was sent.')).toBeVisible();
	const history = page.getByRole('region', { name: 'My applications' });
	const entry = history.getByRole('listitem').filter({ hasText: title });
	await expect(entry.getByText('Waiting for the organisation')).toBeVisible();

	// Applying again to the same shift is refused, and the message typed is kept.
	await goto(page, `/en/calls/${call.id}/apply?shift=${call.shiftIds[0]}`);
	await page.getByLabel('Message to the organisation (optional)').fill('Once more');
	await page.getByRole('button', { name: 'Send my application' }).click();
	await expect(page.getByRole('alert')).toHaveText(/You have already applied to this shift/);
	await expect(page.getByLabel('Message to the organisation (optional)')).toHaveValue('Once more');

	await goto(page, '/en/volunteer');
	await history
		.getByRole('listitem')
		.filter({ hasText: title })
		.getByRole('button', { name: `Withdraw my application to “${title}”` })
		.click();
	await expect(page).toHaveURL(/\/en\/volunteer\?done=withdrawn$/);
	await expect(page.getByText('Your application was withdrawn.')).toBeVisible();
	await expect(entry.getByText('Withdrawn')).toBeVisible();
	await expect(entry.getByRole('button', { name: /Withdraw/ })).toHaveCount(0);
}

for (const javaScriptEnabled of [true, false]) {
	test.describe(`volunteer journeys, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled });

		test('create a profile, hide and show it, apply to a call and withdraw', async ({ page }) => {
			await newVolunteer(page, javaScriptEnabled ? 'vol-js' : 'vol-nojs');
			await goto(page, '/en/volunteer');
			await expect(page.getByText('You do not have a volunteer profile yet.')).toBeVisible();
			await page.getByRole('link', { name: 'Create my volunteer profile' }).click();
			await expect(page.getByRole('heading', { level: 1, name: 'Become a volunteer' })).toBeVisible();

			await createProfile(page, { ...ADULT, phone: '+383 44 123 456' });
			await page.getByRole('link', { name: 'Edit my volunteer profile' }).click();
			await expect(page.getByRole('heading', { level: 1, name: 'My volunteer profile' })).toBeVisible();
			await expect(page.getByLabel('Municipality where you live')).toHaveValue('zvecan');
			await expect(page.getByLabel('Phone (optional)')).toHaveValue('+383 44 123 456');
			// Consent is given again with each save: never ticked in advance.
			await expect(page.getByLabel(/Organisations I apply to may contact me/)).not.toBeChecked();

			await page.getByRole('button', { name: 'Hide my profile' }).click();
			await expect(page.getByText('Your profile is now hidden.')).toBeVisible();
			await goto(page, '/en/volunteer');
			await expect(page.getByText('Your profile is hidden: you cannot apply')).toBeVisible();
			await expect(page.getByRole('heading', { name: 'Calls that fit you' })).toHaveCount(0);
			await goto(page, '/en/volunteer/profile');
			await page.getByRole('button', { name: 'Show my profile again' }).click();
			await expect(page.getByText('Your profile is visible again.')).toBeVisible();

			await applyAndWithdraw(page);
		});

		test('an under-18 without a guardian’s consent is refused, with the values kept', async ({ page }) => {
			await newVolunteer(page, javaScriptEnabled ? 'minor-js' : 'minor-nojs');
			await goto(page, '/en/volunteer/profile');
			await fillProfile(page, {
				...ADULT,
				age: 'Under 18',
				skillsOther: 'Chess club',
				guardianName: 'Mira Petrović',
				contactConsent: true
			});
			await page.getByRole('button', { name: 'Create profile' }).click();
			await expect(page.getByRole('alert')).toHaveText(/Volunteers under 18 need the name and contact of a parent/);
			await expect(page.getByText('Under 18: enter how to reach your parent or guardian.')).toBeVisible();
			await expect(page.getByText('Under 18: your parent or guardian must agree.')).toBeVisible();
			await expect(page.getByLabel('Municipality where you live')).toHaveValue('zvecan');
			await expect(page.getByLabel('Age', { exact: true })).toHaveValue('under-18');
			await expect(page.getByRole('group', { name: 'Languages you speak' }).getByLabel('Serbian')).toBeChecked();
			await expect(page.getByLabel('Other skills (optional)')).toHaveValue('Chess club');
			await expect(page.getByLabel('Name of your parent or guardian')).toHaveValue('Mira Petrović');
			await expect(page.getByLabel(/Organisations I apply to may contact me/)).toBeChecked();

			await fillProfile(page, { guardianContact: '064 111 2222', guardianConsent: true });
			await page.getByRole('button', { name: 'Create profile' }).click();
			await expect(page).toHaveURL(/\/en\/volunteer\?done=created$/);
		});
	});
}

test('a volunteer whom no call fits sees an empty list and no applications', async ({ page }) => {
	await newVolunteer(page, 'vol-empty');
	// A minor in Leposavić: the test calls are for adults in Zvečan.
	await createProfile(page, {
		municipality: 'Leposavić',
		languages: ['Albanian'],
		age: 'Under 18',
		guardianName: 'Mira',
		guardianContact: '064 111 2222',
		guardianConsent: true
	});
	await expect(page.getByText('No open call fits your profile right now.')).toBeVisible();
	await expect(page.getByText('You have not applied to any call yet.')).toBeVisible();
});

test.describe('notices, JavaScript off', () => {
	test.use({ javaScriptEnabled: false });

	test('the volunteering page shows notices in words, links to them, and marks them read', async ({ page }) => {
		const account = await newVolunteer(page, 'vol-notices');
		const call = await createCall({ title: callTitle('Noticed') });
		await addNotice(
			account.email,
			'application-declined',
			{ call: 'Ibar clean-up', callId: call.id, message: 'All places are taken.' },
			`/calls/${call.id}`
		);
		await addNotice(account.email, 'hours-confirmed', { hours: 6, organisation: 'Demo Youth Association' });
		await addNotice(
			account.email,
			'certificate-issued',
			{ hours: 20, code: 'ABCD-EFGH-JKLM' },
			'https://evil.example/'
		);
		await goto(page, '/en/volunteer');
		const notices = page.getByRole('region', { name: 'Notices' });
		await expect(
			notices.getByText('Your application to “Ibar clean-up” was not accepted. All places are taken.')
		).toBeVisible();
		await expect(notices.getByText('Demo Youth Association confirmed 6 hours of your volunteering.')).toBeVisible();
		await expect(
			notices.getByText('You have earned a volunteer certificate for 20 hours (code ABCD-EFGH-JKLM).')
		).toBeVisible();
		// Only links to this site are followed.
		await expect(notices.getByRole('link', { name: 'Open' })).toHaveCount(1);
		await expect(notices.getByRole('link', { name: 'Open' })).toHaveAttribute('href', `/en/calls/${call.id}`);
		await expect(notices.getByText('new', { exact: true })).toHaveCount(3);
		await notices.getByRole('button', { name: 'Mark all as read' }).click();
		await expect(page).toHaveURL(/\/en\/volunteer\?done=read$/);
		await expect(page.getByText('All notices are marked as read.')).toBeVisible();
		await expect(notices.getByText('new', { exact: true })).toHaveCount(0);
		await expect(notices.getByRole('button', { name: 'Mark all as read' })).toHaveCount(0);
	});
});

test('a call asking for a course names it and links to it', async ({ page }) => {
	await newVolunteer(page, 'vol-course');
	await createProfile(page, ADULT);
	const outreach = (await dbGet<{ id: number }>("SELECT id FROM courses WHERE slug = 'outreach'"))!.id;
	const trained = await createCall({ title: callTitle('Trained'), requiredCourseId: outreach });
	await goto(page, `/en/calls/${trained.id}/apply`);
	const notice = page.getByText(/This call asks volunteers to complete the course “.+” first\./);
	await expect(notice).toBeVisible();
	await expect(notice.getByRole('link', { name: 'Open the course' })).toHaveAttribute('href', '/en/courses/outreach');
	// Nothing to fill in before the course is done.
	await expect(page.getByRole('button', { name: 'Send my application' })).toHaveCount(0);
});

test('a call asking for a course that cannot be shown says so in general words', async ({ page }) => {
	await newVolunteer(page, 'vol-course-gone');
	await createProfile(page, ADULT);
	// An archived course: it has no page to link to.
	const now = Date.now();
	const { id: courseId } = await withDb((db) =>
		db
			.insertInto('courses')
			.values({
				slug: `gone-${now.toString(36)}${Math.random().toString(36).slice(2, 6)}`,
				// The columns' defaults (db/migrations/0002_learning.ts), which the schema's types require.
				pass_mark: 70,
				certificate_modules: 'all',
				org_min_certified: 2,
				archived: 1,
				created_at: now,
				updated_at: now
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	);
	const call = await createCall({ title: callTitle('Course gone'), requiredCourseId: courseId });
	await goto(page, `/en/calls/${call.id}/apply`);
	await expect(page.getByText('This call asks for a course you have not completed.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Send my application' })).toHaveCount(0);
});

test.describe('plain text only, JavaScript off', () => {
	test.use({ javaScriptEnabled: false });

	test('a profile with a script in its skills comes back with the message and every value kept', async ({ page }) => {
		await newVolunteer(page, 'vol-markup');
		await goto(page, '/en/volunteer/profile');
		await fillProfile(page, {
			...ADULT,
			skillsOther: '<script>alert(1)</script>',
			phone: '+383 44 123 456',
			contactConsent: true
		});
		await page.getByRole('button', { name: 'Create profile' }).click();
		await expect(page.getByText('Please write plain text, without < > tags.').first()).toBeVisible();
		await expect(page.getByLabel('Other skills (optional)')).toHaveValue('<script>alert(1)</script>');
		await expect(page.getByLabel('Other skills (optional)')).toHaveAttribute('aria-invalid', 'true');
		await expect(page.getByLabel('Municipality where you live')).toHaveValue('zvecan');
		await expect(page.getByLabel('Phone (optional)')).toHaveValue('+383 44 123 456');
		await expect(
			page.getByRole('group', { name: 'What you can help with' }).getByLabel('Organising events')
		).toBeChecked();
		await expect(page.getByRole('group', { name: 'When you are available' }).getByLabel('Evenings')).toBeChecked();
		await expect(page.getByLabel(/Organisations I apply to may contact me/)).toBeChecked();
		expect(
			await dbGet('SELECT 1 AS x FROM volunteer_profiles WHERE skills_other LIKE ?', '%<script>%')
		).toBeUndefined();

		await page.getByLabel('Other skills (optional)').fill('Chess, maths (3 < 5), I <3 my town');
		await page.getByRole('button', { name: 'Create profile' }).click();
		await expect(page).toHaveURL(/\/en\/volunteer\?done=created$/);
	});
});

test('a minor is refused a call for adults', async ({ page }) => {
	await newVolunteer(page, 'vol-minor-apply');
	await createProfile(page, {
		...ADULT,
		age: 'Under 18',
		guardianName: 'Mira',
		guardianContact: '064 111 2222',
		guardianConsent: true
	});
	const adults = await createCall({ title: callTitle('Adults') });
	await goto(page, `/en/calls/${adults.id}/apply`);
	await expect(page.getByText('This call is for volunteers aged 18 or over.')).toBeVisible();
	// No form to fill in vain; a post made anyway (an old tab) is refused with the same words.
	await expect(page.getByRole('button', { name: 'Send my application' })).toHaveCount(0);
	const response = await page.request.post(`/en/calls/${adults.id}/apply`, {
		form: { shift: String(adults.shiftIds[0]), message: 'hi' },
		headers: { origin: new URL(page.url()).origin, accept: 'text/html' }
	});
	expect(response.status()).toBe(400);
	expect(await response.text()).toContain('This call is for volunteers aged 18 or over.');
});

test('a call that is not open, and an unknown call, answer 404 on the apply page', async ({ page }) => {
	await newVolunteer(page, 'vol-404');
	const pending = await createCall({ title: callTitle('Pending'), status: 'pending' });
	for (const id of [pending.id, 999999999]) {
		const response = await page.goto(`/en/calls/${id}/apply`);
		expect(response?.status(), `call ${id}`).toBe(404);
		await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
	}
});

test('without a volunteer profile the apply page links to making one', async ({ page }) => {
	await newVolunteer(page, 'vol-noprofile');
	const call = await createCall({ title: callTitle('Open') });
	await goto(page, `/en/calls/${call.id}/apply`);
	await expect(page.getByText('You need a volunteer profile to apply.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Send my application' })).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Create my volunteer profile' })).toBeVisible();
});

test('a visitor is sent to sign in and back from every volunteer page', async ({ request, baseURL }) => {
	const call = await createCall({ title: callTitle('Visitors') });
	for (const path of ['/volunteer', '/volunteer/profile', `/calls/${call.id}/apply?shift=${call.shiftIds[0]}`]) {
		const response = await request.get(`/en${path}`, { maxRedirects: 0 });
		expect(response.status(), path).toBe(303);
		expect(response.headers()['location'], path).toBe(`/en/signin?next=${encodeURIComponent(path)}`);
	}
	const post = await request.post(`/en/calls/${call.id}/apply`, {
		form: { shift: String(call.shiftIds[0]), message: 'hi' },
		headers: { origin: baseURL!, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(post.status()).toBe(303);
	expect(post.headers()['location']).toBe(`/en/signin?next=${encodeURIComponent(`/calls/${call.id}/apply`)}`);
});
