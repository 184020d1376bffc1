import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

/**
 * 410 Gone for the PDF or credential of a certificate whose holder deleted their account: a short
 * page that says why, instead of an empty file or a certificate that names nobody.
 */
export function withdrawnResponse(): Response {
	const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
	const html = `<!doctype html><html lang="${getLocale()}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(m.cred_gone_title())} — CivicSteps</title></head><body><main><h1>${escape(m.cred_gone_title())}</h1><p>${escape(m.cred_gone_text())}</p></main></body></html>`;
	return new Response(html, {
		status: 410,
		headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }
	});
}
