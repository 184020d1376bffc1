// Class lists uploaded as CSV (name, email, organisation): read, checked row by row, and only then,
// after the coordinator confirms a clean preview, turned into accounts with one-time set-password
// links. Spreadsheets in the region often save as Windows-1250 (Latin) or Windows-1251 (Cyrillic)
// instead of UTF-8; the file's encoding is detected and named in the preview.
import { parse } from 'csv-parse/sync';
import type { DB } from '../db/client';
import { cleanText, isEmail, normaliseEmail } from '../platform/form-text';
import { fold } from '../../i18n/script';
import { createPasswordToken } from '../auth/password-tokens';
import * as progress from '../learning/progress';

export const MAX_ROSTER_BYTES = 1024 * 1024;
export const MAX_ROSTER_ROWS = 2000;

export type RowProblem =
	'name_required' | 'name_too_long' | 'email_invalid' | 'email_duplicate' | 'organisation_unknown';

export interface RosterRow {
	line: number;
	name: string;
	email: string;
	organisation: string;
	organisationId: number | null;
	/** The account that already has this e-mail: it is added to the cohort, no new account. */
	existingUserId: number | null;
	problems: RowProblem[];
}

export type RosterResult =
	| { ok: true; encoding: 'utf-8' | 'windows-1250' | 'windows-1251'; rows: RosterRow[]; text: string }
	| { ok: false; problem: 'too_large' | 'empty' | 'header' | 'unreadable' | 'too_many_rows'; detail?: string };

const HEADERS: Record<string, 'name' | 'email' | 'organisation'> = {
	name: 'name',
	'full name': 'name',
	emri: 'name',
	ime: 'name',
	'ime i prezime': 'name',
	име: 'name',
	email: 'email',
	'e-mail': 'email',
	'e-mail address': 'email',
	imejl: 'email',
	'e-posta': 'email',
	'email adresa': 'email',
	имејл: 'email',
	organisation: 'organisation',
	organization: 'organisation',
	organizata: 'organisation',
	organizacija: 'organisation',
	организација: 'organisation'
};

function plausibility(text: string, letters: RegExp): number {
	return (text.match(letters) ?? []).length - (text.match(/[\u0080-\u00bf\u00c0-\u00ff]{2,}/g) ?? []).length * 3;
}

/** Decodes bytes as UTF-8 when valid, else as the more plausible of Windows-1250 and -1251. */
export function decodeRoster(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1250' | 'windows-1251' } {
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, ''), encoding: 'utf-8' };
	} catch {
		const latin = new TextDecoder('windows-1250').decode(bytes);
		const cyrillic = new TextDecoder('windows-1251').decode(bytes);
		const latinScore = plausibility(latin, /[a-zA-ZčćđšžČĆĐŠŽëËçÇ]/g);
		const cyrillicScore = plausibility(cyrillic, /[\u0400-\u04FF]/g) + plausibility(cyrillic, /[a-zA-Z]/g);
		return cyrillicScore > latinScore
			? { text: cyrillic, encoding: 'windows-1251' }
			: { text: latin, encoding: 'windows-1250' };
	}
}

/** Reads and checks a roster. Nothing is written. */
export async function readRoster(db: DB, bytes: Uint8Array): Promise<RosterResult> {
	if (bytes.byteLength > MAX_ROSTER_BYTES) return { ok: false, problem: 'too_large' };
	if (bytes.byteLength === 0) return { ok: false, problem: 'empty' };
	const { text, encoding } = decodeRoster(bytes);
	return checkRosterText(db, text, encoding);
}

