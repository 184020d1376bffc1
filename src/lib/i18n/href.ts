// Link localisation on every page. Paraglide's localizeHref goes through its URLPattern matcher
// for each link, which took about a third of a lesson page's server time (profiled in
// `npm run bench -- --profile`). Every URL here has the simple form /<locale>/<path> (see
// compiler-options.js), so plain paths are rewritten directly; anything else (absolute URLs,
// relative or unusual hrefs) still goes to Paraglide. tests/unit/href.spec.ts checks that both
// give the same answer.
import {
	deLocalizeHref as paraglideDeLocalizeHref,
	getLocale,
	localizeHref as paraglideLocalizeHref,
	locales,
	type Locale
} from '$lib/paraglide/runtime';

const known = new Set<string>(locales);
// A root-relative path with nothing that URL parsing would rewrite (no dot segments, spaces,
// backslashes or other characters that get percent-encoded).
const SIMPLE = /^\/(?!\/)[A-Za-z0-9\-_~!$&'()*+,;=:@%/]*(?:[?#][^\s\\]*)?$/;
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;

function split(href: string): [path: string, suffix: string] | null {
	if (!SIMPLE.test(href)) return null;
	const cut = href.search(/[?#]/);
	const path = cut < 0 ? href : href.slice(0, cut);
	if (DOT_SEGMENT.test(path)) return null;
	return [path, cut < 0 ? '' : href.slice(cut)];
}

/** The path without its locale prefix and without trailing slashes ("/" for the root). */
function bare(path: string): string {
	const trimmed = path.replace(/\/+$/, '') || '/';
	const end = trimmed.indexOf('/', 1);
	const first = end < 0 ? trimmed.slice(1) : trimmed.slice(1, end);
	if (!known.has(first)) return trimmed;
	return end < 0 ? '/' : trimmed.slice(end);
}

/** `href` in the current locale, or in `options.locale`: "/courses" → "/sq/courses". */
export function localizeHref(href: string, options?: { locale?: Locale }): string {
	const parts = split(href);
	if (!parts) return paraglideLocalizeHref(href, options);
	const locale = options?.locale ?? getLocale();
	const path = bare(parts[0]);
	return `/${locale}${path === '/' ? '' : path}${parts[1]}`;
}

/** `href` without its locale prefix: "/sq/courses" → "/courses". */
export function deLocalizeHref(href: string): string {
	const parts = split(href);
	if (!parts) return paraglideDeLocalizeHref(href);
	return bare(parts[0]) + parts[1];
}
