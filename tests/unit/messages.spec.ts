// Every interface text exists in every language, with the same placeholders as the English.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

type Catalogue = Record<string, string>;
const read = (locale: string): Catalogue => JSON.parse(readFileSync(`messages/${locale}.json`, 'utf8'));
const en = read('en');
const keys = Object.keys(en).filter((k) => !k.startsWith('$'));
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each(['sq', 'sr-Latn', 'sr-Cyrl'])('messages/%s.json', (locale) => {
	const catalogue = read(locale);

	it('has every message that English has', () => {
		expect(keys.filter((k) => typeof catalogue[k] !== 'string' || catalogue[k].trim() === '')).toEqual([]);
	});

	it('keeps the placeholders of each English message', () => {
		const wrong = keys.filter(
			(k) => JSON.stringify(placeholders(catalogue[k] ?? '')) !== JSON.stringify(placeholders(en[k]))
		);
		expect(wrong).toEqual([]);
	});
});

describe('messages/sr-Cyrl.json', () => {
	it('is in Cyrillic script', () => {
		const cyrl = read('sr-Cyrl');
		const latinOnly = keys.filter(
			(k) => /[a-zčćđšž]{4,}/i.test(cyrl[k].replace(/\{\w+\}/g, '')) && !/[\u0400-\u04FF]/.test(cyrl[k])
		);
		// Brand names and codes may stay Latin; whole sentences may not.
		expect(latinOnly.filter((k) => cyrl[k].split(' ').length > 3)).toEqual([]);
	});
});
