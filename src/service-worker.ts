/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// The offline worker (issue 21; the server's half is src/lib/server/learning/offline.ts). It answers
// only what the protocol names: navigations (the network first, then a saved copy or an offline page),
// the two learner actions and the device page's forms, and the files of saved courses. Everything else
// never reaches respondWith, so the site behaves online exactly as it does without the worker.
import { version } from '$service-worker';
import { insertIntoMain, pageAssets, pageTitle, replaceDeviceSection } from '$lib/offline/html';
import {
	actionPath,
	courseOfPage,
	localeOf,
	matchAction,
	matchDevicePage,
	matchSaveCourse,
	refreshable,
	safeNext
} from '$lib/offline/paths';
import type { Action, Locale } from '$lib/offline/paths';
import {
	afterAnswer,
	field,
	interpretAnswer,
	oneAtATime,
	queueableFields,
	sendable,
	queuesInstead,
	sendRequest,
	waitingCount
} from '$lib/offline/queue';
import type { Queued } from '$lib/offline/queue';
import { deviceLists, minimalOfflinePage, renderDevice, savedCopyBanner, statusFor } from '$lib/offline/device';
import type { SavedCourse } from '$lib/offline/device';
import { ENGLISH, readTexts } from '$lib/offline/texts';
import type { Texts } from '$lib/offline/texts';
import { isOwn, mayServeSaved, mayStoreRefresh, outboxKey, savedInsteadOf, userOf } from '$lib/offline/account';
import { orphanCaches, perKey } from '$lib/offline/lock';
import { db, enqueue, lastSent, readAccount, rememberSent, settle, writeAccount } from '$lib/offline/store';
import type { Account } from '$lib/offline/store';

const sw = self as unknown as ServiceWorkerGlobalScope;

/** Per worker version: the device page; a saved course lives in `course:{slug}:{version}:{when saved}`. */
const SHELL = `shell-${version}`;
const READ_TIMEOUT = 4_000;
const POST_TIMEOUT = 20_000;
const RECHECK_EVERY = 10 * 60_000;
/** The device page shows the lists after a running send, but never waits for it longer than this. */
const DEVICE_WAIT = 3_000;
/** "Send now" answers after this at the latest (the sending goes on). */
const SEND_NOW_WAIT = 30_000;
const MAX_PAGES = 400;
const MAX_ASSETS = 200;

const coursePrefix = (slug: string) => `course:${slug}:`;

sw.addEventListener('install', () => {
	void sw.skipWaiting();
});

sw.addEventListener('activate', (event) => {
	const ready = (async () => {
		await sw.clients.claim();
		for (const name of await caches.keys()) {
			if (!name.startsWith('course:') && name !== SHELL) await caches.delete(name);
		}
		await quietly(async () => {
			await Promise.allSettled(bySlug.running());
			await dropOrphans();
			await loadSavedFiles();
		}, undefined);
	})();
	event.waitUntil(ready);
	// Sending may take long (a slow line): the worker is active without waiting for it.
	void ready
		.catch(() => undefined)
		.then(() => flush(false))
		.catch(() => undefined);
});

sw.addEventListener('message', (event) => {
	if (event.data === 'send') event.waitUntil(flush(false));
});

type SyncEvent = ExtendableEvent & { tag: string };
(sw as unknown as EventTarget).addEventListener('sync', (event) => {
	const sync = event as SyncEvent;
	if (sync.tag === 'outbox') sync.waitUntil(flush(false));
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	// If the device's storage fails on the way, the network answers as if there were no worker (the
	// form's own POST is not repeated: it may have reached the server).
	const orNetwork = (work: Promise<Response>) => event.respondWith(work.catch(() => fetch(request)));

	if (request.method === 'POST') {
		const device = matchDevicePage(url.pathname);
		if (device && url.search === '') return orNetwork(postDevice(event, device.locale));
		const save = matchSaveCourse(url.pathname);
		if (save && url.search === '') return orNetwork(removeCourse(event, save.locale, save.course));
		const action = matchAction(url.pathname, url.search);
		if (action) return event.respondWith(offlineAction(event, action));
		return;
	}
	if (request.method !== 'GET') return;

	if (request.mode === 'navigate') {
		const save = matchSaveCourse(url.pathname);
		if (save) return orNetwork(saveCourse(event, save.locale, save.course));
		const device = matchDevicePage(url.pathname);
		if (device) return orNetwork(devicePage(event, device.locale, url));
		return orNetwork(navigate(event, url));
	}
	if (savedFiles?.has(url.href) || (savedFiles === null && isFile(request))) {
		return orNetwork(savedFile(request, url));
	}
});

