// Certificates of learners and organisations against a fresh migrated database holding the demo
// course of content-fixture.ts: who gets one and when, what it records, its code, revocation, and the
// coordinator's decision on organisations.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import * as certificates from '$lib/server/learning/certificates/issue';
import * as credentials from '$lib/server/learning/certificates/credential';
import * as issued from '$lib/server/learning/certificates/issued';
import { statusBit } from '$lib/server/learning/certificates/status-list';
import { deleteAccount } from '$lib/server/people/privacy';
import { hashPassword } from '$lib/server/auth/password';
import { CompactSign, compactVerify, importJWK, type JWK } from 'jose';
import { getCourseBySlug, type CourseInfo } from '$lib/server/catalogue/courses';
import { enrol, getCourseState } from '$lib/server/learning/progress';
import { submitAttempt } from '$lib/server/learning/submit';
import { setOrganisation, signUp } from '$lib/server/people/users';
import type { Certificate } from '../../db/schema';
import { DAY, MINUTE, T0, insertOrganisation, insertUser } from './helpers';
import { freshContentDb, importOk, md, removeTempDirs, writeDemo, RIGHT_ANSWERS } from './content-fixture';

const ORIGIN = 'https://civicsteps.example';
const CODE =
	/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}$/;

let keyDir: string;
let ctx: { keyPath: string; origin: string; now: number };

beforeAll(() => {
	keyDir = mkdtempSync(join(tmpdir(), 'civicsteps-keys-'));
	ctx = { keyPath: join(keyDir, 'key.json'), origin: ORIGIN, now: T0 + DAY };
});
afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

let db: DB;
let root: string;

async function setUp(changes: Record<string, string> = {}) {
	db = await freshContentDb();
	root = writeDemo(changes);
	await importOk(db, root);
}

async function course(locale = 'en'): Promise<CourseInfo> {
	const c = await getCourseBySlug(db, 'demo', locale);
	if (!c) throw new Error('course demo not found');
	return c;
}

type Learner = { id: number; name: string; email: string; organisationId: number | null };

async function learner(name: string, email: string, organisationId: number | null = null): Promise<Learner> {
	const id = await insertUser(db, { name, email, organisationId });
	return { id, name, email, organisationId };
}

let submission = 0;

/** Marks every lesson of the modules done (rows written directly: the lock order is tested elsewhere). */
async function completeLessons(user: Learner, c: CourseInfo, moduleSlugs: string[]) {
	const lessons = c.modules.filter((m) => moduleSlugs.includes(m.slug)).flatMap((m) => m.lessons);
	await db
		.insertInto('lesson_progress')
		.values(
			lessons.map((l) => ({ user_id: user.id, lesson_id: l.id, lesson_version_id: l.versionId, completed_at: T0 }))
		)
		.onConflict((oc) => oc.columns(['user_id', 'lesson_id']).doNothing())
		.execute();
}

async function takeQuiz(user: Learner, c: CourseInfo, moduleSlug: string, right: boolean) {
	const quiz = c.modules.find((m) => m.slug === moduleSlug)!.quiz!;
	const result = await submitAttempt(
		db,
		{
			userId: user.id,
			quizId: quiz.id,
			versionId: quiz.versionId,
			locale: 'en',
			submissionKey: `s${++submission}`,
			answers: (right ? RIGHT_ANSWERS[moduleSlug] : {}) as never
		},
		// An hour apart: a failed attempt is followed by a wait (30 minutes on the practice quiz).
		T0 + submission * 60 * MINUTE
	);
	expect(result.passed).toBe(right);
}

/** Enrols the learner and completes the modules: every lesson done and the quiz passed. */
async function complete(user: Learner, c: CourseInfo, moduleSlugs = c.modules.map((m) => m.slug)) {
	await enrol(db, user.id, c.id, T0);
	await completeLessons(user, c, moduleSlugs);
	for (const slug of moduleSlugs) await takeQuiz(user, c, slug, true);
}

async function issue(user: Learner, c: CourseInfo, locale = 'en') {
	const state = await getCourseState(db, user.id, c, ctx.now);
	return certificates.issueIfEligible(db, user, c, state, locale, ctx);
}

async function certificateRows(): Promise<Certificate[]> {
	return db.selectFrom('certificates').selectAll().orderBy('id').execute();
}

async function jwks() {
	return credentials.jwksOf(await credentials.loadIssuerKey(ctx.keyPath));
}

