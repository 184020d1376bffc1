// Reading a certificate for the public verification page, with its signature checked on the server.
import type { DB } from '../../db/client';
import * as certificates from './issue';
import { verifyCredential } from './credential';
import { publicKeys } from './issued';

/** The certificate for a code as typed, or null when the code is malformed or unknown. */
export async function findCertificate(db: DB, codeInput: string) {
	const code = certificates.normaliseCode(codeInput);
	return code ? ((await certificates.getByCode(db, code)) ?? null) : null;
}

export function issuerJwks() {
	return publicKeys();
}

/** Whether the stored credential's signature checks out with the issuer's public key. */
export async function signatureValid(credential: string): Promise<boolean> {
	return (await verifyCredential(credential, await issuerJwks())).valid;
}
