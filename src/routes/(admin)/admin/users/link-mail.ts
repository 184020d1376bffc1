// A set-password link made by an admin: its address, and the e-mail to its owner when SMTP is set.
// The link is a secret: it travels to the page in the flash store (http/flash.ts), never in an address.
import { m } from '$lib/paraglide/messages';
import { config } from '$lib/server/platform/config';
import { sendMail } from '$lib/server/platform/mail';
import { isLocale } from '$lib/paraglide/runtime';

export interface ShownLink {
	name: string;
	email: string;
	link: string;
	mailed: boolean;
}

/** The e-mail is in the person's own language when they chose one, else in the admin's. */
export async function mailLink(
	person: { name: string; email: string; locale?: string | null },
	token: string
): Promise<ShownLink> {
	const link = `${config.origin}/set-password/${token}`;
	const options = person.locale && isLocale(person.locale) ? { locale: person.locale } : undefined;
	const mailed = await sendMail(
		person.email,
		m.adm_mail_reset_subject({}, options),
		m.adm_mail_reset_body({ name: person.name, link }, options)
	);
	return { name: person.name, email: person.email, link, mailed };
}
