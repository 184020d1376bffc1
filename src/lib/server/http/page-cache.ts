// Rendered pages shared by every signed-in user who would see the same page.
//
// A route opts in by registering a view function (shared-pages.ts): it returns the page's data,
// everything the page shows, and the page's load returns exactly that data (`sharedData`). The
// key of a rendered page is then a digest of that data together with everything else a render
// reads: the route and address, the interface language and the viewer's role (the navigation). So
// two users share a rendering only when their pages are equal by construction, whatever the page
// shows; nothing has to be recognised in the HTML.
//
// The viewer's name and e-mail address are not in the data of a shared page, and a shared page is
// rendered for a viewer without them (`sharedViewer`), so no layout or component can put them in.
//
// Only plain 200 HTML responses are kept, without Set-Cookie; a request that sets a cookie (a
// session refresh, a new locale) is never answered from the cache. Bounded by bytes, least recently
// used out; in memory only, so a restart or a deploy empties it.
import { createHash } from 'node:crypto';
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import type { SessionUser } from '../auth/session';
import { Cache } from '../platform/cache';
import {
	compress,
	encodedHeaders,
	MIN_COMPRESS_BYTES,
	pickEncoding,
	type Bytes,
	type Encoding
} from '../platform/compression';
import { sharedPages, type PageView } from './shared-pages';

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

/**
 * The key of the page a request will see, for routes with a view (shared-pages.ts); null for every
 * other request, and for any request the view cannot answer (a redirect, a 404: the page then goes
 * the usual way and answers it). Leaves the view's data for the page's load (`sharedData`).
 */
export async function viewKey(event: RequestEvent): Promise<string | null> {
	const user = event.locals.user;
	const view = event.route.id ? sharedPages[event.route.id] : undefined;
	if (event.request.method !== 'GET' || !user || !view) return null;
	event.locals.user = sharedViewer(user);
	let data: unknown;
	try {
		data = await view(event);
	} catch {
		event.locals.user = user;
		return null;
	}
	event.locals.sharedPage = { view, data };
	const parts = [event.route.id, event.url.pathname + event.url.search, getLocale(), user.role, data];
	return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

/** A shared page's data: what the view already computed for this request, or the view's answer. */
export function sharedData<T>(event: RequestEvent, view: PageView<T>): Promise<T> {
	const shared = event.locals.sharedPage;
	return shared?.view === view ? Promise.resolve(shared.data as T) : view(event);
}

/** Whether a rendered page may be kept for everyone with the same key. */
export function storable(response: Response): boolean {
	if (response.status !== 200 || response.headers.has('set-cookie') || response.headers.has('content-encoding'))
		return false;
	if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) return false;
	// A page with inline script carries a per-response CSP nonce, which must not be shared.
	return !/'nonce-/.test(response.headers.get('content-security-policy') ?? '');
}

// 16 MB holds a few thousand pages.
const pages = new PageCache(16 * 1024 * 1024);

/** The hook: answers shared pages from the cache, rendering each view once. */
export const handlePageCache: Handle = async ({ event, resolve }) => {
	const key = event.locals.user && !event.locals.cookiesSet ? await viewKey(event) : null;
	if (!key) return resolve(event);
	const encoding = pickEncoding(event.request.headers.get('accept-encoding') ?? '');
	let page = pages.get(key);
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

function replay(body: Bytes, page: StoredPage, encoding?: Encoding): Response {
	const headers = new Headers(page.headers);
	// The Response copies the bytes it is given (undici does), so the cached ones stay untouched.
	return new Response(body, {
		status: page.status,
		headers: encoding ? encodedHeaders(headers, encoding, body.length) : headers
	});
}
