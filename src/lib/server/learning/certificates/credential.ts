// Open Badges 3.0 credentials (W3C Verifiable Credentials 2.0), secured as VC-JWT with ES256 via
// `jose`. Chosen over a Data Integrity eddsa-rdfc-2022 proof because it needs no JSON-LD
// canonicalisation and no bundled contexts at run time: one small, well-kept library, and any JOSE
// tool can check the signature. As Open Badges 3.0 (§ JSON Web Token Proof Format) asks, the JWT
// claims are the credential's own members plus `iss`, `jti`, `nbf`, `sub` (and `exp` with
// `validUntil`), and the header's `kid` is a URL that answers the public key as a JWK
// (`<issuer>/keys/<thumbprint>`), so that a verifier that knows nothing of CivicSteps can check it.
import { Cache } from '../../platform/cache';
import { config } from '../../platform/config';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as v from 'valibot';
import { parseStoredJson } from '../../db/json';
import {
	CompactSign,
	compactVerify,
	exportJWK,
	generateKeyPair,
	importJWK,
	calculateJwkThumbprint,
	type JWK
} from 'jose';

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

export interface IssuerKey {
	kid: string;
	privateJwk: JWK;
	publicJwk: JWK;
}

// Read once per path: a key file never changes while the server runs.
const keys = new Cache<string, IssuerKey>({ max: 8 });

/** The issuer key file: an ES256 (P-256) private key; anything else is refused at start-up. */
const privateKeySchema = v.looseObject({
	kty: v.literal('EC'),
	crv: v.literal('P-256'),
	x: v.string(),
	y: v.string(),
	d: v.string()
});
/** A JWKS as a verifier hands it over: public keys with their ids. */
export const jwksSchema = v.object({
	keys: v.array(v.looseObject({ kty: v.string(), kid: v.optional(v.string()) }))
});
/** A JOSE header or claims set: a JSON object (not null, not a list). */
const jsonObject = v.pipe(
	v.record(v.string(), v.unknown()),
	v.check((o) => !Array.isArray(o))
);

/** A new ES256 (P-256) private key as a JWK, its id the key's thumbprint. */
export async function generateIssuerJwk(): Promise<JWK> {
	const { privateKey } = await generateKeyPair('ES256', { extractable: true });
	const privateJwk = await exportJWK(privateKey);
	privateJwk.alg = 'ES256';
	privateJwk.kid = await calculateJwkThumbprint(privateJwk);
	return privateJwk;
}

/** Writes a new key file (mode 0600); false when a file is already there (never overwritten). */
export function writeIssuerKeyFile(path: string, privateJwk: JWK): boolean {
	mkdirSync(dirname(path), { recursive: true });
	try {
		writeFileSync(path, JSON.stringify(privateJwk), { mode: 0o600, flag: 'wx' });
		return true;
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
		throw e;
	}
}

/**
 * Whether a missing key file may be made at start. Not on PostgreSQL: several instances share the
 * database, and each would make a key of its own, signing certificates the others cannot verify.
 * Except in demo mode (the quick start, the end-to-end server), where one key beside the database is
 * what is wanted, as on SQLite.
 */
export function mayCreateIssuerKey(): boolean {
	return !config.onPostgres || config.demo;
}

/** The message that stops a start without a key on PostgreSQL. */
export function missingKeyMessage(path: string): string {
	return (
		`No certificate signing key: ISSUER_KEY is not set and ${path} does not exist. With PostgreSQL every ` +
		`instance must sign with the same key, so none is made at start: make one once with ` +
		`\`npm run key:create -- ${path}\` and give it to every instance (the file at ISSUER_KEY_PATH, or its ` +
		`content in ISSUER_KEY).`
	);
}

async function keyOf(privateJwk: JWK): Promise<IssuerKey> {
	const { d: _secret, ...publicJwk } = privateJwk;
	return {
		kid: privateJwk.kid ?? (await calculateJwkThumbprint(publicJwk)),
		privateJwk,
		publicJwk: { ...publicJwk, use: 'sig' }
	};
}

