// The signed documents the issuer serves about its certificates: each certificate's credential (as
// issued, brought up to the current format once if it was signed before), the revocation list, and
// the public key that checks both.
import type { DB } from '../../db/client';
import type { Certificate } from '../../../../../db/schema';
import { config } from '../../platform/config';
import {
	decodeJws,
	jwksOf,
	loadIssuerKey,
	publicJwkOf,
	signCredential,
	statusEntry,
	thumbprintOf,
	type IssuerKey
} from './credential';
import { statusListCredential } from './status-list';
import type { JWK } from 'jose';

export interface IssuerContext {
	origin?: string;
	issuerName?: string;
	keyPath?: string;
	now?: number;
}

function issuer(ctx: IssuerContext) {
	return {
		origin: ctx.origin ?? config.origin,
		issuerName: ctx.issuerName ?? config.issuerName,
		keyPath: ctx.keyPath ?? config.issuerKeyPath
	};
}

/**
 * Whether the holder deleted their account: deletion revokes the certificate and erases the name
 * and the credential (see privacy.ts), so nothing is left that could vouch for anybody.
 */
export function holderDeleted(cert: Pick<Certificate, 'kind' | 'credential'>): boolean {
	return cert.kind !== 'organisation' && cert.credential === '';
}

function isCurrent(jwt: string, key: IssuerKey): boolean {
	const decoded = decodeJws(jwt);
	if (!decoded) return false;
	const kid = decoded.header.kid;
	const status = decoded.payload.credentialStatus as { type?: unknown } | undefined;
	return (
		typeof kid === 'string' &&
		/^https?:\/\//.test(kid) &&
		thumbprintOf(kid) === key.kid &&
		decoded.header.typ === 'JWT' &&
		typeof decoded.payload.iss === 'string' &&
		status?.type === 'BitstringStatusListEntry'
	);
}

/**
 * The certificate's signed credential, or null when the holder deleted their account. A credential
 * signed before key URLs and the status list (a bare thumbprint as `kid`, a status of our own) is
 * signed again once, with the same content plus the JWT claims and its status list entry, and kept.
 */
export async function currentCredential(db: DB, cert: Certificate, ctx: IssuerContext = {}): Promise<string | null> {
	if (holderDeleted(cert) || cert.credential === '') return null;
	const { origin, keyPath } = issuer(ctx);
	const key = await loadIssuerKey(keyPath);
	if (isCurrent(cert.credential, key)) return cert.credential;
	const decoded = decodeJws(cert.credential);
	if (!decoded) return null;
	const credential = { ...decoded.payload };
	const subject = { ...(credential.credentialSubject as Record<string, unknown>) };
	if (typeof subject.id !== 'string') {
		subject.id =
			cert.kind !== 'organisation' ? `urn:uuid:${crypto.randomUUID()}` : `${origin}/verify/${cert.code}#recipient`;
	}
	credential.credentialSubject = subject;
	credential.credentialStatus = statusEntry(originOf(credential) ?? origin, cert.id);
	const jwt = await signCredential(credential, key);
	const updated = await db
		.updateTable('certificates')
		.set({ credential: jwt })
		.where('id', '=', cert.id)
		.where('credential', '=', cert.credential)
		.executeTakeFirst();
	if (Number(updated.numUpdatedRows) > 0) return jwt;
	// A concurrent download signed it again first (or the holder just deleted their account): serve what is stored.
	const stored = await db.selectFrom('certificates').select('credential').where('id', '=', cert.id).executeTakeFirst();
	return stored?.credential ? stored.credential : null;
}

/** The origin a stored credential was issued under (its issuer id less `/issuer`). */
function originOf(credential: Record<string, unknown>): string | null {
	const id = (credential.issuer as { id?: unknown } | undefined)?.id;
	return typeof id === 'string' && id.endsWith('/issuer') ? id.slice(0, -'/issuer'.length) : null;
}

/** The revocation list as a signed BitstringStatusListCredential (compact JWS): bit n is certificate n. */
export async function revocationList(db: DB, ctx: IssuerContext = {}): Promise<string> {
	const { origin, issuerName, keyPath } = issuer(ctx);
	const revoked = await db.selectFrom('certificates').select('id').where('revoked_at', 'is not', null).execute();
	const credential = statusListCredential({
		origin,
		issuerName,
		revokedIndices: revoked.map((r) => r.id),
		now: new Date(ctx.now ?? Date.now())
	});
	return signCredential(credential, await loadIssuerKey(keyPath));
}

/** The issuer's public key as a JWK, when `thumbprint` names it; null otherwise. */
export async function publicKey(thumbprint: string, ctx: IssuerContext = {}): Promise<JWK | null> {
	const { origin, keyPath } = issuer(ctx);
	const key = await loadIssuerKey(keyPath);
	return thumbprint === key.kid ? publicJwkOf(key, `${origin}/issuer`) : null;
}

/** The issuer's public keys as a JWKS, each `kid` the key's URL. */
export async function publicKeys(ctx: IssuerContext = {}): Promise<{ keys: JWK[] }> {
	const { origin, keyPath } = issuer(ctx);
	return jwksOf(await loadIssuerKey(keyPath), `${origin}/issuer`);
}
