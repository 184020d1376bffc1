import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import * as glossary from '$lib/server/catalogue/glossary';

export const load: PageServerLoad = () => {
	const locale = getLocale();
	return { locale, entries: glossary.glossaryFor(locale) };
};
