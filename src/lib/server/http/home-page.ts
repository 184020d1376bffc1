// The home page's view: the portal's public content (portal-pages.ts) and, for a signed-in person,
// the first block with their role's next action (people/landing.ts). Being in the view, that block
// is part of the page cache's key: a learner's finished lesson changes their "Continue" button.
import type { RequestEvent } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import * as landing from '../people/landing';
import { homePage } from './portal-pages';

export async function homeView(event: RequestEvent) {
	const user = event.locals.user;
	const [portal, first] = await Promise.all([
		homePage(event),
		user ? landing.homeLanding(event.locals.db, user, getLocale()) : null
	]);
	return { ...portal, landing: first };
}