// ---- Small helpers -------------------------------------------------------------------------------

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('timeout')), ms);
		promise.then(
			(value) => (clearTimeout(timer), resolve(value)),
			(error: unknown) => (clearTimeout(timer), reject(error))
		);
	});
}

function redirect(path: string): Response {
	return Response.redirect(new URL(path, sw.location.origin).href, 303);
}

function htmlResponse(html: string, from?: Headers): Response {
	const headers = new Headers(from);
	for (const name of ['content-length', 'content-encoding', 'etag', 'last-modified', 'x-saved-at'])
		headers.delete(name);
	headers.set('content-type', 'text/html; charset=utf-8');
	headers.set('cache-control', 'no-store');
	return new Response(html, { status: 200, headers });
}

function isHtml(response: Response): boolean {
	return (response.headers.get('content-type') ?? '').startsWith('text/html');
}

function isFile(request: Request): boolean {
	return ['style', 'image'].includes(request.destination);
}

/** The device's state is a help, never a condition: if IndexedDB or Cache Storage fails, the fallback. */
async function quietly<T>(work: () => Promise<T>, fallback: T): Promise<T> {
	try {
		return await work();
	} catch {
		return fallback;
	}
}

async function textsFor(locale: string): Promise<Texts> {
	return quietly(async () => (await (await db()).get('texts', locale))?.texts ?? ENGLISH, ENGLISH);
}

/** Who is signed in, as last seen on a page from the network; kept in memory as well as in IndexedDB. */
let account: Account | null = null;
async function currentAccount(): Promise<Account> {
	account ??= await readAccount();
	return account;
}

/** Every page from the network says who it was for (`X-CivicSteps-User`; absent: signed out). */
async function seen(response: Response): Promise<void> {
	if (response.status !== 200 || response.type !== 'basic' || !isHtml(response)) return;
	const current = userOf(response.headers);
	account = { current, last: current ?? account?.last ?? null };
	account = await writeAccount(current);
}

type SavedPage = { course: SavedCourse; name: string; copy: Response };

/** The saved copy of a page, only when the learner signed in is the one who saved the course. */
async function savedPage(slug: string, key: string): Promise<SavedPage | null> {
	const course = await (await db()).get('courses', slug);
	if (!course || !mayServeSaved(course, (await currentAccount()).current)) return null;
	const name = coursePrefix(slug) + course.saved;
	const copy = await caches.match(key, { cacheName: name });
	return copy ? { course, name, copy } : null;
}

/** Saves of one course, and its removal, one at a time (a Map of running promises per slug). */
const bySlug = perKey((_slug: string, work: () => Promise<unknown>) => work());
function locked<T>(slug: string, work: () => Promise<T>): Promise<T> {
	return bySlug(slug, work) as Promise<T>;
}

/** Caches of saves that were cut off (the worker stopped mid-way): no record points at them. */
async function dropOrphans(slug?: string): Promise<void> {
	const records = await (await db()).getAll('courses');
	for (const name of orphanCaches(await caches.keys(), records, slug)) await caches.delete(name);
}

/** Files of saved courses, known in memory so that the fetch handler can decide without waiting. */
let savedFiles: Set<string> | null = null;
async function loadSavedFiles(): Promise<void> {
	const files = new Set<string>();
	for (const name of await caches.keys()) {
		if (!name.startsWith('course:')) continue;
		for (const request of await (await caches.open(name)).keys()) {
			if (!new URL(request.url).pathname.match(/^\/(en|sq|sr-Latn|sr-Cyrl)(\/|$)/)) files.add(request.url);
		}
	}
	savedFiles = files;
}
void loadSavedFiles();

