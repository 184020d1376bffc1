// Class lists uploaded as CSV, against a fresh migrated database holding the demo course of
// content-fixture.ts: every way a file can be wrong, the encodings spreadsheets in the region save
// in, that checking writes nothing, and that applying a clean list creates accounts that cannot be
// used until their owner sets a password through the one-time link.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '$lib/server/db/client';
import * as cohorts from '$lib/server/cohorts/cohorts';
import { getCourseBySlug, type CourseInfo } from '$lib/server/catalogue/courses';
import {
	MAX_ROSTER_BYTES,
	MAX_ROSTER_ROWS,
	applyRoster,
	checkRosterText,
	decodeRoster,
	readRoster,
	type RosterResult,
	type RosterRow
} from '$lib/server/cohorts/roster';
import { checkPasswordToken } from '$lib/server/auth/password-tokens';
import { verifyPassword } from '$lib/server/auth/password';
import type { Cohort } from '../../db/schema';
import { DAY, T0, countUsers, insertOrganisation, insertUser } from './helpers';
import { freshContentDb, importOk, removeTempDirs, writeDemo } from './content-fixture';

// ---- Encoders for the two legacy code pages: Node's TextDecoder reads them but cannot write them,
// so the few letters these tests need are mapped by hand (from the Windows code page tables). ----

const CP1250: Record<string, number> = {
	Š: 0x8a,
	š: 0x9a,
	Ž: 0x8e,
	ž: 0x9e,
	Ć: 0xc6,
	ć: 0xe6,
	Č: 0xc8,
	č: 0xe8,
	Đ: 0xd0,
	đ: 0xf0,
	Ë: 0xcb,
	ë: 0xeb,
	Ç: 0xc7,
	ç: 0xe7
};
const CP1251: Record<string, number> = {
	Ђ: 0x80,
	ђ: 0x90,
	Ј: 0xa3,
	ј: 0xbc,
	Љ: 0x8a,
	љ: 0x9a,
	Њ: 0x8c,
	њ: 0x9c,
	Ћ: 0x8e,
	ћ: 0x9e,
	Џ: 0x8f,
	џ: 0x9f
};

function encode(text: string, table: Record<string, number>, cyrillicBlock: boolean): Uint8Array {
	return Uint8Array.from([...text], (c) => {
		const code = c.codePointAt(0)!;
		if (code < 0x80) return code;
		if (table[c] !== undefined) return table[c];
		// Windows-1251 puts А … я (U+0410 … U+044F) at 0xC0 … 0xFF in the same order.
		if (cyrillicBlock && code >= 0x410 && code <= 0x44f) return 0xc0 + (code - 0x410);
		throw new Error(`no byte for ${c}`);
	});
}
const windows1250 = (text: string) => encode(text, CP1250, false);
const windows1251 = (text: string) => encode(text, CP1251, true);
const utf8 = (text: string) => new TextEncoder().encode(text);

let db: DB;
let course: CourseInfo;
let cohort: Cohort;
let coordinator: number;
let ana: number;
let youth: number;
let zvecan: number;

beforeEach(async () => {
	db = await freshContentDb();
	await importOk(db, writeDemo());
	course = (await getCourseBySlug(db, 'demo', 'en'))!;
	coordinator = await insertUser(db, { name: 'Vesna Coordinator', email: 'vesna@example.org', role: 'coordinator' });
	ana = await insertUser(db, { name: 'Ana Petrović', email: 'ana@example.org' });
	youth = await insertOrganisation(db, 'Youth Centre Mitrovica', 'youth-centre');
	zvecan = await insertOrganisation(db, 'Omladinski centar Zvečan', 'omladinski-centar');
	cohort = await cohorts.createCohort(
		db,
		{
			name: 'Spring 2025',
			courseId: course.id,
			startsAt: T0,
			endsAt: T0 + 60 * DAY,
			trainerIds: [],
			organisationIds: []
		},
		coordinator,
		T0
	);
});
afterEach(removeTempDirs);

function ok(result: RosterResult) {
	if (!result.ok) throw new Error(`expected a readable roster, got ${result.problem}`);
	return result;
}

