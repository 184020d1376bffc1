import { describe, expect, it } from 'vitest';
import { deriveCyrillic, fold, isDerived, textFor, toCyrillic, toLatin } from '$lib/i18n/script';

describe('toCyrillic: words', () => {
	it('writes the digraphs lj, nj and dž as single letters', () => {
		expect(toCyrillic('Ljubav njegova džungla')).toBe('Љубав његова џунгла');
	});

	it('maps every Serbian Latin letter, including č, ć, đ, š and ž', () => {
		expect(toCyrillic('čaša ćuprija đak šuma žaba')).toBe('чаша ћуприја ђак шума жаба');
		expect(toCyrillic('abvgdeziklmnoprstufhc')).toBe('абвгдезиклмнопрстуфхц');
	});

	it('keeps capital letters capital, for digraphs written Lj or LJ alike', () => {
		expect(toCyrillic('Lj')).toBe('Љ');
		expect(toCyrillic('LJ')).toBe('Љ');
		expect(toCyrillic('Njegoš')).toBe('Његош');
		expect(toCyrillic('DŽEP')).toBe('ЏЕП');
		expect(toCyrillic('Beograd i Kosovska Mitrovica')).toBe('Београд и Косовска Митровица');
	});

	it('keeps brand names in Latin script', () => {
		expect(toCyrillic('Pišite nam na Facebook ili WhatsApp.')).toBe('Пишите нам на Facebook или WhatsApp.');
	});

	it('keeps a brand name and writes its Serbian case ending in Cyrillic', () => {
		expect(toCyrillic('Facebooku')).toBe('Facebook-у');
		expect(toCyrillic('na Instagramu')).toBe('на Instagram-у');
		expect(toCyrillic('na Instagram-u')).toBe('на Instagram-у');
	});

	it('keeps words that cannot be Serbian (with q, w, x or y) in Latin', () => {
		expect(toCyrillic('Linux i Wikipedia')).toBe('Linux и Wikipedia');
	});

	it('leaves digits and punctuation alone', () => {
		expect(toCyrillic('Lekcija 3: Ciljevi (10 min).')).toBe('Лекција 3: Циљеви (10 мин).');
	});

	// Bug: the "kept name + case ending" rule also fires on ordinary Serbian words that start with a
	// kept name of five letters or more, e.g. the adjective "srpski" (kept as a language name).
	it('does not leave the start of an ordinary Serbian word in Latin (srpskim, latinicama)', () => {
		expect(toCyrillic('na srpskim jezicima')).toBe('на српским језицима');
		expect(toCyrillic('u latinicama')).toBe('у латиницама');
	});

	// Bug: "srpski" and "latinica" were kept in Latin anywhere (meant for the language switcher's label).
	it('writes the words srpski and latinica in Cyrillic in running text', () => {
		expect(toCyrillic('Albanski i srpski su službeni jezici.')).toBe('Албански и српски су службени језици.');
		expect(toCyrillic('Srpski, latinica')).toBe('Српски, латиница');
	});
});

describe('toCyrillic: messages and Markdown', () => {
	it('leaves message placeholders untouched', () => {
		expect(toCyrillic('Zdravo, {name}! Imate {count} lekcija.')).toBe('Здраво, {name}! Имате {count} лекција.');
	});

	it('leaves Markdown link targets untouched but transliterates the link text', () => {
		expect(toCyrillic('Pogledajte [našu stranicu](https://example.org/nasa-stranica).')).toBe(
			'Погледајте [нашу страницу](https://example.org/nasa-stranica).'
		);
		expect(toCyrillic('Vidi [lekciju](/courses/outreach/lekcija-1)')).toBe(
			'Види [лекцију](/courses/outreach/lekcija-1)'
		);
	});

	it('leaves code, bare URLs and e-mail addresses untouched', () => {
		expect(toCyrillic('Kucajte `npm run start` ili pišite na info@civicsteps.org')).toBe(
			'Куцајте `npm run start` или пишите на info@civicsteps.org'
		);
		expect(toCyrillic('Adresa: https://civicsteps.org/kursevi')).toBe('Адреса: https://civicsteps.org/kursevi');
		expect(toCyrillic('```\nconst ime = "Ana";\n```\nKraj')).toBe('```\nconst ime = "Ana";\n```\nКрај');
	});
});

describe('toCyrillic: file types and technical tokens stay Latin', () => {
	it('keeps a file extension written on its own', () => {
		expect(toCyrillic('Preuzmite kalendar (.ics) za telefon.')).toBe('Преузмите календар (.ics) за телефон.');
		expect(toCyrillic('Datoteka .PDF ili .docx')).toBe('Датотека .PDF или .docx');
	});

	it('keeps a file name with a known extension', () => {
		expect(toCyrillic('Otvorite raspored.ics ili izvestaj-2026.csv')).toBe(
			'Отворите raspored.ics или izvestaj-2026.csv'
		);
	});

	it('keeps file formats and technical acronyms, but not Serbian ones', () => {
		expect(toCyrillic('Slika PNG ili JPEG, tabela CSV, dokument PDF, adresa URL')).toBe(
			'Слика PNG или JPEG, табела CSV, документ PDF, адреса URL'
		);
		expect(toCyrillic('Do 5 MB, NVO iz Zvečana')).toBe('До 5 МБ, НВО из Звечана');
	});

	it('keeps a bare https:// and a scheme named alone', () => {
		expect(toCyrillic('Adresa počinje sa https:// ili http')).toBe('Адреса почиње са https:// или http');
		expect(toCyrillic('Unesite (https://...), jednu po redu.')).toBe('Унесите (https://...), једну по реду.');
	});

	it('still writes an ellipsis and a sentence end as they were', () => {
		expect(toCyrillic('Čekajte...ili kraj. Dalje')).toBe('Чекајте...или крај. Даље');
	});
});

