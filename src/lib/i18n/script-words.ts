// Word lists for Serbian Latin → Cyrillic. Data only; the rules are in script.ts.

/** Brand names that Serbian inflects (Facebooku, Instagram-u): the name stays, the ending is
 * transliterated. Matched only at the start of a capitalised word; all of them stay Latin alone. */
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
	'Excel',
	'Gmail',
	'Outlook'
];

/** Places where two letters look like a digraph but belong to two sounds: `|` marks the split. */
export const splitDigraphs = ['in|jek', 'kon|jun', 'in|jun', 'van|jez', 'nad|živ', 'nad|žnj', 'pod|žup', 'pod|žnj'];

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
