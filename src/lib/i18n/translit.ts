/**
 * Serbian Latin → Serbian Cyrillic, deterministic and one-to-one for Serbian words.
 *
 * Serbian Latin maps to Cyrillic letter by letter, except the digraphs lj, nj and dž, which are
 * single Cyrillic letters. Words that cannot be Serbian (they contain q, w, x or y) and names on the
 * keep-list below stay in Latin, as Serbian Cyrillic text usually keeps brand names. Placeholders
 * such as {name}, URLs, e-mail addresses, Markdown code and link targets are never touched.
 */

const single: Record<string, string> = {
	a: 'а',
	b: 'б',
	c: 'ц',
	č: 'ч',
	ć: 'ћ',
	d: 'д',
	đ: 'ђ',
	e: 'е',
	f: 'ф',
	g: 'г',
	h: 'х',
	i: 'и',
	j: 'ј',
	k: 'к',
	l: 'л',
	m: 'м',
	n: 'н',
	o: 'о',
	p: 'п',
	r: 'р',
	s: 'с',
	š: 'ш',
	t: 'т',
	u: 'у',
	v: 'в',
	z: 'з',
	ž: 'ж'
};
const digraphs: Record<string, string> = { lj: 'љ', nj: 'њ', dž: 'џ' };

/** Brand names that Serbian inflects (Facebooku, Instagram-u): the name stays, the ending is
 * transliterated. Matched only at the start of a capitalised word. */
const brands = [
	'Facebook',
	'Instagram',
	'WhatsApp',
	'Viber',
	'TikTok',
	'YouTube',
	'Google',
	'LinkedIn',
	'Twitter',
	'Messenger',
	'CivicSteps',
	'JavaScript',
	'Canva',
	'Excel',
	'Gmail',
	'Outlook'
];

/** Places where two letters look like a digraph but belong to two sounds: `|` marks the split. */
const splitDigraphs = ['in|jek', 'kon|jun', 'in|jun', 'van|jez', 'nad|živ', 'nad|žnj', 'pod|žup', 'pod|žnj'];

/** Words kept in Latin script (compared case-insensitively). */
export const keepLatin = new Set(
	[
		'CivicSteps',
		'JavaScript',
		'Deutsch',
		'Facebook',
		'Instagram',
		'WhatsApp',
		'Viber',
		'TikTok',
		'YouTube',
		'Google',
		'Forms',
		'Docs',
		'Sheets',
		'Drive',
		'Excel',
		'Word',
		'LinkedIn',
		'Twitter',
		'Messenger',
		'Canva',
		'Zoom',
		'Meet',
		'Teams',
		'Skype',
		'Gmail',
		'Outlook',
		'Wi-Fi',
		'WiFi',
		'PDF',
		'QR',
		'SMS',
		'PIN',
		'GDPR',
		'URL',
		'JSON',
		'CSV',
		'SMART',
		'Open',
		'Badges',
		'EU',
		'NGO',
		'CSO',
		'Shqip',
		'Srpski',
		'latinica',
		'English',
		'Reels',
		'Stories',
		'Story',
		'Live',
		'Insights',
		'Business',
		'Suite',
		'Creator',
		'hashtag',
		'hashtags',
		'online',
		'offline',
		'email',
		'e-mail',
		'emoji',
		'selfie'
	].map((w) => w.toLowerCase())
);

function splitPoints(lowerWord: string): Set<number> {
	const points = new Set<number>();
	for (const pattern of splitDigraphs) {
		const plain = pattern.replace('|', '');
		let from = lowerWord.indexOf(plain);
		while (from >= 0) {
			points.add(from + pattern.indexOf('|'));
			from = lowerWord.indexOf(plain, from + 1);
		}
	}
	return points;
}

function wordToCyrillic(word: string): string {
	let out = '';
	const splits = splitPoints(word.toLowerCase());
	for (let i = 0; i < word.length; i++) {
		const two = word.slice(i, i + 2);
		const lowerTwo = two.toLowerCase();
		if (digraphs[lowerTwo] && !splits.has(i + 1)) {
			const cyr = digraphs[lowerTwo];
			out += two[0] === two[0].toLowerCase() ? cyr : cyr.toUpperCase();
			i++;
			continue;
		}
		const ch = word[i];
		const lower = ch.toLowerCase();
		const cyr = single[lower];
		if (cyr === undefined) out += ch;
		else out += ch === lower ? cyr : cyr.toUpperCase();
	}
	return out;
}

const letters = /[A-Za-zČĆĐŠŽčćđšž]+(?:-[A-Za-zČĆĐŠŽčćđšž]+)*/g;

/** Transliterates plain text (no markup). */
export function latinToCyrillic(text: string): string {
	return text.replace(letters, (word) => {
		const lower = word.toLowerCase();
		if (/[qwxyQWXY]/.test(word) || keepLatin.has(lower)) return word;
		for (const brand of brands) {
			if (word.startsWith(brand)) return brand + wordToCyrillic(word.slice(brand.length));
		}
		return wordToCyrillic(word);
	});
}

// Parts of a message or Markdown source that must stay as they are.
const protectedParts = new RegExp(
	[
		'```[\\s\\S]*?```', // fenced code
		'`[^`]*`', // inline code
		'\\{[^{}]*\\}', // message placeholders
		'\\]\\([^)]*\\)', // link and image targets
		'<[^>]+>', // autolinks and stray tags
		'https?://\\S+', // bare URLs
		'[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+', // e-mail addresses
		'&[a-z]+;' // HTML entities
	].join('|'),
	'g'
);

/** Transliterates a message or a Markdown document, leaving code, links and placeholders alone. */
export function latinToCyrillicMarkup(source: string): string {
	let out = '';
	let last = 0;
	for (const match of source.matchAll(protectedParts)) {
		out += latinToCyrillic(source.slice(last, match.index)) + match[0];
		last = (match.index ?? 0) + match[0].length;
	}
	return out + latinToCyrillic(source.slice(last));
}
