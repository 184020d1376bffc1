// The e-mail that goes with a learning notice (a review, a certificate, a cohort starting, a reminder,
// a coordinator's message), sent only when SMTP is configured and the person keeps e-mail on for the
// kind (notices.mailTarget). Written in the recipient's own language (users.locale, chosen on My
// account), else the language given by the caller, else English. Call it after the transaction that
// stored the notice has committed: a slow mail server must never hold the database.
import { m } from '$lib/paraglide/messages';
import { isLocale, type Locale } from '$lib/paraglide/runtime';
import { noticeBody, noticeDay, noticeHref, noticeText, type NoticeParams } from '$lib/notices/texts';
import type { DB } from '../db/client';
import { config } from '../platform/config';
import { sendMail } from '../platform/mail';
import { mailTarget } from './notices';

export interface NoticeMail {
	subject: string;
	text: string;
}

const str = (p: NoticeParams, key: string) => String(p[key] ?? '');

function subjectOf(kind: string, p: NoticeParams, locale: Locale): string {
	const opt = { locale };
	switch (kind) {
		case 'assignment-reviewed':
			return m.ntf_mail_assignment_subject({ assignment: str(p, 'assignment') }, opt);
		case 'course-certificate-issued':
			return m.ntf_mail_certificate_subject({ course: str(p, 'course') }, opt);
		case 'cohort-starting':
			return m.ntf_mail_cohort_subject(
				{ cohort: str(p, 'cohort'), date: typeof p.starts === 'number' ? noticeDay(p.starts, locale) : '' },
				opt
			);
		case 'inactivity-reminder':
			return m.ntf_mail_inactive_subject({ course: str(p, 'course') }, opt);
		case 'coordinator-message':
			return m.ntf_mail_message_subject({ cohort: str(p, 'cohort'), subject: str(p, 'subject') }, opt);
		default:
			return noticeText(kind, p, locale);
	}
}

/** The subject and plain text of a notice's e-mail in one language: the sentence, the body, the links. */
export function composeNoticeMail(kind: string, params: NoticeParams, link: string, locale: Locale): NoticeMail {
	const lines = [noticeText(kind, params, locale)];
	const body = noticeBody(kind, params);
	if (body) lines.push('', body);
	const href = noticeHref(link);
	if (href) lines.push('', `${config.origin}/${locale}${href}`);
	lines.push('', '--', m.ntf_mail_footer({ link: `${config.origin}/${locale}/account/notifications` }, { locale }));
	// One line for the subject: a header cannot hold a line break.
	return { subject: subjectOf(kind, params, locale).replace(/\s+/g, ' ').slice(0, 200), text: lines.join('\n') };
}

/**
 * E-mails a person about a notice when they should get one; true when it was sent. `fallbackLocale`
 * is the language used when the person never chose one.
 */
export async function mailNotice(
	db: DB,
	userId: number,
	kind: string,
	params: NoticeParams,
	link: string,
	fallbackLocale?: string | null
): Promise<boolean> {
	const target = await mailTarget(db, userId, kind);
	if (!target) return false;
	const wanted = target.locale ?? fallbackLocale ?? 'en';
	const locale: Locale = isLocale(wanted) ? wanted : 'en';
	const mail = composeNoticeMail(kind, params, link, locale);
	return sendMail(target.to, mail.subject, mail.text);
}
