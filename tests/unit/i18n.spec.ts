import { describe, expect, it } from 'vitest';
import { normaliseAcceptLanguage } from '$lib/i18n/accept-language';

describe('normaliseAcceptLanguage', () => {
	it('takes plain and regional Serbian as Latin script', () => {
		expect(normaliseAcceptLanguage('sr')).toBe('sr-Latn');
		expect(normaliseAcceptLanguage('sr-RS')).toBe('sr-Latn');
		expect(normaliseAcceptLanguage('sr-Latn-RS')).toBe('sr-Latn');
		expect(normaliseAcceptLanguage('sr-Latn')).toBe('sr-Latn');
	});

	it('keeps an explicit Cyrillic tag Cyrillic', () => {
		expect(normaliseAcceptLanguage('sr-Cyrl-RS')).toBe('sr-Cyrl');
		expect(normaliseAcceptLanguage('sr-Cyrl')).toBe('sr-Cyrl');
		expect(normaliseAcceptLanguage('SR-cyrl-rs')).toBe('sr-Cyrl');
	});

	it('keeps q-values and the order of preferences', () => {
		expect(normaliseAcceptLanguage('sr-RS;q=0.9,sr-Cyrl-RS;q=0.8,en;q=0.5')).toBe(
			'sr-Latn;q=0.9,sr-Cyrl;q=0.8,en;q=0.5'
		);
	});

	it('leaves other languages unchanged', () => {
		expect(normaliseAcceptLanguage('en-US,en;q=0.9')).toBe('en-US,en;q=0.9');
		expect(normaliseAcceptLanguage('sq-XK,sq;q=0.8,de;q=0.3')).toBe('sq-XK,sq;q=0.8,de;q=0.3');
		expect(normaliseAcceptLanguage('srn')).toBe('srn'); // Sranan Tongo is not Serbian
		expect(normaliseAcceptLanguage('*')).toBe('*');
	});

	it('handles spaces after commas', () => {
		expect(normaliseAcceptLanguage('en-GB, sr;q=0.7')).toBe('en-GB,sr-Latn;q=0.7');
	});
});