export async function checkRosterText(
	db: DB,
	text: string,
	encoding: 'utf-8' | 'windows-1250' | 'windows-1251' = 'utf-8'
): Promise<RosterResult> {
	let records: string[][];
	let lines: number[];
	try {
		const delimiter =
			(text.split('\n')[0] ?? '').includes(';') && !(text.split('\n')[0] ?? '').includes(',') ? ';' : ',';
		// With `info`, each record says on which line of the file it started (blank lines and
		// quoted line breaks included), so the preview names the row a spreadsheet shows.
		const parsed = parse(text, {
			delimiter,
			relax_column_count: true,
			skip_empty_lines: true,
			trim: true,
			bom: true,
			info: true
		}) as unknown as { record: string[]; info: { lines: number } }[];
		records = parsed.map((p) => p.record);
		lines = parsed.map((p) => p.info.lines);
	} catch (e) {
		return {
			ok: false,
			problem: 'unreadable',
			detail: e instanceof Error ? e.message.split('\n')[0].slice(0, 200) : ''
		};
	}
	if (records.length === 0) return { ok: false, problem: 'empty' };
	const header = records[0].map((h) => HEADERS[h.trim().toLowerCase()]);
	const col = (name: 'name' | 'email' | 'organisation') => header.indexOf(name);
	if (col('name') < 0 || col('email') < 0)
		return { ok: false, problem: 'header', detail: records[0].join(', ').slice(0, 200) };
	if (records.length - 1 > MAX_ROSTER_ROWS) return { ok: false, problem: 'too_many_rows' };

	const organisations = await db.selectFrom('organisations').select(['id', 'name']).execute();
	const orgByName = new Map(organisations.map((o) => [fold(o.name), o.id]));
	const emails = records
		.slice(1)
		.map((r) => normaliseEmail(r[col('email')] ?? ''))
		.filter((e) => isEmail(e));
	const existing = emails.length
		? await db
				.selectFrom('users')
				.select(['id', 'email'])
				.where('email', 'in', [...new Set(emails)].slice(0, MAX_ROSTER_ROWS))
				.execute()
		: [];
	const existingByEmail = new Map(existing.map((u) => [u.email, u.id]));
	const seen = new Set<string>();
	const rows: RosterRow[] = records.slice(1).map((r, i) => {
		const name = cleanText(r[col('name')] ?? '');
		const email = normaliseEmail(r[col('email')] ?? '');
		const organisation = col('organisation') >= 0 ? cleanText(r[col('organisation')] ?? '') : '';
		const problems: RowProblem[] = [];
		if (!name) problems.push('name_required');
		else if ([...name].length > 100) problems.push('name_too_long');
		if (!isEmail(email)) problems.push('email_invalid');
		else if (seen.has(email)) problems.push('email_duplicate');
		seen.add(email);
		let organisationId: number | null = null;
		if (organisation) {
			organisationId = orgByName.get(fold(organisation)) ?? null;
			if (organisationId === null) problems.push('organisation_unknown');
		}
		return {
			line: lines[i + 1] ?? i + 2,
			name,
			email,
			organisation,
			organisationId,
			existingUserId: existingByEmail.get(email) ?? null,
			problems
		};
	});
	return { ok: true, encoding, rows, text };
}

export interface CreatedAccount {
	name: string;
	email: string;
	/** The one-time set-password link, or null for an account that already existed. */
	token: string | null;
}

/**
 * Creates the accounts of a clean roster (no password yet: each gets a one-time link) and adds
 * every row's learner to the cohort. Refuses a roster that still has problems.
 */
export async function applyRoster(
	db: DB,
	cohort: { id: number; course_id: number },
	rows: RosterRow[],
	byUserId: number,
	now = Date.now()
): Promise<CreatedAccount[] | null> {
	if (rows.length === 0 || rows.some((r) => r.problems.length > 0)) return null;
	return db.transaction().execute(async (tx) => {
		const out: CreatedAccount[] = [];
		for (const row of rows) {
			let userId = row.existingUserId;
			let token: string | null = null;
			if (userId === null) {
				const user = await tx
					.insertInto('users')
					.values({
						email: row.email,
						name: row.name,
						search_text: fold(`${row.name} ${row.email}`),
						// Not an argon2 hash, so no password matches until the learner sets one.
						password_hash: '!unset',
						role: 'learner',
						organisation_id: row.organisationId,
						created_at: now,
						updated_at: now
					})
					.onConflict((oc) => oc.column('email').doNothing())
					.returning('id')
					.executeTakeFirst();
				if (user) {
					userId = user.id;
					token = await createPasswordToken(tx, user.id, byUserId, now);
				} else {
					userId = (await tx.selectFrom('users').select('id').where('email', '=', row.email).executeTakeFirstOrThrow())
						.id;
				}
			}
			await tx
				.insertInto('cohort_members')
				.values({ cohort_id: cohort.id, user_id: userId, joined_at: now })
				.onConflict((oc) => oc.columns(['cohort_id', 'user_id']).doNothing())
				.execute();
			await progress.enrol(tx, userId, cohort.course_id, now);
			out.push({ name: row.name, email: row.email, token });
		}
		return out;
	});
}
