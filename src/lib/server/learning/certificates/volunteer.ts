// What a volunteer certificate says beyond a course certificate: the organisations that confirmed
// the hours (stored as a JSON list) and how their names read in a sentence. Shared by the PDF, the
// verify page and volunteering/recognition.ts, which issues these certificates.
import * as v from 'valibot';
import type { Certificate } from '../../../../../db/schema';
import type { Locale } from '$lib/paraglide/runtime';
import { intlLocale } from '$lib/i18n/locales';
import { parseStoredJson } from '../../db/json';

const organisationsSchema = v.array(v.string());

/** The organisations a volunteer certificate names, read from its stored JSON list. */
export function organisationsOf(cert: Pick<Certificate, 'organisations'>): string[] {
	return parseStoredJson(organisationsSchema, cert.organisations, 'certificates.organisations');
}

/** Names joined as a reader of `locale` expects: "A, B and C", "A, B dhe C", "A, B i C". */
export function joinNames(names: string[], locale: Locale): string {
	return new Intl.ListFormat(intlLocale[locale], { style: 'long', type: 'conjunction' }).format(names);
}
