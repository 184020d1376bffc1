// Authorisation for loads and actions. Every load and action that needs a user calls one of these
// itself: layouts do not re-run on every request, and actions run before them. The group layouts of
// (teach), (coordinate) and (admin) call requireUser too, as a first line for the whole group.
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Role } from '../../../../db/schema';
import type { SessionUser } from '../auth/session';
import { deLocalizeHref, localizeHref } from '$lib/i18n/href';
import { m } from '$lib/paraglide/messages';
import { mapBadValues } from '../db/postgres';

/** Where to come back after signing in: a same-site path only, never another host. */
export function safeNext(value: string | null | undefined, fallback = '/'): string {
	if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
	if (value.length > 500 || /[\u0000-\u001f]/.test(value)) return fallback;
	return value;
}

/** The signed-in user; a visitor is sent to sign in and back. With roles, others get a 403
 * (an admin may do everything). */
export function requireUser(event: RequestEvent, ...roles: Role[]): SessionUser {
	const user = event.locals.user;
	if (!user) {
		// After signing in the browser comes back with a GET: an action address (`?/enrol`) would only
		// show the page, so a POST comes back to the page itself.
		const here = deLocalizeHref(
			event.request.method === 'GET' ? event.url.pathname + event.url.search : event.url.pathname
		);
		redirect(303, localizeHref(`/signin?next=${encodeURIComponent(here)}`));
	}
	if (roles.length > 0 && user.role !== 'admin' && !roles.includes(user.role)) {
		error(403, { message: m.error_403_text() });
	}
	return user;
}

/** Reads a positive integer id from a route parameter, or answers 404. */
export function idParam(value: string | undefined): number {
	if (!value || !/^\d{1,9}$/.test(value)) error(404, { message: m.error_404_text() });
	return Number(value);
}

/**
 * On PostgreSQL, a value its column's type cannot hold (a number from a request that got past a
 * route's checks) is the request's fault: answered 400 with the usual message, never 500. Called
 * once by the server (hooks.server.ts); the command-line tools keep PostgreSQL's own error.
 */
export function answerBadValuesWith400(): void {
	mapBadValues(() => error(400, { message: m.error_4xx_text() }));
}
