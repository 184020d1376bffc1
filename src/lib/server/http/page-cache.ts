// Rendered pages kept for every signed-in user who would see the same page.
//
// A route opts in by registering a view function (shared-pages.ts): it returns the page's data,
// everything the page shows, and the page's load returns exactly that data (`sharedData`). The
// key of a rendered page is then a digest of that data together with everything else a render
// reads: the route and address, the interface language and the viewer's role (the navigation), and
// for a personal page the viewer's id and name. So two users share a rendering only when their
// pages are equal by construction, whatever the page shows; nothing has to be recognised in the HTML.
//
// The viewer's name and e-mail address are not in the data of a shared page, and a shared page is
// rendered for a viewer without them (`sharedViewer`), so no layout or component can put them in.
//
// Working out the key runs the view, which costs about as much as the queries of the page. So the
// key a viewer's request led to is remembered with the database's generation (db/client.ts): while
// no write has happened since, and for at most a minute (some states follow the clock: a quiz's
// waiting time, the dashboard's "at risk"), the same request leads to the same key without running
// the view. Any write starts over, so under many writes this saves little.
//
// Only plain 200 HTML responses are kept, without Set-Cookie; a request that sets a cookie (a
// session refresh, a new locale) is never answered from the cache. Bounded by bytes, least recently
// used out; in memory only, so a restart or a deploy empties it.
import * as notices from '../people/notices';
import { createHash } from 'node:crypto';
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import type { SessionUser } from '../auth/session';
import { dataGeneration } from '../db/client';
import { Cache, perDatabase } from '../platform/cache';
import {
	compress,
	encodedHeaders,
	MIN_COMPRESS_BYTES,
	pickEncoding,
	type Bytes,
	type Encoding
} from '../platform/compression';
import { cachedPages, type PageView } from './shared-pages';

export interface StoredPage {
	status: number;
	headers: [string, string][];
	body: Bytes;
	/** Compressed copies, made on first demand. */
	encoded: Partial<Record<Encoding, Bytes>>;
}

const sizeOf = (key: string, page: StoredPage) =>
	key.length * 2 + page.body.byteLength + (page.encoded.br?.byteLength ?? 0) + (page.encoded.gzip?.byteLength ?? 0);

export class PageCache {
	private readonly pages: Cache<string, StoredPage>;

	constructor(maxBytes: number) {
		this.pages = new Cache({ max: 100_000, maxSize: maxBytes, sizeOf: (page, key) => sizeOf(key, page) });
	}

	get(key: string): StoredPage | undefined {
		return this.pages.get(key);
	}

	has(key: string): boolean {
		return this.pages.has(key);
	}

	set(key: string, page: StoredPage): void {
		this.pages.set(key, page);
	}

	/** Adds a compressed copy to a stored page (stored again, so its size counts it). */
	addEncoded(key: string, page: StoredPage, encoding: Encoding, bytes: Bytes): void {
		if (this.pages.get(key) !== page || page.encoded[encoding]) return;
		this.pages.set(key, { ...page, encoded: { ...page.encoded, [encoding]: bytes } });
	}

	get size(): { pages: number; bytes: number } {
		return { pages: this.pages.size, bytes: this.pages.calculatedSize };
	}
}

/** The signed-in user as a shared page is rendered for: no name, no e-mail address. */
export function sharedViewer(user: SessionUser): SessionUser {
	return { ...user, name: '', email: '' };
}

// Only a page's HTML: the client router asks for the same address's data as JSON (`__data.json`),
// which must neither be answered with the page nor stored as it.
const pageRequest = (event: RequestEvent) =>
	event.request.method === 'GET' && !event.isDataRequest && !event.isSubRequest;

/**
 * The key of the page a request will see, for routes with a view (shared-pages.ts); null for every
 * other request, and for any request the view cannot answer (a redirect, a 404: the page then goes
 * the usual way and answers it). Runs the view, and leaves its data for the page's load (`sharedData`).
 */
