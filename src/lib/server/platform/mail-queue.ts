// Mail sent after the response: the caller hands over a function that builds the message, and both the
// building and the sending happen on a later turn of the event loop. A page whose answer must not tell
// whether a mail went out (the forgotten-password page) queues alike in every case; `build` returns
// null when there is nothing to send.
import { sendMail } from './mail';

export interface QueuedMail {
	to: string;
	subject: string;
	body: string;
}

type Send = (to: string, subject: string, body: string) => Promise<unknown>;

/** Builds and sends the mail after the current request has been answered. Never throws. */
export function queueMail(build: () => QueuedMail | null, send: Send = sendMail): void {
	setImmediate(() => {
		try {
			const mail = build();
			if (mail) void send(mail.to, mail.subject, mail.body).catch(() => undefined);
		} catch (e) {
			// A message that cannot be built is not sent; the page has already answered alike.
			console.error('mail: could not build', e instanceof Error ? e.message : e);
		}
	});
}
