import { AsyncLocalStorage } from 'node:async_hooks';
import {
	error,
	type Handle,
	type HandleServerError,
	type RequestEvent,
	type ResolveOptions,
	type ServerInit
} from '@sveltejs/kit';
import { paraglideMiddleware } from '$lib/paraglide/server';
import {
	cookieName,
	cookieMaxAge,
	isLocale,
	overwriteServerAsyncLocalStorage,
	type Locale
} from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import { normaliseAcceptLanguage } from '$lib/i18n/accept-language';
import { getDb } from '$lib/server/db/client';
import * as sessions from '$lib/server/auth/session';
import { SESSION_COOKIE, deleteSessionCookie, setSessionCookie } from '$lib/server/http/cookie';
import { compress, encodedHeaders, MIN_COMPRESS_BYTES, pickEncoding } from '$lib/server/platform/compression';
import * as requestBody from '$lib/server/platform/request-body';
import { handlePageCache } from '$lib/server/http/page-cache';
import { proxySettingProblem } from '$lib/server/auth/client-address';

// `npm start` checks this before it builds; this catches `node build` started some other way.
export const init: ServerInit = () => {
	const problem = proxySettingProblem();
	if (problem) throw new Error(`CivicSteps will not start: ${problem}`);
};

// Paraglide's middleware matches every request against its URL patterns and clones the request;
// that was about a tenth of a lesson page's server time. A URL that starts with a locale (every
// link the app makes) needs none of it: the URL strategy comes first, so that locale is the answer.
// Only unprefixed URLs (typed by hand, old links) go through the middleware, which redirects them by
// cookie and Accept-Language.
const localeStorage = new AsyncLocalStorage<{ locale: Locale; origin: string; messageCalls: Set<string> }>();
overwriteServerAsyncLocalStorage(localeStorage as never);

function prefixLocale(pathname: string): Locale | null {
	const end = pathname.indexOf('/', 1);
	const first = end < 0 ? pathname.slice(1) : pathname.slice(1, end);
	return isLocale(first) ? first : null;
}

const handleLocale: Handle = ({ event, resolve }) => {
	const render = (locale: Locale) => {
		// A locale named in the URL is the visitor's choice: remember it for unprefixed URLs.
		if (event.cookies.get(cookieName) !== locale && prefixLocale(event.url.pathname) === locale) {
			event.cookies.set(cookieName, locale, {
				path: '/',
				maxAge: cookieMaxAge,
				sameSite: 'lax',
				httpOnly: false,
				secure: false
			});
			event.locals.cookiesSet = true;
		}
		return resolve(event, { transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale) });
	};
	const prefixed = prefixLocale(event.url.pathname);
	if (prefixed)
		return localeStorage.run({ locale: prefixed, origin: event.url.origin, messageCalls: new Set() }, () =>
			render(prefixed)
		);
	const accept = event.request.headers.get('accept-language');
	if (accept) {
		try {
			event.request.headers.set('accept-language', normaliseAcceptLanguage(accept));
		} catch {
			// immutable headers: Paraglide then falls back to the base locale for Serbian tags
		}
	}
	return paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return render(locale);
	});
};

// Every way of reading a request body goes through one bounded read (see request-body.ts): a body
// past its route's limit, or with too many fields, is a 413 with the usual page before anything is
// parsed. A body that cannot be read as a form (wrong content type, a broken multipart body) is the
// sender's mistake: 400 instead of failing inside the action.
function guardBody(event: RequestEvent): void {
	const request = event.request;
	const limit = requestBody.bodyLimit(event.route.id, requestBody.actionOf(event.url), event.locals.user?.role ?? null);
	let read: Promise<Uint8Array<ArrayBuffer>> | null = null;
	const bytes = () =>
		(read ??= requestBody.readBody(request, limit).then(
			(result) => {
				if (!result.ok) error(413, { message: m.error_413_text() });
				return result.bytes;
			},
			(e: unknown) => {
				// The stream failed: the adapter's own BODY_SIZE_LIMIT (a 413), or the sender gave up.
				const status = (e as { status?: unknown })?.status === 413 ? 413 : 400;
				error(status, { message: status === 413 ? m.error_413_text() : m.error_4xx_text() });
			}
		));
	const type = request.headers.get('content-type') ?? '';
	const copy = async () => new Response(await bytes(), { headers: { 'content-type': type } });
	request.formData = async () => {
		const response = await copy();
		try {
			return await response.formData();
		} catch {
			error(400, { message: m.error_4xx_text() });
		}
	};
	request.arrayBuffer = async () => (await copy()).arrayBuffer();
	request.text = async () => (await copy()).text();
	request.json = async () => {
		try {
			return await (await copy()).json();
		} catch {
			error(400, { message: m.error_4xx_text() });
		}
	};
	request.blob = async () => (await copy()).blob();
}

const handleSession: Handle = async ({ event, resolve }) => {
	event.locals.db = await getDb();
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const result = await sessions.validateSessionToken(event.locals.db, token);
		if (result) {
			event.locals.user = result.user;
			event.locals.session = result.session;
			if (result.session.refreshed) {
				setSessionCookie(event, token, sessions.sessionExpiry(result.session));
				event.locals.cookiesSet = true;
			}
		} else {
			deleteSessionCookie(event);
			event.locals.cookiesSet = true;
		}
	}
	// After the session: the limit depends on who sends the body, decided before it is read.
	if (event.request.method !== 'GET' && event.request.method !== 'HEAD') guardBody(event);
	return resolve(event);
};

async function compressed(response: Response, accept: string): Promise<Response> {
	const type = response.headers.get('content-type') ?? '';
	if (
		!/^(text\/html|application\/json|text\/csv)/.test(type) ||
		response.headers.has('content-encoding') ||
		!response.body
	)
		return response;
	const encoding = pickEncoding(accept);
	if (!encoding) return response;
	const body = new Uint8Array(await response.arrayBuffer());
	if (body.length < MIN_COMPRESS_BYTES) return new Response(body, response);
	const packed = compress(body, encoding);
	return new Response(packed, {
		status: response.status,
		statusText: response.statusText,
		headers: encodedHeaders(response.headers, encoding, packed.length)
	});
}

const handleHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	if (event.locals.user && !response.headers.has('cache-control')) {
		response.headers.set('Cache-Control', 'private, no-store');
	}
	if (event.request.method === 'HEAD' || response.status === 204 || response.status === 304) return response;
	return compressed(response, event.request.headers.get('accept-encoding') ?? '');
};

// SvelteKit's sequence() wraps each handler in a tracing span, a copy of the event and a scope of its
// own request store; with four handlers that was a tenth of what a cached page allocates. These four
// are composed directly: each passes on to the next, and resolve options (the page's language) go
// through to SvelteKit's resolve.
function chain(...handlers: Handle[]): Handle {
	return ({ event, resolve }) => {
		const step = (i: number, options?: ResolveOptions): Response | Promise<Response> =>
			i === handlers.length
				? resolve(event, options)
				: handlers[i]({ event, resolve: (_event, next) => step(i + 1, next ?? options) });
		return step(0);
	};
}

export const handle = chain(handleLocale, handleSession, handleHeaders, handlePageCache);

export const handleError: HandleServerError = ({ error, status }) => {
	const id = crypto.randomUUID().slice(0, 8);
	if (status >= 500) console.error(`[${id}]`, error);
	let message: string;
	try {
		message =
			status === 404
				? m.error_404_text()
				: status === 413
					? m.error_413_text()
					: status < 500
						? m.error_4xx_text()
						: m.error_500_text();
	} catch {
		message = 'Something went wrong.';
	}
	return { message, id };
};
