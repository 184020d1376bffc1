// Volunteer certificates (issue 18) against a fresh migrated database: confirmed hours add up and
// earn a certificate at 20, 50 and 100 hours, once each, even when confirmations race; the
// certificate names the organisations, carries a signed Open Badges 3.0 credential that the same
// verifier accepts, and prints in the holder's language. Also migration 0020 on existing rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import type { DB } from '$lib/server/db/client';
import * as recognition from '$lib/server/volunteering/recognition';
import * as certificates from '$lib/server/learning/certificates/issue';
import * as credentials from '$lib/server/learning/certificates/credential';
import * as issued from '$lib/server/learning/certificates/issued';
import * as notices from '$lib/server/people/notices';
import { certificatePdf } from '$lib/server/learning/certificates/pdf';
import { m } from '$lib/paraglide/messages';
import { migrations } from '../../db/migrations';
import type { Database, HoursStatus } from '../../db/schema';
import { DAY, HOUR, T0, freshDb, insertOrganisation, insertUser } from './helpers';
import { isUniqueViolation } from '$lib/server/db/errors';

const ORIGIN = 'https://civicsteps.example';

let keyDir: string;
let ctx: { keyPath: string; origin: string; now: number };
beforeAll(() => {
	keyDir = mkdtempSync(join(tmpdir(), 'civicsteps-vcert-'));
	ctx = { keyPath: join(keyDir, 'key.json'), origin: ORIGIN, now: T0 + DAY };
});
afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

let db: DB;
let ana: number;
let ura: number;
let zajedno: number;
let other: number;

beforeEach(async () => {
	db = await freshDb();
	ura = await insertOrganisation(db, 'Ura e Mitrovicës – Çlirimi', 'ura');
	zajedno = await insertOrganisation(db, 'Udruženje Građana Žena Šćepan', 'zajedno');
	other = await insertOrganisation(db, 'Never Confirmed NGO', 'never');
	ana = await insertUser(db, { name: 'Ana Petrović', email: 'ana@example.org' });
});

async function hours(userId: number, organisationId: number, minutes: number, status: HoursStatus = 'confirmed') {
	await db
		.insertInto('volunteer_hours')
		.values({
			user_id: userId,
			organisation_id: organisationId,
			application_id: null,
			worked_on: '2025-02-20',
			minutes,
			status,
			logged_by: userId,
			confirmed_by: null,
			confirmed_at: status === 'confirmed' ? T0 : null,
			created_at: T0
		})
		.execute();
}

const issue = (userId = ana, locale?: string) => recognition.onHoursConfirmed(db, userId, { locale, ctx });

async function held(userId = ana) {
	return db
		.selectFrom('certificates')
		.selectAll()
		.where('user_id', '=', userId)
		.where('kind', '=', 'volunteer')
		.orderBy('hours')
		.execute();
}

async function pdfText(pdf: Buffer): Promise<string> {
	const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
	return text.replace(/\s+/g, ' ');
}

