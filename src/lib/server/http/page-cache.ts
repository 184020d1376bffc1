// A cache of rendered learner pages, shared by every learner who sees the same thing.
//
// Two learners at the same point of a lesson get byte-identical HTML: the page shows the course, the
// lesson's published text, where the learner stands (done or not, what comes next) and the links of
// their role, never their name. So the page is keyed by exactly that view, computed the way the
// page's own load computes it, and rendered once per view instead of once per request. Rendering was
// most of a lesson page's server time (`npm run bench -- --profile`).
//
// What keeps it correct:
// - The key is built by the same domain function as the page's data (learning.lessonView), after the
//   session was validated and access decided, so it only ever replaces rendering, never a check.
//   New content, a new lesson version or a change in the learner's progress makes a new key; so do
//   the address, the interface language and the viewer's role (pageKey lists what a page reads).
// - Only plain 200 HTML responses are kept, without Set-Cookie, and a request that would set a
//   cookie (a session refresh, a new locale) is never answered from the cache.
// - A page that contains the viewer's name or e-mail address is never stored, so that a future
//   change that shows them on the page cannot leak them to another learner.
// - Bounded by bytes (least recently used out); in memory only, so a restart or a deploy empties it.
import type { RequestEvent } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { lessonView } from './learning-pages';
import type { Bytes, Encoding } from '../platform/compression';

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
	private pages = new Map<string, StoredPage>();
	private bytes = 0;

	constructor(private readonly maxBytes: number) {}

	get(key: string): StoredPage | undefined {
		const page = this.pages.get(key);
		if (page) {
			// A Map keeps insertion order: inserting again marks the entry as recently used.
			this.pages.delete(key);
			this.pages.set(key, page);
		}
		return page;
	}

	set(key: string, page: StoredPage): void {
		this.delete(key);
		this.pages.set(key, page);
		this.bytes += sizeOf(key, page);
		this.trim();
	}

	/** Adds a compressed copy to a stored page. */
	addEncoded(key: string, page: StoredPage, encoding: Encoding, bytes: Bytes): void {
		if (this.pages.get(key) !== page || page.encoded[encoding]) return;
		page.encoded[encoding] = bytes;
		this.bytes += bytes.byteLength;
		this.trim();
	}

	get size(): { pages: number; bytes: number } {
		return { pages: this.pages.size, bytes: this.bytes };
	}

	private trim(): void {
		for (const [oldest] of this.pages) {
			if (this.bytes <= this.maxBytes) break;
			this.delete(oldest);
		}
	}

	private delete(key: string): void {
		const page = this.pages.get(key);
		if (!page) return;
		this.pages.delete(key);
		this.bytes -= sizeOf(key, page);
	}
}

/**
 * The view a request will see, as a string, for the pages that are cached; null for every other
 * request (and for any request this cannot decide: it then goes the usual way).
 */
export async function viewKey(event: RequestEvent): Promise<string | null> {
	const user = event.locals.user;
	if (event.request.method !== 'GET' || !user) return null;
	try {
		if (event.route.id === '/(learn)/courses/[course]/[module]/[lesson]') {
			const view = await lessonView(
				event.locals.db,
				user.id,
				event.params as { course: string; module: string; lesson: string }
			);
			// The page's load takes it from here on a miss, instead of working it out again.
			event.locals.lessonView = view;
			if (view.kind !== 'open') return null;
			return pageKey(event, user.role, view);
		}
	} catch {
		// A 404 or any other trouble: the page itself answers it.
	}
	return null;
}

/**
 * The key of a rendered page: everything it is rendered from. The view holds what the page shows
 * from the database (for a lesson, its version, which with the language fixes its text); around it
 * the page reads the route and address (links, the language switcher), the interface language
 * (messages, `<html lang>`, the language of course texts; sr-Latn and sr-Cyrl are locales of their
 * own, so this covers the script too) and the viewer's role (the navigation). The language is the
 * one this request is answered in, which an address without a language takes from the cookie or
 * Accept-Language: two learners at the same such address may read different languages.
 */
function pageKey(event: RequestEvent, role: string, view: unknown): string {
	return JSON.stringify([event.route.id, event.url.pathname + event.url.search, getLocale(), role, view]);
}

/** Whether a rendered page may be kept for everyone with the same view. */
export function storable(response: Response, body: Uint8Array, viewer: { name: string; email: string }): boolean {
	if (response.status !== 200 || response.headers.has('set-cookie') || response.headers.has('content-encoding'))
		return false;
	if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) return false;
	// A page with inline script carries a per-response CSP nonce, which must not be shared.
	if (/'nonce-/.test(response.headers.get('content-security-policy') ?? '')) return false;
	const html = new TextDecoder().decode(body);
	return !(viewer.name.length >= 3 && html.includes(viewer.name)) && !html.includes(viewer.email);
}
