// Safe Cyrillic (issue 17): what the Latin → Cyrillic transliteration must leave alone, the false
// digraphs, and that folding (search, graded answers) still makes one text of both scripts.
import { describe, expect, it } from 'vitest';
import { fold, toCyrillic, toLatin } from '$lib/i18n/script';
import { foldAnswer } from '$lib/server/learning/grading';
import { renderMarkdown } from '$lib/server/catalogue/markdown';

describe('toCyrillic leaves alone what is not Serbian text', () => {
	it('keeps an English gloss in parentheses in Latin and writes its "engl." in Cyrillic', () => {
		expect(toCyrillic('(engl. outputs/outcomes/impact)')).toBe('(енгл. outputs/outcomes/impact)');
		expect(toCyrillic('**Ishodi** (engl. *outcomes*) su promene')).toBe('**Исходи** (енгл. *outcomes*) су промене');
		expect(toCyrillic('Severna Mitrovica (alb. Mitrovica e Veriut)')).toBe(
			'Северна Митровица (алб. Mitrovica e Veriut)'
		);
	});

	it('keeps words with a digit in Latin (2FA, COVID-19), but not a word after a number (21-godišnji)', () => {
		expect(toCyrillic('Uključite 2FA na svakom nalogu.')).toBe('Укључите 2FA на сваком налогу.');
		expect(toCyrillic('mreža 5G, format mp3, B2B')).toBe('мрежа 5G, формат mp3, B2B');
		expect(toCyrillic('COVID-19 i 21-godišnji volonter')).toBe('COVID-19 и 21-годишњи волонтер');
	});

	it('keeps hashtags and @handles as they are written', () => {
		expect(toCyrillic('Pratite #Zvecan2025 i #ZajednoZaSever')).toBe('Пратите #Zvecan2025 и #ZajednoZaSever');
		expect(toCyrillic('Označite @udruzenje_sever ili @mladi.zvecan.')).toBe(
			'Означите @udruzenje_sever или @mladi.zvecan.'
		);
	});

	it('keeps domains, bare web addresses and e-mail addresses working', () => {
		expect(toCyrillic('Posetite www.udruzenje.org.')).toBe('Посетите www.udruzenje.org.');
		expect(toCyrillic('Pišite preko udruzenje.org/kontakt ili na info@udruzenje.org')).toBe(
			'Пишите преко udruzenje.org/kontakt или на info@udruzenje.org'
		);
		expect(toCyrillic('Portal e-uprava.gov.rs i (https://konsultimet.rks-gov.net/).')).toBe(
			'Портал e-uprava.gov.rs и (https://konsultimet.rks-gov.net/).'
		);
	});

	it('keeps text a trainer marked as foreign: [text]{lang=en}', () => {
		expect(toCyrillic('Rezultat je [*output*]{lang=en}, a promena [outcome]{lang=en}.')).toBe(
			'Резултат је [*output*]{lang=en}, а промена [outcome]{lang=en}.'
		);
		expect(toCyrillic('Opština [Komuna e Zveçanit]{lang=sq}')).toBe('Општина [Komuna e Zveçanit]{lang=sq}');
	});

	it('keeps link targets, image paths, reference links, HTML attributes and code', () => {
		expect(toCyrillic('![Mapa opštine](images/mapa-zvecan.png "Zvečan")')).toBe(
			'![Мапа општине](images/mapa-zvecan.png "Zvečan")'
		);
		expect(toCyrillic('Vidi [vodič][vodic].\n\n[vodic]: materijali/vodic.pdf\n')).toBe(
			'Види [водич][vodic].\n\n[vodic]: materijali/vodic.pdf\n'
		);
		expect(toCyrillic('<img src="slike/plan.png" alt="plan rada"> Plan')).toBe(
			'<img src="slike/plan.png" alt="plan rada"> План'
		);
		expect(toCyrillic('Kod ``ime `x` kraj`` i ~~~\nkonj = 1\n~~~\nkraj')).toBe(
			'Код ``ime `x` kraj`` и ~~~\nkonj = 1\n~~~\nкрај'
		);
	});
});

describe('toCyrillic: brand names with a Serbian case ending', () => {
	it('keeps the brand and writes its ending after a hyphen, in Cyrillic', () => {
		expect(toCyrillic('na Facebook-u')).toBe('на Facebook-у');
		expect(toCyrillic('na Facebooku')).toBe('на Facebook-у');
		expect(toCyrillic('na Instagramu i TikToku')).toBe('на Instagram-у и TikTok-у');
		expect(toCyrillic('preko Vibera, na Zoomu, na LinkedIn-u')).toBe('преко Viber-а, на Zoom-у, на LinkedIn-у');
		expect(toCyrillic('na Twitter-u (sada X-u) i YouTube-om')).toBe('на Twitter-у (сада X-у) и YouTube-ом');
	});

	it('writes a brand alone, or before a Serbian word, as it is', () => {
		expect(toCyrillic('WhatsApp grupa i Facebook-stranica')).toBe('WhatsApp група и Facebook-страница');
		expect(toCyrillic('Google dokument')).toBe('Google документ');
	});

	it('keeps an English compound whole (follow-up) rather than half in Cyrillic', () => {
		expect(toCyrillic('follow-up poruka')).toBe('follow-up порука');
	});
});