const problems = (rows: RosterRow[]) => rows.map((r) => r.problems);

async function rowCounts() {
	const count = async (table: 'users' | 'password_tokens' | 'cohort_members' | 'enrolments') =>
		Number(
			(
				await db
					.selectFrom(table)
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);
	return {
		users: await count('users'),
		tokens: await count('password_tokens'),
		members: await count('cohort_members'),
		enrolments: await count('enrolments')
	};
}

describe('the test’s own encoders', () => {
	it('write bytes that the standard decoders read back', () => {
		expect(new TextDecoder('windows-1250').decode(windows1250('Đorđe Šćepanović, Arbër Çeku, Žarko Čolić'))).toBe(
			'Đorđe Šćepanović, Arbër Çeku, Žarko Čolić'
		);
		expect(new TextDecoder('windows-1251').decode(windows1251('Милош Јовановић, Ђорђе, Љиљана, Њешко, Џемал'))).toBe(
			'Милош Јовановић, Ђорђе, Љиљана, Њешко, Џемал'
		);
	});
});

describe('readRoster: reading and checking a file', () => {
	it('reads a clean UTF-8 file: e-mails normalised, organisations matched by name, rows numbered as in a spreadsheet', async () => {
		const csv =
			'name,email,organisation\nArbër Krasniqi, Arber.Krasniqi@Example.org ,youth centre MITROVICA\nMilica Ilić,milica@example.org,\n';
		const result = ok(await readRoster(db, utf8(csv)));
		expect(result.encoding).toBe('utf-8');
		expect(result.rows).toEqual([
			{
				line: 2,
				name: 'Arbër Krasniqi',
				email: 'arber.krasniqi@example.org',
				organisation: 'youth centre MITROVICA',
				organisationId: youth,
				existingUserId: null,
				problems: []
			},
			{
				line: 3,
				name: 'Milica Ilić',
				email: 'milica@example.org',
				organisation: '',
				organisationId: null,
				existingUserId: null,
				problems: []
			}
		]);
	});

	it('accepts the column names in the languages of the region, in any order, and files without an organisation column', async () => {
		const sq = ok(
			await readRoster(db, utf8('Organizata,E-posta,Emri\nYouth Centre Mitrovica,drita@example.org,Drita Berisha\n'))
		);
		expect(sq.rows[0]).toMatchObject({
			name: 'Drita Berisha',
			email: 'drita@example.org',
			organisationId: youth,
			problems: []
		});
		const sr = ok(await readRoster(db, utf8('Ime i prezime,Imejl\nJelena Marković,jelena@example.org\n')));
		expect(sr.rows[0]).toMatchObject({ name: 'Jelena Marković', organisation: '', organisationId: null, problems: [] });
		const en = ok(
			await readRoster(db, utf8('Full name,E-mail address,Organization\r\nJohn Smith,john@example.org,\r\n'))
		);
		expect(en.rows[0]).toMatchObject({ name: 'John Smith', email: 'john@example.org', problems: [] });
	});

	it('refuses a file whose first row does not name the columns', async () => {
		expect(await readRoster(db, utf8('first,last,mail\nAna,Petrović,ana@example.org\n'))).toEqual({
			ok: false,
			problem: 'header',
			detail: 'first, last, mail'
		});
		expect(await readRoster(db, utf8('Ana Petrović,ana@example.org\nBojan,bojan@example.org\n'))).toMatchObject({
			ok: false,
			problem: 'header'
		});
		// A name column alone is not enough.
		expect(await readRoster(db, utf8('name,organisation\nAna,Youth Centre Mitrovica\n'))).toMatchObject({
			ok: false,
			problem: 'header'
		});
	});

	it('flags every malformed e-mail address', async () => {
		const bad = ['ana@', 'ana example.org', '', 'ana@localhost', 'a@b@example.org', '@example.org', 'ana@example..org'];
		const csv = ['name,email', ...bad.map((e, i) => `Person ${i},${e}`)].join('\n');
		const result = ok(await readRoster(db, utf8(csv)));
		expect(problems(result.rows)).toEqual(bad.map(() => ['email_invalid']));
	});

	it('flags a missing or too long name', async () => {
		const result = ok(
			await readRoster(
				db,
				utf8(
					`name,email\n,nobody@example.org\n${'Ž'.repeat(101)},long@example.org\n${'Ž'.repeat(100)},fits@example.org\n`
				)
			)
		);
		expect(problems(result.rows)).toEqual([['name_required'], ['name_too_long'], []]);
	});

	it('flags the second row of a repeated e-mail address, not the first', async () => {
		const csv =
			'name,email\nBojan Krasniqi,bojan@example.org\nMilica Ilić,milica@example.org\nBojan K.,  BOJAN@Example.org\n';
		const result = ok(await readRoster(db, utf8(csv)));
		expect(problems(result.rows)).toEqual([[], [], ['email_duplicate']]);
		expect(result.rows[2].line).toBe(4);
	});

	it('marks rows for people who already have an account: added to the cohort, not a problem', async () => {
		const result = ok(await readRoster(db, utf8('name,email\nAna P.,ANA@example.org\nNew Person,new@example.org\n')));
		expect(result.rows.map((r) => [r.existingUserId, r.problems])).toEqual([
			[ana, []],
			[null, []]
		]);
	});

	it('flags organisation names that are not in the list', async () => {
		const result = ok(
			await readRoster(
				db,
				utf8(
					'name,email,organisation\nAna,ana2@example.org,OMLADINSKI  CENTAR ZVECAN\nBojan,bojan@example.org,Red Cross\nDrita,drita@example.org,Youth Centre\n'
				)
			)
		);
		// Case, accents and spacing do not matter; another or a shortened name does.
		expect(result.rows.map((r) => [r.organisationId, r.problems])).toEqual([
			[zvecan, []],
			[null, ['organisation_unknown']],
			[null, ['organisation_unknown']]
		]);
	});

	it('reads semicolon-separated files, as spreadsheets save them where the comma is the decimal mark', async () => {
		const csv =
			'Name;Email;Organisation\r\nPetrović, Ana;ana.p@example.org;Omladinski centar Zvečan\r\n"Ilić; Milica";milica@example.org;\r\n';
		const result = ok(await readRoster(db, utf8(csv)));
		expect(result.rows.map((r) => [r.name, r.email, r.organisationId, r.problems])).toEqual([
			['Petrović, Ana', 'ana.p@example.org', zvecan, []],
			['Ilić; Milica', 'milica@example.org', null, []]
		]);
	});

	it('refuses a file over 1 MB before reading it, and accepts one of exactly 1 MB', async () => {
		const header = 'name,email,note\n';
		const rows = Array.from({ length: 1000 }, (_, i) => `Learner ${i},l${i}@example.org,`);
		let body = header + rows.join('\n') + '\n';
		body +=
			'Last,last@example.org,' + 'x'.repeat(MAX_ROSTER_BYTES - utf8(body).length - 'Last,last@example.org,'.length);
		const exactly = utf8(body);
		expect(exactly.length).toBe(MAX_ROSTER_BYTES);
		const result = ok(await readRoster(db, exactly));
		expect(result.rows).toHaveLength(1001);
		expect(result.rows.every((r) => r.problems.length === 0)).toBe(true);
		const tooLarge = new Uint8Array(MAX_ROSTER_BYTES + 1).fill(0x41);
		expect(await readRoster(db, tooLarge)).toEqual({ ok: false, problem: 'too_large' });
	});

	it('refuses empty files, files with too many rows and files that are not CSV', async () => {
		expect(await readRoster(db, new Uint8Array())).toEqual({ ok: false, problem: 'empty' });
		expect(await readRoster(db, utf8('\n\n'))).toEqual({ ok: false, problem: 'empty' });
		const many = [
			'name,email',
			...Array.from({ length: MAX_ROSTER_ROWS + 1 }, (_, i) => `P${i},p${i}@example.org`)
		].join('\n');
		expect(await readRoster(db, utf8(many))).toEqual({ ok: false, problem: 'too_many_rows' });
		expect(await readRoster(db, utf8('name,email\n"Ana,ana@example.org\n'))).toMatchObject({
			ok: false,
			problem: 'unreadable'
		});
	});

	it('reads a Windows-1250 file and says so', async () => {
		const text =
			'name,email,organisation\r\nĐorđe Šćepanović,djordje@example.org,Omladinski centar Zvečan\r\nArbër Çeku,arber@example.org,\r\n';
		const bytes = windows1250(text);
		expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
		expect(decodeRoster(bytes)).toEqual({ text, encoding: 'windows-1250' });
		const result = ok(await readRoster(db, bytes));
		expect(result.encoding).toBe('windows-1250');
		expect(result.rows.map((r) => [r.name, r.organisationId, r.problems])).toEqual([
			['Đorđe Šćepanović', zvecan, []],
			['Arbër Çeku', null, []]
		]);
	});

	it('reads a Windows-1251 file and says so, matching a Cyrillic organisation name to its Latin spelling', async () => {
		const text =
			'Име,Имејл,Организација\r\nМилош Јовановић,milos@example.org,Омладински центар Звечан\r\nЉиљана Ђорђевић,ljiljana@example.org,\r\n';
		const bytes = windows1251(text);
		expect(decodeRoster(bytes)).toEqual({ text, encoding: 'windows-1251' });
		const result = ok(await readRoster(db, bytes));
		expect(result.encoding).toBe('windows-1251');
		expect(result.rows.map((r) => [r.name, r.email, r.organisationId, r.problems])).toEqual([
			['Милош Јовановић', 'milos@example.org', zvecan, []],
			['Љиљана Ђорђевић', 'ljiljana@example.org', null, []]
		]);
	});

	it('reads UTF-8 with or without a byte-order mark as UTF-8', async () => {
		const text = 'Име,Имејл\nМилош Јовановић,milos@example.org\n';
		const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
		expect(decodeRoster(withBom)).toEqual({ text, encoding: 'utf-8' });
		const result = ok(await readRoster(db, withBom));
		expect(result.rows[0]).toMatchObject({ name: 'Милош Јовановић', problems: [] });
		expect(decodeRoster(utf8('name,email\nĐorđe Šćepanović,d@example.org\n')).encoding).toBe('utf-8');
	});

	it('writes nothing while checking', async () => {
		const before = await rowCounts();
		await readRoster(
			db,
			utf8('name,email,organisation\nNew Person,new@example.org,\nAna,ana@example.org,\nBad,bad@,Nowhere\n')
		);
		await readRoster(db, windows1251('Име,Имејл\nМилош,milos@example.org\n'));
		await checkRosterText(db, 'name,email\nX,x@example.org\n');
		expect(await rowCounts()).toEqual(before);
		expect(before).toMatchObject({ users: 2, tokens: 0, members: 0, enrolments: 0 });
	});
});

describe('applyRoster: creating the accounts', () => {
	async function clean(csv: string) {
		const result = ok(await readRoster(db, utf8(csv)));
		expect(result.rows.every((r) => r.problems.length === 0)).toBe(true);
		return result.rows;
	}

	it('refuses a roster that still has a problem, and writes nothing', async () => {
		const result = ok(await readRoster(db, utf8('name,email\nGood Person,good@example.org\nBad Person,bad@\n')));
		const before = await rowCounts();
		expect(await applyRoster(db, cohort, result.rows, coordinator, T0)).toBeNull();
		expect(await applyRoster(db, cohort, [], coordinator, T0)).toBeNull();
		expect(await rowCounts()).toEqual(before);
		expect(
			await db.selectFrom('users').select('id').where('email', '=', 'good@example.org').executeTakeFirst()
		).toBeUndefined();
	});

	it('creates accounts without a usable password, one-time links, membership and enrolment', async () => {
		const rows = await clean(
			'name,email,organisation\nĐorđe Šćepanović,djordje@example.org,Omladinski centar Zvečan\nMilica Ilić,milica@example.org,\n'
		);
		const created = await applyRoster(db, cohort, rows, coordinator, T0 + DAY);
		expect(created?.map((c) => [c.name, c.email])).toEqual([
			['Đorđe Šćepanović', 'djordje@example.org'],
			['Milica Ilić', 'milica@example.org']
		]);
		expect(await countUsers(db)).toBe(4);
		for (const account of created!) {
			const user = await db
				.selectFrom('users')
				.selectAll()
				.where('email', '=', account.email)
				.executeTakeFirstOrThrow();
			expect(user).toMatchObject({ name: account.name, role: 'learner', active: 1, created_at: T0 + DAY });
			for (const guess of ['', '!unset', 'unset', account.email, 'a long enough password']) {
				expect(await verifyPassword(user.password_hash, guess), guess).toBe(false);
			}
			expect(account.token).toMatch(/^[a-z2-7]+\.[a-z2-7]+$/);
			expect(await checkPasswordToken(db, account.token!, T0 + DAY)).toMatchObject({ ok: true, userId: user.id });
			const token = await db
				.selectFrom('password_tokens')
				.selectAll()
				.where('user_id', '=', user.id)
				.executeTakeFirstOrThrow();
			expect(token).toMatchObject({
				created_by: coordinator,
				created_at: T0 + DAY,
				expires_at: T0 + 8 * DAY,
				used_at: null
			});
			expect(
				await db
					.selectFrom('cohort_members')
					.select('joined_at')
					.where('cohort_id', '=', cohort.id)
					.where('user_id', '=', user.id)
					.executeTakeFirst()
			).toEqual({ joined_at: T0 + DAY });
			expect(
				await db
					.selectFrom('enrolments')
					.select('enrolled_at')
					.where('course_id', '=', course.id)
					.where('user_id', '=', user.id)
					.executeTakeFirst()
			).toEqual({ enrolled_at: T0 + DAY });
		}
		expect(created![0].token).not.toBe(created![1].token);
		const dorde = await db
			.selectFrom('users')
			.select(['organisation_id', 'search_text'])
			.where('email', '=', 'djordje@example.org')
			.executeTakeFirstOrThrow();
		expect(dorde.organisation_id).toBe(zvecan);
		expect(dorde.search_text).toContain('djordje scepanovic');
	});

	it('adds people who already have an account without a new account or link, and leaves their account as it was', async () => {
		const rows = await clean('name,email\nAna P. (renamed),ana@example.org\nNew Person,new@example.org\n');
		const anaBefore = await db.selectFrom('users').selectAll().where('id', '=', ana).executeTakeFirstOrThrow();
		const created = await applyRoster(db, cohort, rows, coordinator, T0);
		expect(created).toEqual([
			{ name: 'Ana P. (renamed)', email: 'ana@example.org', token: null },
			{ name: 'New Person', email: 'new@example.org', token: expect.any(String) }
		]);
		expect(await countUsers(db)).toBe(3);
		expect(await db.selectFrom('users').selectAll().where('id', '=', ana).executeTakeFirstOrThrow()).toEqual(anaBefore);
		expect(await db.selectFrom('password_tokens').select('id').where('user_id', '=', ana).execute()).toEqual([]);
		const members = await db
			.selectFrom('cohort_members')
			.select('user_id')
			.where('cohort_id', '=', cohort.id)
			.execute();
		expect(members.map((m) => m.user_id)).toContain(ana);
		expect(members).toHaveLength(2);
		expect(
			await db
				.selectFrom('enrolments')
				.select('user_id')
				.where('user_id', '=', ana)
				.where('course_id', '=', course.id)
				.executeTakeFirst()
		).toBeDefined();
	});

	it('adds an account created between the preview and the confirmation instead of failing', async () => {
		const rows = await clean('name,email\nLate Comer,late@example.org\n');
		const late = await insertUser(db, { name: 'Late Comer', email: 'late@example.org' });
		const created = await applyRoster(db, cohort, rows, coordinator, T0);
		expect(created).toEqual([{ name: 'Late Comer', email: 'late@example.org', token: null }]);
		expect(await countUsers(db)).toBe(3);
		expect(await cohorts.cohortsOfLearner(db, late)).toHaveLength(1);
	});
});
