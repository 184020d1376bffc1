// Reading a certificate for the public verification page, with its signature checked on the server.
import type { DB } from './db';
import * as certificates from './certificates';
import { jwksOf, loadIssuerKey, verifyCredential } from './credentials';
import { config } from './config';

/** The certificate for a code as typed, or null when the code is malformed or unknown. */
export async function findCertificate(db: DB, codeInput: string) {
	const code = certificates.normaliseCode(codeInput);
	return code ? ((await certificates.getByCode(db, code)) ?? null) : null;
}

export async function issuerJwks() {
	return jwksOf(await loadIssuerKey(config.issuerKeyPath));
}

/** Whether the stored credential's signature checks out with the issuer's public key. */
export async function signatureValid(credential: string): Promise<boolean> {
	return (await verifyCredential(credential, await issuerJwks())).valid;
}