export async function viewKey(event: RequestEvent): Promise<string | null> {
	const user = event.locals.user;
	const page = event.route.id ? cachedPages[event.route.id] : undefined;
	if (!pageRequest(event) || !user || !page) return null;
	const { view, scope } = page;
	if (scope === 'shared') event.locals.user = sharedViewer(user);
	let data: unknown;
	try {
		data = await view(event);
	} catch {
		event.locals.user = user;
		return null;
	}
	event.locals.sharedPage = { view, data, href: event.url.href };
	// The header shows the viewer's unread notices count (root layout): part of every key.
	const unread = await notices.unreadCount(event.locals.db, user.id);
	event.locals.unreadNotices = unread;
	const viewer = scope === 'shared' ? [user.role, unread] : [user.role, user.id, user.name, unread];
	const parts = [event.route.id, event.url.pathname + event.url.search, getLocale(), scope, viewer, data];
	return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

// Per viewer and address: the key the view led to, and the database's generation before it ran.
const knownKeys = perDatabase<string, { key: string; generation: string }>({ max: 10_000, ttlMs: 60_000 });

/**
 * The key of the page a request will see, as `viewKey`, without running the view when this viewer
 * asked for this address since the last write (and within a minute) and its page is still kept.
 */
export async function pageKey(event: RequestEvent, kept: (key: string) => boolean): Promise<string | null> {
	const user = event.locals.user;
	if (!pageRequest(event) || !user || !event.route.id || !cachedPages[event.route.id]) return null;
	const { db } = event.locals;
	const known = knownKeys(db);
	const asked = [user.id, user.role, getLocale(), event.route.id, event.url.pathname + event.url.search].join('\n');
	// Read before the view runs: a write that commits while it runs changes the next reading.
	const generation = await dataGeneration(db);
	const last = known.get(asked);
	if (last && last.generation === generation && kept(last.key)) {
		const { scope } = cachedPages[event.route.id]!;
		if (scope === 'shared') event.locals.user = sharedViewer(user);
		return last.key;
	}
	const key = await viewKey(event);
	if (key) known.set(asked, { key, generation });
	else known.delete(asked);
	return key;
}

/** A cached page's data: what the view already computed for this request, or the view's answer. */
export function sharedData<T>(event: RequestEvent, view: PageView<T>): Promise<T> {
	const shared = event.locals.sharedPage;
	// The view ran before the load, outside SvelteKit's tracking of what a load reads. Reading the
	// address here makes the load depend on all of it, so that the client router (on pages that
	// have it) asks again when only the query changes.
	return shared?.view === view && shared.href === event.url.href ? Promise.resolve(shared.data as T) : view(event);
}

/** Whether a rendered page may be kept for everyone with the same key. */
export function storable(response: Response): boolean {
	if (response.status !== 200 || response.headers.has('set-cookie') || response.headers.has('content-encoding'))
		return false;
	if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) return false;
	// A page with inline script carries a per-response CSP nonce, which must not be shared.
	return !/'nonce-/.test(response.headers.get('content-security-policy') ?? '');
}

/** The hook over a page store: answers shared pages from it, rendering each view once. */
export const pageCacheHandle =
	(pages: PageCache): Handle =>
	async ({ event, resolve }) => {
		const key = event.locals.user && !event.locals.cookiesSet ? await pageKey(event, (k) => pages.has(k)) : null;
		if (!key) return resolve(event);
		const encoding = pickEncoding(event.request.headers.get('accept-encoding') ?? '');
		let page = pages.get(key);
		// A remembered key whose page went meanwhile: the load will run the view again, maybe after a
		// write, so its rendering is answered but not stored under a key computed from older data.
		if (!page && !event.locals.sharedPage) return resolve(event);
		if (!page) {
			const response = await resolve(event);
			if (response.status !== 200 || !response.body) return response;
			const body = new Uint8Array(await response.arrayBuffer());
			if (!storable(response)) return new Response(body, response);
			const headers = [...response.headers].filter(([name]) => name !== 'content-length');
			page = { status: response.status, headers, body, encoded: {} };
			pages.set(key, page);
		}
		if (!encoding || page.body.length < MIN_COMPRESS_BYTES) return replay(page.body, page);
		let packed = page.encoded[encoding];
		if (!packed) {
			packed = compress(page.body, encoding);
			pages.addEncoded(key, page, encoding, packed);
		}
		return replay(packed, page, encoding);
	};

// 16 MB holds a few thousand pages.
export const handlePageCache = pageCacheHandle(new PageCache(16 * 1024 * 1024));

// A stored page's response headers for each encoding, made once: building and checking a Headers
// list is a good part of answering from the cache.
const replayHeaders = new WeakMap<StoredPage, Partial<Record<Encoding | 'identity', [string, string][]>>>();

function replay(body: Bytes, page: StoredPage, encoding?: Encoding): Response {
	let made = replayHeaders.get(page);
	if (!made) replayHeaders.set(page, (made = {}));
	const headers = (made[encoding ?? 'identity'] ??= [
		...(encoding ? encodedHeaders(new Headers(page.headers), encoding, body.length) : new Headers(page.headers))
	]);
	// The Response copies the bytes it is given (undici does), so the cached ones stay untouched.
	return new Response(body, { status: page.status, headers });
}
