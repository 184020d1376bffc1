// E-mail, only when SMTP is configured (SMTP_URL, e.g. smtps://user:pass@mail.example.org:465, and
// SMTP_FROM). Without it nothing is sent and the pages show the links to pass on by hand.
import nodemailer, { type Transporter } from 'nodemailer';

export function mailConfigured(): boolean {
	return Boolean(process.env.SMTP_URL);
}

let transport: Transporter | undefined;

/** Sends a plain-text message; false when SMTP is not configured or sending failed. */
export async function sendMail(to: string, subject: string, text: string): Promise<boolean> {
	if (!process.env.SMTP_URL) return false;
	transport ??= nodemailer.createTransport(process.env.SMTP_URL);
	try {
		await transport.sendMail({ from: process.env.SMTP_FROM || 'CivicSteps <no-reply@localhost>', to, subject, text });
		return true;
	} catch (e) {
		console.error('mail: could not send', e instanceof Error ? e.message : e);
		return false;
	}
}
