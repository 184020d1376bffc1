import { expect, test, type Page } from '@playwright/test';
import { createTrainerCourse, editor, signedInContext, t, trainerSession } from './authoring-helpers';
import { LEARNER1 } from './helpers';

/** Waits until the page has hydrated (SvelteKit adds its announcer then). */
const hydrated = (page: Page) => page.locator('#svelte-announcer').waitFor({ state: 'attached' });

/**
 * Holds back the page's scripts (not its styles) until `release` is called: what a phone on a slow
 * network shows for seconds, a page whose fields can be used before its JavaScript has arrived.
 */
async function holdScripts(page: Page) {
	let release!: () => void;
	const released = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		await released;
		await route.continue();
	});
	return { release: () => release() };
}

test('about you: the answers chosen before the scripts arrive stay chosen', async ({ browser }) => {
	const learner = await signedInContext(browser, LEARNER1);
	try {
		const page = learner.page;
		const held = await holdScripts(page);
		await page.goto('/en/account/about-you', { waitUntil: 'commit' });
		const firstGroup = page.locator('form fieldset').first().getByRole('radio');
		const community = page.getByLabel(t('dem_community_label'), { exact: true });
		const consent = page.getByLabel(t('dem_consent_label'), { exact: true });
		const before = { radio: await firstGroup.nth(1).isChecked(), consent: await consent.isChecked() };
		// The opposite of what the server sent, for each kind of field.
		const radio = before.radio ? firstGroup.nth(2) : firstGroup.nth(1);
		await radio.check();
		const chosen = await community.locator('option').nth(2).getAttribute('value');
		const sent = await community.inputValue();
		expect(chosen).not.toBe(sent);
		await community.selectOption(chosen ?? '');
		await consent.setChecked(!before.consent);
		held.release();
		await hydrated(page);
		await expect(radio).toBeChecked();
		await expect(community).toHaveValue(chosen ?? '');
		await expect(consent).toBeChecked({ checked: !before.consent });
	} finally {
		await learner.context.close();
	}
});

test('lesson editor: what is typed before the scripts arrive stays', async ({ browser }) => {
	const trainer = await trainerSession(browser);
	try {
		const page = trainer.page;
		const made = await createTrainerCourse(page);
		const held = await holdScripts(page);
		await page.goto(`/en/teach/lessons/${made.lessonId}?locale=en`, { waitUntil: 'commit' });
		const e = editor(page);
		await e.body.fill('Typed while the page was still loading.');
		await e.title.fill(`Early title ${made.tag}`);
		held.release();
		await hydrated(page);
		await expect(e.body).toHaveValue('Typed while the page was still loading.');
		await expect(e.title).toHaveValue(`Early title ${made.tag}`);
	} finally {
		await trainer.context.close();
	}
});
