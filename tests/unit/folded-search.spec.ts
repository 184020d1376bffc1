// Searching certificates and the audit log ignores case, accents and script alike on SQLite and
// PostgreSQL (issue 22): both match a folded query against a folded copy of the text, written with
// the row, or filled in at start-up for rows from before the copies existed (fillSearchText).
//
// What folding (src/lib/i18n/script.ts) equates, and so what these searches find: upper and lower
// case; Serbian Cyrillic and Latin (Ђорђе = Đorđe, Љиљана = Ljiljana); diacritics dropped (ë = e,
// ç = c, š = s, ć = c); and đ written dj, as Serbian is typed on other keyboards ("djordje" finds
// Đorđe). It does not make đ a plain d: "dorde" finds no Đorđe.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import * as certificates from '$lib/server/learning/certificates/issue';
import { storeCertificate } from '$lib/server/learning/certificates/store';
import * as audit from '$lib/server/people/audit';
import { deleteAccount } from '$lib/server/people/privacy';
import { hashPassword } from '$lib/server/auth/password';
import { fillSearchText } from '$lib/server/platform/search-text';
import { T0, freshDb, insertUser } from './helpers';

let keyDir: string;
let ctx: { keyPath: string; origin: string; now: number };
beforeAll(() => {
	keyDir = mkdtempSync(join(tmpdir(), 'civicsteps-keys-'));
	ctx = { keyPath: join(keyDir, 'key.json'), origin: 'https://civicsteps.example', now: T0 };
});
afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

const NAMES = ['Đorđe Šćepanović', 'Ђорђе Јовановић', 'Dritë Çeliku', 'Љиљана Nikolić', 'Ana Smith'];

let db: DB;
beforeEach(async () => {
	db = await freshDb();
});

/** A volunteer certificate for a new person of that name (the kind that needs no course). */
async function certify(name: string) {
	const userId = await insertUser(db, { name, email: `${Math.random().toString(36).slice(2)}@example.org` });
	const cert = await storeCertificate(
		db,
		{
			kind: 'volunteer',
			course_id: null,
			user_id: userId,
			organisation_id: null,
			recipient_name: name,
			organisation_name: null,
			course_title: '20 hours of volunteering',
			locale: 'en',
			hours: 20
		},
		{
			recipientName: name,
			email: null,
			organisationName: null,
			kind: 'volunteer',
			courseSlug: 'volunteering-20h',
			courseTitle: '20 hours of volunteering',
			courseSummary: 'Twenty confirmed hours.',
			criteria: 'Twenty hours confirmed by an organisation.',
			volunteering: { hours: 20, organisations: ['Most'] }
		},
		ctx
	);
	if (!cert) throw new Error('not issued');
	return { userId, cert };
}

const found = async (query: string) =>
	(await certificates.search(db, query))
		.map((c) => c.recipient_name)
		.sort((a, b) => NAMES.indexOf(a) - NAMES.indexOf(b));

describe('the certificate search', () => {
	beforeEach(async () => {
		for (const name of NAMES) await certify(name);
	});

	it('finds a name whatever its case and script, with or without its accents', async () => {
		const djordje = ['Đorđe Šćepanović', 'Ђорђе Јовановић'];
		for (const query of ['djordje', 'DJORDJE', 'Đorđe', 'ĐORĐE', 'ђорђе', 'ЂОРЂЕ'])
			expect(await found(query)).toEqual(djordje);
		for (const query of ['scepanovic', 'ŠĆEPANOVIĆ', 'Шћепановић', 'šćep'])
			expect(await found(query)).toEqual([djordje[0]]);
		for (const query of ['jovanovic', 'Jovanović', 'јовановић']) expect(await found(query)).toEqual([djordje[1]]);
	});

	it('treats ë as e and ç as c, and Serbian lj alike in both scripts', async () => {
		for (const query of ['Dritë Çeliku', 'drite celiku', 'DRITË', 'çel', 'CEL'])
			expect(await found(query)).toEqual(['Dritë Çeliku']);
		for (const query of ['ljiljana', 'LJILJANA', 'љиљана', 'Ljiljana nikolic'])
			expect(await found(query)).toEqual(['Љиљана Nikolić']);
	});

	it('does not equate đ with a plain d, and reads % and _ as themselves', async () => {
		expect(await found('dorde')).toEqual([]);
		expect(await found('%')).toEqual([]);
		expect(await found('_')).toEqual([]);
	});

	it('still finds a certificate by its code, typed in any case', async () => {
		const { cert } = await certify('Besa Krasniqi');
		expect((await certificates.search(db, cert.code.toLowerCase())).map((c) => c.code)).toEqual([cert.code]);
	});

	it('no longer finds a certificate by the name of a holder who deleted their account', async () => {
		const { userId } = await certify('Ëlira Çollaku');
		await db
			.updateTable('users')
			.set({ password_hash: await hashPassword('a long enough password') })
			.where('id', '=', userId)
			.execute();
		expect(await found('elira')).toEqual(['Ëlira Çollaku']);
		expect(await deleteAccount(db, userId, 'a long enough password', true, T0)).toEqual({ ok: true });
		expect(await found('elira')).toEqual([]);
		expect(await found('collaku')).toEqual([]);
	});
});

