import type { RequestEvent } from '@sveltejs/kit';

export const SESSION_COOKIE = 'session';

// Secure everywhere but plain-HTTP localhost, where browsers would otherwise drop the cookie during
// development and tests. In production the site is served over HTTPS (README).
function isLocalHttp(url: URL): boolean {
	return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

export function setSessionCookie(event: RequestEvent, token: string, expiresAt: Date): void {
	event.cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		secure: !isLocalHttp(event.url),
		path: '/',
		expires: expiresAt
	});
}

export function deleteSessionCookie(event: RequestEvent): void {
	event.cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: !isLocalHttp(event.url) });
}
