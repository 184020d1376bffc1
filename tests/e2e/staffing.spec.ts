// The CSO's side of volunteering (issue 18), with and without JavaScript: a member of Demo Youth
// Association sees the applicants of a call (a minor flagged, contact details shown to the
// organisation applied to), accepts with a message, marks attendance; the volunteer downloads the
// shift's calendar file and logs hours, which the member confirms. Members of another organisation
// get 403, anonymous visitors are sent to sign in, another person's calendar file is not found.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { goto, shootAtWidths } from './helpers';
import {
	DEMO_YOUTH,
	HOUR,
	MEMBER,
	OTHER_MEMBER,
	applicantCard,
	applicantsPath,
	expectHeading,
	memberSession,
	organisation,
	seedApplication,
	seedCall,
	userId,
	volunteerSession
} from './staffing-helpers';

const SHOTS = '/tmp/shots/staffing';

for (const javaScriptEnabled of [true, false]) {
	const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

	test.describe(`staffing ${mode}`, () => {
		test.use({ javaScriptEnabled });

		test('a member accepts a minor with a message; the volunteer gets the .ics, logs hours, the member confirms them', async ({
			browser
		}) => {
			test.setTimeout(120_000);
			const volunteer = await volunteerSession(browser, javaScriptEnabled ? 'vsjs' : 'vsnojs', true, javaScriptEnabled);
			const title = `Youth festival ${volunteer.account.name.slice(-6)}`;
			const { callId, shiftIds, slug } = await seedCall(DEMO_YOUTH, title, [
				{ startsIn: 48 * HOUR, hours: 3, places: 2 }
			]);
			await seedApplication(shiftIds[0], volunteer.id, 'I can take photos.');
			// An earlier shift with the organisation, already worked: hours may be logged from its day on.
			const earlier = await seedCall(DEMO_YOUTH, `${title} (earlier)`, [{ startsIn: -26 * HOUR, hours: 2, places: 2 }]);
			await seedApplication(earlier.shiftIds[0], volunteer.id, 'Earlier', 'accepted');

			const member = await memberSession(browser, undefined, javaScriptEnabled);
			await goto(member.page, applicantsPath(slug, callId));
			await expectHeading(member.page, `Applicants: ${title}`);
			const card = applicantCard(member.page, volunteer.account.name);
			await expect(card.getByText('Minor (under 18)')).toBeVisible();
			await expect(card.getByText('Vesna Guardian, +383 49 777 000')).toBeVisible();
			await expect(card.getByRole('link', { name: volunteer.account.email })).toBeVisible();
			await expect(card.getByText('I can take photos.')).toBeVisible();
			await expect(member.page.getByText('0 of 2 places filled')).toBeVisible();

			await card.getByLabel('Message to the volunteer (optional)').fill('Meet us at the youth centre at 9.');
			await card.getByRole('button', { name: `Accept ${volunteer.account.name}` }).click();
			await expect(member.page.getByText('The volunteer was accepted and has been told.')).toBeVisible();
			await expect(member.page).toHaveURL(/done=accepted/);
			await expect(member.page.getByText('1 of 2 places filled')).toBeVisible();
			await expect(card.getByText('Accepted', { exact: true })).toBeVisible();
			await expect(card.getByText('Your message: Meet us at the youth centre at 9.')).toBeVisible();
			await expect(card.getByLabel('Message to the volunteer (optional)')).toHaveValue('');
			if (javaScriptEnabled) await shootAtWidths(member.page, 'applicants', SHOTS);

			// The volunteer: the upcoming shift with its calendar file, then hours.
			const v = volunteer.page;
			await goto(v, '/en/volunteer/hours');
			await expectHeading(v, 'My volunteer hours');
			const download = v.waitForEvent('download');
			await v.getByRole('link', { name: `Add ${title} to my calendar (.ics)` }).click();
			const file = readFileSync(await (await download).path(), 'utf8');
			expect(file).toContain('BEGIN:VCALENDAR');
			expect(file).toContain(`SUMMARY:${title}`);

			await v.getByLabel('Hours', { exact: true }).fill('2,5');
			await v.getByLabel('Note (optional)').fill('Set up the stage');
			await v.getByRole('button', { name: 'Log hours' }).click();
			await expect(v.getByText('Your hours are logged. The organisation will confirm them.')).toBeVisible();
			await expect(v.getByLabel('Note (optional)')).toHaveValue('');
			await expect(v.getByRole('listitem').filter({ hasText: 'Set up the stage' })).toContainText(
				'Waiting for confirmation'
			);
			if (javaScriptEnabled) await shootAtWidths(v, 'volunteer-hours', SHOTS);

			await goto(member.page, `/en/organisations/${slug}/hours`);
			await expectHeading(member.page, `Volunteer hours: ${DEMO_YOUTH}`);
			if (javaScriptEnabled) await shootAtWidths(member.page, 'organisation-hours', SHOTS);
			await member.page.getByRole('button', { name: `Confirm the hours of ${volunteer.account.name}` }).click();
			await expect(member.page.getByText('The hours are confirmed.')).toBeVisible();
			await expect(
				member.page.getByRole('button', { name: `Confirm the hours of ${volunteer.account.name}` })
			).toHaveCount(0);
			await expect(member.page.getByText(`${volunteer.account.name}: 2.5 h`)).toBeVisible();

			await goto(v, '/en/volunteer/hours');
			await expect(v.getByText('Confirmed hours in all: 2.5 h')).toBeVisible();
			await expect(v.getByRole('listitem').filter({ hasText: 'Set up the stage' })).toContainText('Confirmed');

			// Hours the organisation does not recognise are rejected with a reason the volunteer reads.
			await v.getByLabel('Hours', { exact: true }).fill('1');
			await v.getByLabel('Note (optional)').fill('Cleaned up after');
			await v.getByRole('button', { name: 'Log hours' }).click();
			await expect(v.getByText('Your hours are logged. The organisation will confirm them.')).toBeVisible();
			await goto(member.page, `/en/organisations/${slug}/hours`);
			// Other tests' volunteers may be waiting with this organisation too: this entry only.
			const entry = () => member.page.getByRole('listitem').filter({ hasText: 'Cleaned up after' });
			await entry().getByLabel('Reason, if you reject (optional)').fill('<b>No</b>');
			await entry()
				.getByRole('button', { name: `Reject the hours of ${volunteer.account.name}` })
				.click();
			await expect(entry().getByRole('alert')).toBeVisible();
			await expect(entry().getByLabel('Reason, if you reject (optional)')).toHaveValue('<b>No</b>');
			await entry().getByLabel('Reason, if you reject (optional)').fill('Clean-up was done by staff.');
			await entry()
				.getByRole('button', { name: `Reject the hours of ${volunteer.account.name}` })
				.click();
			await expect(member.page).toHaveURL(/done=rejected/);
			await goto(v, '/en/volunteer/hours');
			const rejected = v.getByRole('listitem').filter({ hasText: 'Cleaned up after' });
			await expect(rejected).toContainText('Reason given: Clean-up was done by staff.');
			await expect(v.getByText('Confirmed hours in all: 2.5 h')).toBeVisible();
			await member.context.close();
			await volunteer.context.close();
		});

		test('a full shift refuses a second accept; attendance after the start confirms the shift’s hours', async ({
			browser
		}) => {
			test.setTimeout(120_000);
			const first = await volunteerSession(browser, 'vsfirst', false, javaScriptEnabled);
			const second = await volunteerSession(browser, 'vssecond', false, javaScriptEnabled);
			const title = `Park clean-up ${first.account.name.slice(-6)}`;
			const { callId, shiftIds, slug } = await seedCall(DEMO_YOUTH, title, [
				{ startsIn: 24 * HOUR, hours: 2, places: 1 },
				{ startsIn: -HOUR, hours: 3, places: 5 }
			]);
			await seedApplication(shiftIds[0], first.id, 'First!');
			await seedApplication(shiftIds[0], second.id, 'Me too');
			await seedApplication(shiftIds[1], first.id, 'Today', 'accepted');

			const member = await memberSession(browser, undefined, javaScriptEnabled);
			const page = member.page;
			await goto(page, applicantsPath(slug, callId));
			// Shifts are listed by start: the one that started an hour ago first, tomorrow's second.
			const upcoming = page.getByRole('region').nth(1);
			await upcoming.getByRole('button', { name: `Accept ${first.account.name}` }).click();
			await expect(page.getByText('The volunteer was accepted and has been told.')).toBeVisible();
			await page
				.getByRole('region')
				.nth(1)
				.getByRole('button', { name: `Accept ${second.account.name}` })
				.click();
			await expect(page.getByText('This shift is full: no places are left.')).toBeVisible();

			// The shift that started an hour ago: mark attendance, 3 hours by default.
			const today = page.getByRole('region').first();
			await expect(today.getByLabel('Hours to credit')).toHaveValue('3');
			await today.getByRole('button', { name: `${first.account.name} came` }).click();
			await expect(page.getByText('Attendance marked; the hours are confirmed.')).toBeVisible();
			await expect(page.getByRole('region').first().getByText('Came · 3 h')).toBeVisible();

			await goto(first.page, '/en/volunteer/hours');
			await expect(first.page.getByText('Confirmed hours in all: 3 h')).toBeVisible();
			await member.context.close();
			await first.context.close();
			await second.context.close();
		});

		test('a member’s own application is left to another member; attendance credits at most the shift', async ({
			browser
		}) => {
			test.setTimeout(120_000);
			const volunteer = await volunteerSession(
				browser,
				javaScriptEnabled ? 'vsownjs' : 'vsownnojs',
				false,
				javaScriptEnabled
			);
			const title = `Library day ${volunteer.account.name.slice(-6)}`;
			const { callId, shiftIds, slug } = await seedCall(DEMO_YOUTH, title, [
				{ startsIn: -2 * HOUR, hours: 1, places: 3 },
				{ startsIn: 24 * HOUR, hours: 2, places: 3 }
			]);
			await seedApplication(shiftIds[0], volunteer.id, 'Short shift', 'accepted');
			await seedApplication(shiftIds[1], await userId(MEMBER.email), 'My own application');

			const member = await memberSession(browser, undefined, javaScriptEnabled);
			const page = member.page;
			await goto(page, applicantsPath(slug, callId));
			const own = page.getByRole('article').filter({ hasText: 'My own application' });
			await expect(own.getByText('This is your own application')).toBeVisible();
			await expect(own.getByRole('button')).toHaveCount(0);

			// A one-hour shift: 1 h by default; more is refused with the value kept, less is taken.
			const card = applicantCard(page, volunteer.account.name);
			await expect(card.getByLabel('Hours to credit')).toHaveValue('1');
			await card.getByLabel('Hours to credit').fill('5');
			await card.getByRole('button', { name: `${volunteer.account.name} came` }).click();
			await expect(page.getByText('You can credit at most the length of the shift; enter fewer hours.')).toBeVisible();
			await expect(applicantCard(page, volunteer.account.name).getByLabel('Hours to credit')).toHaveValue('5');
			await applicantCard(page, volunteer.account.name).getByLabel('Hours to credit').fill('0,5');
			await applicantCard(page, volunteer.account.name)
				.getByRole('button', { name: `${volunteer.account.name} came` })
				.click();
			await expect(page.getByText('Attendance marked; the hours are confirmed.')).toBeVisible();
			await expect(applicantCard(page, volunteer.account.name).getByText('Came · 0.5 h')).toBeVisible();
			await member.context.close();
			await volunteer.context.close();
		});
	});
}