describe('the audit log search', () => {
	const entries = async (filter: Partial<audit.AuditFilter>) =>
		(await audit.search(db, { ...audit.EMPTY_AUDIT_FILTER, ...filter })).rows.map((r) => r.subject).sort();

	beforeEach(async () => {
		await audit.record(db, null, 'user_edited', 'Đorđe Šćepanović <djordje@example.org>', 'name: Ђорђе → Đorđe', T0);
		await audit.record(db, null, 'user_created', 'Dritë Çeliku <drite@example.org>', 'by the roster import', T0);
		await audit.record(db, null, 'certificate_revoked', 'ABCD-EFGH-JKMN', 'Issued to Ђорђе by mistake', T0);
	});

	it('finds the free text in subject or details, whatever its case, script or accents', async () => {
		const djordje = ['ABCD-EFGH-JKMN', 'Đorđe Šćepanović <djordje@example.org>'];
		for (const q of ['djordje', 'ĐORĐE', 'ђорђе']) expect(await entries({ q })).toEqual(djordje);
		for (const q of ['drite celiku', 'DRITË ÇELIKU', 'Çel'])
			expect(await entries({ q })).toEqual(['Dritë Çeliku <drite@example.org>']);
		expect(await entries({ q: 'ROSTER' })).toEqual(['Dritë Çeliku <drite@example.org>']);
		expect(await entries({ q: 'mistake' })).toEqual(['ABCD-EFGH-JKMN']);
	});

	it('looks for the subject in the subject alone, and never across subject and details', async () => {
		expect(await entries({ subject: 'ЂОРЂЕ' })).toEqual(['Đorđe Šćepanović <djordje@example.org>']);
		expect(await entries({ subject: 'abcd' })).toEqual(['ABCD-EFGH-JKMN']);
		expect(await entries({ subject: 'mistake' })).toEqual([]);
		expect(await entries({ q: 'jkmn issued' })).toEqual([]);
		expect(await entries({ q: '%' })).toEqual([]);
	});
});

describe('filling the folded copies of older rows', () => {
	it('fills rows written before the copies existed, in batches, so that the searches find them', async () => {
		const { cert } = await certify('Ђорђе Јовановић');
		await db.updateTable('certificates').set({ search_text: null }).where('id', '=', cert.id).execute();
		// Rows as they were before migration 0038: without the folded copy.
		for (let i = 0; i < 5; i++) {
			await db
				.insertInto('audit_log')
				.values({ at: T0, actor_id: null, action: 'user_edited', subject: `Šćepanović ${i}`, detail: 'Çeliku' })
				.execute();
		}
		expect(await found('djordje')).toEqual([]);
		expect(await entries({ q: 'scepanovic' })).toEqual([]);

		expect(await fillSearchText(db, 2)).toEqual({ certificates: 1, auditEntries: 5 });
		expect(await found('djordje')).toEqual(['Ђорђе Јовановић']);
		expect(await entries({ q: 'scepanovic' })).toHaveLength(5);
		expect(await entries({ subject: 'celiku' })).toEqual([]);
		// Nothing is left to fill; a second start-up finds nothing to do.
		expect(await fillSearchText(db, 2)).toEqual({ certificates: 0, auditEntries: 0 });
	});

	it('fills each row once when two instances start together', async () => {
		for (let i = 0; i < 7; i++) {
			await db
				.insertInto('audit_log')
				.values({ at: T0, actor_id: null, action: 'user_edited', subject: `Dritë ${i}`, detail: '' })
				.execute();
		}
		const [a, b] = await Promise.all([fillSearchText(db, 3), fillSearchText(db, 3)]);
		expect(a.auditEntries + b.auditEntries).toBe(7);
		expect(await entries({ subject: 'DRITE' })).toHaveLength(7);
	});

	const entries = async (filter: Partial<audit.AuditFilter>) =>
		(await audit.search(db, { ...audit.EMPTY_AUDIT_FILTER, ...filter })).rows.map((r) => r.subject);
});
