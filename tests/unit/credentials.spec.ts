// Open Badges 3.0 credentials signed as VC-JWT: the issuer key, the fields a verifier expects, the
// learner's privacy, tampering, and the offline verify-credential command.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as credentials from '$lib/server/learning/certificates/credential';
import type { CredentialInput, IssuerKey } from '$lib/server/learning/certificates/credential';
import { T0 } from './helpers';

const ORIGIN = 'https://civicsteps.example';
const EMAIL = 'Ana.Petrovic@Example.org';

let dir: string;
let key: IssuerKey;
let otherKey: IssuerKey;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'civicsteps-credentials-'));
	key = await credentials.loadIssuerKey(join(dir, 'issuer', 'key.json'));
	otherKey = await credentials.loadIssuerKey(join(dir, 'other-key.json'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function input(changes: Partial<CredentialInput> = {}): CredentialInput {
	return {
		origin: ORIGIN,
		code: '7KQ4-M2XP-9HTW',
		issuerName: 'CivicSteps programme',
		recipientName: 'Ana Petrović',
		email: EMAIL,
		organisationName: 'Zajedno NGO',
		kind: 'learner',
		courseSlug: 'outreach',
		courseTitle: 'Community outreach',
		courseSummary: 'Reach the people you serve.',
		criteria: 'Completed every lesson and passed every module quiz that the course requires.',
		issuedAt: new Date(T0),
		statusIndex: 42,
		...changes
	};
}

type Json = Record<string, any>;

function payloadOf(jwt: string): Json {
	return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

function headerOf(jwt: string): Json {
	return JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString('utf8'));
}

/** The same token with one character of the payload part changed. */
function tamperPayload(jwt: string): string {
	const [h, p, s] = jwt.split('.');
	const i = Math.floor(p.length / 2);
	const changed = p[i] === 'A' ? 'B' : 'A';
	return [h, p.slice(0, i) + changed + p.slice(i + 1), s].join('.');
}

/** Signs an arbitrary payload with the issuer key, as a forger holding the key (or a bug) might. */
async function signRaw(payload: Json, header: Json = { alg: 'ES256', typ: 'vc+jwt', kid: key.kid }) {
	const { CompactSign, importJWK } = await import('jose');
	return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
		.setProtectedHeader(header as never)
		.sign(await importJWK(key.privateJwk, 'ES256'));
}

describe('the issuer key', () => {
	it('is made on first use as a private ES256 key readable only by its owner', () => {
		const path = join(dir, 'issuer', 'key.json');
		expect(existsSync(path)).toBe(true);
		expect(statSync(path).mode & 0o777).toBe(0o600);
		const stored = JSON.parse(readFileSync(path, 'utf8'));
		expect(stored).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: key.kid });
		expect(typeof stored.d).toBe('string');
		expect(key.kid).toMatch(/^[\w-]{20,}$/);
	});

	it('is read back from the file, and a new path gets a new key', async () => {
		const copy = join(dir, 'copy.json');
		copyFileSync(join(dir, 'issuer', 'key.json'), copy);
		const again = await credentials.loadIssuerKey(copy);
		expect(again.kid).toBe(key.kid);
		expect(again.publicJwk).toEqual(key.publicJwk);
		expect(otherKey.kid).not.toBe(key.kid);
	});

	it('publishes only the public part', () => {
		const jwks = credentials.jwksOf(key);
		expect(jwks.keys).toHaveLength(1);
		expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: key.kid, alg: 'ES256', use: 'sig' });
		expect(jwks.keys[0].d).toBeUndefined();
		expect(key.publicJwk.d).toBeUndefined();
	});
});