/**
 * Loads the issuer key. For the configured key (`path` is ISSUER_KEY_PATH), ISSUER_KEY comes first: the
 * private JWK as JSON in the environment, so that instances on several machines share one key
 * without sharing a file. Else the file at `path`, made there with a new ES256 key pair on first use
 * (mode 0600) when `mayCreate` (see mayCreateIssuerKey); without it a missing file is an error that
 * says how to make one.
 */
export async function loadIssuerKey(path: string, options: { mayCreate?: boolean } = {}): Promise<IssuerKey> {
	const inEnvironment = path === config.issuerKeyPath ? process.env.ISSUER_KEY?.trim() : undefined;
	const cacheKey = inEnvironment ? `env:${createHash('sha256').update(inEnvironment).digest('hex')}` : path;
	const cached = keys.get(cacheKey);
	if (cached) return cached;
	let privateJwk: JWK;
	if (inEnvironment) {
		privateJwk = parseStoredJson(privateKeySchema, inEnvironment, 'ISSUER_KEY');
	} else if (existsSync(path)) {
		privateJwk = parseStoredJson(privateKeySchema, readFileSync(path, 'utf8'), path);
	} else {
		if (!(options.mayCreate ?? mayCreateIssuerKey())) throw new Error(missingKeyMessage(path));
		const made = await generateIssuerJwk();
		// Another process starting at the same moment may have made it first: then its key is the one.
		privateJwk = writeIssuerKeyFile(path, made)
			? made
			: parseStoredJson(privateKeySchema, readFileSync(path, 'utf8'), path);
	}
	const key = await keyOf(privateJwk);
	keys.set(cacheKey, key);
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
	kind: 'learner' | 'organisation' | 'volunteer';
	/** A course's slug; for a volunteer certificate, unused (the achievement is the hours threshold). */
	courseSlug: string;
	courseTitle: string;
	courseSummary: string;
	/** The language of the course title and summary. */
	locale?: string;
	criteria: string;
	issuedAt: Date;
	/** The certificate's position in the issuer's revocation status list. */
	statusIndex: number;
	/** The subject's id: an organisation's public page; a learner gets an opaque urn:uuid. */
	subjectId?: string;
	/** A volunteer certificate: the hours threshold reached and the organisations that confirmed them. */
	volunteering?: { hours: number; organisations: string[] };
}

/** The address of the issuer's revocation list (a signed BitstringStatusListCredential). */
export function statusListUrl(origin: string): string {
	return `${origin}/issuer/status/revocation`;
}

/** The credentialStatus entry of a certificate (W3C Bitstring Status List v1.0). */
export function statusEntry(origin: string, index: number): Record<string, string> {
	const list = statusListUrl(origin);
	return {
		id: `${list}#${index}`,
		type: 'BitstringStatusListEntry',
		statusPurpose: 'revocation',
		statusListIndex: String(index),
		statusListCredential: list
	};
}

/** The URL that answers the issuer's public key as a JWK: what a credential's `kid` names. */
export function keyUrl(issuerId: string, key: IssuerKey): string {
	return `${issuerId}/keys/${key.kid}`;
}

/** Salted SHA-256 of an e-mail, in the form Open Badges uses for identity hashes. */
export function hashIdentity(email: string, salt: string): string {
	return (
		'sha256$' +
		createHash('sha256')
			.update(email.trim().toLowerCase() + salt)
			.digest('hex')
	);
}

/**
 * The achievement of a volunteer certificate: `CommunityService` from the Open Badges 3.0
 * AchievementType vocabulary, one achievement per threshold (every volunteer who reaches 20 hours
 * earns the same one), and the hours as a result, so that a machine reads them without parsing text.
 */
