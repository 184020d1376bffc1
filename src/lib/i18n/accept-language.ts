// Browsers say `sr`, `sr-RS`, `sr-Latn-RS`, `sr-Cyrl-RS`, `sq-XK`... The catalogue has `sr-Latn` and
// `sr-Cyrl` only, and Paraglide matches a tag or its first subtag. Plain Serbian (most often set by
// people who read Latin script in Kosovo) is taken as Latin; an explicit Cyrillic tag stays Cyrillic.

export function normaliseAcceptLanguage(header: string): string {
	return header
		.split(',')
		.slice(0, 20)
		.map((part) => {
			const [tag, ...params] = part.trim().split(';');
			const lower = tag.toLowerCase();
			let mapped = tag;
			if (lower === 'sr' || (lower.startsWith('sr-') && !lower.startsWith('sr-cyrl'))) mapped = 'sr-Latn';
			else if (lower.startsWith('sr-cyrl')) mapped = 'sr-Cyrl';
			return [mapped, ...params].join(';');
		})
		.join(',');
}