describe('the credential', () => {
	it('has every field Open Badges 3.0 requires', () => {
		const vc = credentials.buildCredential(input()) as Json;
		expect(vc['@context']).toEqual([
			'https://www.w3.org/ns/credentials/v2',
			'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
		]);
		expect(vc.id).toBe(`${ORIGIN}/verify/7KQ4-M2XP-9HTW`);
		expect(vc.type).toEqual(expect.arrayContaining(['VerifiableCredential', 'OpenBadgeCredential']));
		expect(vc.issuer.id).toBe(`${ORIGIN}/issuer`);
		expect(vc.issuer.type).toEqual(expect.arrayContaining(['Profile']));
		expect(vc.issuer.name).toBe('CivicSteps programme');
		expect(vc.validFrom).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
		expect(vc.validFrom).toBe(new Date(T0).toISOString());
		expect(vc.name).toBe('Community outreach');
		const subject = vc.credentialSubject;
		expect(subject.type).toEqual(expect.arrayContaining(['AchievementSubject']));
		expect(subject.name).toBe('Ana Petrović');
		expect(subject.description).toBe('Zajedno NGO');
		expect(subject.achievement.id).toBe(`${ORIGIN}/courses/outreach#learner`);
		expect(subject.achievement.type).toEqual(expect.arrayContaining(['Achievement']));
		expect(subject.achievement.name).toBe('Community outreach');
		expect(subject.achievement.description).toBe('Reach the people you serve.');
		expect(subject.achievement.criteria.narrative).toBe(
			'Completed every lesson and passed every module quiz that the course requires.'
		);
	});

	it('describes the achievement by its title when the course has no summary', () => {
		const vc = credentials.buildCredential(input({ courseSummary: '' })) as Json;
		expect(vc.credentialSubject.achievement.description).toBe('Community outreach');
	});

	it('never contains the learner’s e-mail, only its salted hash', async () => {
		const vc = credentials.buildCredential(input()) as Json;
		const jwt = await credentials.signCredential(vc, key);
		for (const text of [JSON.stringify(vc), JSON.stringify(payloadOf(jwt)), jwt]) {
			expect(text.toLowerCase()).not.toContain('ana.petrovic');
			expect(text.toLowerCase()).not.toContain('example.org');
		}
		const [identity] = vc.credentialSubject.identifier;
		expect(identity).toMatchObject({ type: 'IdentityObject', identityType: 'emailAddress', hashed: true });
		expect(identity.salt).toMatch(/^[0-9a-f]{16}$/);
		expect(identity.identityHash).toBe(credentials.hashIdentity(EMAIL, identity.salt));
		// A verifier who is told the address checks it the way Open Badges says.
		expect(identity.identityHash).toBe(credentials.hashIdentity('ana.petrovic@example.org', identity.salt));
	});

	it('uses a fresh salt each time, so two credentials of one learner cannot be linked by the hash', () => {
		const a = (credentials.buildCredential(input()) as Json).credentialSubject.identifier[0];
		const b = (credentials.buildCredential(input()) as Json).credentialSubject.identifier[0];
		expect(a.salt).not.toBe(b.salt);
		expect(a.identityHash).not.toBe(b.identityHash);
	});

	it('has no identity for an organisation', () => {
		const vc = credentials.buildCredential(
			input({ kind: 'organisation', email: null, organisationName: null, recipientName: 'Zajedno NGO' })
		) as Json;
		expect(vc.credentialSubject.identifier).toBeUndefined();
		expect(vc.credentialSubject.description).toBeUndefined();
		expect(vc.credentialSubject.achievement.id).toBe(`${ORIGIN}/courses/outreach#organisation`);
	});
});