function volunteerAchievement(input: CredentialInput, hours: number) {
	const id = `${input.origin}/issuer#volunteering-${hours}h`;
	const resultId = `${id}-result`;
	return {
		achievement: {
			id,
			type: ['Achievement'],
			achievementType: 'CommunityService',
			name: input.courseTitle,
			description: input.courseSummary || input.courseTitle,
			criteria: { narrative: input.criteria },
			inLanguage: input.locale ?? 'en',
			tag: ['volunteering'],
			resultDescription: [
				{ id: resultId, type: ['ResultDescription'], name: 'Confirmed volunteer hours', resultType: 'ext:Hours' }
			]
		},
		result: [{ type: ['Result'], resultDescription: resultId, value: String(hours) }]
	};
}

/** The unsigned OpenBadgeCredential. */
export function buildCredential(input: CredentialInput): Record<string, unknown> {
	const salt = randomBytes(8).toString('hex');
	const subject: Record<string, unknown> = {
		// A fresh opaque id for a learner, like the fresh salt: two credentials cannot be linked by it.
		id: input.subjectId ?? `urn:uuid:${randomUUID()}`,
		type: ['AchievementSubject'],
		...(input.kind === 'volunteer' && input.volunteering
			? volunteerAchievement(input, input.volunteering.hours)
			: {
					achievement: {
						id: `${input.origin}/courses/${input.courseSlug}#${input.kind}`,
						type: ['Achievement'],
						achievementType: 'Certificate',
						name: input.courseTitle,
						description: input.courseSummary || input.courseTitle,
						criteria: { narrative: input.criteria },
						inLanguage: input.locale ?? 'en'
					}
				})
	};
	if (input.email) {
		subject.identifier = [
			{
				type: 'IdentityObject',
				identityHash: hashIdentity(input.email, salt),
				identityType: 'emailAddress',
				hashed: true,
				salt
			}
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
		credentialStatus: statusEntry(input.origin, input.statusIndex)
	};
}

const JWT_CLAIMS = ['iss', 'jti', 'nbf', 'sub', 'exp', 'iat'] as const;

function issuerIdOf(credential: Record<string, unknown>): string {
	const issuer = credential.issuer as { id?: unknown } | string | undefined;
	const id = typeof issuer === 'string' ? issuer : issuer?.id;
	if (typeof id !== 'string') throw new Error('the credential has no issuer id');
	return id;
}

/** The registered JWT claims that Open Badges 3.0 derives from the credential's own members. */
export function jwtClaimsOf(credential: Record<string, unknown>): Record<string, string | number> {
	const claims: Record<string, string | number> = {
		iss: issuerIdOf(credential),
		jti: String(credential.id),
		nbf: Math.floor(Date.parse(String(credential.validFrom)) / 1000)
	};
	const subjectId = (credential.credentialSubject as { id?: unknown } | undefined)?.id;
	if (typeof subjectId === 'string') claims.sub = subjectId;
	if (typeof credential.validUntil === 'string') claims.exp = Math.floor(Date.parse(credential.validUntil) / 1000);
	return claims;
}

/** Signs a credential as a compact JWS whose `kid` is the URL of the public key. */
export async function signCredential(credential: Record<string, unknown>, key: IssuerKey): Promise<string> {
	const privateKey = await importJWK(key.privateJwk, 'ES256');
	const bare = withoutJwtClaims(credential);
	const payload = { ...bare, ...jwtClaimsOf(bare) };
	// Open Badges 3.0 allows only alg, kid, jwk and typ ("JWT") in the JOSE header.
	return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
		.setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: keyUrl(issuerIdOf(bare), key) })
		.sign(privateKey);
}

function withoutJwtClaims(payload: Record<string, unknown>): Record<string, unknown> {
	const rest = { ...payload };
	for (const claim of JWT_CLAIMS) delete rest[claim];
	return rest;
}

