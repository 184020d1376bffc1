// Where people land (issue 20): after signing in each role lands where its work is and the home page
// shows the same first; the phone header stays one line with a menu that opens without JavaScript and
// the unread notices; the verify page is in the footer and every verify page has a box for another
// code; a certificate's PDF in the language chosen at download time. Axe on the new pages at 360 and
// 1280 px, with screenshots in /tmp/shots/land-*.png.
import { insertAccount } from './db';
import { axeViolations } from './axe-helpers';
import { expect, test, type Page } from '@playwright/test';
import { randomInt } from 'node:crypto';
import { ADMIN, TRAINER, goto, newAccount, ready, signIn, signOut, signUp, submitSignIn } from './helpers';
import { COORDINATOR, COURSE, newPage, t } from './cert-helpers';
import { enrolFromList, exactPath, h1, lessonPath } from './learning-helpers';
import { userId, write } from './staffing-helpers';
import { pdfText } from '../unit/pdf-reading';

const NO_JS = { javaScriptEnabled: false };
const first = COURSE.modules[0];
const firstLesson = lessonPath('en', COURSE.slug, first.slug, first.lessons[0].slug);
/** A shipped lesson with a table and a task list. */
const LESSON = { module: 'mobilisation-youth', lesson: 'working-with-young-people' };
const nextAction = (page: Page) => page.getByRole('region', { name: t('land_heading') });

/** A learner certificate of the outreach course written straight into the database (the course's
 * whole path to a certificate is the certificates suites' business); returns its code. */
async function seedCertificate(holderId: number, name: string): Promise<string> {
	const chars = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
	const part = () => Array.from({ length: 4 }, () => chars[randomInt(chars.length)]).join('');
	const code = `${part()}-${part()}-${part()}`;
	await write(async (db) => {
		const course = await db
			.selectFrom('courses')
			.select('id')
			.where('slug', '=', COURSE.slug)
			.executeTakeFirstOrThrow();
		await db
			.insertInto('certificates')
			.values({
				code,
				kind: 'learner',
				course_id: course.id,
				user_id: holderId,
				organisation_id: null,
				recipient_name: name,
				organisation_name: null,
				course_title: COURSE.title('en'),
				locale: 'en',
				issuer_name: 'CivicSteps',
				issued_at: Date.now(),
				credential: 'not.signed.here',
				revoked_at: null,
				revoked_reason: null,
				revoked_by: null,
				hours: null
			})
			.execute();
	});
	return code;
}

/** A holder for a second certificate (one per person and course): a row, no password. */
async function seedHolder(name: string): Promise<number> {
	const now = Date.now();
	return write((db) =>
		insertAccount(db, {
			name,
			email: `${name.replace(/\W/g, '').toLowerCase()}-${now}@example.test`,
			search_text: name.toLowerCase(),
			role: 'learner',
			now
		})
	);
}

test('each role lands where its work is, a safe next still wins, and the home page shows the same first', async ({
	browser
}) => {
	test.setTimeout(120_000);
	// A new learner: nothing started yet, so the home page offers a course.
	const { context, page } = await newPage(browser);
	const learner = newAccount('land');
	await signUp(page, learner);
	await goto(page, '/en');
	await expect(nextAction(page).getByRole('link', { name: t('land_start') })).toHaveAttribute('href', '/en/courses');
	await enrolFromList(page, COURSE);
	await signOut(page);
	// Signing in lands on the next step of the course, one tap from work.
	await goto(page, '/en/signin');
	await submitSignIn(page, learner.email, learner.password);
	await expect(page).toHaveURL(exactPath(firstLesson));
	await expect(h1(page)).toHaveText(first.lessons[0].title('en'));
	await goto(page, '/en');
	const go = nextAction(page).getByRole('link', { name: t('land_continue', { title: first.lessons[0].title('en') }) });
	await expect(go).toHaveAttribute('href', firstLesson);
	await expect(nextAction(page)).toContainText(t('land_in_course', { course: COURSE.title('en') }));
	await go.click();
	await expect(page).toHaveURL(exactPath(firstLesson));
	await context.close();

	for (const [who, path, action] of [
		[TRAINER, '/en/teach', t('land_teach_link')],
		[COORDINATOR, '/en/cohorts', t('land_all_cohorts')],
		[ADMIN, '/en/admin/users', t('land_admin_link')]
	] as const) {
		const staff = await newPage(browser);
		await goto(staff.page, '/en/signin');
		await submitSignIn(staff.page, who.email, who.password);
		await expect(staff.page).toHaveURL(exactPath(path));
		await goto(staff.page, '/en');
		await expect(nextAction(staff.page).getByRole('link', { name: action })).toHaveAttribute('href', path);
		await staff.context.close();
	}
	// Asked for a page (a link that needed signing in): that page, whoever signs in.
	const asked = await newPage(browser);
	await goto(asked.page, '/en/signin?next=%2Fcalendar');
	await submitSignIn(asked.page, ADMIN.email, ADMIN.password);
	await expect(asked.page).toHaveURL(exactPath('/en/calendar'));
	await asked.context.close();
});

