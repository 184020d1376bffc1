// A person's own details on My account (issue 20), with and without JavaScript: the name (refused
// with markup, the typed value kept), the preferred language (the pages switch to it), the e-mail
// address (this server has no SMTP: the page says so; a link made as the mail would carry it is then
// opened, confirmed once, and the new address signs in), and axe at both widths.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { axeAtWidths } from './axe-helpers';
import { expect, test, type Page } from '@playwright/test';
import { exactPath, h1, msg, open, signInAs, signUpLearner } from './learning-helpers';
import { LEARNER1, signOut } from './helpers';
import { serverDatabaseEnv } from './server-db';
import { userId, write } from './staffing-helpers';

const t = (key: string, params: Record<string, string> = {}) => msg('en', key, params);
const SHOTS = '/tmp/shots';

/** A pending e-mail change as requestEmailChange stores it (only the secret's SHA-256); its link token. */
async function seedEmailChange(email: string, newEmail: string): Promise<string> {
	const id = randomBytes(12).toString('hex');
	const secret = randomBytes(16).toString('hex');
	const user = await userId(email);
	await write((db) =>
		db
			.insertInto('email_changes')
			.values({
				id,
				user_id: user,
				new_email: newEmail,
				secret_hash: createHash('sha256').update(secret).digest(),
				expires_at: Date.now() + 3_600_000,
				used_at: null,
				created_at: Date.now()
			})
			.execute()
	);
	return `${id}.${secret}`;
}

const axe = (page: Page, label: string, shots: boolean) =>
	axeAtWidths(page, label, { shots: shots ? 'account' : null });