describe('false digraphs: two letters that only look like lj, nj or dž', () => {
	const split: [string, string][] = [
		['nadživeti', 'надживети'],
		['nadžnjeti', 'наджњети'],
		['nadžupnik', 'наджупник'],
		['odžaliti', 'оджалити'],
		['odživeti', 'одживети'],
		['odžariti', 'оджарити'],
		['podžanr', 'поджанр'],
		['podžupan', 'поджупан'],
		['podždrelni', 'подждрелни'],
		['predželudac', 'преджелудац'],
		['predžalbeni', 'преджалбени'],
		['predžetveni', 'преджетвени'],
		['feldžandarmerija', 'фелджандармерија'],
		['konjugacija', 'конјугација'],
		['konjektura', 'конјектура'],
		['konjunktura', 'конјунктура'],
		['konjunktivitis', 'конјунктивитис'],
		['injekcija', 'инјекција'],
		['mikroinjekcija', 'микроинјекција'],
		['injicirati', 'инјицирати'],
		['injunkcija', 'инјункција'],
		['vanjezički', 'ванјезички'],
		['vanjedarni', 'ванједарни'],
		['anjon', 'анјон'],
		['Tanjug', 'Танјуг'],
		['NADŽIVETI', 'НАДЖИВЕТИ'],
		['Konjugacija', 'Конјугација']
	];
	it.each(split)('%s → %s', (latin, cyrillic) => {
		expect(toCyrillic(latin)).toBe(cyrillic);
		expect(toLatin(cyrillic)).toBe(latin);
	});

	const real: [string, string][] = [
		['odžak', 'оџак'],
		['Odžaci', 'Оџаци'],
		['hodža', 'хоџа'],
		['nadžak', 'наџак'],
		['kanjon', 'кањон'],
		['konjušnica', 'коњушница'],
		['konju', 'коњу'],
		['tanjir', 'тањир'],
		['džep', 'џеп'],
		['ljudi', 'људи']
	];
	it.each(real)('a real digraph stays one letter: %s → %s', (latin, cyrillic) => {
		expect(toCyrillic(latin)).toBe(cyrillic);
	});
});

const ordinary = [
	'Udruženje iz Zvečana je nadživelo tri projekta, a konjunktura za donacije nije dobra.',
	'Ljudi iz Leposavića i Zubinog Potoka dobijaju injekcije u domu zdravlja; džep je prazan.',
	'Odžalili smo podžanr, ali NJEGOVA DŽUNGLA i Đurđevdan ostaju.',
	'Pratite #Zvecan2025 na www.udruzenje.org, uključite 2FA i pišite na info@udruzenje.org.',
	'Uticaj (engl. impact) merimo posle 6 meseci; vidi [vodič](materijali/vodic.pdf).'
];

describe('round trip', () => {
	it.each(ordinary)('toLatin(toCyrillic(x)) gives x back: %s', (text) => {
		expect(toLatin(toCyrillic(text))).toBe(text);
	});
});

describe('fold agrees with the transliteration', () => {
	it.each(ordinary)('a text and its Cyrillic fold to one: %s', (text) => {
		expect(fold(toCyrillic(text))).toBe(fold(text));
	});

	it('a typed answer and its Cyrillic compare equal, brand endings included', () => {
		for (const text of ['na Facebooku', 'Instagram', 'nadživeti', 'konjugacija', '2FA', 'e-mail'])
			expect(foldAnswer(toCyrillic(text))).toBe(foldAnswer(text));
	});
});

describe('the foreign-text marker in Markdown', () => {
	it('renders [text]{lang=xx} as the text in a span of that language, without the marker', async () => {
		const outcome = await renderMarkdown('Rezultat je [*output*]{lang=en}.', { assetBase: '/x/' });
		expect(outcome.ok && outcome.html).toBe('<p>Rezultat je <span lang="en"><em>output</em></span>.</p>\n');
	});

	it('leaves ordinary brackets and links alone', async () => {
		const outcome = await renderMarkdown('[a] {b} [veza](https://example.org) `[x]{lang=en}`', { assetBase: '/x/' });
		expect(outcome.ok && outcome.html).toBe(
			'<p>[a] {b} <a href="https://example.org">veza</a> <code>[x]{lang=en}</code></p>\n'
		);
	});
});