test('the phone header is one line with the notices and a menu; the pages are axe clean at both widths', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const { context, page } = await newPage(browser);
	// The busiest header: a coordinator's, with two unread notices.
	await signIn(page, COORDINATOR.email, COORDINATOR.password);
	await page.setViewportSize({ width: 360, height: 800 });
	const coordinator = await userId(COORDINATOR.email);
	await write(async (db) => {
		await db
			.updateTable('notices')
			.set({ read_at: Date.now() })
			.where('user_id', '=', coordinator)
			.where('read_at', 'is', null)
			.execute();
		for (let i = 0; i < 2; i++)
			await db
				.insertInto('notices')
				.values({ user_id: coordinator, kind: 'coordinator-message', created_at: Date.now() })
				.execute();
	});
	await goto(page, '/en');
	const header = page.getByRole('banner');
	const box = await header.boundingBox();
	expect(box!.height).toBeLessThanOrEqual(64);
	// The bell is named like the page it opens: Notifications.
	await expect(header.getByRole('link', { name: 'Notifications, 2 unread', exact: true })).toHaveAttribute(
		'href',
		'/en/notifications'
	);
	// The links are in the menu, closed until asked.
	const main = header.getByRole('navigation', { name: t('nav_main') });
	await expect(main.getByRole('link', { name: t('nav_cohorts') })).toBeHidden();
	await page.screenshot({ path: '/tmp/shots/land-home-360.png', fullPage: true });
	const problems = await axeViolations(page, 'home 360');
	await header.getByText(t('land_menu'), { exact: true }).click();
	await expect(main.getByRole('link', { name: t('nav_cohorts') })).toBeVisible();
	await expect(main.getByRole('button', { name: t('nav_sign_out') })).toBeVisible();
	await expect(header.getByRole('link', { name: 'Shqip', exact: true })).toBeVisible();
	await page.screenshot({ path: '/tmp/shots/land-menu-360.png' });
	problems.push(...(await axeViolations(page, 'menu 360')));
	expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
	// A page chosen from the menu closes it.
	await main.getByRole('link', { name: t('nav_cohorts') }).click();
	await expect(page).toHaveURL(exactPath('/en/cohorts'));
	await expect(header.locator('details.menu')).not.toHaveAttribute('open');
	await expect(main.getByRole('link', { name: t('nav_cohorts') })).toBeHidden();

	// Wide: the usual bar, no menu button.
	await page.setViewportSize({ width: 1280, height: 800 });
	await goto(page, '/en');
	await expect(main.getByRole('link', { name: t('nav_cohorts') })).toBeVisible();
	await expect(header.getByText(t('land_menu'), { exact: true })).toBeHidden();
	await page.screenshot({ path: '/tmp/shots/land-home-1280.png', fullPage: true });
	problems.push(...(await axeViolations(page, 'home 1280')));
	await context.close();

	// A visitor's home and verify pages.
	const code = await seedCertificate(await seedHolder('Vera Visitor'), 'Vera Visitor');
	for (const width of [360, 1280]) {
		const visitor = await newPage(browser, { viewport: { width, height: 800 } });
		for (const [name, path] of [
			['visitor-home', '/en'],
			['verify', '/en/verify'],
			['verify-code', `/en/verify/${code}`]
		]) {
			await goto(visitor.page, path);
			await visitor.page.screenshot({ path: `/tmp/shots/land-${name}-${width}.png`, fullPage: true });
			problems.push(...(await axeViolations(visitor.page, `${name} ${width}`)));
		}
		if (width === 360) {
			const visitorHeader = await visitor.page.getByRole('banner').boundingBox();
			expect(visitorHeader!.height).toBeLessThanOrEqual(64);
		}
		await visitor.context.close();
	}
	// A lesson with a table and a task list, as learners see it (through the preview), on screen and
	// printed: the table scrolls in its own box on a phone; print hides the header, menus and footer.
	const { id: courseId } = await write((db) =>
		db.selectFrom('courses').select('id').where('slug', '=', COURSE.slug).executeTakeFirstOrThrow()
	);
	const admin = await newPage(browser);
	await signIn(admin.page, ADMIN.email, ADMIN.password);
	for (const width of [360, 1280]) {
		await admin.page.setViewportSize({ width, height: 800 });
		await goto(admin.page, `/en/teach/courses/${courseId}/preview/${LESSON.module}/${LESSON.lesson}`);
		await expect(admin.page.locator('.prose table').first()).toBeVisible();
		await expect(admin.page.locator('.prose li.task').first()).toBeVisible();
		await admin.page.screenshot({ path: `/tmp/shots/land-lesson-${width}.png`, fullPage: true });
		expect(
			await admin.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
		).toBeLessThanOrEqual(0);
		problems.push(...(await axeViolations(admin.page, `lesson ${width}`)));
	}
	await admin.page.emulateMedia({ media: 'print' });
	await expect(admin.page.getByRole('banner')).toBeHidden();
	await expect(admin.page.getByRole('contentinfo')).toBeHidden();
	await expect(admin.page.locator('.prose table').first()).toBeVisible();
	await admin.page.screenshot({ path: '/tmp/shots/land-lesson-print.png', fullPage: true });
	await admin.context.close();
	expect(problems).toEqual([]);
});

