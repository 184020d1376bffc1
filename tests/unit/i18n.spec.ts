import { describe, expect, it } from 'vitest';
import { latinToCyrillic, latinToCyrillicMarkup } from '$lib/i18n/translit';
import { normaliseAcceptLanguage } from '$lib/i18n/accept-language';

describe('latinToCyrillic', () => {
	it('writes the digraphs lj, nj and dž as single letters', () => {
		expect(latinToCyrillic('Ljubav njegova džungla')).toBe('Љубав његова џунгла');
	});

	it('maps every Serbian Latin letter, including č, ć, đ, š and ž', () => {
		expect(latinToCyrillic('čaša ćuprija đak šuma žaba')).toBe('чаша ћуприја ђак шума жаба');
		expect(latinToCyrillic('abvgdeziklmnoprstufhc')).toBe('абвгдезиклмнопрстуфхц');
	});

	it('keeps capital letters capital, for digraphs written Lj or LJ alike', () => {
		expect(latinToCyrillic('Lj')).toBe('Љ');
		expect(latinToCyrillic('LJ')).toBe('Љ');
		expect(latinToCyrillic('Njegoš')).toBe('Његош');
		expect(latinToCyrillic('DŽEP')).toBe('ЏЕП');
		expect(latinToCyrillic('Beograd i Kosovska Mitrovica')).toBe('Београд и Косовска Митровица');
	});

	it('keeps brand names in Latin script', () => {
		expect(latinToCyrillic('Pišite nam na Facebook ili WhatsApp.')).toBe('Пишите нам на Facebook или WhatsApp.');
	});

	it('keeps a brand name and writes its Serbian case ending in Cyrillic', () => {
		expect(latinToCyrillic('Facebooku')).toBe('Facebookу');
		expect(latinToCyrillic('na Instagramu')).toBe('на Instagramу');
		expect(latinToCyrillic('na Instagram-u')).toBe('на Instagram-у');
	});

	it('keeps words that cannot be Serbian (with q, w, x or y) in Latin', () => {
		expect(latinToCyrillic('Linux i Wikipedia')).toBe('Linux и Wikipedia');
	});

	it('leaves digits and punctuation alone', () => {
		expect(latinToCyrillic('Lekcija 3: Ciljevi (10 min).')).toBe('Лекција 3: Циљеви (10 мин).');
	});

	// Bug: the "kept name + case ending" rule also fires on ordinary Serbian words that start with a
	// kept name of five letters or more, e.g. the adjective "srpski" (kept as a language name).
	it('does not leave the start of an ordinary Serbian word in Latin (srpskim, latinicama)', () => {
		expect(latinToCyrillic('na srpskim jezicima')).toBe('на српским језицима');
		expect(latinToCyrillic('u latinicama')).toBe('у латиницама');
	});
});

describe('latinToCyrillicMarkup', () => {
	it('leaves message placeholders untouched', () => {
		expect(latinToCyrillicMarkup('Zdravo, {name}! Imate {count} lekcija.')).toBe(
			'Здраво, {name}! Имате {count} лекција.'
		);
	});

	it('leaves Markdown link targets untouched but transliterates the link text', () => {
		expect(latinToCyrillicMarkup('Pogledajte [našu stranicu](https://example.org/nasa-stranica).')).toBe(
			'Погледајте [нашу страницу](https://example.org/nasa-stranica).'
		);
		expect(latinToCyrillicMarkup('Vidi [lekciju](/courses/outreach/lekcija-1)')).toBe(
			'Види [лекцију](/courses/outreach/lekcija-1)'
		);
	});

	it('leaves code, bare URLs and e-mail addresses untouched', () => {
		expect(latinToCyrillicMarkup('Kucajte `npm run start` ili pišite na info@civicsteps.org')).toBe(
			'Куцајте `npm run start` или пишите на info@civicsteps.org'
		);
		expect(latinToCyrillicMarkup('Adresa: https://civicsteps.org/kursevi')).toBe(
			'Адреса: https://civicsteps.org/kursevi'
		);
		expect(latinToCyrillicMarkup('```\nconst ime = "Ana";\n```\nKraj')).toBe('```\nconst ime = "Ana";\n```\nКрај');
	});
});

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