for (const javaScriptEnabled of [true, false]) {
	test.describe(`my account ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, () => {
		test.use({ javaScriptEnabled });

		test('name, preferred language and e-mail address', async ({ page }) => {
			// A long journey with axe at two widths on three pages; slow when both workers are busy.
			test.setTimeout(180_000);
			mkdirSync(SHOTS, { recursive: true });
			const learner = await signUpLearner(page, 'en', 'acct');
			await open(page, '/en/account');
			await expect(page.getByText(t('acct_name_note'))).toBeVisible();
			const name = page.getByLabel(t('field_name'), { exact: true });
			await expect(name).toHaveValue(learner.name);

			// Markup is refused, with the typed name kept.
			await name.fill('<b>Ana</b>');
			await page.getByRole('button', { name: t('acct_name_submit') }).click();
			await expect(page.getByText(t('volp_err_markup'))).toBeVisible();
			await expect(name).toHaveValue('<b>Ana</b>');
			await expect(name).toHaveAttribute('aria-invalid', 'true');

			const newName = `${learner.name} Jovanović`;
			await name.fill(newName);
			await page.getByRole('button', { name: t('acct_name_submit') }).click();
			await expect(page).toHaveURL(exactPath('/en/account?done=name'));
			await expect(page.getByText(t('acct_name_saved'))).toBeVisible();
			await expect(name).toHaveValue(newName);

			// Without SMTP the page says honestly that a new address cannot be confirmed by a link.
			await expect(page.getByText(t('acct_email_no_smtp'))).toBeVisible();
			await expect(page.getByLabel(t('acct_email_new'))).toHaveCount(0);
			if (javaScriptEnabled) await axe(page, 'page', true);

			// The preferred language: the pages switch to it.
			const language = page.getByRole('combobox', { name: t('acct_locale_label') });
			await language.selectOption('sq');
			await page.getByRole('button', { name: t('acct_locale_submit') }).click();
			await expect(page).toHaveURL(/\/sq\/account\?done=locale/);
			await expect(h1(page)).toHaveText(msg('sq', 'account_title'));
			await expect(page.getByText(msg('sq', 'acct_locale_saved'))).toBeVisible();
			await expect(page.getByRole('combobox', { name: msg('sq', 'acct_locale_label') })).toHaveValue('sq');
			await open(page, '/en/account');
			await expect(language).toHaveValue('sq');

			// The link to the new address (as the mail would carry it): shown, confirmed, spent.
			const newEmail = `new-${learner.email}`;
			const token = await seedEmailChange(learner.email, newEmail);
			await open(page, `/en/confirm-email/${token}`);
			await expect(h1(page)).toHaveText(t('acct_confirm_title'));
			await expect(page.getByText(t('acct_confirm_intro', { name: newName, email: newEmail }))).toBeVisible();
			if (javaScriptEnabled) await axe(page, 'confirm', true);
			await page.getByRole('button', { name: t('acct_confirm_submit') }).click();
			await expect(page).toHaveURL(exactPath('/en/confirm-email/done'));
			await expect(page.getByText(t('acct_confirm_done'))).toBeVisible();
			if (javaScriptEnabled) await axe(page, 'done', true);
			const again = await page.goto(`/en/confirm-email/${token}`);
			expect(again?.status()).toBe(410);
			await expect(page.getByText(t('acct_link_used'))).toBeVisible();

			// The new address signs in; the page shows it.
			await open(page, '/en/account');
			await signOut(page);
			await signInAs(page, newEmail, learner.password);
			await open(page, '/en/account');
			await expect(page.getByText(t('acct_email_now', { email: newEmail }))).toBeVisible();
		});
	});
}

test('a link that is not valid, or taken by another account by now, changes nothing', async ({ page }) => {
	const learner = await signUpLearner(page, 'en', 'acct');
	const bad = await page.goto('/en/confirm-email/nothing.here');
	expect(bad?.status()).toBe(404);
	await expect(page.getByText(t('acct_link_invalid'))).toBeVisible();

	const token = await seedEmailChange(learner.email, LEARNER1.email);
	await open(page, `/en/confirm-email/${token}`);
	await page.getByRole('button', { name: t('acct_confirm_submit') }).click();
	await expect(page.getByText(t('acct_link_taken'))).toBeVisible();
	await signOut(page);
	await signInAs(page, learner.email, learner.password);
	await open(page, '/en/account');
	await expect(page.getByText(t('acct_email_now', { email: learner.email }))).toBeVisible();
});

interface Mail {
	to: string;
	text: string;
}

/** A local SMTP server that accepts every message and keeps its recipient and (decoded) text. */
async function mailSink(): Promise<{ port: number; mails: Mail[]; close: () => void }> {
	const mails: Mail[] = [];
	const server = createServer((socket) => {
		let buffer = '';
		let data = false;
		let to = '';
		let body: string[] = [];
		socket.write('220 sink ESMTP\r\n');
		socket.on('data', (chunk) => {
			buffer += chunk.toString('utf8');
			let at: number;
			while ((at = buffer.indexOf('\r\n')) >= 0) {
				const line = buffer.slice(0, at);
				buffer = buffer.slice(at + 2);
				if (data) {
					if (line === '.') {
						data = false;
						const raw = body.join('\n');
						const text = raw.slice(raw.indexOf('\n\n') + 2);
						// Quoted-printable, as nodemailer writes non-ASCII text.
						const decoded = Buffer.from(
							text
								.replace(/=\n/g, '')
								.replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
							'latin1'
						).toString('utf8');
						mails.push({ to, text: decoded });
						socket.write('250 ok\r\n');
					} else body.push(line.startsWith('..') ? line.slice(1) : line);
				} else if (/^(EHLO|HELO)/i.test(line)) socket.write('250 sink\r\n');
				else if (/^RCPT TO:/i.test(line)) {
					to = line.replace(/^RCPT TO:\s*<?([^>]*)>?.*$/i, '$1');
					socket.write('250 ok\r\n');
				} else if (/^DATA/i.test(line)) {
					data = true;
					body = [];
					socket.write('354 go on\r\n');
				} else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
				else socket.write('250 ok\r\n');
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { port: (server.address() as AddressInfo).port, mails, close: () => server.close() };
}

test('with SMTP: the link goes to the new address, the old one hears of the change', async ({ page, browser }) => {
	test.setTimeout(120_000);
	// An account made on the e2e server (no SMTP), then the same build and database run with SMTP.
	const learner = await signUpLearner(page, 'en', 'acctm');
	const sink = await mailSink();
	const free = createServer();
	await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
	const port = (free.address() as AddressInfo).port;
	await new Promise((resolve) => free.close(resolve));
	const origin = `http://127.0.0.1:${port}`;
	const root = fileURLToPath(new URL('../../', import.meta.url));
	const child = spawn(process.execPath, [join(root, 'build', 'index.js')], {
		cwd: root,
		env: {
			...process.env,
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: origin,
			...serverDatabaseEnv(Number(process.env.E2E_PORT ?? 4173)),
			DEMO: 'off',
			SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
			SMTP_FROM: 'CivicSteps <test@example.test>'
		},
		stdio: 'ignore'
	});
	const context = await browser.newContext({ baseURL: origin });
	try {
		await expect
			.poll(async () => (await fetch(`${origin}/en`).catch(() => null))?.status ?? 0, { timeout: 30_000 })
			.toBe(200);
		const mailPage = await context.newPage();
		await signInAs(mailPage, learner.email, learner.password);
		await open(mailPage, '/en/account');
		await expect(mailPage.getByText(t('acct_email_intro'))).toBeVisible();
		await axe(mailPage, 'smtp', true);
		const newEmail = `moved-${learner.email}`;
		const field = mailPage.getByLabel(t('acct_email_new'));
		const current = mailPage.locator('#email-current');

		// A wrong password: refused, the address kept, nothing sent.
		await field.fill(newEmail);
		await current.fill('not my password at all');
		await mailPage.getByRole('button', { name: t('acct_email_submit') }).click();
		await expect(mailPage.getByText(t('err_password_wrong'))).toBeVisible();
		await expect(field).toHaveValue(newEmail);
		expect(sink.mails).toEqual([]);

		await current.fill(learner.password);
		await mailPage.getByRole('button', { name: t('acct_email_submit') }).click();
		await expect(mailPage).toHaveURL(`${origin}/en/account?done=email`);
		await expect(mailPage.getByText(t('acct_email_sent'))).toBeVisible();
		await expect(mailPage.getByText(t('acct_email_now', { email: learner.email }))).toBeVisible();
		await expect(
			mailPage.getByText(new RegExp(`^A change to ${newEmail.replace(/[.+]/g, '\\$&')} is waiting`))
		).toBeVisible();

		expect(sink.mails.map((m) => m.to)).toEqual([newEmail]);
		const link = /(http\S+\/confirm-email\/\S+)/.exec(sink.mails[0].text)?.[1];
		expect(link, sink.mails[0].text).toBeTruthy();
		await open(mailPage, new URL(link!).pathname);
		await mailPage.getByRole('button', { name: t('acct_confirm_submit') }).click();
		await expect(mailPage.getByText(t('acct_confirm_done'))).toBeVisible();
		await expect.poll(() => sink.mails.map((m) => m.to)).toEqual([newEmail, learner.email]);
		expect(sink.mails[1].text).toContain(newEmail);
		await open(mailPage, '/en/account');
		await expect(mailPage.getByText(t('acct_email_now', { email: newEmail }))).toBeVisible();
	} finally {
		await context.close();
		child.kill('SIGTERM');
		sink.close();
	}
});
