// The language a certificate's PDF is printed in, chosen at download time. The certificate itself
// (its record and signed credential) keeps the language it was issued in; only the printout changes.
import { isLocale, type Locale } from '$lib/paraglide/runtime';
import type { DB } from '../../db/client';
import type { Certificate } from '../../../../../db/schema';
import { getCourseById } from '../../catalogue/courses';

/**
 * The language asked for when it is one of ours; else the holder's preferred language (their
 * account's `locale`, when set); else the language the certificate was issued in; else English.
 */
export async function pdfLocale(db: DB, cert: Certificate, asked: string | null): Promise<Locale> {
	if (asked && isLocale(asked)) return asked;
	if (cert.user_id !== null) {
		const holder = await db.selectFrom('users').select('locale').where('id', '=', cert.user_id).executeTakeFirst();
		if (holder?.locale && isLocale(holder.locale)) return holder.locale;
	}
	return isLocale(cert.locale) ? cert.locale : 'en';
}

/**
 * The certificate as the PDF prints it in `locale`. In another language than the one it was issued
 * in, the course's title is its title in that language (the same course; a PDF half in one language
 * and half in another would read as a mistake), when the course still exists.
 */
export async function inLanguage(db: DB, cert: Certificate, locale: Locale): Promise<Certificate> {
	if (locale === cert.locale) return cert;
	let courseTitle = cert.course_title;
	if (cert.kind !== 'volunteer' && cert.course_id !== null) {
		const course = await getCourseById(db, cert.course_id, locale);
		if (course) courseTitle = course.title;
	}
	return { ...cert, locale, course_title: courseTitle };
}
