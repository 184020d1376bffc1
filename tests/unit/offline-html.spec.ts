import { describe, expect, it } from 'vitest';
import { escapeHtml, fill, insertIntoMain, pageAssets, pageTitle, replaceDeviceSection } from '$lib/offline/html';
import { dateText, sizeText } from '$lib/offline/size';
import { ENGLISH, readTexts } from '$lib/offline/texts';

const PAGE =
	'<!doctype html><html><head><title>Lesson one — CivicSteps</title><link rel="stylesheet" href="/_app/immutable/assets/0.css">' +
	'<link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="https://cdn.example/x.css"></head>' +
	'<body><main id="main" tabindex="-1" data-path="/sq/courses/c/m/l1"><h1>Who we &amp; <em>they</em> are</h1>' +
	'<img src="/content-assets/c/a.png#x" alt=""><img src="data:image/png;base64,AAAA" alt=""><img src=\'//other.example/b.png\'>' +
	'<div id="offline-device" class="device"><p>Without a worker</p></div><div>after</div></main></body></html>';

describe('offline HTML surgery', () => {
	it('escapes what it inserts and fills placeholders', () => {
		expect(escapeHtml(`<script>"x" & 'y'</script>`)).toBe(
			'&#60;script&#62;&#34;x&#34; &#38; &#39;y&#39;&#60;/script&#62;'
		);
		expect(fill('{sent} sent, {left} still waiting.', { sent: 2, left: 0 })).toBe('2 sent, 0 still waiting.');
		expect(fill('Saved {unknown}', {})).toBe('Saved {unknown}');
	});

	it('puts the banner first inside the main element, and leaves a page without one alone', () => {
		const out = insertIntoMain(PAGE, '<p class="saved-copy">B</p>');
		expect(out).toContain('data-path="/sq/courses/c/m/l1"><p class="saved-copy">B</p><h1>');
		expect(insertIntoMain('<main><h1>x</h1></main>', 'B')).toBe('<main><h1>x</h1></main>');
	});

	it('replaces only the inside of the device section', () => {
		const out = replaceDeviceSection(PAGE, '<h2>Saved</h2>')!;
		expect(out).toContain('<div id="offline-device" class="device"><h2>Saved</h2></div><div>after</div>');
		expect(out).not.toContain('Without a worker');
		expect(replaceDeviceSection('<main></main>', 'x')).toBeNull();
	});

	it('takes a queued item’s title from the page’s heading, else its title', () => {
		expect(pageTitle(PAGE)).toBe('Who we & they are');
		expect(pageTitle('<title>Quiz: Module 1 — CivicSteps</title>')).toBe('Quiz: Module 1');
		expect(pageTitle('<p>none</p>')).toBeNull();
	});

	it('lists the same-origin stylesheets, icons and images of a page, never another site’s', () => {
		expect(pageAssets(PAGE, 'https://civic.example/sq/courses/c/m/l1')).toEqual([
			'https://civic.example/_app/immutable/assets/0.css',
			'https://civic.example/favicon.svg',
			'https://civic.example/content-assets/c/a.png'
		]);
	});

	it('says sizes and dates in the reader’s language', () => {
		expect(sizeText(300, 'en', ENGLISH)).toBe('1 KB');
		expect(sizeText(52_000, 'en', ENGLISH)).toBe('51 KB');
		expect(sizeText(3.5 * 1024 * 1024, 'sq', { sizeKB: '{size} KB', sizeMB: '{size} MB' })).toBe('3,5 MB');
		const at = Date.UTC(2026, 0, 15, 10, 30);
		expect(dateText(at, 'en')).toContain('2026');
		expect(dateText(at, 'sr-Cyrl')).not.toBe(dateText(at, 'en'));
		// As the server writes times: a 24-hour clock in Kosovo's time (UTC+1 in January) in every language.
		const afternoon = Date.UTC(2026, 0, 15, 15, 5);
		for (const locale of ['en', 'sq', 'sr-Latn', 'sr-Cyrl']) expect(dateText(afternoon, locale)).toContain('16:05');
	});

	it('takes the server’s texts key by key and keeps English where one is missing or odd', () => {
		const texts = readTexts({
			locale: 'sq',
			texts: { savedCopy: 'Kopje e ruajtur nga {date}', queued: 42, sent: 'x'.repeat(501) }
		});
		expect(texts.savedCopy).toBe('Kopje e ruajtur nga {date}');
		expect(texts.queued).toBe(ENGLISH.queued);
		expect(texts.sent).toBe(ENGLISH.sent);
		expect(readTexts(null)).toEqual(ENGLISH);
	});
});