test('the verify page is in the footer, every verify page checks another code, and the PDF comes in the chosen language', async ({
	browser
}) => {
	const { context, page } = await newPage(browser);
	const holder = newAccount('landpdf');
	await signUp(page, holder);
	const holderId = await userId(holder.email);
	// The holder prefers Albanian: their PDF comes in Albanian unless another language is chosen.
	await write((db) => db.updateTable('users').set({ locale: 'sq' }).where('id', '=', holderId).execute());
	const code = await seedCertificate(holderId, holder.name);
	const other = await seedCertificate(await seedHolder('Petra Other'), 'Petra Other');

	await goto(page, '/en');
	await page
		.getByRole('contentinfo')
		.getByRole('link', { name: t('land_footer_verify') })
		.click();
	await expect(page).toHaveURL(exactPath('/en/verify'));
	await page.getByLabel(t('verify_code_label'), { exact: true }).fill(code.toLowerCase());
	await page.getByRole('button', { name: t('verify_submit'), exact: true }).click();
	await expect(page).toHaveURL(exactPath(`/en/verify/${code}`));
	await expect(page.getByText(holder.name, { exact: true })).toBeVisible();

	const pdf = async (link: string) => {
		const href = await page.getByRole('link', { name: link, exact: true }).getAttribute('href');
		const response = await page.request.get(href!);
		expect(response.headers()['content-type']).toBe('application/pdf');
		return pdfText(await response.body());
	};
	// The plain download button names its language (the holder's), the others stay offered.
	expect(await pdf(t('fixc_download_pdf_in', { language: 'Shqip' }))).toContain('Me këtë vërtetohet se');
	const english = await pdf(t('land_pdf_in', { language: 'English' }));
	expect(english).toContain('This certifies that');
	expect(english).toContain(COURSE.title('en'));
	const cyrillic = await pdf(t('land_pdf_in', { language: 'Српски (ћирилица)' }));
	expect(cyrillic).toContain('Овим се потврђује да');
	// The course's title too, not the English one it was issued with.
	expect(cyrillic).not.toContain(COURSE.title('en'));

	// Another code from the certificate's own page.
	const another = page.getByRole('region', { name: t('land_verify_another') });
	await another.getByLabel(t('verify_code_label'), { exact: true }).fill(other);
	await another.getByRole('button', { name: t('verify_submit'), exact: true }).click();
	await expect(page).toHaveURL(exactPath(`/en/verify/${other}`));
	await expect(page.getByText('Petra Other', { exact: true })).toBeVisible();

	// An unknown code: still a 404, with the box to try another code.
	const missing = await goto(page, '/en/verify/ZZZZ-ZZZZ-ZZZZ');
	expect(missing!.status()).toBe(404);
	await expect(h1(page)).toHaveText(t('verify_not_found_title'));
	const retry = page.getByRole('region', { name: t('land_verify_another') });
	await retry.getByLabel(t('verify_code_label'), { exact: true }).fill(code);
	await retry.getByRole('button', { name: t('verify_submit'), exact: true }).click();
	await expect(page).toHaveURL(exactPath(`/en/verify/${code}`));
	await expect(page.getByText(holder.name, { exact: true })).toBeVisible();
	await context.close();
});

