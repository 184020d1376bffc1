// Notifications (issue 20): a person's notices, newest first, with unread ones marked; opening one
// marks it read and follows its link; "mark all read"; and the settings per kind (in the app, by
// e-mail; e-mail unavailable without SMTP, as in these tests). The notices are written straight into
// the database (their producers are covered by tests/unit/notices.spec.ts), for a fresh learner.
// The core journey also runs without JavaScript; axe checks both pages at 360 and 1280 px.
import { axeAtWidths } from './axe-helpers';
import { expect, test, type Page } from '@playwright/test';
import { goto, newAccount, signUp } from './helpers';
import { withDb } from './db';

/** Writes three notices for the account with this e-mail: a review, a cohort starting, a message. */
async function seedNotices(email: string): Promise<void> {
	await withDb(async (db) => {
		const user = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
		const now = Date.now();
		const notice = (kind: string, params: object, link: string, createdAt: number) => ({
			user_id: user.id,
			kind,
			params: JSON.stringify(params),
			link,
			created_at: createdAt,
			read_at: null
		});
		// One at a time, in this order: the ids (and so the order of equal times) stay as before.
		for (const row of [
			notice(
				'cohort-starting',
				{ cohort: 'Zvečan spring', course: 'Outreach', starts: Date.UTC(2026, 11, 7) },
				'/learning',
				now - 3000
			),
			notice(
				'coordinator-message',
				{
					subject: 'Room change',
					body: 'We meet in room 4.\n<b>Bring</b> your plan.',
					cohort: 'Zvečan spring',
					from: 'Cora'
				},
				'',
				now - 2000
			),
			notice('assignment-reviewed', { assignment: 'Outreach plan', decision: 'accepted' }, '/learning', now - 1000)
		])
			await db.insertInto('notices').values(row).execute();
	});
}

const axeClean = (page: Page, label: string) => axeAtWidths(page, label, { shots: 'notices' });

async function journey(page: Page, checkAxe: boolean) {
	const account = newAccount('notices');
	await signUp(page, account);
	await seedNotices(account.email);

	await goto(page, '/en/notifications');
	await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
	await expect(page.getByText('Unread: 3')).toBeVisible();
	const items = page.getByRole('listitem').filter({ has: page.locator('time') });
	// Newest first: the review, the message (its body as plain text, line breaks kept), the cohort.
	await expect(items.nth(0)).toContainText('Your hand-in “Outreach plan” was accepted.');
	await expect(items.nth(1)).toContainText('Message from Cora (Zvečan spring): Room change');
	await expect(items.nth(1)).toContainText('<b>Bring</b> your plan.');
	await expect(items.nth(2)).toContainText('Your cohort “Zvečan spring” of “Outreach” starts on 7 December 2026.');
	await expect(items.getByText('New', { exact: true })).toHaveCount(3);
	if (checkAxe) await axeClean(page, 'list');

	// Opening the review marks it read and follows its link.
	await page.getByRole('button', { name: 'Open: Your hand-in “Outreach plan” was accepted.' }).click();
	await expect(page).toHaveURL(/\/en\/learning$/);
	await goto(page, '/en/notifications');
	await expect(page.getByText('Unread: 2')).toBeVisible();
	await expect(items.nth(0).getByText('New', { exact: true })).toHaveCount(0);

	// A notice without a link is marked read where it is.
	await page.getByRole('button', { name: 'Mark as read: Message from Cora (Zvečan spring): Room change' }).click();
	await expect(page.getByRole('status')).toHaveText('The notification is marked as read.');
	await expect(page.getByText('Unread: 1')).toBeVisible();

	await page.getByRole('button', { name: 'Mark all as read' }).click();
	await expect(page.getByRole('status')).toHaveText('All notifications are marked as read.');
	await expect(page.getByText('Everything is read.')).toBeVisible();
	await expect(items.getByText('New', { exact: true })).toHaveCount(0);

	// The settings, reached from My account: reviews off in the app; e-mail is unavailable here (no SMTP).
	await goto(page, '/en/account');
	await page.getByRole('link', { name: 'Notification settings' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Notification settings' })).toBeVisible();
	await expect(page.getByText('E-mail is not set up on this platform')).toBeVisible();
	const reviews = page.getByRole('checkbox', { name: 'A trainer reviewed my hand-in: in the app' });
	await expect(reviews).toBeChecked();
	await expect(page.getByRole('checkbox', { name: /by e-mail/ })).toHaveCount(0);
	if (checkAxe) await axeClean(page, 'settings');
	await reviews.uncheck();
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect(page.getByRole('status')).toHaveText('Your notification settings are saved.');
	await goto(page, '/en/account/notifications');
	await expect(page.getByRole('checkbox', { name: 'A trainer reviewed my hand-in: in the app' })).not.toBeChecked();
	await expect(page.getByRole('checkbox', { name: 'My cohort is starting: in the app' })).toBeChecked();
	await page.getByRole('link', { name: 'Back to notifications' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
}

test.describe('notifications', () => {
	test('a learner reads, opens and clears notices and switches one kind off (axe at 360 and 1280 px)', async ({
		page
	}) => {
		await journey(page, true);
	});

	test('a visitor is sent to sign in; a notice that is not theirs is not found', async ({ page }) => {
		await page.goto('/en/notifications');
		await expect(page).toHaveURL(/\/en\/signin\?next=%2Fnotifications$/);
		const account = newAccount('notices-idor');
		await signUp(page, account);
		const response = await page.request.post('/en/notifications?/open', {
			form: { id: '999999999' },
			headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(response.status()).toBe(404);
	});
});

test.describe('notifications without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the same journey with plain forms', async ({ page }) => {
		await journey(page, false);
	});
});
