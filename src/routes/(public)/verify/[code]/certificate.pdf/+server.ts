import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { findCertificate } from '$lib/server/learning/certificates/verification';
import { holderDeleted } from '$lib/server/learning/certificates/issued';
import { certificatePdf } from '$lib/server/learning/certificates/pdf';
import { inLanguage, pdfLocale } from '$lib/server/learning/certificates/pdf-language';
import { config } from '$lib/server/platform/config';
import { withdrawnResponse } from '../withdrawn';

// `?lang=` picks the PDF's language (the verify page links the four); without it, the holder's.
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const cert = await findCertificate(locals.db, params.code);
	if (!cert) error(404, { message: m.verify_not_found(), title: m.verify_not_found_title() });
	if (holderDeleted(cert)) return withdrawnResponse();
	const locale = await pdfLocale(locals.db, cert, (url.searchParams.get('lang') ?? '').slice(0, 10) || null);
	const pdf = await certificatePdf(await inLanguage(locals.db, cert, locale), `${config.origin}/verify/${cert.code}`);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="certificate-${cert.code}.pdf"`,
			'cache-control': 'no-store',
			'content-language': locale
		}
	});
};