/** A copy to keep: the body with the time it was saved (the banner's date). */
async function keep(cache: Cache, key: string, response: Response): Promise<number> {
	const body = await response.blob();
	const headers = new Headers(response.headers);
	headers.set('x-saved-at', String(Date.now()));
	await cache.put(key, new Response(body, { status: 200, headers }));
	return body.size;
}

// ---- Reading ---------------------------------------------------------------------------------------

async function navigate(event: FetchEvent, url: URL): Promise<Response> {
	const locale = localeOf(url.pathname) ?? 'en';
	const slug = courseOfPage(url.pathname);
	const key = url.origin + url.pathname;
	const found = slug ? await quietly(() => savedPage(slug, key), null) : null;
	const queued = url.searchParams.get('queued') === '1' ? 'lesson' : null;
	let response: Response;
	try {
		response = found ? await withTimeout(fetch(event.request), READ_TIMEOUT) : await fetch(event.request);
	} catch {
		if (found) return savedCopy(found.copy, locale, queued);
		return offlinePage(locale, new URLSearchParams('offline=1'));
	}
	event.waitUntil(
		seen(response)
			.catch(() => undefined)
			.then(() => flush(false))
			.catch(() => undefined)
	);
	const responseUser = userOf(response.headers);
	// A server in trouble (or a proxy's 5xx without our header) is no reason to lose a saved page.
	if (found && savedInsteadOf(response.status, responseUser, found.course)) {
		return savedCopy(found.copy, locale, queued);
	}
	if (!found || !response.ok || response.type !== 'basic' || response.redirected || !isHtml(response)) {
		return response;
	}
	let html: string;
	try {
		html = await response.text();
	} catch {
		return savedCopy(found.copy, locale, queued);
	}
	// Only pages already saved are refreshed (a result page is never put on the device), only at their
	// bare path, and only with the page as the learner who saved the course sees it.
	if (refreshable(url) && mayStoreRefresh(found.course, responseUser)) {
		event.waitUntil(refresh(found, key, html, response.headers).catch(() => undefined));
	}
	const texts = await textsFor(locale);
	return htmlResponse(
		queued ? insertIntoMain(html, savedCopyBanner(null, locale, texts, queued)) : html,
		response.headers
	);
}

async function savedCopy(copy: Response, locale: Locale, queued: 'lesson' | null): Promise<Response> {
	const texts = await textsFor(locale);
	const savedAt = Number(copy.headers.get('x-saved-at')) || null;
	return htmlResponse(insertIntoMain(await copy.text(), savedCopyBanner(savedAt, locale, texts, queued)), copy.headers);
}

/** A newer copy of a saved page, with the files it references that the course's cache lacks. */
async function refresh(found: SavedPage, key: string, html: string, headers: Headers): Promise<void> {
	if (!(await caches.has(found.name))) return;
	const cache = await caches.open(found.name);
	await keep(cache, key, new Response(html, { headers }));
	let added = 0;
	for (const file of pageAssets(html, key).slice(0, MAX_ASSETS)) {
		if (await cache.match(file)) continue;
		const response = await fetch(file).catch(() => null);
		if (response?.ok && !response.redirected) {
			await keep(cache, file, response);
			added++;
		}
	}
	if (added > 0) await loadSavedFiles();
}

async function savedFile(request: Request, url: URL): Promise<Response> {
	if (savedFiles === null) await loadSavedFiles();
	const cached = await caches.match(url.href, { ignoreSearch: false });
	// Hashed build files never change: the saved one is the same bytes.
	if (cached && url.pathname.startsWith('/_app/immutable/')) return cached;
	try {
		return cached ? await withTimeout(fetch(request), READ_TIMEOUT) : await fetch(request);
	} catch (error) {
		if (cached) return cached;
		throw error;
	}
}