describe('toLatin', () => {
	it('writes љ, њ, џ as lj, nj, dž and ђ, ћ as đ, ć', () => {
		expect(toLatin('Љубав његова џунгла, ђак и ћуприја')).toBe('Ljubav njegova džungla, đak i ćuprija');
	});

	it('writes a capital digraph Lj in a capitalised word and LJ in an all-caps one', () => {
		expect(toLatin('Љубљана')).toBe('Ljubljana');
		expect(toLatin('ЉУБЉАНА')).toBe('LJUBLJANA');
		expect(toLatin('Џеп и ЏЕП, Њ')).toBe('Džep i DŽEP, Nj');
		expect(toLatin('ОД ЂУРЂА И ЏЕПА')).toBe('OD ĐURĐA I DŽEPA');
	});

	it('leaves Latin, digits, code and link targets as they are', () => {
		expect(toLatin('Facebookу, 10 мин, `код` [веза](/kursevi/прва)')).toBe(
			'Facebooku, 10 min, `код` [veza](/kursevi/прва)'
		);
	});
});

describe('round trips', () => {
	const latin = [
		'Ljubav, njegova džungla i đak na ćupriji.',
		'LJUBAV NJEGOVA DŽUNGLA',
		'Ljiljana Njegoš i Džon',
		'Čačak, Šabac, Žabalj: 3 grada.',
		'injekcija i konjunkcija'
	];
	it.each(latin)('Latin → Cyrillic → Latin gives the text back: %s', (text) => {
		expect(toLatin(toCyrillic(text))).toBe(text);
	});

	const cyrillic = ['Љубав, његова џунгла и ђак на ћуприји.', 'ЉУБАВ ЊЕГОВА ЏУНГЛА', 'Инјекција и Ђурђевдан'];
	it.each(cyrillic)('Cyrillic → Latin → Cyrillic gives the text back: %s', (text) => {
		expect(toCyrillic(toLatin(text))).toBe(text);
	});
});

describe('fold', () => {
	it('makes one name of its Latin, Cyrillic, capitalised and plain forms', () => {
		for (const name of ['Zvečan', 'ЗВЕЧАН', 'zvecan', '  ZVEČAN ']) expect(fold(name)).toBe('zvecan');
	});

	it('folds đ and ђ to dj, so Đurđa, Djurdja and Ђурђа are one name', () => {
		for (const name of ['Đurđa', 'Djurdja', 'Ђурђа', 'ĐURĐA', 'DJURDJA']) expect(fold(name)).toBe('djurdja');
	});

	it('folds the digraphs and the other letters with diacritics to ASCII', () => {
		expect(fold('Љубљана Његош Џеп')).toBe('ljubljana njegos dzep');
		expect(fold('Čačak Ćuprija Šabac Žabalj')).toBe('cacak cuprija sabac zabalj');
		expect(fold('Palët  e\u00a0Interesit')).toBe('palet e interesit');
	});
});

describe('deriveCyrillic', () => {
	it('transliterates every string of a text, however deep, and keeps the shape', () => {
		const latin = { title: 'Plan rada', objectives: ['Napravite plan', 'Džep'], minutes: 10 };
		expect(deriveCyrillic(latin)).toEqual({ title: 'План рада', objectives: ['Направите план', 'Џеп'], minutes: 10 });
	});

	it('leaves Markdown syntax, code and URLs in a body alone', () => {
		const body = '## Cilj\n\n- Pogledajte [vodič](https://example.org/vodic)\n\n```\nconst ime = 1;\n```\n';
		expect(deriveCyrillic({ body })).toEqual({
			body: '## Циљ\n\n- Погледајте [водич](https://example.org/vodic)\n\n```\nconst ime = 1;\n```\n'
		});
	});

	it('keeps a question still untranslated (English, marked) as it is', () => {
		const english = { prompt: 'Why?', options: ['Because'], items: [], explanation: '', untranslated: true };
		const translated = { prompt: 'Zašto?', options: ['Zato'], items: [], explanation: '' };
		expect(deriveCyrillic({ title: 'Provera', questions: [translated, english] })).toEqual({
			title: 'Провера',
			questions: [{ prompt: 'Зашто?', options: ['Зато'], items: [], explanation: '' }, english]
		});
	});

	it('tells a derived Cyrillic text from one written by hand', () => {
		expect(isDerived(['Plan', 'Džep'].map(toCyrillic), ['Plan', 'Džep'])).toBe(true);
		expect(isDerived(['План', 'Мој џеп'], ['Plan', 'Džep'])).toBe(false);
	});
});

describe('textFor', () => {
	const texts = new Map([
		['en', 'Plan'],
		['sr-Latn', 'Plan rada'],
		['sr-Cyrl', 'План рада']
	]);

	it("gives the locale's own text", () => {
		expect(textFor('sr-Cyrl', texts)).toEqual({ text: 'План рада', fallback: false });
		expect(textFor('en', texts)).toEqual({ text: 'Plan', fallback: false });
	});

	it('gives the English text, flagged, where the locale has none', () => {
		expect(textFor('sq', texts)).toEqual({ text: 'Plan', fallback: true });
	});

	it('reads rows that carry their locale as well', () => {
		const rows = [
			{ locale: 'en', title: 'Plan' },
			{ locale: 'sq', title: 'Plani' }
		];
		expect(textFor('sq', rows)).toEqual({ text: rows[1], fallback: false });
		expect(textFor('sr-Latn', rows)).toEqual({ text: rows[0], fallback: true });
	});

	it('gives nothing when there is neither the locale nor English', () => {
		expect(textFor('sq', new Map([['sr-Latn', 'Plan']]))).toBeNull();
	});
});
