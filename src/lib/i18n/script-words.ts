// Word lists for Serbian Latin → Cyrillic. Data only; the rules are in script.ts.

/** Brand names that Serbian inflects (Facebooku, Instagram-u): the name stays, the ending is
 * transliterated after a hyphen (Facebook-у). All of them stay Latin alone. */
export const brands = [
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
	'Zoom',
	'Excel',
	'Gmail',
	'Outlook'
];

/** Serbian case and possessive endings that may follow a brand name without a hyphen (Vibera,
 * Facebooku, Googleov) or with one (Twitter-om); nothing else after a name counts as an ending. */
export const caseEndings = new Set(
	'a e i u o om em ima ama ov ova ove ovi ovo ovu ovog ovoga ovom ovome ovoj ovim ovih ovima'.split(' ')
);

/**
 * Places where two letters look like a digraph but belong to two sounds: `|` marks the split, `^`
 * a match at the start of the word only (anjon, but kanjon). Found in the Serbian hunspell
 * dictionary (every нј, лј, дж in its Cyrillic word list) and by morphology: the prefixes od-, pod-,
 * nad-, pred- before a stem in ž, and in-, kon- (Latin in-, con-) before j. The stems, not the
 * prefixes alone, because odžak, Odžaci, hodža and nadžak have a real dž.
 */
export const splitDigraphs = [
	// n|j: Latin loan words
	'in|jek',
	'in|jic',
	'in|jun',
	'kon|jug',
	'kon|jek',
	'kon|juk',
	'kon|jun',
	'van|jez',
	'van|jed',
	'tan|jug',
	'šen|jang',
	'^an|jon',
	// d|ž: a prefix ending in d before ž
	'nad|živ',
	'nad|žnj',
	'nad|žet',
	'nad|žup',
	'nad|ždr',
	'od|žal',
	'od|žar',
	'od|živ',
	'pod|žanr',
	'pod|žar',
	'pod|žup',
	'pod|žnj',
	'pod|ždr',
	'pred|žel',
	'pred|žalb',
	'pred|žet',
	'feld|žand',
	'^an|džej'
];

/** Words kept in Latin script (compared case-insensitively), as Serbian Cyrillic text usually keeps
 * names, abbreviations and loan words written the foreign way. */
export const keepLatin = new Set(
	[
		...brands,
		'Deutsch',
		'Forms',
		'Docs',
		'Sheets',
		'Drive',
		'Word',
		'Zoom',
		'Meet',
		'Teams',
		'Skype',
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
		// File formats and technical names: transliterated they would name nothing (ПНГ, ИЦС).
		'PNG',
		'JPEG',
		'JPG',
		'GIF',
		'SVG',
		'ICS',
		'HTML',
		'UTF',
		'ZIP',
		'DOCX',
		'XLSX',
		'TXT',
		'MP4',
		'http',
		'https',
		'SMART',
		'Open',
		'Badges',
		'EU',
		'NGO',
		'CSO',
		'Shqip',
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