/** The device page from the device (or a minimal one), with the status and lists filled in. */
async function offlinePage(locale: Locale, search: URLSearchParams): Promise<Response> {
	const texts = await textsFor(locale);
	try {
		const path = `/${locale}/offline`;
		const cached = (await (await caches.open(SHELL)).match(path)) ?? (await caches.match(path));
		// The saved device page was rendered for the learner who saved it (their name in the header).
		if (cached && userOf(cached.headers) === (await currentAccount()).current) {
			const savedAt = Number(cached.headers.get('x-saved-at')) || null;
			const html = await deviceHtml(await cached.text(), locale, search);
			return htmlResponse(insertIntoMain(html, savedCopyBanner(savedAt, locale, texts, null)), cached.headers);
		}
	} catch {
		// The device's storage failed: the page of its own below still says what happened.
	}
	return htmlResponse(minimalOfflinePage(locale, texts));
}

async function deviceHtml(page: string, locale: Locale, search: URLSearchParams): Promise<string> {
	const d = await db();
	const texts = await textsFor(locale);
	const { current } = await currentAccount();
	const lists = deviceLists(await d.getAll('outbox'), await lastSent(), await d.getAll('courses'), current);
	const inner = renderDevice({ locale, texts, status: statusFor(search, texts), signedIn: current !== null, ...lists });
	return replaceDeviceSection(page, inner) ?? page;
}

async function devicePage(event: FetchEvent, locale: Locale, url: URL): Promise<Response> {
	let response: Response;
	try {
		response = await withTimeout(fetch(event.request), READ_TIMEOUT);
	} catch {
		return offlinePage(locale, url.searchParams);
	}
	if (!response.ok || !isHtml(response)) return response;
	const html = await response.text();
	try {
		await seen(response);
		// The network answered: what waits is being sent; the lists show its result if it comes soon.
		const sending = flush(false);
		event.waitUntil(sending.catch(() => undefined));
		await withTimeout(sending, DEVICE_WAIT).catch(() => undefined);
		return htmlResponse(await deviceHtml(html, locale, url.searchParams), response.headers);
	} catch {
		return htmlResponse(html, response.headers);
	}
}

// ---- Saving and removing ---------------------------------------------------------------------------

type Manifest = { course: string; title: string; user: number; locale: Locale; version: string; pages: string[] };

function readManifest(json: unknown, slug: string): Manifest | null {
	const m = json as Partial<Manifest> | null;
	if (!m || m.course !== slug || typeof m.title !== 'string' || typeof m.user !== 'number') return null;
	if (typeof m.version !== 'string' || !/^[\w.-]{1,100}$/.test(m.version) || !Array.isArray(m.pages)) return null;
	const locale = localeOf(`/${m.locale}/`);
	const pages = m.pages.filter(
		(p): p is string => typeof p === 'string' && localeOf(p) !== null && !p.includes('/attempts/')
	);
	if (!locale || pages.length === 0 || pages.length > MAX_PAGES) return null;
	return { course: slug, title: m.title.slice(0, 300), user: m.user, locale, version: m.version, pages };
}

type Stored = 'saved' | 'failed' | 'signin';

/**
 * Fetches the manifest's pages and their files into a new cache, then drops the old one. Always run
 * through `locked(slug)`: the old caches it deletes are then never one another save is filling.
 */