describe('onHoursConfirmed', () => {
	it('issues nothing at 19.5 confirmed hours, and the 20-hour certificate once the 20th hour is confirmed', async () => {
		await hours(ana, ura, 19.5 * 60);
		expect(await issue()).toEqual([]);
		expect(await held()).toEqual([]);

		await hours(ana, ura, 30);
		const first = await issue();
		expect(first.map((c) => c.hours)).toEqual([20]);
		const [cert] = await held();
		expect(cert).toMatchObject({
			kind: 'volunteer',
			course_id: null,
			hours: 20,
			recipient_name: 'Ana Petrović',
			organisation_name: null,
			revoked_at: null
		});
		expect(cert.code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
		// The holder is told, with a link to the public verify page.
		const told = await notices.listFor(db, ana);
		expect(told).toHaveLength(1);
		expect(told[0]).toMatchObject({
			kind: 'certificate-issued',
			params: { hours: 20, code: cert.code },
			link: `/verify/${cert.code}`
		});
	});

	it('issues the 20- and 50-hour certificates at 55 hours, and never a second of either', async () => {
		await hours(ana, ura, 30 * 60);
		await hours(ana, zajedno, 25 * 60);
		expect((await issue()).map((c) => c.hours)).toEqual([20, 50]);
		expect(await issue()).toEqual([]);
		expect(await issue()).toEqual([]);
		expect((await held()).map((c) => c.hours)).toEqual([20, 50]);
		expect(await notices.listFor(db, ana)).toHaveLength(2);
		expect(await recognition.progress(db, ana)).toEqual({ minutes: 55 * 60, next: 100 });
	});

	it('issues each threshold once when confirmations race', async () => {
		await hours(ana, ura, 101 * 60);
		const results = await Promise.all(Array.from({ length: 6 }, () => issue()));
		expect(
			results
				.flat()
				.map((c) => c.hours)
				.sort((a, b) => (a ?? 0) - (b ?? 0))
		).toEqual([20, 50, 100]);
		expect((await held()).map((c) => c.hours)).toEqual([20, 50, 100]);
		expect(await notices.listFor(db, ana)).toHaveLength(3);
		expect(await recognition.progress(db, ana)).toEqual({ minutes: 101 * 60, next: null });
	});

	it('refuses a second certificate for the same threshold at the database, whoever inserts it', async () => {
		await hours(ana, ura, 20 * 60);
		const [cert] = await issue();
		const { id: _id, code: _code, ...rest } = cert;
		void _id;
		void _code;
		const error = await db
			.insertInto('certificates')
			.values({ ...rest, code: 'ZZZZ-ZZZZ-ZZZZ' })
			.execute()
			.then(
				() => null,
				(e: unknown) => e
			);
		expect(isUniqueViolation(error)).toBe(true);
	});

	it('counts only confirmed hours: logged and rejected ones, and other people’s, do not count', async () => {
		await hours(ana, ura, 15 * 60);
		await hours(ana, other, 10 * 60, 'logged');
		await hours(ana, other, 10 * 60, 'rejected');
		const bob = await insertUser(db, { name: 'Bob', email: 'bob@example.org' });
		await hours(bob, ura, 30 * 60);
		expect(await issue()).toEqual([]);
		expect(await recognition.progress(db, ana)).toEqual({ minutes: 15 * 60, next: 20 });
		expect(await recognition.confirmedMinutes(db, bob)).toBe(30 * 60);
	});

	it('names the organisations whose confirmed hours count, the most hours first, and no other', async () => {
		await hours(ana, zajedno, 5 * 60);
		await hours(ana, ura, 15 * 60);
		await hours(ana, other, 40 * 60, 'logged');
		const [cert] = await issue();
		expect(recognition.organisationsOf(cert)).toEqual(['Ura e Mitrovicës – Çlirimi', 'Udruženje Građana Žena Šćepan']);
		const list = await recognition.listForVolunteer(db, ana);
		expect(list).toEqual([
			{
				code: cert.code,
				hours: 20,
				organisations: ['Ura e Mitrovicës – Çlirimi', 'Udruženje Građana Žena Šćepan'],
				issuedAt: T0 + DAY,
				revokedAt: null
			}
		]);
	});

	it('works inside the transaction that confirmed the hours', async () => {
		await hours(ana, ura, 20 * 60);
		const issuedInside = await db.transaction().execute((tx) => recognition.onHoursConfirmed(tx, ana, { ctx }));
		expect(issuedInside).toHaveLength(1);
		expect(await held()).toHaveLength(1);
	});

	it('issues nothing to a deactivated account', async () => {
		await db.updateTable('users').set({ active: 0 }).where('id', '=', ana).execute();
		await hours(ana, ura, 25 * 60);
		expect(await issue()).toEqual([]);
	});

	it('issues in the holder’s language when known, else the language of their last quiz, else English', async () => {
		await hours(ana, ura, 20 * 60);
		const [sq] = await issue(ana, 'sq');
		expect(sq.locale).toBe('sq');
		expect(sq.course_title).toBe('20 orë punë vullnetare');

		const bob = await insertUser(db, { name: 'Bob', email: 'bob@example.org' });
		await hours(bob, ura, 20 * 60);
		const [en] = await issue(bob, 'xx');
		expect(en.locale).toBe('en');
		expect(en.course_title).toBe('20 hours of volunteering');
	});
});

describe('the volunteer certificate’s credential', () => {
	it('verifies with the issuer’s public keys as a CommunityService achievement with the hours and the organisations', async () => {
		await hours(ana, ura, 12 * 60);
		await hours(ana, zajedno, 8 * 60);
		const [cert] = await issue(ana, 'sr-Latn');
		const result = await credentials.verifyCredential(cert.credential, await issued.publicKeys(ctx));
		expect(result.valid).toBe(true);
		if (!result.valid) return;
		const vc = result.credential as Record<string, any>;
		expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
		expect(vc.id).toBe(`${ORIGIN}/verify/${cert.code}`);
		expect(vc.credentialStatus.statusListIndex).toBe(String(cert.id));
		const subject = vc.credentialSubject;
		expect(subject.name).toBe('Ana Petrović');
		expect(subject.achievement).toMatchObject({
			id: `${ORIGIN}/issuer#volunteering-20h`,
			achievementType: 'CommunityService',
			name: '20 sati volonterskog rada',
			inLanguage: 'sr-Latn'
		});
		expect(subject.achievement.criteria.narrative).toBe(
			'20 sati volonterskog rada, uz potvrdu organizacija: Ura e Mitrovicës – Çlirimi i Udruženje Građana Žena Šćepan.'
		);
		expect(subject.achievement.description).toContain('20');
		expect(subject.result).toEqual([
			{ type: ['Result'], resultDescription: subject.achievement.resultDescription[0].id, value: '20' }
		]);
		// Never the e-mail address, only its salted hash.
		expect(JSON.stringify(vc)).not.toContain('ana@example.org');
		expect(await issued.currentCredential(db, cert, ctx)).toBe(cert.credential);
	});

	it('is revoked like any certificate: its bit in the status list, and the holder’s deletion erases it', async () => {
		await hours(ana, ura, 20 * 60);
		const [cert] = await issue();
		const coordinator = await insertUser(db, { name: 'Coordinator', email: 'c@example.org', role: 'coordinator' });
		expect(await certificates.revoke(db, cert.code, 'Hours entered by mistake', coordinator)).toEqual({ ok: true });
		const search = await certificates.search(db, cert.code);
		expect(search).toMatchObject([{ code: cert.code, kind: 'volunteer', hours: 20 }]);
		expect(issued.holderDeleted({ kind: 'volunteer', credential: '' })).toBe(true);
		expect(issued.holderDeleted({ kind: 'volunteer', credential: cert.credential })).toBe(false);
	});
});

describe('the volunteer certificate’s PDF', () => {
	const cases = [
		{ locale: 'sq', name: 'Arbër Çela', title: 'Certifikatë vullnetarizmi', hours: '20 orë punë vullnetare' },
		{
			locale: 'sr-Latn',
			name: 'Đorđe Šćepanović',
			title: 'Sertifikat o volontiranju',
			hours: '20 sati volonterskog rada'
		},
		{
			locale: 'sr-Cyrl',
			name: 'Милош Јовановић',
			title: 'Сертификат о волонтирању',
			hours: '20 сати волонтерског рада'
		},
		{ locale: 'en', name: 'Ana Petrović', title: 'Volunteer certificate', hours: '20 hours of volunteering' }
	] as const;
	for (const c of cases) {
		it(`prints the hours and the organisations in ${c.locale}, with no course`, async () => {
			await db.updateTable('users').set({ name: c.name }).where('id', '=', ana).execute();
			await hours(ana, ura, 10 * 60);
			await hours(ana, zajedno, 10 * 60);
			const [cert] = await issue(ana, c.locale);
			const text = await pdfText(await certificatePdf(cert, `${ORIGIN}/verify/${cert.code}`));
			expect(text).toContain(c.title);
			expect(text).toContain(c.name);
			expect(text).toContain(c.hours);
			expect(text).toContain('Ura e Mitrovicës – Çlirimi');
			expect(text).toContain('Udruženje Građana Žena Šćepan');
			expect(text).toContain(cert.code);
			expect(text).not.toContain(m.pdf_completed({}, { locale: c.locale }));
		});
	}
});

describe('migration 0020', () => {
	it('is all or nothing: a failure after the old table is dropped leaves it as it was', async () => {
		const raw = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
		const migrator = new Migrator({ db: raw, provider: { getMigrations: async () => migrations } });
		expect((await migrator.migrateTo('0019_volunteering')).error).toBeUndefined();
		await sql`insert into courses (id, slug, pass_mark, certificate_modules, org_min_certified, created_at, updated_at) values (1, 'demo', 70, 'all', 2, ${T0}, ${T0})`.execute(
			raw
		);
		await sql`insert into certificates (id, code, kind, course_id, user_id, organisation_id, recipient_name, course_title, locale, issuer_name, issued_at, credential)
			values (3, 'AAAA-AAAA-AAAA', 'learner', 1, null, null, 'Ana', 'Demo', 'en', 'CivicSteps', ${T0}, 'jwt')`.execute(raw);
		// An index of the same name elsewhere makes the migration's very last statement fail, after the
		// old table was dropped and the new one renamed.
		await sql`create table blocker (x integer)`.execute(raw);
		await sql`create index certificates_volunteer_hours on blocker (x)`.execute(raw);

		expect((await migrator.migrateToLatest()).error).toBeDefined();
		const columns = await sql<{ name: string }>`select name from pragma_table_info('certificates')`.execute(raw);
		expect(columns.rows.map((r) => r.name)).not.toContain('hours');
		expect(await raw.selectFrom('certificates').select(['id', 'code']).execute()).toEqual([
			{ id: 3, code: 'AAAA-AAAA-AAAA' }
		]);
		const leftover = await sql`select name from sqlite_master where name = 'certificates_next'`.execute(raw);
		expect(leftover.rows).toEqual([]);

		// Once the obstacle is gone the migration runs and keeps the row.
		await sql`drop table blocker`.execute(raw);
		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		expect(await raw.selectFrom('certificates').select(['id', 'code', 'hours']).execute()).toEqual([
			{ id: 3, code: 'AAAA-AAAA-AAAA', hours: null }
		]);
	});

	it('keeps every course certificate with its id, and never gives a new one an earlier id', async () => {
		const raw = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
		const migrator = new Migrator({ db: raw, provider: { getMigrations: async () => migrations } });
		expect((await migrator.migrateTo('0019_volunteering')).error).toBeUndefined();
		await sql`insert into courses (id, slug, pass_mark, certificate_modules, org_min_certified, created_at, updated_at) values (1, 'demo', 70, 'all', 2, ${T0}, ${T0})`.execute(
			raw
		);
		const row = (id: number, code: string) =>
			sql`insert into certificates (id, code, kind, course_id, user_id, organisation_id, recipient_name, course_title, locale, issuer_name, issued_at, credential)
				values (${id}, ${code}, 'learner', 1, null, null, 'Ana', 'Demo', 'en', 'CivicSteps', ${T0}, 'jwt')`.execute(raw);
		await row(1, 'AAAA-AAAA-AAAA');
		await row(7, 'BBBB-BBBB-BBBB');
		await sql`delete from certificates where id = 7`.execute(raw);

		expect((await migrator.migrateToLatest()).error).toBeUndefined();
		const kept = await raw.selectFrom('certificates').selectAll().execute();
		expect(kept).toMatchObject([
			{ id: 1, code: 'AAAA-AAAA-AAAA', kind: 'learner', course_id: 1, hours: null, organisations: '[]' }
		]);
		// The next id follows the highest ever given: index 7 of the revocation list stays 7's.
		const next = await raw
			.insertInto('certificates')
			.values({
				code: 'DDDD-DDDD-DDDD',
				kind: 'learner',
				course_id: 1,
				user_id: null,
				organisation_id: null,
				recipient_name: 'Bo',
				organisation_name: null,
				course_title: 'Demo',
				locale: 'en',
				issuer_name: 'CivicSteps',
				issued_at: T0,
				credential: 'jwt',
				revoked_at: null,
				revoked_reason: null,
				revoked_by: null,
				hours: null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		expect(next.id).toBeGreaterThan(7);
		const indexes = await sql<{
			name: string;
		}>`select name from sqlite_master where type = 'index' and tbl_name = 'certificates'`.execute(raw);
		expect(indexes.rows.map((r) => r.name)).toEqual(
			expect.arrayContaining(['certificates_course', 'certificates_volunteer_hours'])
		);
		// A course certificate still needs its course; a volunteer one has none and names its hours.
		const volunteer = {
			code: 'EEEE-EEEE-EEEE',
			kind: 'volunteer' as const,
			user_id: null,
			organisation_id: null,
			recipient_name: 'Ana',
			organisation_name: null,
			course_title: '20 hours',
			locale: 'en',
			issuer_name: 'CivicSteps',
			issued_at: T0 + HOUR,
			credential: 'jwt',
			revoked_at: null,
			revoked_reason: null,
			revoked_by: null
		};
		await expect(
			raw
				.insertInto('certificates')
				.values({ ...volunteer, course_id: 1, hours: 20 })
				.execute()
		).rejects.toThrow(/CHECK/);
		await expect(
			raw
				.insertInto('certificates')
				.values({ ...volunteer, kind: 'learner', course_id: null, hours: null })
				.execute()
		).rejects.toThrow(/CHECK/);
		await raw
			.insertInto('certificates')
			.values({ ...volunteer, course_id: null, hours: 20 })
			.execute();
		// The table keeps its constraints: one certificate per learner and per organisation per course.
		const table = await sql<{ sql: string }>`select sql from sqlite_master where name = 'certificates'`.execute(raw);
		expect(table.rows[0].sql).toContain('certificates_learner_course');
		expect(table.rows[0].sql).toContain('certificates_org_course');
		await raw.destroy();
	});
});
