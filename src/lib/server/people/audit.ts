// The audit log: who changed a role, (de)activated or deleted an account, revoked a certificate,
// decided on an organisation, changed an organisation's profile, confirmed or declined a member,
// or imported a course, and when. Admins read it; nothing deletes from it.
import { sql } from 'kysely';
import type { DB } from '../db/client';
import { cleanText } from '../platform/form-text';
import { belgradeToEpoch } from '../platform/region-time';
import { fold } from '../../i18n/script';

export type AuditAction =
	| 'role_changed'
	| 'user_deactivated'
	| 'user_reactivated'
	| 'certificate_revoked'
	| 'organisation_approved'
	| 'organisation_declined'
	| 'account_deleted'
	| 'course_imported'
	| 'organisation_created'
	| 'organisation_changed'
	| 'membership_confirmed'
	| 'membership_declined'
	| 'translation_marked_current'
	| 'indicators_exported'
	| 'indicators_frozen'
	| 'name_changed'
	| 'email_changed'
	| 'course_settings_changed'
	| 'password_reset'
	| 'user_created'
	| 'user_edited'
	| 'password_link_issued'
	| 'cohort_member_removed'
	| 'cohort_member_moved'
	| 'certificate_unrevoked';

/** The password hash of a deleted account (privacy.deleteAccount): nothing can sign in with it. */
export const DELETED_ACCOUNT_HASH = '!deleted';

/**
 * The folded copy of an entry's subject and details that the log's search reads (LIKE on PostgreSQL
 * tells case apart, and neither engine folds ë, č or Cyrillic). The two parts stay apart, with a line
 * break between them that folding never leaves inside either part nor in a folded query: so a search
 * of the subject alone can still be told from one of both, and no match runs across the two.
 */
export function auditSearchText(subject: string, detail: string): string {
	return `${fold(subject)}\n${fold(detail)}`;
}

export async function record(
	db: DB,
	actorId: number | null,
	action: AuditAction,
	subject: string,
	detail = '',
	now = Date.now(),
	about: { subjectUserId?: number } = {}
): Promise<void> {
	const stored = { subject: subject.slice(0, 200), detail: detail.slice(0, 500) };
	await db
		.insertInto('audit_log')
		.values({
			at: now,
			actor_id: actorId,
			action,
			subject: stored.subject,
			subject_user_id: about.subjectUserId ?? null,
			detail: stored.detail,
			search_text: auditSearchText(stored.subject, stored.detail)
		})
		.execute();
}

/** Erases a deleted account's name and e-mail from the entries about it (their action stays): the
 * subject and the detail of every entry about the person, as any of them can hold a name or an address
 * (an admin's edit, a name or e-mail change, an account made, a link issued). */
export async function forgetSubject(db: DB, userId: number): Promise<void> {
	await db
		.updateTable('audit_log')
		.set({ subject: '', detail: '', search_text: auditSearchText('', '') })
		.where('subject_user_id', '=', userId)
		.execute();
}

export const AUDIT_PAGE_SIZE = 100;

/** A page of the log, newest first. A deleted account, as actor or as subject, is given only by its
 * id (`actorDeletedId`, `subjectDeletedId`), which the page shows as "deleted account #id". */
export function list(db: DB, page = 1) {
	return search(db, EMPTY_AUDIT_FILTER, page);
}

/** What an admin narrows the log to (/admin/audit): every field optional, all of them bounded. */
export interface AuditFilter {
	/** An action name, exactly. */
	action: string;
	/** Part of the actor's name or e-mail. */
	actor: string;
	/** Part of what the entry concerns. */
	subject: string;
	/** Days on Kosovo's clock, 'YYYY-MM-DD', both included. */
	from: string;
	to: string;
	/** Free text, in the subject or the details. */
	q: string;
}

export const EMPTY_AUDIT_FILTER: AuditFilter = { action: '', actor: '', subject: '', from: '', to: '', q: '' };

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Reads a filter from a query string; anything malformed is left out rather than refused. */
export function parseFilter(params: URLSearchParams): AuditFilter {
	const text = (name: string) => cleanText(params.get(name) ?? '').slice(0, 100);
	const day = (name: string) => {
		const value = params.get(name) ?? '';
		return DAY_PATTERN.test(value) && belgradeToEpoch(value, '00:00') !== null ? value : '';
	};
	const action = params.get('action') ?? '';
	return {
		action: /^[a-z0-9_]{1,40}$/.test(action) ? action : '',
		actor: text('actor'),
		subject: text('subject'),
		from: day('from'),
		to: day('to'),
		q: text('q')
	};
}

/** What is wrong with the days asked for, for a message on the page: a day that cannot be read
 * ('invalid'), or a "from" day after the "to" day ('order'); null when they are fine or absent. */
export function dateProblem(params: URLSearchParams): 'invalid' | 'order' | null {
	const read = (name: string) => {
		const value = params.get(name) ?? '';
		if (value === '') return '';
		return DAY_PATTERN.test(value) && belgradeToEpoch(value, '00:00') !== null ? value : null;
	};
	const from = read('from');
	const to = read('to');
	if (from === null || to === null) return 'invalid';
	return from && to && from > to ? 'order' : null;
}

/** The filter as query parameters, without the empty ones (for links to pages and the export). */
export function filterQuery(filter: AuditFilter): string {
	return new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== '')).toString();
}