async function store(locale: Locale, slug: string): Promise<Stored> {
	await dropOrphans(slug);
	const answer = await fetch(`/${locale}/courses/${slug}/offline.json`, { credentials: 'same-origin' });
	if (answer.status === 401) return 'signin';
	if (!answer.ok) return 'failed';
	const manifest = readManifest(await answer.json(), slug);
	if (!manifest) return 'failed';
	// A cache of its own per saving: the saved copy stays whole until the new one is complete.
	const saved = `${manifest.version}:${Date.now()}`;
	const name = coursePrefix(slug) + saved;
	const cache = await caches.open(name);
	const shell = await caches.open(SHELL);
	let bytes = 0;
	const files = new Set<string>();
	const pages: string[] = [];
	try {
		for (const page of manifest.pages) {
			const response = await fetch(`${page}?offline=1`, { credentials: 'same-origin' });
			if (!response.ok || response.redirected || !isHtml(response)) continue;
			const html = await response.text();
			const key = new URL(page, sw.location.origin).href;
			bytes += await keep(cache, key, new Response(html, { headers: response.headers }));
			if (matchDevicePage(page)) await keep(shell, key, new Response(html, { headers: response.headers }));
			pages.push(page);
			for (const file of pageAssets(html, key)) if (files.size < MAX_ASSETS) files.add(file);
		}
		for (const file of files) {
			const response = await fetch(file);
			if (response.ok && !response.redirected) bytes += await keep(cache, file, response);
		}
		const texts = await fetch(`/${manifest.locale}/offline/texts.json`);
		if (texts.ok) await (await db()).put('texts', { locale: manifest.locale, texts: readTexts(await texts.json()) });
	} catch (error) {
		await caches.delete(name);
		throw error;
	}
	// Gone meanwhile (a newer worker's clean-up): no record may point at a cache that is not there.
	if (pages.length === 0 || !(await caches.has(name))) {
		await caches.delete(name);
		return 'failed';
	}
	const record: SavedCourse = {
		slug,
		title: manifest.title,
		user: manifest.user,
		locale: manifest.locale,
		version: manifest.version,
		saved,
		pages,
		bytes,
		savedAt: Date.now(),
		checkedAt: Date.now()
	};
	await (await db()).put('courses', record);
	for (const old of await caches.keys())
		if (old.startsWith(coursePrefix(slug)) && old !== name) await caches.delete(old);
	await loadSavedFiles();
	return 'saved';
}

async function saveCourse(event: FetchEvent, locale: Locale, slug: string): Promise<Response> {
	const saving = locked(slug, () => store(locale, slug)).catch((): Stored => 'failed');
	event.waitUntil(saving);
	const result = await saving;
	if (result === 'saved') return redirect(`/${locale}/offline?saved=${slug}`);
	return redirect(`/${locale}/offline?save-failed=${slug}${result === 'signin' ? '&signin=1' : ''}`);
}

async function removeCourse(event: FetchEvent, locale: Locale, slug: string): Promise<Response> {
	const form = await event.request.clone().formData();
	if (form.get('remove') !== '1') return fetch(event.request);
	await locked(slug, async () => {
		for (const name of await caches.keys()) if (name.startsWith(coursePrefix(slug))) await caches.delete(name);
		await (await db()).delete('courses', slug);
		await loadSavedFiles();
	});
	return redirect(`/${locale}/offline?removed=${slug}`);
}

// ---- Acting offline and sending ----------------------------------------------------------------------

async function postDevice(event: FetchEvent, locale: Locale): Promise<Response> {
	const form = await event.request.clone().formData();
	const dismiss = Number(form.get('dismiss'));
	if (form.has('dismiss')) {
		const d = await db();
		const item = Number.isSafeInteger(dismiss) ? await d.get('outbox', dismiss) : undefined;
		// Only the learner's own refused step (another account's are not even shown).
		if (item?.state === 'refused' && isOwn(item, (await currentAccount()).current)) await d.delete('outbox', dismiss);
		return redirect(`/${locale}/offline`);
	}
	// "Send now": after a send already under way, a pass of its own (which re-sends refused steps).
	const sending = (async () => {
		const earlier = flush.current();
		const first = earlier ? await earlier.catch(() => null) : null;
		const own = await flush.fresh(true);
		return { sent: (first?.sent ?? 0) + own.sent, left: own.left };
	})();
	event.waitUntil(sending.catch(() => undefined));
	const result = await withTimeout(sending, SEND_NOW_WAIT).catch(async () => ({
		sent: 0,
		left: await quietly(async () => waitingCount(await (await db()).getAll('outbox'), account?.current ?? null), 0)
	}));
	return redirect(`/${locale}/offline?sent=${result.sent}-${result.left}`);
}

