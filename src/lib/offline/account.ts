// Who a saved copy and a waiting step belong to, on a phone that several learners share. The server
// names the signed-in learner in the `X-CivicSteps-User` header of every response (src/hooks.server.ts);
// the worker remembers the last one it saw on a page and keeps each person's things to that person.
import type { Queued } from './queue';

export const USER_HEADER = 'x-civicsteps-user';

/** The signed-in learner's id from a response's headers, or null (signed out, or not our header). */
export function userOf(headers: Headers): number | null {
	const value = headers.get(USER_HEADER);
	if (!value || !/^\d{1,15}$/.test(value)) return null;
	const id = Number(value);
	return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** The outbox's unique key: a lesson's operation is the same for every learner, so the learner is part of it. */
export function outboxKey(user: number | null, op: string): string {
	return `${user ?? ''}:${op.toLowerCase()}`;
}

/**
 * A step the signed-in learner may send and see: their own, or one queued before anyone was seen
 * signed in (sent without `_user`, as the server's session decides). Nobody's when signed out.
 */
export function isOwn(item: Pick<Queued, 'user'>, current: number | null): boolean {
	if (current === null) return false;
	return item.user === null || item.user === current;
}

/** A saved copy is shown only to the learner who saved it (otherwise the page is as if not saved). */
export function mayServeSaved(course: { user: number }, current: number | null): boolean {
	return current !== null && course.user === current;
}

/** An online page replaces the saved copy only when it was rendered for the learner who saved it. */
export function mayStoreRefresh(course: { user: number }, responseUser: number | null): boolean {
	return responseUser !== null && course.user === responseUser;
}

/**
 * A server error on a page with a saved copy: the copy is shown instead, unless the error page says it
 * was for another learner (a proxy's 5xx carries no user; then the one last seen is trusted).
 */
export function savedInsteadOf(status: number, responseUser: number | null, course: { user: number }): boolean {
	return status >= 500 && (responseUser === null || responseUser === course.user);
}
