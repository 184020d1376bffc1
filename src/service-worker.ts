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
	sendRequest
} from '$lib/offline/queue';
import type { Queued } from '$lib/offline/queue';
import { minimalOfflinePage, renderDevice, savedCopyBanner, statusFor } from '$lib/offline/device';
import type { SavedCourse } from '$lib/offline/device';
import { ENGLISH, readTexts } from '$lib/offline/texts';
import type { Texts } from '$lib/offline/texts';
import { db, enqueue, lastSent, rememberSent } from '$lib/offline/store';

const sw = self as unknown as ServiceWorkerGlobalScope;

/** Per worker version: the device page; a saved course lives in `course:{slug}:{version}:{when saved}`. */
const SHELL = `shell-${version}`;
const READ_TIMEOUT = 4_000;
const POST_TIMEOUT = 20_000;
const RECHECK_EVERY = 10 * 60_000;
const MAX_PAGES = 400;
const MAX_ASSETS = 200;

const coursePrefix = (slug: string) => `course:${slug}:`;

sw.addEventListener('install', () => {
	void sw.skipWaiting();
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			await sw.clients.claim();
			for (const name of await caches.keys()) {
				if (!name.startsWith('course:') && name !== SHELL) await caches.delete(name);
			}
			await flush(false);
		})()
	);
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

	if (request.method === 'POST') {
		const device = matchDevicePage(url.pathname);
		if (device && url.search === '') return event.respondWith(postDevice(event, device.locale));
		const save = matchSaveCourse(url.pathname);
		if (save && url.search === '') return event.respondWith(removeCourse(event, save.locale, save.course));
		const action = matchAction(url.pathname, url.search);
		if (action) return event.respondWith(offlineAction(event, action));
		return;
	}
	if (request.method !== 'GET') return;

	if (request.mode === 'navigate') {
		const save = matchSaveCourse(url.pathname);
		if (save) return event.respondWith(saveCourse(save.locale, save.course));
		const device = matchDevicePage(url.pathname);
		if (device) return event.respondWith(devicePage(event, device.locale, url));
		return event.respondWith(navigate(event, url));
	}
	if (savedFiles?.has(url.href) || (savedFiles === null && isFile(request))) {
		return event.respondWith(savedFile(request, url));
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

async function textsFor(locale: string): Promise<Texts> {
	return (await (await db()).get('texts', locale))?.texts ?? ENGLISH;
}

async function courseCache(slug: string): Promise<Cache | null> {
	const record = await (await db()).get('courses', slug);
	return record ? caches.open(coursePrefix(slug) + record.saved) : null;
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
	const cache = slug ? await courseCache(slug) : null;
	const key = url.origin + url.pathname;
	const saved = cache ? await cache.match(key) : undefined;
	const queued = url.searchParams.get('queued') === '1' ? 'lesson' : null;
	try {
		const response = saved ? await withTimeout(fetch(event.request), READ_TIMEOUT) : await fetch(event.request);
		event.waitUntil(flush(false));
		if (!saved || !cache || !response.ok || response.type !== 'basic' || response.redirected || !isHtml(response)) {
			return response;
		}
		const html = await response.text();
		// Only pages already saved are refreshed: a result page is never put on the device.
		event.waitUntil(keep(cache, key, new Response(html, { headers: response.headers })));
		const texts = await textsFor(locale);
		return htmlResponse(
			queued ? insertIntoMain(html, savedCopyBanner(null, locale, texts, queued)) : html,
			response.headers
		);
	} catch {
		const texts = await textsFor(locale);
		if (saved) {
			const savedAt = Number(saved.headers.get('x-saved-at')) || null;
			return htmlResponse(
				insertIntoMain(await saved.text(), savedCopyBanner(savedAt, locale, texts, queued)),
				saved.headers
			);
		}
		return offlinePage(locale, new URLSearchParams('offline=1'));
	}
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
	const path = `/${locale}/offline`;
	const cached = (await (await caches.open(SHELL)).match(path)) ?? (await caches.match(path));
	const texts = await textsFor(locale);
	if (!cached) return htmlResponse(minimalOfflinePage(locale, texts));
	const savedAt = Number(cached.headers.get('x-saved-at')) || null;
	const html = await deviceHtml(await cached.text(), locale, search);
	return htmlResponse(insertIntoMain(html, savedCopyBanner(savedAt, locale, texts, null)), cached.headers);
}

async function deviceHtml(page: string, locale: Locale, search: URLSearchParams): Promise<string> {
	const d = await db();
	const texts = await textsFor(locale);
	const inner = renderDevice({
		locale,
		texts,
		status: statusFor(search, texts),
		courses: await d.getAll('courses'),
		queue: await d.getAll('outbox'),
		sent: await lastSent()
	});
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
	// The network answered: send what waits first, so that the lists below are current.
	await flush(false);
	return htmlResponse(await deviceHtml(await response.text(), locale, url.searchParams), response.headers);
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

/** Fetches the manifest's pages and their files into a new cache, then drops the old one. */
async function store(locale: Locale, slug: string): Promise<boolean> {
	const answer = await fetch(`/${locale}/courses/${slug}/offline.json`, { credentials: 'same-origin' });
	if (!answer.ok) return false;
	const manifest = readManifest(await answer.json(), slug);
	if (!manifest) return false;
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
	if (pages.length === 0) {
		await caches.delete(name);
		return false;
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
	return true;
}

async function saveCourse(locale: Locale, slug: string): Promise<Response> {
	let ok = false;
	try {
		ok = await store(locale, slug);
	} catch {
		ok = false;
	}
	return redirect(`/${locale}/offline?${ok ? 'saved' : 'save-failed'}=${slug}`);
}

async function removeCourse(event: FetchEvent, locale: Locale, slug: string): Promise<Response> {
	const form = await event.request.clone().formData();
	if (form.get('remove') !== '1') return fetch(event.request);
	for (const name of await caches.keys()) if (name.startsWith(coursePrefix(slug))) await caches.delete(name);
	await (await db()).delete('courses', slug);
	await loadSavedFiles();
	return redirect(`/${locale}/offline?removed=${slug}`);
}

// ---- Acting offline and sending ----------------------------------------------------------------------

async function postDevice(event: FetchEvent, locale: Locale): Promise<Response> {
	const form = await event.request.clone().formData();
	const dismiss = Number(form.get('dismiss'));
	if (form.has('dismiss')) {
		const d = await db();
		const item = Number.isSafeInteger(dismiss) ? await d.get('outbox', dismiss) : undefined;
		if (item?.state === 'refused') await d.delete('outbox', dismiss);
		return redirect(`/${locale}/offline`);
	}
	const { sent, left } = await flush(true);
	return redirect(`/${locale}/offline?sent=${sent}-${left}`);
}

async function offlineAction(event: FetchEvent, action: Action): Promise<Response> {
	const form = await event.request.clone().formData();
	const pairs = [...form].filter((pair): pair is [string, string] => typeof pair[1] === 'string');
	const fields = queueableFields(new URLSearchParams(pairs).toString());
	try {
		return await withTimeout(fetch(event.request), POST_TIMEOUT);
	} catch (error) {
		if (!fields) throw error;
	}
	if (!fields) return Response.error();
	const url = new URL(event.request.url);
	const cache = await courseCache(action.course);
	const saved = cache ? await cache.match(url.origin + action.page) : undefined;
	const record = await (await db()).get('courses', action.course);
	const item: Queued = {
		op: field(fields, 'op')!.toLowerCase(),
		action: actionPath(action),
		kind: action.kind,
		fields,
		user: record?.user ?? null,
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
	let sent = 0;
	for (const item of await d.getAll('outbox')) {
		if (!sendable(item, byLearner)) continue;
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
			const json: unknown = isJson(response) ? await response.json().catch(() => null) : null;
			outcome = interpretAnswer(response.status, json);
		} catch {
			// No connection: it stays queued.
		}
		const next = afterAnswer(item, outcome);
		if (next.remove) {
			await d.delete('outbox', item.id!);
			const { message, href } = outcome.kind === 'done' ? outcome : { message: '', href: '' };
			await rememberSent({
				op: item.op,
				kind: item.kind,
				title: item.title,
				at: item.at,
				sentAt: Date.now(),
				message,
				href
			});
			sent++;
		} else await d.put('outbox', next.item);
		if (next.stop) break;
	}
	const left = await d.count('outbox');
	if (sent > 0) await recheckCourses().catch(() => undefined);
	return { sent, left };
}

function isJson(response: Response): boolean {
	return (response.headers.get('content-type') ?? '').includes('json');
}

/** After sending, a course whose published version (or reachable pages) changed is saved again. */
async function recheckCourses(): Promise<void> {
	const d = await db();
	for (const course of await d.getAll('courses')) {
		if (Date.now() - course.checkedAt < RECHECK_EVERY) continue;
		const answer = await fetch(`/${course.locale}/courses/${course.slug}/offline.json`, { credentials: 'same-origin' });
		if (!answer.ok) continue;
		const manifest = readManifest(await answer.json(), course.slug);
		if (manifest && manifest.version !== course.version) await store(course.locale as Locale, course.slug);
		else await d.put('courses', { ...course, checkedAt: Date.now() });
	}
}