describe('the VC-JWT as Open Badges 3.0 shapes it', () => {
	it('names its key by a URL that answers the JWK, never a bare thumbprint', async () => {
		const jwt = await credentials.signCredential(credentials.buildCredential(input()), key);
		const header = headerOf(jwt);
		// Only the headers OB 3.0 allows; `kid` an absolute URL under the issuer's id.
		expect(Object.keys(header).sort()).toEqual(['alg', 'kid', 'typ']);
		expect(header.kid).toBe(`${ORIGIN}/issuer/keys/${key.kid}`);
		expect(new URL(header.kid).protocol).toBe('https:');
		expect(header.typ).toBe('JWT');
	});

	it('carries the credential members at the top level with iss, jti, nbf and sub derived from them', async () => {
		const vc = credentials.buildCredential(input()) as Json;
		const payload = payloadOf(await credentials.signCredential(vc, key));
		expect(payload).toMatchObject({ ...vc });
		expect(payload.vc).toBeUndefined();
		expect(payload.iss).toBe(`${ORIGIN}/issuer`);
		expect(payload.jti).toBe(`${ORIGIN}/verify/7KQ4-M2XP-9HTW`);
		expect(payload.nbf).toBe(T0 / 1000);
		expect(payload.sub).toBe(vc.credentialSubject.id);
		expect(payload.sub).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
		expect(payload.exp).toBeUndefined();
		const until = await credentials.signCredential({ ...vc, validUntil: new Date(T0 + 1000_000).toISOString() }, key);
		expect(payloadOf(until).exp).toBe(T0 / 1000 + 1000);
	});

	it('gives an organisation its public page as subject id', () => {
		const vc = credentials.buildCredential(
			input({
				kind: 'organisation',
				email: null,
				organisationName: null,
				recipientName: 'Zajedno NGO',
				subjectId: `${ORIGIN}/organisations/zajedno`
			})
		) as Json;
		expect(vc.credentialSubject.id).toBe(`${ORIGIN}/organisations/zajedno`);
	});

	it('points its status at its bit in the issuer’s Bitstring Status List', () => {
		const vc = credentials.buildCredential(input({ statusIndex: 7 })) as Json;
		expect(vc.credentialStatus).toEqual({
			id: `${ORIGIN}/issuer/status/revocation#7`,
			type: 'BitstringStatusListEntry',
			statusPurpose: 'revocation',
			statusListIndex: '7',
			statusListCredential: `${ORIGIN}/issuer/status/revocation`
		});
	});

	it('refuses a token whose claims contradict the credential', async () => {
		const vc = credentials.buildCredential(input()) as Json;
		const good = payloadOf(await credentials.signCredential(vc, key));
		const lying = await signRaw({ ...good, iss: 'https://elsewhere.example/issuer' });
		expect(await credentials.verifyCredential(lying, credentials.jwksOf(key))).toEqual({
			valid: false,
			reason: 'the iss claim does not match the credential'
		});
	});

	it('publishes the key under its URL in the JWKS, without the private part', () => {
		const [jwk] = credentials.jwksOf(key, `${ORIGIN}/issuer`).keys;
		expect(jwk).toMatchObject({
			kty: 'EC',
			crv: 'P-256',
			alg: 'ES256',
			use: 'sig',
			kid: `${ORIGIN}/issuer/keys/${key.kid}`
		});
		expect(jwk.d).toBeUndefined();
	});
});

describe('hashIdentity', () => {
	it('is sha256$ and 64 hex digits, ignores case and surrounding spaces, and depends on the salt', () => {
		const h = credentials.hashIdentity('ana@example.org', 'salt');
		expect(h).toMatch(/^sha256\$[0-9a-f]{64}$/);
		expect(credentials.hashIdentity('  ANA@Example.org ', 'salt')).toBe(h);
		expect(credentials.hashIdentity('ana@example.org', 'pepper')).not.toBe(h);
		expect(credentials.hashIdentity('bob@example.org', 'salt')).not.toBe(h);
	});
});

