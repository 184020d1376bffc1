// The texts of notices, for every kind (learning, coordinators' messages, volunteering, the portal).
// A notice stores a kind and parameters, never text (people/notices.ts), so it reads in whichever
// language its reader uses; an unknown kind still shows something sensible. The learning kinds take
// an explicit locale too: their e-mails are written in the recipient's language, not the sender's.
import { m } from '$lib/paraglide/messages';
import { getLocale, type Locale } from '$lib/paraglide/runtime';
import { intlLocale } from '$lib/i18n/locales';
import { formatDateTime, formatHours } from '$lib/i18n/format';

export type NoticeParams = Record<string, string | number>;

const text = (p: NoticeParams, key: string) => String(p[key] ?? '');
const when = (p: NoticeParams) => (typeof p.starts === 'number' ? formatDateTime(p.starts) : '');

/** A cohort's start, a calendar day stored as UTC midnight (as cohorts/ stores it), in a language. */
export function noticeDay(ms: number, locale: Locale = getLocale()): string {
	return new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(ms));
}

type Render = (p: NoticeParams, locale: Locale) => string;

const LEARNING: Record<string, Render> = {
	'assignment-reviewed': (p, locale) =>
		p.decision === 'accepted'
			? m.ntf_kind_assignment_accepted({ assignment: text(p, 'assignment') }, { locale })
			: m.ntf_kind_assignment_revise({ assignment: text(p, 'assignment') }, { locale }),
	'course-certificate-issued': (p, locale) =>
		m.ntf_kind_certificate({ course: text(p, 'course'), code: text(p, 'code') }, { locale }),
	'cohort-starting': (p, locale) =>
		m.ntf_kind_cohort_starting(
			{
				cohort: text(p, 'cohort'),
				course: text(p, 'course'),
				date: typeof p.starts === 'number' ? noticeDay(p.starts, locale) : ''
			},
			{ locale }
		),
	'inactivity-reminder': (p, locale) =>
		m.ntf_kind_inactive({ course: text(p, 'course'), days: text(p, 'days') || '7' }, { locale }),
	'coordinator-message': (p, locale) =>
		m.ntf_kind_message(
			{
				from: text(p, 'from') || m.ntf_someone({}, { locale }),
				cohort: text(p, 'cohort'),
				subject: text(p, 'subject')
			},
			{ locale }
		)
};

const VOLUNTEERING: Record<string, (p: NoticeParams) => string> = {
	'application-accepted': (p) => m.volp_notice_application_accepted({ call: text(p, 'call'), starts: when(p) }),
	'application-declined': (p) =>
		m.volp_notice_application_declined({ call: text(p, 'call'), message: text(p, 'message') }).trim(),
	'shift-reminder': (p) => m.volp_notice_shift_reminder({ call: text(p, 'call'), starts: when(p) }),
	'event-reminder': (p) => m.volp_notice_event_reminder({ event: text(p, 'event'), starts: when(p) }),
	'hours-confirmed': (p) =>
		m.volp_notice_hours_confirmed({ hours: formatHours(text(p, 'hours')), organisation: text(p, 'organisation') }),
	'hours-rejected': (p) =>
		m.volp_notice_hours_rejected({ hours: formatHours(text(p, 'hours')), organisation: text(p, 'organisation') }),
	'certificate-issued': (p) =>
		m.volp_notice_certificate_issued({ hours: formatHours(text(p, 'hours')), code: text(p, 'code') }),
	'call-approved': (p) => m.volp_notice_call_approved({ call: text(p, 'call') }),
	'call-declined': (p) => m.volp_notice_call_declined({ call: text(p, 'call'), note: text(p, 'note') }).trim(),
	'shift-changed': (p) => m.vcall_notice_shift_changed({ call: text(p, 'call'), starts: when(p) }),
	'call-closed': (p) => m.vcall_notice_call_closed({ call: text(p, 'call') }),
	'event-changed': (p) => m.portal_notice_event_changed({ event: text(p, 'event'), starts: when(p) }),
	'event-cancelled': (p) => m.portal_notice_event_cancelled({ event: text(p, 'event') })
};

/** A notice as a sentence in the reader's language (or, for the learning kinds, in `locale`). */
export function noticeText(kind: string, params: NoticeParams, locale: Locale = getLocale()): string {
	if (kind in LEARNING) return LEARNING[kind](params, locale);
	return kind in VOLUNTEERING ? VOLUNTEERING[kind](params) : m.volp_notice_unknown();
}

/**
 * The plain-text body that goes with a notice (a coordinator's message), or null. It is shown as text
 * with its line breaks kept, never as HTML.
 */
export function noticeBody(kind: string, params: NoticeParams): string | null {
	if (kind !== 'coordinator-message') return null;
	const body = text(params, 'body');
	return body ? body : null;
}

/** A notice's link, if it is a path on this site (anything else is not followed). */
export function noticeHref(link: string): string | null {
	return /^\/(?![/\\])[^\s]*$/.test(link) && link.length <= 300 ? link : null;
}
