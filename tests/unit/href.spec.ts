import { describe, expect, it } from 'vitest';
import * as paraglide from '$lib/paraglide/runtime';
import { deLocalizeHref, localizeHref } from '$lib/i18n/href';

// The fast link localisation must answer exactly as Paraglide's own does.
const hrefs = [
	'/',
	'/courses',
	'/courses/',
	'/courses//',
	'/en',
	'/en/',
	'/sq/courses?x=1#a',
	'/courses?a=b&c=%20d',
	'/courses?locked=previous_lesson',
	'/sr-Latn',
	'/sr-Cyrl/x/y',
	'/enx/y',
	'/en-GB/x',
	'/EN/x',
	'/%C3%AB',
	'/a b',
	'/a/./b',
	'/a/../b',
	'/courses#top',
	'/teach/lessons/12?/publish',
	'/verify/ABCD-2345',
	'//evil.example/x',
	'https://example.org/x',
	'?/complete',
	'/courses/outreach/01-your-organisation/quiz/attempts/5'
];

// Some generated hrefs are not URLs at all ("//?"): then both must refuse them.
function attempt(f: () => string): string {
	try {
		return f();
	} catch {
		return 'throws';
	}
}

describe('localised links', () => {
	it('match Paraglide for every locale', () => {
		for (const href of hrefs) {
			for (const locale of paraglide.locales) {
				expect(localizeHref(href, { locale }), `${href} in ${locale}`).toBe(paraglide.localizeHref(href, { locale }));
			}
			expect(localizeHref(href), href).toBe(paraglide.localizeHref(href));
			expect(deLocalizeHref(href), href).toBe(paraglide.deLocalizeHref(href));
		}
	});

	it('match Paraglide on generated paths', () => {
		const pieces = [
			'/',
			'/',
			'en',
			'sq',
			'sr-Latn',
			'sr-Cyrl',
			'courses',
			'.',
			'..',
			'?',
			'#',
			'=',
			'%20',
			' ',
			'ë',
			'-',
			'_',
			'A',
			'9',
			'//'
		];
		let seed = 7;
		const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % pieces.length;
		for (let i = 0; i < 2000; i++) {
			let href = '/';
			for (let n = next() % 8; n >= 0; n--) href += pieces[next()];
			expect(
				attempt(() => localizeHref(href, { locale: 'sq' })),
				href
			).toBe(attempt(() => paraglide.localizeHref(href, { locale: 'sq' })));
			expect(
				attempt(() => deLocalizeHref(href)),
				href
			).toBe(attempt(() => paraglide.deLocalizeHref(href)));
		}
	});

	it('prefix a plain path with the locale', () => {
		expect(localizeHref('/courses', { locale: 'sr-Cyrl' })).toBe('/sr-Cyrl/courses');
		expect(localizeHref('/sq/organisations', { locale: 'en' })).toBe('/en/organisations');
		expect(deLocalizeHref('/sr-Latn/verify/X')).toBe('/verify/X');
	});
});