describe('signing and verifying', () => {
	it('verifies what it signed, with the key id in the header', async () => {
		const vc = credentials.buildCredential(input());
		const jwt = await credentials.signCredential(vc, key);
		expect(jwt.split('.')).toHaveLength(3);
		expect(headerOf(jwt)).toEqual({ alg: 'ES256', typ: 'JWT', kid: `${ORIGIN}/issuer/keys/${key.kid}` });
		const result = await credentials.verifyCredential(jwt, credentials.jwksOf(key));
		expect(result).toEqual({ valid: true, credential: vc, kid: `${ORIGIN}/issuer/keys/${key.kid}` });
		// Surrounding white space, as in a downloaded file, does not matter.
		expect((await credentials.verifyCredential(`\n${jwt}\n`, credentials.jwksOf(key))).valid).toBe(true);
	});

	it('finds the right key among several', async () => {
		const jwt = await credentials.signCredential(credentials.buildCredential(input()), otherKey);
		const both = { keys: [...credentials.jwksOf(key).keys, ...credentials.jwksOf(otherKey).keys] };
		expect(await credentials.verifyCredential(jwt, both)).toMatchObject({
			valid: true,
			kid: `${ORIGIN}/issuer/keys/${otherKey.kid}`
		});
	});

	it('rejects a credential with one character of its payload changed', async () => {
		const jwt = await credentials.signCredential(credentials.buildCredential(input()), key);
		const result = await credentials.verifyCredential(tamperPayload(jwt), credentials.jwksOf(key));
		expect(result.valid).toBe(false);
		expect(!result.valid && result.reason).toMatch(/signature/);
	});

	it('rejects a changed name even when the token is re-encoded cleanly', async () => {
		const jwt = await credentials.signCredential(credentials.buildCredential(input()), key);
		const [h, , s] = jwt.split('.');
		const forged = {
			...payloadOf(jwt),
			credentialSubject: { ...payloadOf(jwt).credentialSubject, name: 'Somebody Else' }
		};
		const token = [h, Buffer.from(JSON.stringify(forged)).toString('base64url'), s].join('.');
		const result = await credentials.verifyCredential(token, credentials.jwksOf(key));
		expect(result).toMatchObject({ valid: false, reason: expect.stringMatching(/signature/) });
	});

	it('rejects a credential signed with another key', async () => {
		const vc = credentials.buildCredential(input());
		const other = await credentials.signCredential(vc, otherKey);
		expect(await credentials.verifyCredential(other, credentials.jwksOf(key))).toEqual({
			valid: false,
			reason: 'signed with an unknown key'
		});
		// Another key that claims to be ours.
		const impostor = await credentials.signCredential(vc, { ...otherKey, kid: key.kid });
		const result = await credentials.verifyCredential(impostor, credentials.jwksOf(key));
		expect(result).toMatchObject({ valid: false, reason: expect.stringMatching(/signature/) });
	});

	it('rejects what is not a signed Open Badges credential, without throwing', async () => {
		const jwks = credentials.jwksOf(key);
		for (const junk of ['', 'not a token', 'a.b', 'a.b.c.d', '{"@context":[]}']) {
			expect(await credentials.verifyCredential(junk, jwks), junk).toMatchObject({
				valid: false,
				reason: expect.any(String)
			});
		}
		const jwt = await credentials.signCredential(credentials.buildCredential(input()), key);
		const [, p, s] = jwt.split('.');
		const none = Buffer.from(JSON.stringify({ alg: 'none', kid: key.kid })).toString('base64url');
		expect(await credentials.verifyCredential(`${none}.${p}.${s}`, jwks)).toEqual({
			valid: false,
			reason: 'unexpected algorithm none'
		});

		const vc = credentials.buildCredential(input()) as Json;
		const notABadge = await signRaw({ ...vc, type: ['VerifiableCredential'] });
		expect(await credentials.verifyCredential(notABadge, jwks)).toEqual({
			valid: false,
			reason: 'not an OpenBadgeCredential'
		});
		const noContext = await signRaw({ ...vc, '@context': ['https://www.w3.org/ns/credentials/v2'] });
		expect(await credentials.verifyCredential(noContext, jwks)).toMatchObject({
			valid: false,
			reason: expect.stringMatching(/context/)
		});
	});
});

describe('a volunteer certificate’s credential', () => {
	const volunteer = () =>
		input({
			kind: 'volunteer',
			organisationName: null,
			courseSlug: 'volunteering-50h',
			courseTitle: '50 orë punë vullnetare',
			courseSummary: '50 orë punë vullnetare për organizatat e shoqërisë civile në Kosovën e Veriut.',
			locale: 'sq',
			criteria: '50 orë punë vullnetare, të konfirmuara nga: Ura dhe Zajedno NGO.',
			volunteering: { hours: 50, organisations: ['Ura', 'Zajedno NGO'] }
		});

	it('is a CommunityService achievement, one per threshold, with the hours as its result', () => {
		const subject = credentials.buildCredential(volunteer()).credentialSubject as Json;
		expect(subject.achievement).toMatchObject({
			id: `${ORIGIN}/issuer#volunteering-50h`,
			type: ['Achievement'],
			achievementType: 'CommunityService',
			name: '50 orë punë vullnetare',
			inLanguage: 'sq',
			criteria: { narrative: '50 orë punë vullnetare, të konfirmuara nga: Ura dhe Zajedno NGO.' }
		});
		expect(subject.result).toEqual([
			{ type: ['Result'], resultDescription: `${ORIGIN}/issuer#volunteering-50h-result`, value: '50' }
		]);
		expect(subject.identifier[0].identityType).toBe('emailAddress');
		expect(JSON.stringify(subject)).not.toContain(EMAIL);
	});

	it('verifies like a course credential, and not once changed', async () => {
		const jwt = await credentials.signCredential(credentials.buildCredential(volunteer()), key);
		const result = await credentials.verifyCredential(jwt, credentials.jwksOf(key));
		expect(result.valid).toBe(true);
		expect((await credentials.verifyCredential(tamperPayload(jwt), credentials.jwksOf(key))).valid).toBe(false);
	});
});