// LIKE with the admin's % and _ as plain characters, on folded text only: SQLite's LIKE folds ASCII
// letters alone and PostgreSQL's none, so both engines match alike only when both sides are folded.
const escaped = (text: string) => text.replace(/[\\%_]/g, (c) => '\\' + c);
const like = (text: string) => `%${escaped(text)}%`;

function filtered(db: DB, filter: AuditFilter) {
	let query = db
		.selectFrom('audit_log')
		.leftJoin('users as actor', 'actor.id', 'audit_log.actor_id')
		.leftJoin('users as about', 'about.id', 'audit_log.subject_user_id');
	if (filter.action) query = query.where('audit_log.action', '=', filter.action);
	if (filter.actor) {
		// The folded copy of name and e-mail that the user search uses: ë, č and Cyrillic match too.
		query = query
			.where('actor.password_hash', '!=', DELETED_ACCOUNT_HASH)
			.where('actor.search_text', 'like', sql<string>`${like(fold(filter.actor))} escape '\\'`);
	}
	if (filter.subject) {
		// Before the line break: in the subject, not the details (auditSearchText).
		const inSubject = `%${escaped(fold(filter.subject))}%\n%`;
		query = query.where('audit_log.search_text', 'like', sql<string>`${inSubject} escape '\\'`);
	}
	if (filter.q) {
		const pattern = like(fold(filter.q));
		// "#8" also finds the entries about account 8, which the page shows as "deleted account #8".
		const id = /^#(\d{1,9})$/.exec(filter.q.trim());
		query = query.where((eb) =>
			eb.or([
				eb('audit_log.search_text', 'like', sql<string>`${pattern} escape '\\'`),
				...(id ? [eb('audit_log.subject_user_id', '=', Number(id[1]))] : [])
			])
		);
	}
	const from = filter.from ? belgradeToEpoch(filter.from, '00:00') : null;
	if (from !== null) query = query.where('audit_log.at', '>=', from);
	const to = filter.to ? belgradeToEpoch(filter.to, '00:00') : null;
	// The whole last day: before the midnight after it (a day is 23 to 25 hours around clock changes).
	if (to !== null) query = query.where('audit_log.at', '<', belgradeToEpoch(nextDay(filter.to), '00:00') ?? to);
	return query;
}

function nextDay(day: string): string {
	const date = new Date(`${day}T12:00:00Z`);
	date.setUTCDate(date.getUTCDate() + 1);
	return date.toISOString().slice(0, 10);
}

type Row = {
	id: number;
	at: number;
	action: string;
	subject: string;
	detail: string;
	actor_id: number | null;
	subject_user_id: number | null;
	actor_name: string | null;
	actor_hash: string | null;
	about_hash: string | null;
};

function present(r: Row) {
	const actorDeleted = r.actor_hash === DELETED_ACCOUNT_HASH;
	const subjectDeleted = r.about_hash === DELETED_ACCOUNT_HASH;
	return {
		id: r.id,
		at: r.at,
		action: r.action,
		subject: subjectDeleted ? '' : r.subject,
		detail: r.detail,
		actor: actorDeleted ? null : r.actor_name,
		actorDeletedId: actorDeleted ? r.actor_id : null,
		subjectDeletedId: subjectDeleted ? r.subject_user_id : null
	};
}

export type AuditEntry = ReturnType<typeof present>;

const COLUMNS = [
	'audit_log.id',
	'audit_log.at',
	'audit_log.action',
	'audit_log.subject',
	'audit_log.detail',
	'audit_log.actor_id',
	'audit_log.subject_user_id',
	'actor.name as actor_name',
	'actor.password_hash as actor_hash',
	'about.password_hash as about_hash'
] as const;

/** A page of the entries that match a filter, newest first, with how many match in all. */
export async function search(db: DB, filter: AuditFilter, page = 1): Promise<{ rows: AuditEntry[]; total: number }> {
	const [rows, total] = await Promise.all([
		filtered(db, filter)
			.select(COLUMNS)
			.orderBy('audit_log.id', 'desc')
			.limit(AUDIT_PAGE_SIZE)
			.offset((Math.max(1, page) - 1) * AUDIT_PAGE_SIZE)
			.execute(),
		filtered(db, filter)
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow()
	]);
	return { rows: rows.map(present), total: Number(total.n) };
}

/** An export holds at most this many entries (the newest): enough for any audit, bounded in memory. */
export const AUDIT_EXPORT_LIMIT = 10_000;

/** The matching entries for an export, newest first, at most AUDIT_EXPORT_LIMIT; `more` when cut. */
export async function exportRows(db: DB, filter: AuditFilter): Promise<{ rows: AuditEntry[]; more: boolean }> {
	const rows = await filtered(db, filter)
		.select(COLUMNS)
		.orderBy('audit_log.id', 'desc')
		.limit(AUDIT_EXPORT_LIMIT + 1)
		.execute();
	return { rows: rows.slice(0, AUDIT_EXPORT_LIMIT).map(present), more: rows.length > AUDIT_EXPORT_LIMIT };
}

/** The actions that occur in the log, for the filter's choice. */
export async function actionsInLog(db: DB): Promise<string[]> {
	const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
	return rows.map((r) => r.action);
}
