// A set-password link made by an admin: its address, and the e-mail to its owner when SMTP is set.
// The link is a secret: it travels to the page in the flash store (http/flash.ts), never in an address.
import { m } from '$lib/paraglide/messages';
import { config } from '$lib/server/platform/config';
import { sendMail } from '$lib/server/platform/mail';

export interface ShownLink {
	name: string;
	email: string;
	link: string;
	mailed: boolean;
}

export async function mailLink(person: { name: string; email: string }, token: string): Promise<ShownLink> {
	const link = `${config.origin}/set-password/${token}`;
	const mailed = await sendMail(
		person.email,
		m.adm_mail_reset_subject(),
		m.adm_mail_reset_body({ name: person.name, link })
	);
	return { name: person.name, email: person.email, link, mailed };
}