async function offlineAction(event: FetchEvent, action: Action): Promise<Response> {
	const form = await event.request.clone().formData();
	const pairs = [...form].filter((pair): pair is [string, string] => typeof pair[1] === 'string');
	const fields = queueableFields(new URLSearchParams(pairs).toString());
	try {
		const response = await withTimeout(fetch(event.request), POST_TIMEOUT);
		// A gateway's error page instead of the answer: kept and sent later (the server dedupes by op).
		if (!fields || !queuesInstead(response.status)) return response;
	} catch (error) {
		if (!fields) throw error;
	}
	if (!fields) return Response.error();
	const url = new URL(event.request.url);
	const op = field(fields, 'op')!.toLowerCase();
	// The learner last seen signed in on this phone, not the one who saved the course.
	const user = (await currentAccount()).last;
	const saved = await quietly(async () => {
		const record = await (await db()).get('courses', action.course);
		return record
			? await caches.match(url.origin + action.page, { cacheName: coursePrefix(action.course) + record.saved })
			: undefined;
	}, undefined);
	const item: Queued = {
		op,
		key: outboxKey(user, op),
		action: actionPath(action),
		kind: action.kind,
		fields,
		user,
		at: Date.now(),
		state: 'waiting',
		message: '',
		href: '',
		title: (saved ? pageTitle(await saved.text()) : null) ?? action.page
	};
	await enqueue(item);
	const sync = (sw.registration as unknown as { sync?: { register(tag: string): Promise<void> } }).sync;
	if (sync) await sync.register('outbox').catch(() => undefined);
	if (action.kind === 'quiz') return redirect(`/${action.locale}/offline?queued=quiz`);
	const next = safeNext(field(fields, 'next')) ?? `/${action.locale}/courses/${action.course}`;
	return redirect(`${next}${next.includes('?') ? '&' : '?'}queued=1`);
}

/** Sends the queue in order, one at a time; a second call while sending waits for the same run. */
const flush = oneAtATime(sendAll);

async function sendAll(byLearner: boolean): Promise<{ sent: number; left: number }> {
	const d = await db();
	const { current } = await currentAccount();
	let sent = 0;
	// Signed out, nothing is sent: each step waits for its own learner (steps of nobody for anyone).
	for (const item of current === null ? [] : await d.getAll('outbox')) {
		if (!isOwn(item, current) || !sendable(item, byLearner)) continue;
		const { url, body } = sendRequest(item);
		let outcome = interpretAnswer(0, null);
		try {
			const response = await withTimeout(
				fetch(url, {
					method: 'POST',
					body,
					credentials: 'same-origin',
					headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }
				}),
				POST_TIMEOUT
			);
			// Sent somewhere else (a captive portal's redirect): not our server's error, nothing counted.
			if (response.type === 'basic' && !response.redirected) {
				const json: unknown = isJson(response) ? await response.json().catch(() => null) : null;
				outcome = interpretAnswer(response.status, json);
			}
		} catch {
			// No connection: it stays queued, and this is not counted as the server's error.
		}
		const next = afterAnswer(item, outcome, await textsFor(localeOf(item.action) ?? 'en'));
		if (next.remove) {
			if (await settle(item, null)) {
				const { message, href } = outcome.kind === 'done' ? outcome : { message: '', href: '' };
				await rememberSent({
					op: item.op,
					user: current,
					kind: item.kind,
					title: item.title,
					at: item.at,
					sentAt: Date.now(),
					message,
					href
				});
				sent++;
			}
		} else await settle(item, next.item);
		if (next.stop) break;
	}
	const left = waitingCount(await d.getAll('outbox'), current);
	if (sent > 0) await recheckCourses().catch(() => undefined);
	return { sent, left };
}

function isJson(response: Response): boolean {
	return (response.headers.get('content-type') ?? '').includes('json');
}

/** After sending, a course whose published version (or reachable pages) changed is saved again. */
async function recheckCourses(): Promise<void> {
	const d = await db();
	const { current } = await currentAccount();
	for (const course of await d.getAll('courses')) {
		// The manifest is the signed-in learner's: another learner's saved course is not theirs to renew.
		if (course.user !== current || Date.now() - course.checkedAt < RECHECK_EVERY) continue;
		const answer = await fetch(`/${course.locale}/courses/${course.slug}/offline.json`, { credentials: 'same-origin' });
		if (!answer.ok) continue;
		const manifest = readManifest(await answer.json(), course.slug);
		if (manifest && manifest.version !== course.version) {
			await locked(course.slug, () => store(course.locale as Locale, course.slug));
		} else await d.put('courses', { ...course, checkedAt: Date.now() });
	}
}
