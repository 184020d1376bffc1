// The organisation's outreach plan, end to end: a confirmed member hands it in on the organisation's
// behalf (through the form, with and without JavaScript); another confirmed member of the same
// organisation sees the version, who handed it in and the file; someone who only asked to join and a
// member of another organisation are refused; after the trainer accepts it, no member hands it in again.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { ADMIN, TRAINER, signUp } from './helpers';
import { enrolFromList, h1, msg, newLearner, open, readCourse } from './learning-helpers';
import {
	DEMO_WOMEN,
	createOrganisation,
	newPage,
	openModule,
	sessionAs,
	signUpMember,
	uniqueTag
} from './cert-helpers';
import { PDF, assignmentPath, handIn, newestSubmissionId, readAssignments, review } from './assignment-helpers';

const COURSE = readCourse('outreach');
const PLAN = readAssignments(COURSE).find((a) => a.scope === 'organisation')!;
const t = (key: string, params: Record<string, string | number> = {}) => msg('en', key, params);

async function newOrganisation(browser: Browser): Promise<string> {
	const name = `Plan Forum ${uniqueTag()}`;
	const admin = await sessionAs(browser, ADMIN.email, ADMIN.password);
	await createOrganisation(admin.page, { name, municipality: 'Zvečan', description: 'Hands in one outreach plan.' });
	await admin.context.close();
	return name;
}

/** A confirmed member of `organisation`, enrolled, in a context of their own. */
async function enrolledMember(browser: Browser, organisation: string, prefix: string, javaScriptEnabled: boolean) {
	const session = await newPage(browser, { javaScriptEnabled });
	const learner = await signUpMember(session.page, organisation, prefix);
	await enrolFromList(session.page, COURSE);
	// The plan's module opens once the modules before it are done.
	await openModule(session.page, PLAN.moduleSlug);
	return { ...session, learner };
}

/** Hands the plan in through the page's form. */
async function handInPlan(page: Page, text: string) {
	await open(page, assignmentPath(COURSE.slug, PLAN.moduleSlug));
	await expect(h1(page)).toHaveText(`${t('asg_heading')}: ${PLAN.title}`);
	await expect(page.getByText(t('orgasg_org_notice'))).toBeVisible();
	await page.getByLabel(t('asg_text_label')).fill(text);
	await page
		.getByLabel(t('asg_file_label'))
		.setInputFiles({ name: 'plan.pdf', mimeType: 'application/pdf', buffer: PDF });
	await page.getByRole('button', { name: t('asg_submit') }).click();
	await expect(page.getByRole('status')).toHaveText(t('asg_submitted_notice', { n: 1 }));
}

for (const javaScriptEnabled of [false, true]) {
	test(`a member hands in the organisation's plan for it, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, async ({
		browser
	}) => {
		test.setTimeout(300_000);
		const organisation = await newOrganisation(browser);
		const first = await enrolledMember(browser, organisation, 'plana', javaScriptEnabled);
		await handInPlan(first.page, 'Our plan for the spring.');
		const id = await newestSubmissionId(first.page, COURSE.slug, PLAN.moduleSlug);
		const file = `/en/submissions/${id}/file`;

		// Another confirmed member of the organisation sees the version, who handed it in, and the file.
		const second = await enrolledMember(browser, organisation, 'planb', javaScriptEnabled);
		await open(second.page, assignmentPath(COURSE.slug, PLAN.moduleSlug));
		await expect(second.page.getByText('Our plan for the spring.')).toBeVisible();
		await expect(second.page.getByText(t('orgasg_submitted_by', { name: first.learner.name }))).toBeVisible();
		expect((await second.page.request.get(file)).status()).toBe(200);

		if (!javaScriptEnabled) {
			// Someone who only asked to join: no form, a refused post with the reason, and no file.
			const claimant = await newPage(browser, { javaScriptEnabled });
			await signUp(claimant.page, newLearner('planc'), organisation);
			await enrolFromList(claimant.page, COURSE);
			await openModule(claimant.page, PLAN.moduleSlug);
			await open(claimant.page, assignmentPath(COURSE.slug, PLAN.moduleSlug));
			await expect(claimant.page.getByText(t('orgasg_not_member'))).toBeVisible();
			await expect(claimant.page.getByRole('button', { name: t('asg_submit') })).toHaveCount(0);
			await expect(claimant.page.getByText('Our plan for the spring.')).toHaveCount(0);
			const refused = await handIn(claimant.page, COURSE.slug, PLAN.moduleSlug, { text: 'My own plan' });
			expect(refused.status()).toBe(403);
			expect(await refused.text()).toContain(t('orgasg_not_member'));
			expect((await claimant.page.request.get(file)).status()).toBe(404);
			await claimant.context.close();

			// A member of another organisation sees nothing of it.
			const stranger = await enrolledMember(browser, DEMO_WOMEN, 'pland', javaScriptEnabled);
			await open(stranger.page, assignmentPath(COURSE.slug, PLAN.moduleSlug));
			await expect(stranger.page.getByText('Our plan for the spring.')).toHaveCount(0);
			expect((await stranger.page.request.get(file)).status()).toBe(404);
			await stranger.context.close();
		}

		// The trainer accepts it; then no member hands it in again, and the accepted version stays.
		const trainer = await sessionAs(browser, TRAINER.email, TRAINER.password);
		expect((await review(trainer.page, id, PLAN, 'accept', 'A clear plan.')).status()).toBe(303);
		await trainer.context.close();
		const late = await handIn(second.page, COURSE.slug, PLAN.moduleSlug, { text: 'A newer plan' });
		expect(late.status()).toBe(409);
		expect(await late.text()).toContain(t('asg_error_accepted'));
		await open(first.page, assignmentPath(COURSE.slug, PLAN.moduleSlug));
		await expect(first.page.getByText(t('asg_accepted_done'))).toBeVisible();
		await expect(first.page.getByText('A clear plan.')).toBeVisible();
		await first.context.close();
		await second.context.close();
	});
}
