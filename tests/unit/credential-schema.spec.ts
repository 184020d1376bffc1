// The signed credential, as a verifier decodes it, against our restatement of the Open Badges 3.0
// JSON Schema (tests/unit/ob-v3p0-schema.ts), with ajv for draft 2019-09 and ajv-formats for uri
// and date-time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import * as credentials from '$lib/server/learning/certificates/credential';
import type { CredentialInput, IssuerKey } from '$lib/server/learning/certificates/credential';
import { openBadgeCredentialJwtSchema } from './ob-v3p0-schema';
import { T0 } from './helpers';

const ORIGIN = 'https://civicsteps.example';

const ajv = new Ajv2019({ allErrors: true, strict: true, strictTuples: false, strictRequired: false });
addFormats(ajv);
const validateOpenBadge = ajv.compile(openBadgeCredentialJwtSchema);

let dir: string;
let key: IssuerKey;
beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'civicsteps-schema-'));
	key = await credentials.loadIssuerKey(join(dir, 'key.json'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function input(changes: Partial<CredentialInput> = {}): CredentialInput {
	return {
		origin: ORIGIN,
		code: '7KQ4-M2XP-9HTW',
		issuerName: 'CivicSteps programme',
		recipientName: 'Ana Petrović',
		email: 'ana@example.org',
		organisationName: 'Zajedno NGO',
		kind: 'learner',
		courseSlug: 'outreach',
		courseTitle: 'Community outreach',
		courseSummary: 'Reach the people you serve.',
		locale: 'sr-Latn',
		criteria: 'Completed every lesson and passed every module quiz that the course requires.',
		issuedAt: new Date(T0),
		statusIndex: 3,
		...changes
	};
}

async function claims(changes: Partial<CredentialInput> = {}): Promise<Record<string, unknown>> {
	const jwt = await credentials.signCredential(credentials.buildCredential(input(changes)), key);
	return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

function errors(value: unknown): string {
	validateOpenBadge(value);
	return ajv.errorsText(validateOpenBadge.errors);
}

describe('the Open Badges 3.0 JSON Schema', () => {
	it('accepts a learner’s credential', async () => {
		const payload = await claims();
		expect(validateOpenBadge(payload), errors(payload)).toBe(true);
	});

	it('accepts an organisation’s credential', async () => {
		const payload = await claims({
			kind: 'organisation',
			email: null,
			organisationName: null,
			recipientName: 'Zajedno NGO',
			subjectId: `${ORIGIN}/organisations/zajedno`
		});
		expect(validateOpenBadge(payload), errors(payload)).toBe(true);
	});

	it('accepts a volunteer’s credential: a CommunityService achievement with the hours as a result', async () => {
		const payload = await claims({
			kind: 'volunteer',
			organisationName: null,
			courseSlug: 'volunteering-20h',
			courseTitle: '20 sati volonterskog rada',
			courseSummary: '20 sati volonterskog rada za organizacije civilnog društva na severu Kosova.',
			criteria: '20 sati volonterskog rada, uz potvrdu organizacija: Ura i Zajedno.',
			volunteering: { hours: 20, organisations: ['Ura', 'Zajedno'] }
		});
		expect(validateOpenBadge(payload), errors(payload)).toBe(true);
		const subject = payload.credentialSubject as Record<string, any>;
		expect(subject.achievement.achievementType).toBe('CommunityService');
		expect(subject.result[0].resultDescription).toBe(subject.achievement.resultDescription[0].id);
	});

	it('bites: refuses an achievement type outside the Open Badges vocabulary, and a result without its type', async () => {
		const payload = await claims({ kind: 'volunteer', volunteering: { hours: 50, organisations: ['Ura'] } });
		const subject = payload.credentialSubject as Record<string, any>;
		const achievementType = (t: string) => ({
			...payload,
			credentialSubject: { ...subject, achievement: { ...subject.achievement, achievementType: t } }
		});
		expect(validateOpenBadge(achievementType('Volunteering'))).toBe(false);
		expect(validateOpenBadge(achievementType('ext:Volunteering'))).toBe(true);
		expect(validateOpenBadge({ ...payload, credentialSubject: { ...subject, result: [{ value: '50' }] } })).toBe(false);
	});

	it('bites: refuses a credential without its JWT claims, without validFrom, or with a subject that has neither id nor identifier', async () => {
		const payload = await claims();
		const { iss: _iss, ...noIss } = payload;
		void _iss;
		expect(validateOpenBadge(noIss)).toBe(false);
		const { validFrom: _from, ...noValidFrom } = payload;
		void _from;
		expect(validateOpenBadge(noValidFrom)).toBe(false);
		const subject = { ...(payload.credentialSubject as Record<string, unknown>) };
		delete subject.id;
		delete subject.identifier;
		expect(validateOpenBadge({ ...payload, credentialSubject: subject })).toBe(false);
		expect(validateOpenBadge({ ...payload, type: ['VerifiableCredential'] })).toBe(false);
	});
});