function payloadOf(jwt: string): Record<string, any> {
	return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

afterEach(removeTempDirs);

describe('codes', () => {
	it('are 12 characters from an alphabet without 0, O, 1, I and L, in three groups of four', () => {
		for (let i = 0; i < 200; i++) {
			const code = certificates.generateCode();
			expect(code).toMatch(CODE);
			expect(code).not.toMatch(/[0O1IL]/);
		}
	});

	it('do not repeat in 1,000 codes', () => {
		const codes = new Set(Array.from({ length: 1000 }, () => certificates.generateCode()));
		expect(codes.size).toBe(1000);
	});

	it('are read as typed: lower case, without dashes, with spaces', () => {
		expect(certificates.normaliseCode('7KQ4-M2XP-9HTW')).toBe('7KQ4-M2XP-9HTW');
		expect(certificates.normaliseCode('7kq4-m2xp-9htw')).toBe('7KQ4-M2XP-9HTW');
		expect(certificates.normaliseCode('7kq4m2xp9htw')).toBe('7KQ4-M2XP-9HTW');
		expect(certificates.normaliseCode('7KQ4 M2XP 9HTW')).toBe('7KQ4-M2XP-9HTW');
		expect(certificates.normaliseCode('  7kq4 - m2xp - 9htw  ')).toBe('7KQ4-M2XP-9HTW');
		const code = certificates.generateCode();
		expect(certificates.normaliseCode(code.toLowerCase().replace(/-/g, ''))).toBe(code);
	});

	it('are refused at the wrong length or with characters outside the alphabet', () => {
		for (const bad of [
			'',
			'7KQ4-M2XP-9HT',
			'7KQ4-M2XP-9HTWX',
			'7KQ4M2XP',
			'7KQ4-M2XP-9HTO',
			'7KQ4-M2XP-9HT0',
			'7KQ4-M2XP-9HT1',
			'7KQ4-M2XP-9HTI',
			'7KQ4-M2XP-9HTL',
			'7kq4-m2xp-9htl',
			'7KQ4-M2XP-9HT!',
			'7KQ4_M2XP_9HTW'
		]) {
			expect(certificates.normaliseCode(bad), bad).toBeNull();
		}
	});
});

describe('a learner’s certificate', () => {
	beforeEach(() => setUp());

	it('is not issued before all lessons are done and every quiz is passed, and is issued after', async () => {
		const c = await course();
		const ana = await learner('Ana Petrović', 'ana@example.org');

		// Not enrolled.
		expect(await issue(ana, c)).toBeNull();
		await enrol(db, ana.id, c.id, T0);
		// Enrolled, nothing done.
		expect(certificates.meetsCertificateRule(c, await getCourseState(db, ana.id, c, ctx.now))).toBe(false);
		expect(await issue(ana, c)).toBeNull();
		// Every lesson done, but no quiz passed yet.
		await completeLessons(ana, c, ['intro', 'practice']);
		expect(await issue(ana, c)).toBeNull();
		// The first module passed, the second quiz failed.
		await takeQuiz(ana, c, 'intro', true);
		await takeQuiz(ana, c, 'practice', false);
		expect(await issue(ana, c)).toBeNull();
		expect(await certificateRows()).toEqual([]);

		await takeQuiz(ana, c, 'practice', true);
		expect(certificates.meetsCertificateRule(c, await getCourseState(db, ana.id, c, ctx.now))).toBe(true);
		const cert = await issue(ana, c);
		expect(cert).toMatchObject({ kind: 'learner', user_id: ana.id, course_id: c.id, revoked_at: null });
		expect(cert!.code).toMatch(CODE);
		expect(await certificateRows()).toHaveLength(1);
	});

	it('is not issued when the quizzes are passed but a lesson is not done', async () => {
		const c = await course();
		const ana = await learner('Ana', 'ana@example.org');
		await enrol(db, ana.id, c.id, T0);
		await completeLessons(ana, c, ['intro']);
		const practiceLessons = c.modules[1].lessons;
		await db
			.insertInto('lesson_progress')
			.values({
				user_id: ana.id,
				lesson_id: practiceLessons[0].id,
				lesson_version_id: practiceLessons[0].versionId,
				completed_at: T0
			})
			.execute();
		await takeQuiz(ana, c, 'intro', true);
		await takeQuiz(ana, c, 'practice', true);
		expect(await issue(ana, c)).toBeNull();
	});

	it('requires only the modules listed in course.md when the certificate names them', async () => {
		await setUp({
			'demo/course.md': md({
				title: 'Demo course',
				summary: 'A short course.',
				pass_mark: 70,
				certificate: { modules: ['intro'] }
			})
		});
		const c = await course();
		expect(c.certificateModules).toEqual(['intro']);
		const ana = await learner('Ana', 'ana@example.org');
		await enrol(db, ana.id, c.id, T0);
		await completeLessons(ana, c, ['intro']);
		expect(await issue(ana, c)).toBeNull();
		await takeQuiz(ana, c, 'intro', true);
		// The practice module is untouched, yet the certificate is due.
		const state = await getCourseState(db, ana.id, c, ctx.now);
		expect(state.complete).toBe(false);
		expect(certificates.meetsCertificateRule(c, state)).toBe(true);
		expect(await issue(ana, c)).toMatchObject({ kind: 'learner', user_id: ana.id });
	});

	it('is issued once: asking again, and again after the same course is imported anew, gives the same code', async () => {
		const c = await course();
		const ana = await learner('Ana', 'ana@example.org');
		await complete(ana, c);
		const first = await issue(ana, c);
		const second = await issue(ana, c);
		expect(second).toEqual(first);

		await importOk(db, root);
		const reimported = await course();
		expect(reimported.id).toBe(c.id);
		const third = await issue(ana, reimported);
		expect(third?.code).toBe(first!.code);
		expect((await certificateRows()).map((r) => r.code)).toEqual([first!.code]);
	});

	it('is issued once when two requests ask at the same moment', async () => {
		const c = await course();
		const ana = await learner('Ana', 'ana@example.org');
		await complete(ana, c);
		const [a, b] = await Promise.all([issue(ana, c), issue(ana, c)]);
		expect(a?.code).toMatch(CODE);
		expect(b?.code).toBe(a?.code);
		expect(await certificateRows()).toHaveLength(1);
	});

	it('gives each learner a code of their own', async () => {
		const c = await course();
		const codes = new Set<string>();
		for (let i = 0; i < 5; i++) {
			const l = await learner(`Learner ${i}`, `l${i}@example.org`);
			await complete(l, c);
			const cert = await issue(l, c);
			expect(cert!.code).toMatch(CODE);
			codes.add(cert!.code);
		}
		expect(codes.size).toBe(5);
	});

	it('records the name as entered, the organisation at that time, the course title in the learner’s language, the date and the issuer', async () => {
		const orgId = await insertOrganisation(db, 'Zajedno NGO', 'zajedno');
		const other = await insertOrganisation(db, 'Another Association', 'another');
		const arber = await learner('Arbër Çela', 'arber@example.org', orgId);
		await complete(arber, await course());
		const c = await course('sq');
		const cert = await issue(arber, c, 'sq');
		expect(cert).toMatchObject({
			recipient_name: 'Arbër Çela',
			organisation_name: 'Zajedno NGO',
			course_title: 'Kurs demonstrues',
			locale: 'sq',
			issued_at: ctx.now,
			issuer_name: 'CivicSteps — civil-society outreach programme, Northern Kosovo'
		});

		// Later the learner moves and the organisation is renamed: the certificate keeps what was true.
		await setOrganisation(db, arber.id, other);
		await db.updateTable('organisations').set({ name: 'Zajedno (renamed)' }).where('id', '=', orgId).execute();
		arber.organisationId = other;
		expect(await issue(arber, await course('en'), 'en')).toEqual(cert);
		expect(await certificates.getByCode(db, cert!.code)).toMatchObject({
			organisation_name: 'Zajedno NGO',
			course_title: 'Kurs demonstrues'
		});
	});

	it('records the issuer named in the context, and no organisation for a learner without one', async () => {
		const c = await course('sr-Latn');
		const djordje = await learner('Đorđe Šćepanović Džajić', 'djordje@example.org');
		await complete(djordje, c);
		const state = await getCourseState(db, djordje.id, c, ctx.now);
		const cert = await certificates.issueIfEligible(db, djordje, c, state, 'sr-Latn', {
			...ctx,
			issuerName: 'Test Issuer'
		});
		expect(cert).toMatchObject({
			recipient_name: 'Đorđe Šćepanović Džajić',
			organisation_name: null,
			course_title: 'Probni kurs',
			locale: 'sr-Latn',
			issuer_name: 'Test Issuer'
		});
	});

	it('carries a signed credential naming the learner but not their e-mail address', async () => {
		const orgId = await insertOrganisation(db, 'Zajedno NGO', 'zajedno');
		const c = await course();
		const milos = await learner('Милош Јовановић', 'Milos.Jovanovic@example.org', orgId);
		await complete(milos, c);
		const cert = (await issue(milos, c))!;

		const result = await credentials.verifyCredential(cert.credential, await jwks());
		expect(result.valid).toBe(true);
		const vc = result.valid ? (result.credential as Record<string, any>) : {};
		expect(vc.id).toBe(`${ORIGIN}/verify/${cert.code}`);
		expect(vc.name).toBe('Demo course');
		expect(vc.validFrom).toBe(new Date(ctx.now).toISOString());
		expect(vc.issuer).toMatchObject({ id: `${ORIGIN}/issuer`, type: ['Profile'], name: cert.issuer_name });
		expect(vc.credentialSubject).toMatchObject({ name: 'Милош Јовановић', description: 'Zajedno NGO' });
		expect(vc.credentialSubject.achievement).toMatchObject({
			id: `${ORIGIN}/courses/demo#learner`,
			name: 'Demo course',
			description: 'A short course.'
		});

		const [identity] = vc.credentialSubject.identifier;
		expect(identity.identityHash).toBe(credentials.hashIdentity('milos.jovanovic@example.org', identity.salt));
		expect(cert.credential.toLowerCase()).not.toContain('milos.jovanovic');
		expect(JSON.stringify(payloadOf(cert.credential)).toLowerCase()).not.toContain('milos.jovanovic');
		expect(JSON.stringify(payloadOf(cert.credential))).not.toContain('@example.org');
	});
});

describe('revoking', () => {
	let code: string;
	let coordinator: number;

	beforeEach(async () => {
		await setUp();
		const c = await course();
		const ana = await learner('Ana', 'ana@example.org');
		coordinator = await insertUser(db, { name: 'Coordinator', email: 'co@example.org', role: 'coordinator' });
		await complete(ana, c);
		code = (await issue(ana, c))!.code;
	});

	it('requires a reason', async () => {
		for (const reason of ['', '   ', '\u0000\n', undefined, null, 42]) {
			expect(await certificates.revoke(db, code, reason, coordinator, T0 + 2 * DAY)).toEqual({
				ok: false,
				reason: 'reason_required'
			});
		}
		expect((await certificates.getByCode(db, code))!.revoked_at).toBeNull();
	});

	it('records when, why and by whom, once', async () => {
		expect(await certificates.revoke(db, code, '  Issued by mistake ', coordinator, T0 + 2 * DAY)).toEqual({
			ok: true
		});
		expect(await certificates.getByCode(db, code)).toMatchObject({
			revoked_at: T0 + 2 * DAY,
			revoked_reason: 'Issued by mistake',
			revoked_by: coordinator
		});
		expect(await certificates.revoke(db, code, 'Again', coordinator, T0 + 3 * DAY)).toEqual({
			ok: false,
			reason: 'already_revoked'
		});
		expect(await certificates.getByCode(db, code)).toMatchObject({
			revoked_at: T0 + 2 * DAY,
			revoked_reason: 'Issued by mistake'
		});
	});

	it('answers not_found for an unknown code', async () => {
		const unknown = code === 'ABCD-EFGH-JKMN' ? 'ABCD-EFGH-JKMP' : 'ABCD-EFGH-JKMN';
		expect(await certificates.revoke(db, unknown, 'No such certificate', coordinator)).toEqual({
			ok: false,
			reason: 'not_found'
		});
	});

	it('leaves a revoked learner with their one certificate: asking again does not issue a new one', async () => {
		await certificates.revoke(db, code, 'Issued by mistake', coordinator, T0 + 2 * DAY);
		const c = await course();
		const ana = await db
			.selectFrom('users')
			.select(['id', 'name', 'email', 'organisation_id'])
			.where('email', '=', 'ana@example.org')
			.executeTakeFirstOrThrow();
		const again = await issue({ id: ana.id, name: ana.name, email: ana.email, organisationId: ana.organisation_id }, c);
		expect(again?.code).toBe(code);
		expect(again?.revoked_at).toBe(T0 + 2 * DAY);
		expect(await certificateRows()).toHaveLength(1);
	});
});

describe('search', () => {
	beforeEach(() => setUp());

	it('finds a certificate by its code as typed, or by part of the name', async () => {
		const c = await course();
		const ana = await learner('Ana Petrović', 'ana@example.org');
		const arber = await learner('Arbër Çela', 'arber@example.org');
		await complete(ana, c);
		await complete(arber, c);
		const anaCode = (await issue(ana, c))!.code;
		const arberCode = (await issue(arber, c))!.code;

		expect((await certificates.search(db, anaCode.toLowerCase().replace(/-/g, ''))).map((r) => r.code)).toEqual([
			anaCode
		]);
		expect((await certificates.search(db, 'petrov')).map((r) => r.code)).toEqual([anaCode]);
		expect((await certificates.search(db, 'Arbër')).map((r) => r.code)).toEqual([arberCode]);
		expect(await certificates.search(db, 'nobody')).toEqual([]);
		expect(await certificates.search(db, '%')).toEqual([]);
		expect(await certificates.search(db, '')).toHaveLength(2);
	});

	it('takes % and _ in a query literally, and still finds a name that contains them', async () => {
		const c = await course();
		const typed = await learner('ana_petrovic 100%', 'ana.p@example.org');
		const other = await learner('Ana Petrović', 'ana@example.org');
		await complete(typed, c);
		await complete(other, c);
		const typedCode = (await issue(typed, c))!.code;
		await issue(other, c);

		// "_" must not match the space in "Ana Petrović", and must match the "_" in "ana_petrovic".
		expect((await certificates.search(db, 'ana_p')).map((r) => r.code)).toEqual([typedCode]);
		expect((await certificates.search(db, '100%')).map((r) => r.code)).toEqual([typedCode]);
	});
});

describe('organisations', () => {
	let coordinator: number;
	let zajedno: number;
	let small: number;

	async function member(name: string, organisationId: number | null, certified = true) {
		const l = await learner(name, `${name.toLowerCase().replace(/\W+/g, '.')}@example.org`, organisationId);
		if (certified) {
			const c = await course();
			await complete(l, c);
			expect(await issue(l, c)).not.toBeNull();
		}
		return l;
	}

	async function decide(organisationId: number, decision: 'approved' | 'declined', note: unknown = '') {
		return certificates.decideOrganisation(
			db,
			{ organisationId, course: await course(), decision, note, byUserId: coordinator, locale: 'en' },
			ctx
		);
	}

	async function setUpOrganisations(changes: Record<string, string> = {}) {
		await setUp(changes);
		coordinator = await insertUser(db, { name: 'Coordinator', email: 'co@example.org', role: 'coordinator' });
		zajedno = await insertOrganisation(db, 'Zajedno NGO', 'zajedno');
		await db.updateTable('organisations').set({ municipality: 'Mitrovica North' }).where('id', '=', zajedno).execute();
		small = await insertOrganisation(db, 'Small Group', 'small');
	}

	describe('eligibility', () => {
		beforeEach(() => setUpOrganisations());

		it('needs two certified members by default; members without a certificate do not count', async () => {
			await setUpOrganisations({
				'demo/course.md': md({ title: 'Demo course', summary: 'A short course.', certificate: { modules: 'all' } })
			});
			const c = await course();
			expect(c.orgMinCertified).toBe(2);
			await member('Ana', zajedno);
			await member('Not Finished', zajedno, false);
			await member('Solo', small);
			expect(await certificates.eligibleOrganisations(db, c)).toEqual([]);

			await member('Besa', zajedno);
			expect(await certificates.eligibleOrganisations(db, c)).toEqual([
				{
					organisationId: zajedno,
					name: 'Zajedno NGO',
					slug: 'zajedno',
					municipality: 'Mitrovica North',
					certifiedMembers: 2,
					decision: null,
					decisionNote: null,
					certificateCode: null
				}
			]);
		});

		it('follows the number set in course.md', async () => {
			await setUpOrganisations({
				'demo/course.md': md({
					title: 'Demo course',
					summary: 'A short course.',
					certificate: { modules: 'all', organisation_min_certified: 3 }
				})
			});
			const c = await course();
			expect(c.orgMinCertified).toBe(3);
			await member('Ana', zajedno);
			await member('Besa', zajedno);
			expect(await certificates.eligibleOrganisations(db, c)).toEqual([]);
			await member('Cvijeta', zajedno);
			expect((await certificates.eligibleOrganisations(db, c)).map((o) => [o.name, o.certifiedMembers])).toEqual([
				['Zajedno NGO', 3]
			]);
		});

		it('does not count revoked certificates', async () => {
			await member('Ana', zajedno);
			const besa = await member('Besa', zajedno);
			const c = await course();
			expect(await certificates.eligibleOrganisations(db, c)).toHaveLength(1);
			const besaCode = (
				await db.selectFrom('certificates').select('code').where('user_id', '=', besa.id).executeTakeFirstOrThrow()
			).code;
			expect(await certificates.revoke(db, besaCode, 'Copied the answers', coordinator)).toEqual({ ok: true });
			expect(await certificates.eligibleOrganisations(db, c)).toEqual([]);
			expect(await decide(zajedno, 'approved')).toEqual({ ok: false, reason: 'not_eligible' });
		});

		it('counts only current members', async () => {
			await member('Ana', zajedno);
			const besa = await member('Besa', zajedno);
			await setOrganisation(db, besa.id, small);
			expect(await certificates.eligibleOrganisations(db, await course())).toEqual([]);
		});

		it('counts and prints only confirmed members, not people who merely chose the organisation at sign-up', async () => {
			const c = await course();
			const claimed: Learner[] = [];
			for (const name of ['Claims One', 'Claims Two']) {
				const email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.org`;
				const result = await signUp(db, {
					name,
					email,
					password: 'a long and unusual passphrase 7',
					organisation: String(zajedno)
				});
				if (!result.ok) throw new Error(JSON.stringify(result));
				// What a caller might pass along: the organisation the person claims.
				const l = { id: result.user.id, name, email, organisationId: zajedno };
				await complete(l, c);
				const cert = (await issue(l, c))!;
				expect(cert.organisation_name).toBeNull();
				expect(
					payloadOf(cert.credential).vc?.credentialSubject?.description ??
						payloadOf(cert.credential).credentialSubject?.description
				).toBeUndefined();
				claimed.push(l);
			}
			expect(await certificates.eligibleOrganisations(db, c)).toEqual([]);
		});
	});

	describe('decisions', () => {
		beforeEach(async () => {
			await setUpOrganisations();
			await member('Ana', zajedno);
			await member('Besa', zajedno);
			await member('Solo', small);
		});

		it('refuses to approve an organisation that is not eligible', async () => {
			expect(await decide(small, 'approved')).toEqual({ ok: false, reason: 'not_eligible' });
			const none = await insertOrganisation(db, 'No Members', 'none');
			expect(await decide(none, 'approved')).toEqual({ ok: false, reason: 'not_eligible' });
			expect(await db.selectFrom('organisation_decisions').selectAll().execute()).toEqual([]);
			expect(await db.selectFrom('certificates').selectAll().where('kind', '=', 'organisation').execute()).toEqual([]);
		});

		it('requires a note to decline, and records it', async () => {
			expect(await decide(zajedno, 'declined')).toEqual({ ok: false, reason: 'note_required' });
			expect(await decide(zajedno, 'declined', '   ')).toEqual({ ok: false, reason: 'note_required' });
			expect(await db.selectFrom('organisation_decisions').selectAll().execute()).toEqual([]);

			expect(await decide(zajedno, 'declined', 'Please send the activity report first.')).toEqual({
				ok: true,
				certificate: null
			});
			const [org] = await certificates.eligibleOrganisations(db, await course());
			expect(org).toMatchObject({
				decision: 'declined',
				decisionNote: 'Please send the activity report first.',
				certificateCode: null
			});
			expect(await db.selectFrom('certificates').selectAll().where('kind', '=', 'organisation').execute()).toEqual([]);
		});

		it('issues an organisation certificate with its own code and a valid credential on approval', async () => {
			const result = await decide(zajedno, 'approved', 'Well done');
			if (!result.ok) throw new Error(result.reason);
			const cert = result.certificate!;
			expect(cert).toMatchObject({
				kind: 'organisation',
				organisation_id: zajedno,
				user_id: null,
				recipient_name: 'Zajedno NGO',
				course_title: 'Demo course',
				issued_at: ctx.now,
				note: 'Well done',
				revoked_at: null
			});
			expect(cert.code).toMatch(CODE);
			const memberCodes = (
				await db.selectFrom('certificates').select('code').where('kind', '=', 'learner').execute()
			).map((r) => r.code);
			expect(memberCodes).not.toContain(cert.code);

			const verified = await credentials.verifyCredential(cert.credential, await jwks());
			expect(verified.valid).toBe(true);
			const vc = verified.valid ? (verified.credential as Record<string, any>) : {};
			expect(vc.id).toBe(`${ORIGIN}/verify/${cert.code}`);
			expect(vc.credentialSubject.name).toBe('Zajedno NGO');
			// The organisation is the subject, by its public page.
			expect(vc.credentialSubject.id).toBe(`${ORIGIN}/organisations/zajedno`);
			expect(payloadOf(cert.credential).sub).toBe(`${ORIGIN}/organisations/zajedno`);
			expect(vc.credentialSubject.identifier).toBeUndefined();
			expect(vc.credentialSubject.achievement.id).toBe(`${ORIGIN}/courses/demo#organisation`);
			expect(vc.credentialSubject.achievement.criteria.narrative).toContain('2');

			const [org] = await certificates.eligibleOrganisations(db, await course());
			expect(org).toMatchObject({ decision: 'approved', certificateCode: cert.code });
		});

		it('answers already_certified to a second approval (or a late decline) and issues nothing more', async () => {
			const first = await decide(zajedno, 'approved');
			expect(first.ok).toBe(true);
			expect(await decide(zajedno, 'approved')).toEqual({ ok: false, reason: 'already_certified' });
			expect(await decide(zajedno, 'declined', 'Changed our mind')).toEqual({ ok: false, reason: 'already_certified' });
			expect(await db.selectFrom('certificates').selectAll().where('kind', '=', 'organisation').execute()).toHaveLength(
				1
			);
			expect(await db.selectFrom('organisation_decisions').selectAll().execute()).toHaveLength(1);
		});

		it('can approve after an earlier decline', async () => {
			await decide(zajedno, 'declined', 'Report missing');
			const result = await decide(zajedno, 'approved', 'Report received');
			expect(result.ok && result.certificate?.kind).toBe('organisation');
			const [org] = await certificates.eligibleOrganisations(db, await course());
			expect(org).toMatchObject({ decision: 'approved', decisionNote: 'Report received' });
		});
	});

	describe('badges', () => {
		beforeEach(async () => {
			await setUpOrganisations();
			await member('Ana', zajedno);
			await member('Besa', zajedno);
			await member('Dren', small);
			await member('Era', small);
		});

		it('list only valid organisation certificates', async () => {
			const none = await certificates.organisationBadges(db);
			expect(none.size).toBe(0);

			const a = await decide(zajedno, 'approved');
			const b = await decide(small, 'approved');
			if (!a.ok || !b.ok) throw new Error('approval failed');
			const badges = await certificates.organisationBadges(db);
			expect([...badges.keys()].sort()).toEqual([zajedno, small].sort());
			expect(badges.get(zajedno)).toEqual([
				{ code: a.certificate!.code, courseTitle: 'Demo course', issuedAt: ctx.now }
			]);

			expect(await certificates.revoke(db, b.certificate!.code, 'Closed down', coordinator)).toEqual({ ok: true });
			const after = await certificates.organisationBadges(db);
			expect([...after.keys()]).toEqual([zajedno]);
			// Learner certificates are never badges.
			expect(after.get(zajedno)!.map((x) => x.code)).toEqual([a.certificate!.code]);
		});

		it('can be asked for some organisations only', async () => {
			await decide(zajedno, 'approved');
			expect([...(await certificates.organisationBadges(db, [zajedno])).keys()]).toEqual([zajedno]);
			expect((await certificates.organisationBadges(db, [small])).size).toBe(0);
			expect((await certificates.organisationBadges(db, [])).size).toBe(0);
		});
	});
});

describe('the revocation list and the credential served', () => {
	beforeEach(() => setUp());

	/** The revocation list as a verifier reads it: signature checked, then the bit for a certificate. */
	async function listedRevoked(certificate: Certificate): Promise<boolean> {
		const list = await issued.revocationList(db, ctx);
		const verified = await compactVerify(
			list,
			await importJWK((await issued.publicKey((await credentials.loadIssuerKey(ctx.keyPath)).kid, ctx)) as JWK, 'ES256')
		);
		const payload = JSON.parse(new TextDecoder().decode(verified.payload));
		expect(payload.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
		expect(payload.credentialSubject).toMatchObject({ type: 'BitstringStatusList', statusPurpose: 'revocation' });
		const entry = payloadOf(certificate.credential).credentialStatus;
		expect(entry.statusListCredential).toBe(payload.id);
		return statusBit(payload.credentialSubject.encodedList, Number(entry.statusListIndex));
	}

	it('flips the certificate’s bit, and only its bit, when it is revoked', async () => {
		const c = await course();
		const ana = await learner('Ana', 'ana@example.org');
		const besa = await learner('Besa', 'besa@example.org');
		await complete(ana, c);
		await complete(besa, c);
		const a = (await issue(ana, c))!;
		const b = (await issue(besa, c))!;
		expect(payloadOf(a.credential).credentialStatus.statusListIndex).not.toBe(
			payloadOf(b.credential).credentialStatus.statusListIndex
		);
		expect(await listedRevoked(a)).toBe(false);
		expect(await listedRevoked(b)).toBe(false);
		const coordinator = await insertUser(db, { name: 'Coordinator', email: 'co@example.org', role: 'coordinator' });
		expect(await certificates.revoke(db, a.code, 'Issued by mistake', coordinator, T0 + 2 * DAY)).toEqual({ ok: true });
		expect(await listedRevoked(a)).toBe(true);
		expect(await listedRevoked(b)).toBe(false);
	});

	it('serves the issued credential as stored, and signs an older one again once, in the current form', async () => {
		const c = await course();
		const ana = await learner('Ana', 'ana@example.org');
		await complete(ana, c);
		const cert = (await issue(ana, c))!;
		expect(await issued.currentCredential(db, cert, ctx)).toBe(cert.credential);

		// As credentials were signed before: the credential alone as payload, a bare thumbprint as kid.
		const key = await credentials.loadIssuerKey(ctx.keyPath);
		const { iss: _iss, jti: _jti, nbf: _nbf, sub: _sub, ...old } = payloadOf(cert.credential);
		void [_iss, _jti, _nbf, _sub];
		old.credentialStatus = { id: `${ORIGIN}/verify/${cert.code}/status`, type: 'CivicStepsRevocationStatus' };
		delete old.credentialSubject.id;
		const oldJwt = await new CompactSign(new TextEncoder().encode(JSON.stringify(old)))
			.setProtectedHeader({ alg: 'ES256', typ: 'vc+jwt', cty: 'vc', kid: key.kid })
			.sign(await importJWK(key.privateJwk, 'ES256'));
		await db.updateTable('certificates').set({ credential: oldJwt }).where('id', '=', cert.id).execute();
		const stored = (await certificates.getByCode(db, cert.code))!;

		const upgraded = (await issued.currentCredential(db, stored, ctx))!;
		expect(JSON.parse(Buffer.from(upgraded.split('.')[0], 'base64url').toString())).toEqual({
			alg: 'ES256',
			typ: 'JWT',
			kid: `${ORIGIN}/issuer/keys/${key.kid}`
		});
		const payload = payloadOf(upgraded);
		expect(payload).toMatchObject({
			id: old.id,
			validFrom: old.validFrom,
			name: old.name,
			iss: `${ORIGIN}/issuer`,
			jti: old.id
		});
		expect(payload.credentialSubject.name).toBe('Ana');
		expect(payload.credentialSubject.identifier).toEqual(old.credentialSubject.identifier);
		expect(payload.credentialStatus).toMatchObject({
			type: 'BitstringStatusListEntry',
			statusListIndex: String(cert.id)
		});
		expect((await credentials.verifyCredential(upgraded, await jwks())).valid).toBe(true);
		// Kept: the next download is the same file.
		expect((await certificates.getByCode(db, cert.code))!.credential).toBe(upgraded);
	});

	it('serves no credential once the holder deleted their account, and the list shows it revoked', async () => {
		const c = await course();
		const id = await insertUser(db, { name: 'Ana', email: 'ana@example.org' });
		await db
			.updateTable('users')
			.set({ password_hash: await hashPassword('a long enough password') })
			.where('id', '=', id)
			.execute();
		const ana = { id, name: 'Ana', email: 'ana@example.org', organisationId: null };
		await complete(ana, c);
		const cert = (await issue(ana, c))!;
		expect(issued.holderDeleted(cert)).toBe(false);
		expect(await deleteAccount(db, id, 'a long enough password', true, T0 + 3 * DAY)).toEqual({ ok: true });
		const after = (await certificates.getByCode(db, cert.code))!;
		expect(issued.holderDeleted(after)).toBe(true);
		expect(after.revoked_at).toBe(T0 + 3 * DAY);
		expect(await issued.currentCredential(db, after, ctx)).toBeNull();
		expect(await listedRevoked(cert)).toBe(true);
	});

	it('tells from the certificate whether it was earned by the attempt just made', async () => {
		const c = await course();
		const ana = await learner('Ana', 'ana@example.org');
		await complete(ana, c);
		const cert = (await issue(ana, c))!;
		expect(await certificates.earnedSince(db, ana.id, c.id, cert.issued_at)).toMatchObject({ code: cert.code });
		expect(await certificates.earnedSince(db, ana.id, c.id, cert.issued_at + 1)).toBeNull();
	});
});
