// The e-mails of staffing, hours and reminders, sent only when SMTP is configured (the in-app notice
// goes out in every case). Accounts have no language of their own, so a message about a call is
// written in the call's language (the one the volunteer read it in) and one about a portal event in
// the event's; anything else falls back to English.
import { m } from '$lib/paraglide/messages';
import { isLocale, type Locale } from '$lib/paraglide/runtime';
import { intlLocale } from '../../i18n/locales';
import { config } from '../platform/config';
import { mailConfigured, sendMail } from '../platform/mail';

export function mailLocale(value: string | null | undefined): Locale {
	return value && isLocale(value) ? value : 'en';
}

function when(ms: number, locale: Locale): string {
	return new Intl.DateTimeFormat(intlLocale[locale], {
		dateStyle: 'full',
		timeStyle: 'short',
		hourCycle: 'h23', // a 24-hour clock in every language, as on the pages (i18n/format.ts)
		timeZone: 'Europe/Belgrade'
	}).format(new Date(ms));
}

function link(path: string, locale: Locale): string {
	return `${config.origin}/${locale}${path}`;
}

export interface MailOut {
	to: string;
	subject: string;
	text: string;
}

export function decisionMail(input: {
	to: string;
	locale: Locale;
	accepted: boolean;
	call: string;
	callId: number;
	starts: number;
	message: string;
}): MailOut {
	const locale = input.locale;
	const opt = { locale };
	const lines: string[] = input.accepted
		? [m.vstaff_mail_accepted_body({ call: input.call, starts: when(input.starts, locale) }, opt)]
		: [m.vstaff_mail_declined_body({ call: input.call }, opt)];
	if (input.message) lines.push('', input.message);
	lines.push('', link('/volunteer/hours', locale));
	return {
		to: input.to,
		subject: input.accepted
			? m.vstaff_mail_accepted_subject({ call: input.call }, opt)
			: m.vstaff_mail_declined_subject({ call: input.call }, opt),
		text: lines.join('\n')
	};
}

export function reminderMail(input: {
	to: string;
	locale: Locale;
	kind: 'shift' | 'event';
	title: string;
	starts: number;
	place: string;
	path: string;
}): MailOut {
	const opt = { locale: input.locale };
	const starts = when(input.starts, input.locale);
	const lines: string[] = [
		input.kind === 'shift'
			? m.vstaff_mail_shift_reminder_body({ call: input.title, starts }, opt)
			: m.vstaff_mail_event_reminder_body({ event: input.title, starts }, opt)
	];
	if (input.place) lines.push(input.place);
	lines.push('', link(input.path, input.locale));
	return {
		to: input.to,
		subject:
			input.kind === 'shift'
				? m.vstaff_mail_shift_reminder_subject({ call: input.title }, opt)
				: m.vstaff_mail_event_reminder_subject({ event: input.title }, opt),
		text: lines.join('\n')
	};
}

/** Sends the mails when SMTP is configured; never throws (a failed mail must not undo a decision). */
export async function sendAll(mails: MailOut[]): Promise<number> {
	if (!mailConfigured()) return 0;
	let sent = 0;
	for (const mail of mails) if (await sendMail(mail.to, mail.subject, mail.text)) sent++;
	return sent;
}
