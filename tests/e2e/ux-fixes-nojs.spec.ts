// A new user's first steps, without JavaScript: sign-up keeps where the person was going, the
// welcome offers next steps, the home page shows courses and volunteering at the top, and a
// coordinator's menu reaches the volunteer network.
import { expect, test } from '@playwright/test';
import { EN, fillSignUp, goto, newAccount, signIn } from './helpers';
import { COORDINATOR } from './cert-helpers';

test.describe('first steps without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('sign-up from a sign-in page with `next` goes on to where the person was going', async ({ page }) => {
		await goto(page, '/en/signin?next=/volunteer/profile');
		const create = page.getByRole('link', { name: 'Create account' }).last();
		await expect(create).toHaveAttribute('href', '/en/signup?next=%2Fvolunteer%2Fprofile');
		await create.click();
		await expect(page.getByRole('heading', { level: 1, name: EN.signupTitle })).toBeVisible();
		await fillSignUp(page, { ...newAccount('uxnext'), organisation: EN.independent });
		await page.getByRole('button', { name: 'Create account' }).click();
		await expect(page).toHaveURL(/\/en\/volunteer\/profile$/);
	});

	test('a foreign `next` is not carried to sign-up', async ({ page }) => {
		await goto(page, '/en/signin?next=//evil.example/x');
		await expect(page.getByRole('link', { name: 'Create account' }).last()).toHaveAttribute('href', '/en/signup');
	});

	test('the welcome after sign-up offers next steps', async ({ page }) => {
		await goto(page, '/en/signup');
		await fillSignUp(page, { ...newAccount('uxwelcome'), organisation: EN.independent });
		await page.getByRole('button', { name: 'Create account' }).click();
		await expect(page).toHaveURL(/\/en\/account\?welcome=1$/);
		const steps = page.getByRole('navigation', { name: 'Next steps' });
		await expect(steps.getByRole('link', { name: 'Find a course' })).toHaveAttribute('href', '/en/courses');
		await expect(steps.getByRole('link', { name: 'Become a volunteer' })).toHaveAttribute(
			'href',
			'/en/volunteer/profile'
		);
		await expect(steps.getByRole('link', { name: 'See calls for volunteers' })).toHaveAttribute('href', '/en/calls');
	});

	test('the home page offers courses and volunteering at the top', async ({ page }) => {
		await goto(page, '/en');
		const hero = page.locator('.hero');
		await expect(hero.getByRole('link', { name: 'Find a course' })).toHaveAttribute('href', '/en/courses');
		await expect(hero.getByRole('link', { name: 'Volunteer with a local organisation' })).toHaveAttribute(
			'href',
			'/en/calls'
		);
		// Without a volunteer profile, becoming one is offered.
		await expect(page.getByRole('link', { name: 'Become a volunteer' })).toBeVisible();
	});

	test('a volunteer is not asked to become one, and finds the way back from certificates', async ({ page }) => {
		await signIn(page, 'volunteer@example.org', 'civic-volunteer-demo');
		await goto(page, '/en');
		await expect(page.locator('.hero').getByRole('link', { name: 'Find a course' })).toBeVisible();
		await expect(page.getByRole('link', { name: 'Become a volunteer' })).toHaveCount(0);
		await goto(page, '/en/volunteer/certificates');
		await expect(page.getByRole('link', { name: 'Back to volunteering' })).toHaveAttribute('href', '/en/volunteer');
	});

	test('a coordinator reaches the volunteer network from the menu', async ({ page }) => {
		await signIn(page, COORDINATOR.email, COORDINATOR.password);
		await goto(page, '/en/coordinate');
		const nav = page.getByRole('navigation', { name: 'Coordinate' });
		await expect(nav.getByRole('link', { name: 'Volunteer network' })).toHaveAttribute(
			'href',
			'/en/coordinate/network'
		);
	});
});
