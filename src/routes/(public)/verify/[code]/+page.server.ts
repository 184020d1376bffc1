import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { findCertificate, signatureValid } from '$lib/server/learning/certificates/verification';
import { holderDeleted } from '$lib/server/learning/certificates/issued';
import { organisationsOf } from '$lib/server/learning/certificates/volunteer';
import { pdfLocale } from '$lib/server/learning/certificates/pdf-language';

// Public: shows only what the certificate states (never an e-mail address).
export const load: PageServerLoad = async ({ locals, params, setHeaders }) => {
	const cert = await findCertificate(locals.db, params.code);
	if (!cert) error(404, { message: m.verify_not_found(), title: m.verify_not_found_title() });
	setHeaders({ 'cache-control': 'no-store' });
	const deleted = holderDeleted(cert);
	return {
		certificate: {
			code: cert.code,
			kind: cert.kind,
			recipientName: deleted ? null : cert.recipient_name,
			organisationName: cert.organisation_name,
			// A volunteer certificate belongs to no course: its hours and organisations stand instead.
			courseTitle: cert.kind === 'volunteer' ? null : cert.course_title,
			hours: cert.kind === 'volunteer' ? cert.hours : null,
			organisations: cert.kind === 'volunteer' ? organisationsOf(cert) : [],
			issuedAt: cert.issued_at,
			issuerName: cert.issuer_name,
			revokedAt: cert.revoked_at,
			revokedReason: deleted ? null : cert.revoked_reason
		},
		holderDeleted: deleted,
		// The language of the PDF behind the plain download link (the holder's), named on its button.
		pdfLocale: deleted ? null : await pdfLocale(locals.db, cert, null),
		// A deleted holder's credential was erased on purpose: there is no signature to check.
		signatureOk: deleted ? null : await signatureValid(cert.credential)
	};
};
