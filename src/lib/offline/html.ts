// String surgery on the server's HTML, for the service worker (which has no DOM). Everything the
// worker inserts goes through escapeHtml: titles and messages come from pages and the server, and a
// saved page must never become a way to run script.

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A text with `{name}` placeholders filled in; the result is plain text (escape it to insert it). */
export function fill(template: string, values: Record<string, string | number>): string {
	return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

const MAIN_OPEN = /<main\b[^>]*\bid="main"[^>]*>/i;

/** Puts `insert` as the first thing inside `<main id="main" …>`; the page unchanged when there is none. */
export function insertIntoMain(html: string, insert: string): string {
	const m = MAIN_OPEN.exec(html);
	if (!m) return html;
	const at = m.index + m[0].length;
	return html.slice(0, at) + insert + html.slice(at);
}

const DEVICE_OPEN = /<div\b[^>]*\bid="offline-device"[^>]*>/i;

/**
 * Replaces the inner HTML of the device page's `<div id="offline-device">` (protocol §5: no `<div>`
 * nested inside it, so its end is the first `</div>` after it). Null when the page has none.
 */
export function replaceDeviceSection(html: string, inner: string): string | null {
	const m = DEVICE_OPEN.exec(html);
	if (!m) return null;
	const start = m.index + m[0].length;
	const end = html.indexOf('</div>', start);
	if (end < 0) return null;
	return html.slice(0, start) + inner + html.slice(end);
}

function decodeEntities(text: string): string {
	return text
		.replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Math.min(Number(n), 0x10ffff)))
		.replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Math.min(parseInt(n, 16), 0x10ffff)))
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&');
}

function plain(fragment: string): string {
	return decodeEntities(fragment.replace(/<[^>]*>/g, ''))
		.replace(/\s+/g, ' ')
		.trim();
}

/** The page's `<h1>`, else its `<title>` without the site's name, as plain text (at most 200 characters). */
export function pageTitle(html: string): string | null {
	const h1 = /<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(html);
	const title = /<title\b[^>]*>([\s\S]*?)<\/title>/i.exec(html);
	const text = h1 ? plain(h1[1]) : title ? plain(title[1]).replace(/\s+[—–-]\s+CivicSteps$/, '') : '';
	return text ? text.slice(0, 200) : null;
}

function attribute(tag: string, name: string): string | null {
	const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
	return m ? decodeEntities(m[1] ?? m[2] ?? m[3]) : null;
}

/**
 * The same-origin stylesheets, icons and images a page references (protocol §3), as absolute URLs
 * without fragments. Other sites' files are never fetched: the worker stores only this site's.
 */
export function pageAssets(html: string, pageUrl: string): string[] {
	const base = new URL(pageUrl);
	const found = new Set<string>();
	const add = (href: string | null) => {
		if (!href || href.startsWith('data:')) return;
		try {
			const url = new URL(href, base);
			if (url.origin !== base.origin) return;
			url.hash = '';
			found.add(url.href);
		} catch {
			// Not a URL: nothing to save.
		}
	};
	for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
		const rel = (attribute(tag, 'rel') ?? '').toLowerCase().split(/\s+/);
		if (rel.includes('stylesheet') || rel.includes('icon') || rel.includes('apple-touch-icon'))
			add(attribute(tag, 'href'));
	}
	for (const [tag] of html.matchAll(/<img\b[^>]*>/gi)) add(attribute(tag, 'src'));
	return [...found];
}
