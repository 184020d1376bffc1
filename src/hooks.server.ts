import { error, type Handle, type HandleServerError, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { m } from '$lib/paraglide/messages';
import { handleLocale } from '$lib/server/http/locale';
import { getDb } from '$lib/server/db/client';
import * as sessions from '$lib/server/auth/session';
import { SESSION_COOKIE, deleteSessionCookie, setSessionCookie } from '$lib/server/http/cookie';
import { compress, encodedHeaders, MIN_COMPRESS_BYTES, pickEncoding } from '$lib/server/platform/compression';
import * as requestBody from '$lib/server/platform/request-body';
import { handlePageCache } from '$lib/server/http/page-cache';
import { answerBadValuesWith400 } from '$lib/server/http/guard';
import { proxySettingProblem } from '$lib/server/auth/client-address';
import { scheduleReminders } from '$lib/server/volunteering/reminders';
import { scheduleLearnerReminders } from '$lib/server/people/learner-reminders';

// `npm start` checks this before it builds; this catches `node build` started some other way.
export const init: ServerInit = () => {
	const problem = proxySettingProblem();
	if (problem) throw new Error(`CivicSteps will not start: ${problem}`);
	answerBadValuesWith400();
	// Day-before reminders of shifts and events, every ten minutes (an unref'd timer). Not under
	// Vitest, whose tests call sendDueReminders themselves with their own clock.
	if (!process.env.VITEST) scheduleReminders(getDb);
	// Cohorts starting and the reminder after a week without activity, every hour (people/learner-reminders.ts).
	if (!process.env.VITEST) scheduleLearnerReminders(getDb);
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
	// Who is signed in, for the offline worker (src/service-worker.ts): it keeps a person's saved
	// pages and waiting steps to that person on a phone that several people share. The id only, to
	// its own browser; set per request, outside the page cache, so a shared rendering never carries it.
	if (event.locals.user) response.headers.set('X-CivicSteps-User', String(event.locals.user.id));
	if (event.request.method === 'HEAD' || response.status === 204 || response.status === 304) return response;
	return compressed(response, event.request.headers.get('accept-encoding') ?? '');
};

export const handle = sequence(handleLocale, handleSession, handleHeaders, handlePageCache);

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
