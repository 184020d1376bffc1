import { describe, expect, it } from 'vitest';
import { cleanText, isEmail, isHttpUrl, normaliseEmail, slugify } from '$lib/server/platform/form-text';

describe('cleanText', () => {
	it('trims surrounding white space', () => {
		expect(cleanText('  Ana Petrović \n')).toBe('Ana Petrović');
	});

	it('drops control characters such as NUL, BEL, ESC and DEL', () => {
		expect(cleanText('An\u0000a\u0007 Pe\u001b[31mtro\u007fvić')).toBe('Ana Pe[31mtrović');
	});

	it('keeps tabs and newlines, and turns Windows and old Mac line ends into \\n', () => {
		expect(cleanText('line one\r\nline\ttwo\rline three')).toBe('line one\nline\ttwo\nline three');
	});

	it('normalises to NFC so that the same letter typed two ways compares equal', () => {
		const decomposed = 'Petrovic\u0301'; // c + combining acute accent
		expect(cleanText(decomposed)).toBe('Petrović');
		expect(cleanText(decomposed)).toHaveLength('Petrović'.length);
	});

	it('gives an empty string for anything that is not a string', () => {
		for (const value of [null, undefined, 42, {}, ['a'], new File(['x'], 'x.txt')]) {
			expect(cleanText(value)).toBe('');
		}
	});
});

describe('normaliseEmail', () => {
	it('trims and lower-cases', () => {
		expect(normaliseEmail('  Ana.Petrovic@Example.ORG ')).toBe('ana.petrovic@example.org');
	});

	it('gives an empty string for a missing value', () => {
		expect(normaliseEmail(null)).toBe('');
	});
});

describe('isEmail', () => {
	it('accepts ordinary addresses', () => {
		for (const email of ['ana@example.org', 'ana.petrovic+news@mail.example.co.uk', 'x@ngo.rs']) {
			expect(isEmail(email), email).toBe(true);
		}
	});

	it('refuses things that are not addresses', () => {
		for (const email of [
			'',
			'ana',
			'ana@',
			'@example.org',
			'ana@example',
			'ana @example.org',
			'a@b@example.org',
			'ana@example..org'
		]) {
			expect(isEmail(email), email).toBe(false);
		}
	});

	it('refuses addresses longer than 254 characters', () => {
		expect(isEmail(`ana@${'a'.repeat(250)}.org`)).toBe(false);
	});
});

describe('isHttpUrl', () => {
	it('accepts http and https addresses with a real host name', () => {
		expect(isHttpUrl('https://example.org')).toBe(true);
		expect(isHttpUrl('http://www.example.org/about?lang=sr')).toBe(true);
	});

	it('refuses script, data and other schemes', () => {
		for (const url of [
			'javascript:alert(1)',
			'JavaScript:alert(document.cookie)',
			'javascript://example.org/%0Aalert(1)',
			'data:text/html,<script>alert(1)</script>',
			'ftp://example.org',
			'mailto:ana@example.org'
		]) {
			expect(isHttpUrl(url), url).toBe(false);
		}
	});

	it('refuses text that is not a URL, and hosts without a dot', () => {
		for (const url of ['', 'example.org', 'www.example.org', 'https://', 'http://localhost']) {
			expect(isHttpUrl(url), url).toBe(false);
		}
	});

	it('refuses addresses longer than 500 characters', () => {
		expect(isHttpUrl(`https://example.org/${'a'.repeat(500)}`)).toBe(false);
	});
});

describe('slugify', () => {
	it('makes lower-case, hyphen-separated ASCII from a Latin name', () => {
		expect(slugify('Udruženje građana „Most“ — Zvečan!')).toBe('udruzenje-gradjana-most-zvecan');
	});

	it('folds Serbian Latin letters, đ and Đ to dj', () => {
		expect(slugify('Čačak Šabac Žabalj Ćuprija')).toBe('cacak-sabac-zabalj-cuprija');
		expect(slugify('Đorđe')).toBe('djordje');
	});

	it('transliterates Serbian Cyrillic, including ђ, љ, њ, ћ and џ', () => {
		expect(slugify('Ђурђевдан')).toBe('djurdjevdan');
		expect(slugify('Љубав њена џунгла ћуприја')).toBe('ljubav-njena-dzungla-cuprija');
		expect(slugify('Удружење грађана Мост')).toBe('udruzenje-gradjana-most');
	});

	it('falls back to "item" when nothing usable is left', () => {
		expect(slugify('!!!')).toBe('item');
		expect(slugify('')).toBe('item');
	});

	it('keeps slugs at most 60 characters long', () => {
		expect(slugify('word '.repeat(40)).length).toBeLessThanOrEqual(60);
	});
});