test('what is typed into sign-in and sign-up before the JavaScript has loaded stays there', async ({ browser }) => {
	const { context, page } = await newPage(browser);
	// A slow phone: the app's scripts arrive only once the person has typed.
	let release = () => {};
	const held = new Promise<void>((resolve) => (release = resolve));
	await page.route(/\/_app\/immutable\/.*\.js$/, async (route) => {
		await held;
		await route.continue();
	});
	const account = newAccount('landslow');
	await page.goto('/en/signup', { waitUntil: 'domcontentloaded' });
	await page.getByLabel('Full name').fill(account.name);
	await page.getByLabel('E-mail address').fill(account.email);
	await page.getByLabel('Password', { exact: true }).fill(account.password);
	await expect(page.locator('#svelte-announcer')).toHaveCount(0);
	release();
	await ready(page);
	await expect(page.locator('#svelte-announcer')).toBeAttached();
	await expect(page.getByLabel('Full name')).toHaveValue(account.name);
	await expect(page.getByLabel('E-mail address')).toHaveValue(account.email);
	await expect(page.getByLabel('Password', { exact: true })).toHaveValue(account.password);
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page).toHaveURL(/\/en\/account\?welcome=1$/);
	await signOut(page);

	// Sign-in in a fresh context, its scripts held back the same way.
	const slow = await newPage(browser);
	let open = () => {};
	const gate = new Promise<void>((resolve) => (open = resolve));
	await slow.page.route(/\/_app\/immutable\/.*\.js$/, async (route) => {
		await gate;
		await route.continue();
	});
	await slow.page.goto('/en/signin', { waitUntil: 'domcontentloaded' });
	await slow.page.getByLabel('E-mail address').fill(account.email);
	await slow.page.getByLabel('Password', { exact: true }).fill(account.password);
	await expect(slow.page.locator('#svelte-announcer')).toHaveCount(0);
	open();
	await ready(slow.page);
	await expect(slow.page.locator('#svelte-announcer')).toBeAttached();
	await expect(slow.page.getByLabel('E-mail address')).toHaveValue(account.email);
	await expect(slow.page.getByLabel('Password', { exact: true })).toHaveValue(account.password);
	await slow.page.getByRole('button', { name: 'Sign in' }).click();
	await expect(slow.page).toHaveURL((url) => !url.pathname.endsWith('/signin'));
	await expect(slow.page.getByRole('button', { name: 'Sign out' })).toBeVisible();
	await slow.context.close();
	await context.close();
});

test.describe('without JavaScript', () => {
	test.use(NO_JS);

	test('a learner lands on the next step, opens the phone menu, checks a code and signs out from the menu', async ({
		browser
	}) => {
		test.setTimeout(120_000);
		const { context, page } = await newPage(browser, { ...NO_JS, viewport: { width: 360, height: 800 } });
		const learner = newAccount('landnojs');
		await signUp(page, learner);
		await enrolFromList(page, COURSE);
		const code = await seedCertificate(await seedHolder('Nina Nojs'), 'Nina Nojs');

		const header = page.getByRole('banner');
		const main = header.getByRole('navigation', { name: t('nav_main') });
		await header.getByText(t('land_menu'), { exact: true }).click();
		await main.getByRole('button', { name: t('nav_sign_out') }).click();
		await expect(page).toHaveURL(/\/en\?signedout=1$/);

		await goto(page, '/en/signin');
		await submitSignIn(page, learner.email, learner.password);
		await expect(page).toHaveURL(exactPath(firstLesson));
		expect((await header.boundingBox())!.height).toBeLessThanOrEqual(64);
		await expect(header.getByRole('link', { name: t('land_notices') })).toBeVisible();

		await goto(page, '/en');
		await expect(
			nextAction(page).getByRole('link', { name: t('land_continue', { title: first.lessons[0].title('en') }) })
		).toHaveAttribute('href', firstLesson);

		// The footer's verify link, then the box on a certificate's page.
		await page
			.getByRole('contentinfo')
			.getByRole('link', { name: t('land_footer_verify') })
			.click();
		await expect(h1(page)).toHaveText(t('verify_title'));
		await page.getByLabel(t('verify_code_label'), { exact: true }).fill(code);
		await page.getByRole('button', { name: t('verify_submit'), exact: true }).click();
		await expect(page).toHaveURL(exactPath(`/en/verify/${code}`));
		const another = page.getByRole('region', { name: t('land_verify_another') });
		await another.getByLabel(t('verify_code_label'), { exact: true }).fill('zzzz zzzz zzzz');
		await another.getByRole('button', { name: t('verify_submit'), exact: true }).click();
		await expect(page).toHaveURL(exactPath('/en/verify/ZZZZ-ZZZZ-ZZZZ'));
		await expect(h1(page)).toHaveText(t('verify_not_found_title'));
		// The not-found page keeps the box: another try from there.
		const retry = page.getByRole('region', { name: t('land_verify_another') });
		await retry.getByLabel(t('verify_code_label'), { exact: true }).fill(code);
		await retry.getByRole('button', { name: t('verify_submit'), exact: true }).click();
		await expect(page).toHaveURL(exactPath(`/en/verify/${code}`));
		await expect(page.getByText('Nina Nojs', { exact: true })).toBeVisible();
		await context.close();
	});
});
