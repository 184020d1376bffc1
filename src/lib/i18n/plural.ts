// Count messages with a singular: the `_one` key is used where the language's plural rule says "one"
// (English and Albanian: 1). Serbian has three forms; its count messages are written with the count
// after a colon ("Polaznika: 5"), which reads right for every number, so its `_one` text is the same.
import { getLocale } from '$lib/paraglide/runtime';

const rules = new Map<string, Intl.PluralRules>();

function ruleFor(locale: string): Intl.PluralRules {
	let rule = rules.get(locale);
	if (!rule) rules.set(locale, (rule = new Intl.PluralRules(locale.startsWith('sr') ? 'sr' : locale)));
	return rule;
}

export function plural<P extends { count: number }>(params: P, one: (p: P) => string, other: (p: P) => string): string {
	return ruleFor(getLocale()).select(params.count) === 'one' ? one(params) : other(params);
}