test.describe('staffing access', () => {
	test('members of another organisation get 403, visitors sign in, another person’s .ics is not found', async ({
		browser,
		page
	}) => {
		test.setTimeout(90_000);
		const volunteer = await volunteerSession(browser, 'vsaccess');
		const { callId, shiftIds, slug } = await seedCall(DEMO_YOUTH, `Access check ${volunteer.account.name.slice(-6)}`, [
			{ startsIn: 30 * HOUR, hours: 2, places: 3 }
		]);
		const application = await seedApplication(shiftIds[0], volunteer.id, 'Hello', 'accepted');

		const other = await memberSession(browser, OTHER_MEMBER);
		for (const path of [applicantsPath(slug, callId), `/en/organisations/${slug}/hours`]) {
			const response = await other.page.goto(path);
			expect(response?.status(), path).toBe(403);
			await expect(other.page.getByText(volunteer.account.email)).toHaveCount(0);
		}
		// Their own organisation's address with this call: not found.
		const otherSlug = (await organisation("Demo Women's Initiative")).slug;
		expect((await other.page.goto(applicantsPath(otherSlug, callId)))?.status()).toBe(404);
		// A forged form post is refused too.
		const post = await other.page.request.post(`${applicantsPath(slug, callId)}?/accept`, {
			form: { application: String(application), message: '' },
			headers: { origin: new URL(other.page.url()).origin, accept: 'text/html' }
		});
		expect(post.status()).toBe(403);
		expect((await other.page.goto(`/en/volunteer/shifts/${application}/calendar.ics`))?.status()).toBe(404);

		// The volunteer's own file is there.
		const own = await volunteer.page.request.get(`/en/volunteer/shifts/${application}/calendar.ics`);
		expect(own.status()).toBe(200);
		expect(own.headers()['content-type']).toContain('text/calendar');

		for (const path of [applicantsPath(slug, callId), `/en/organisations/${slug}/hours`, '/en/volunteer/hours']) {
			await page.goto(path);
			await expect(page).toHaveURL(/\/en\/signin\?next=/);
		}
		await other.context.close();
		await volunteer.context.close();
	});
});