/** The thumbprint a `kid` names: the last path segment of a key URL, or a bare thumbprint (older credentials). */
export function thumbprintOf(kid: string): string {
	return kid.slice(kid.lastIndexOf('/') + 1);
}

/** The decoded header and payload of a compact JWS, without checking anything; null when unreadable. */
export function decodeJws(jwt: string): { header: Record<string, unknown>; payload: Record<string, unknown> } | null {
	const parts = jwt.trim().split('.');
	if (parts.length !== 3) return null;
	try {
		const part = (i: number) => v.parse(jsonObject, JSON.parse(Buffer.from(parts[i], 'base64url').toString('utf8')));
		return { header: part(0), payload: part(1) };
	} catch {
		return null;
	}
}

export type VerifyResult =
	{ valid: true; credential: Record<string, unknown>; kid: string } | { valid: false; reason: string };

const REQUIRED_TYPES = ['VerifiableCredential', 'OpenBadgeCredential'];

/** Checks a VC-JWT against public keys (a JWKS). Never throws: a bad input is an invalid result. */
export async function verifyCredential(jwt: string, jwks: { keys: JWK[] }): Promise<VerifyResult> {
	const token = jwt.trim();
	if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return { valid: false, reason: 'not a compact JWS' };
	let header: Record<string, unknown>;
	try {
		header = v.parse(jsonObject, JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')));
	} catch {
		return { valid: false, reason: 'unreadable header' };
	}
	if (header.alg !== 'ES256') return { valid: false, reason: `unexpected algorithm ${String(header.alg)}` };
	const kid = typeof header.kid === 'string' ? header.kid : '';
	const jwk = jwks.keys.find(
		(k) => k.kid === kid || (k.kid !== undefined && thumbprintOf(k.kid) === thumbprintOf(kid))
	);
	if (!kid || !jwk) return { valid: false, reason: 'signed with an unknown key' };
	let payload: Record<string, unknown>;
	try {
		const verified = await compactVerify(token, await importJWK(jwk, 'ES256'));
		payload = v.parse(jsonObject, JSON.parse(new TextDecoder().decode(verified.payload)));
	} catch {
		return {
			valid: false,
			reason: 'the signature does not match (the credential was changed or signed by someone else)'
		};
	}
	{
		const credential = withoutJwtClaims(payload);
		const types = credential.type as unknown;
		if (!Array.isArray(types) || !REQUIRED_TYPES.every((t) => types.includes(t))) {
			return { valid: false, reason: 'not an OpenBadgeCredential' };
		}
		const contexts = credential['@context'];
		if (!Array.isArray(contexts) || contexts[0] !== VC_CONTEXT || !contexts.includes(OB_CONTEXT)) {
			return { valid: false, reason: 'missing the VC 2.0 and Open Badges 3.0 contexts' };
		}
		// The claims, where present (older credentials carry none), must repeat the credential.
		let expected: Record<string, string | number>;
		try {
			expected = jwtClaimsOf(credential);
		} catch {
			return { valid: false, reason: 'the credential has no issuer' };
		}
		for (const claim of JWT_CLAIMS) {
			if (payload[claim] !== undefined && claim !== 'iat' && payload[claim] !== expected[claim]) {
				return { valid: false, reason: `the ${claim} claim does not match the credential` };
			}
		}
		return { valid: true, credential, kid };
	}
}

/** Public keys as a JWKS document; with the issuer id, each key's `kid` is its URL, as in credentials. */
export function jwksOf(key: IssuerKey, issuerId?: string): { keys: JWK[] } {
	return { keys: [publicJwkOf(key, issuerId)] };
}

/** The public key alone (never `d`), as the key URL answers it. */
export function publicJwkOf(key: IssuerKey, issuerId?: string): JWK {
	const { d: _secret, ...publicJwk } = key.publicJwk;
	return { ...publicJwk, kid: issuerId ? keyUrl(issuerId, key) : key.kid, alg: 'ES256', use: 'sig' };
}
