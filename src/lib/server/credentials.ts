// Open Badges 3.0 credentials (W3C Verifiable Credentials 2.0), secured as VC-JWT with ES256 via
// `jose`. Chosen over a Data Integrity eddsa-rdfc-2022 proof because it needs no JSON-LD
// canonicalisation and no bundled contexts at run time: one small, well-kept library, and any JOSE
// tool can check the signature. The JWS payload is the credential itself (VC-JOSE-COSE), with the
// header `typ: vc+jwt` and the issuer key's id.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CompactSign, compactVerify, exportJWK, generateKeyPair, importJWK, calculateJwkThumbprint, type JWK } from 'jose';

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

export interface IssuerKey {
	kid: string;
	privateJwk: JWK;
	publicJwk: JWK;
}

const keys = new Map<string, IssuerKey>();

/** Loads the issuer key from `path`, making a new ES256 key pair there on first use (mode 0600). */
export async function loadIssuerKey(path: string): Promise<IssuerKey> {
	const cached = keys.get(path);
	if (cached) return cached;
	let privateJwk: JWK;
	if (existsSync(path)) {
		privateJwk = JSON.parse(readFileSync(path, 'utf8')) as JWK;
	} else {
		const { privateKey } = await generateKeyPair('ES256', { extractable: true });
		privateJwk = await exportJWK(privateKey);
		privateJwk.alg = 'ES256';
		privateJwk.kid = await calculateJwkThumbprint(privateJwk);
		mkdirSync(dirname(path), { recursive: true });
		writeFileSync(path, JSON.stringify(privateJwk), { mode: 0o600, flag: 'wx' });
	}
	const { d: _secret, ...publicJwk } = privateJwk;
	void _secret;
	const key = { kid: privateJwk.kid ?? (await calculateJwkThumbprint(publicJwk)), privateJwk, publicJwk: { ...publicJwk, use: 'sig' } };
	keys.set(path, key);
	return key;
}

export interface CredentialInput {
	origin: string;
	code: string;
	issuerName: string;
	recipientName: string;
	/** A learner's e-mail (hashed with a salt, never stored in the credential) or null for an organisation. */
	email: string | null;
	organisationName: string | null;
	kind: 'learner' | 'organisation';
	courseSlug: string;
	courseTitle: string;
	courseSummary: string;
	/** The language of the course title and summary. */
	locale?: string;
	criteria: string;
	issuedAt: Date;
}

/** Salted SHA-256 of an e-mail, in the form Open Badges uses for identity hashes. */
export function hashIdentity(email: string, salt: string): string {
	return 'sha256$' + createHash('sha256').update(email.trim().toLowerCase() + salt).digest('hex');
}

/** The unsigned OpenBadgeCredential. */
export function buildCredential(input: CredentialInput): Record<string, unknown> {
	const salt = randomBytes(8).toString('hex');
	const subject: Record<string, unknown> = {
		type: ['AchievementSubject'],
		achievement: {
			id: `${input.origin}/courses/${input.courseSlug}#${input.kind}`,
			type: ['Achievement'],
			achievementType: 'Certificate',
			name: input.courseTitle,
			description: input.courseSummary || input.courseTitle,
			criteria: { narrative: input.criteria },
			inLanguage: input.locale ?? 'en'
		}
	};
	if (input.email) {
		subject.identifier = [
			{ type: 'IdentityObject', identityHash: hashIdentity(input.email, salt), identityType: 'emailAddress', hashed: true, salt }
		];
	}
	subject.name = input.recipientName;
	if (input.organisationName) subject.description = input.organisationName;
	return {
		'@context': [VC_CONTEXT, OB_CONTEXT],
		id: `${input.origin}/verify/${input.code}`,
		type: ['VerifiableCredential', 'OpenBadgeCredential'],
		issuer: { id: `${input.origin}/issuer`, type: ['Profile'], name: input.issuerName, url: input.origin },
		name: input.courseTitle,
		validFrom: input.issuedAt.toISOString(),
		credentialSubject: subject,
		credentialStatus: { id: `${input.origin}/verify/${input.code}/status`, type: 'CivicStepsRevocationStatus' }
	};
}

export async function signCredential(credential: Record<string, unknown>, key: IssuerKey): Promise<string> {
	const privateKey = await importJWK(key.privateJwk, 'ES256');
	return new CompactSign(new TextEncoder().encode(JSON.stringify(credential)))
		.setProtectedHeader({ alg: 'ES256', typ: 'vc+jwt', cty: 'vc', kid: key.kid })
		.sign(privateKey);
}

export type VerifyResult =
	| { valid: true; credential: Record<string, unknown>; kid: string }
	| { valid: false; reason: string };

const REQUIRED_TYPES = ['VerifiableCredential', 'OpenBadgeCredential'];

/** Checks a VC-JWT against public keys (a JWKS). Never throws: a bad input is an invalid result. */
export async function verifyCredential(jwt: string, jwks: { keys: JWK[] }): Promise<VerifyResult> {
	const token = jwt.trim();
	if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return { valid: false, reason: 'not a compact JWS' };
	let header: { alg?: string; kid?: string };
	try {
		header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'));
	} catch {
		return { valid: false, reason: 'unreadable header' };
	}
	if (header.alg !== 'ES256') return { valid: false, reason: `unexpected algorithm ${String(header.alg)}` };
	const jwk = jwks.keys.find((k) => k.kid === header.kid);
	if (!jwk) return { valid: false, reason: 'signed with an unknown key' };
	try {
		const { payload } = await compactVerify(token, await importJWK(jwk, 'ES256'));
		const credential = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
		const types = credential.type as unknown;
		if (!Array.isArray(types) || !REQUIRED_TYPES.every((t) => types.includes(t))) {
			return { valid: false, reason: 'not an OpenBadgeCredential' };
		}
		const contexts = credential['@context'];
		if (!Array.isArray(contexts) || contexts[0] !== VC_CONTEXT || !contexts.includes(OB_CONTEXT)) {
			return { valid: false, reason: 'missing the VC 2.0 and Open Badges 3.0 contexts' };
		}
		return { valid: true, credential, kid: jwk.kid ?? '' };
	} catch {
		return { valid: false, reason: 'the signature does not match (the credential was changed or signed by someone else)' };
	}
}

/** Public keys as a JWKS document. */
export function jwksOf(key: IssuerKey): { keys: JWK[] } {
	return { keys: [{ ...key.publicJwk, kid: key.kid, alg: 'ES256' }] };
}