describe('npm run verify-credential', () => {
	const cwd = fileURLToPath(new URL('../..', import.meta.url));

	function run(tokenFile: string, jwksFile: string) {
		const r = spawnSync('npx', ['tsx', 'src/cli/verify-credential.ts', tokenFile, '--jwks', jwksFile], {
			cwd,
			encoding: 'utf8',
			timeout: 60_000
		});
		if (r.error) throw r.error;
		return r;
	}

	let jwksFile: string;
	let jwt: string;

	beforeAll(async () => {
		jwksFile = join(dir, 'jwks.json');
		writeFileSync(jwksFile, JSON.stringify(credentials.jwksOf(key)));
		jwt = await credentials.signCredential(credentials.buildCredential(input()), key);
	});

	it('says VALID and exits 0 for a genuine credential', () => {
		const file = join(dir, 'genuine.jwt');
		writeFileSync(file, jwt + '\n');
		const r = run(file, jwksFile);
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		expect(r.stdout).toMatch(/^VALID/);
		expect(r.stdout).toContain('Ana Petrović');
		expect(r.stdout).toContain(`${ORIGIN}/verify/7KQ4-M2XP-9HTW`);
	});

	it('says VALID for a genuine volunteer certificate, naming its hours', async () => {
		const file = join(dir, 'volunteer.jwt');
		const credential = credentials.buildCredential(
			input({
				kind: 'volunteer',
				organisationName: null,
				courseTitle: '20 hours of volunteering',
				courseSummary: '20 hours of volunteering for civil-society organisations in Northern Kosovo.',
				criteria: '20 hours of volunteering confirmed by Ura.',
				volunteering: { hours: 20, organisations: ['Ura'] }
			})
		);
		writeFileSync(file, await credentials.signCredential(credential, key));
		const r = run(file, jwksFile);
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		expect(r.stdout).toMatch(/^VALID/);
		expect(r.stdout).toContain('20 hours of volunteering');
	});

	it('says INVALID and exits 1 for a tampered one', () => {
		const file = join(dir, 'tampered.jwt');
		writeFileSync(file, tamperPayload(jwt));
		const r = run(file, jwksFile);
		expect(r.status).toBe(1);
		expect(r.stdout).toMatch(/^INVALID: .*signature/);
		expect(r.stdout).not.toMatch(/^VALID/m);
	});

	it('names a key file that is not a JWKS and exits 2, instead of crashing on it', () => {
		const file = join(dir, 'any.jwt');
		writeFileSync(file, jwt);
		const notJwks = join(dir, 'not-jwks.json');
		writeFileSync(notJwks, '{"key": "none"}');
		const r = run(file, notJwks);
		expect(r.status).toBe(2);
		expect(r.stderr).toContain(`verify-credential: ${notJwks} does not have the expected shape at keys`);
	});

	it('says INVALID and exits 1 for one signed with another key', async () => {
		const file = join(dir, 'other.jwt');
		writeFileSync(file, await credentials.signCredential(credentials.buildCredential(input()), otherKey));
		const r = run(file, jwksFile);
		expect(r.status).toBe(1);
		expect(r.stdout).toMatch(/^INVALID: signed with an unknown key/);
	});
});
